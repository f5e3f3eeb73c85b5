package dev.keepword.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * When an engagement's weekly summary goes out: a day and local time in the engagement's zone (its agreement's
 * {@code summaryDay} and {@code summaryTime}: Monday 09:00 unless {@code config/agreement.yml} or
 * {@code /commit summary} say otherwise). The <em>nominal</em> time is what a cron trigger fires at; the <em>occurrence</em> is when the summary is
 * posted: on a public holiday (or a day off) it moves to the next working day at the same local time. Weeks are
 * named by their ISO week's Monday. DST-correct: a local time the clocks skip moves later by the gap's length, a repeated one means its first occurrence.
 * Pure.
 */
public record WeeklySchedule(DayOfWeek day, LocalTime time, ZoneId zone, List<LocalDate> holidays,
                             Set<DayOfWeek> workingDays) {

    public static final DayOfWeek DEFAULT_DAY = Agreement.DEFAULT_SUMMARY_DAY;
    public static final LocalTime DEFAULT_TIME = Agreement.DEFAULT_SUMMARY_TIME;

    public WeeklySchedule {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(zone, "zone");
        holidays = holidays == null ? List.of() : List.copyOf(holidays);
        workingDays = workingDays == null || workingDays.isEmpty()
                ? EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY) : Set.copyOf(workingDays);
    }

    /** The schedule of an engagement: its summary day and time in its zone, skipping its agreement's holidays. */
    public static WeeklySchedule of(Engagement e) {
        return new WeeklySchedule(e.agreement().summaryDay(), e.agreement().summaryTime(), e.zone(),
                e.agreement().holidays(), WorkingHours.OFFICE.days());
    }

    /** The Monday of the ISO week {@code date} falls in. */
    public static LocalDate weekStartOf(LocalDate date) {
        return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** The cron time of the week starting {@code weekStart} (a Monday). */
    public Instant nominal(LocalDate weekStart) {
        return at(weekStart.with(TemporalAdjusters.nextOrSame(day)));
    }

    /** When the summary of the week starting {@code weekStart} is posted: the nominal day, or the next working day. */
    public Instant occurrence(LocalDate weekStart) {
        LocalDate d = weekStart.with(TemporalAdjusters.nextOrSame(day));
        for (int i = 0; i < 366 && !isWorkingDay(d); i++) {
            d = d.plusDays(1);
        }
        return at(d);
    }

    /** The week whose nominal time is the latest at or before {@code at}. */
    public LocalDate weekAt(Instant at) {
        LocalDate week = weekStartOf(at.atZone(zone).toLocalDate());
        return nominal(week).isAfter(at) ? week.minusWeeks(1) : week;
    }

    /** The first nominal (cron) time strictly after {@code after}. */
    public Instant nextNominal(Instant after) {
        LocalDate week = weekAt(after);
        Instant t = nominal(week);
        while (!t.isAfter(after)) {
            week = week.plusWeeks(1);
            t = nominal(week);
        }
        return t;
    }

    /** The first posting time strictly after {@code after}, holidays skipped. */
    public Instant next(Instant after) {
        LocalDate week = weekAt(after).minusWeeks(1); // a holiday may push last week's past this week's nominal time
        for (int i = 0; i < 60; i++, week = week.plusWeeks(1)) {
            Instant t = occurrence(week);
            if (t.isAfter(after)) {
                return t;
            }
        }
        throw new IllegalStateException("no working day in a year");
    }

    public boolean isWorkingDay(LocalDate date) {
        return workingDays.contains(date.getDayOfWeek()) && !holidays.contains(date);
    }

    private Instant at(LocalDate date) {
        return ZonedDateTime.of(date, time, zone).toInstant(); // a skipped time moves forward by the gap's length
    }
}
