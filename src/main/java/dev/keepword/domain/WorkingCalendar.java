package dev.keepword.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * One person's working time: their zone, working days and hours, the engagement's public holidays and their
 * out-of-office spell. Answers "when may this person be nudged", DST-correct.
 */
public record WorkingCalendar(ZoneId zone, WorkingHours hours, List<LocalDate> holidays, LocalDate awayFrom,
                              LocalDate awayUntil) {

    public WorkingCalendar {
        holidays = List.copyOf(holidays);
    }

    public static WorkingCalendar of(Party party, Agreement agreement) {
        return new WorkingCalendar(party.zone(), party.hours(), agreement.holidays(), party.awayFrom(), party.awayUntil());
    }

    public boolean isWorkingDay(LocalDate date) {
        return hours.days().contains(date.getDayOfWeek()) && !holidays.contains(date) && !isAway(date);
    }

    /** Days before the spell began still count as worked, so nudges already sent keep their numbering. */
    private boolean isAway(LocalDate date) {
        return awayUntil != null && !date.isAfter(awayUntil) && (awayFrom == null || !date.isBefore(awayFrom));
    }

    /** Whether the instant falls inside a working period. */
    public boolean isWorkingTime(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        LocalTime t = local.toLocalTime();
        return isWorkingDay(local.toLocalDate()) && !t.isBefore(hours.start()) && t.isBefore(hours.end());
    }

    /** The instant itself if it is working time, otherwise the start of the next working period. */
    public Instant fit(Instant at) {
        if (isWorkingTime(at)) {
            return at;
        }
        ZonedDateTime local = at.atZone(zone);
        LocalDate date = local.toLocalDate();
        if (isWorkingDay(date) && local.toLocalTime().isBefore(hours.start())) {
            return start(date);
        }
        return start(nextWorkingDay(date));
    }

    /** The start of working hours on {@code date}, in this zone (a start inside a DST gap moves forward). */
    public Instant start(LocalDate date) {
        return ZonedDateTime.of(date, hours.start(), zone).toInstant();
    }

    /** {@code time} on {@code date} in this zone, moved into working time. */
    public Instant at(LocalDate date, LocalTime time) {
        return fit(ZonedDateTime.of(date, time, zone).toInstant());
    }

    public LocalDate nextWorkingDay(LocalDate after) {
        LocalDate d = after.plusDays(1);
        for (int i = 0; i < 3700 && !isWorkingDay(d); i++) {
            d = d.plusDays(1);
        }
        return d;
    }

    public LocalDate previousWorkingDay(LocalDate before) {
        LocalDate d = before.minusDays(1);
        for (int i = 0; i < 3700 && !isWorkingDay(d); i++) {
            d = d.minusDays(1);
        }
        return d;
    }

    public LocalDate plusWorkingDays(LocalDate from, int n) {
        LocalDate d = from;
        for (int i = 0; i < n; i++) {
            d = nextWorkingDay(d);
        }
        return d;
    }

    public LocalDate minusWorkingDays(LocalDate from, int n) {
        LocalDate d = from;
        for (int i = 0; i < n; i++) {
            d = previousWorkingDay(d);
        }
        return d;
    }

    public LocalDate localDate(Instant at) {
        return at.atZone(zone).toLocalDate();
    }
}
