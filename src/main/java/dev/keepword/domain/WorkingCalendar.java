package dev.keepword.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
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
        LocalDateTime local = LocalDateTime.ofInstant(at, zone);
        LocalTime t = local.toLocalTime();
        return isWorkingDay(local.toLocalDate()) && !t.isBefore(hours.start()) && t.isBefore(hours.end());
    }

    /**
     * The instant itself if it is working time, otherwise the start of the next working period: never earlier than
     * {@code at}, and always a real instant whose wall clock is inside working hours. Around a DST switch a period
     * can open at the start of hours (either occurrence, when the clocks go back) or when the clocks jump (the end
     * of a gap that swallowed the start, or a repeated hour that goes back into working hours).
     */
    public Instant fit(Instant at) {
        if (isWorkingTime(at)) {
            return at;
        }
        LocalDate date = localDate(at);
        for (int i = 0; i < 3700; i++, date = date.plusDays(1)) {
            if (!isWorkingDay(date)) {
                continue;
            }
            Instant best = null;
            for (Instant opening : openings(date)) {
                if (opening.isAfter(at) && isWorkingTime(opening) && (best == null || opening.isBefore(best))) {
                    best = opening;
                }
            }
            if (best != null) {
                return best;
            }
        }
        return at; // no working time in ten years: leave it where it was asked for
    }

    /** Instants on {@code date} at which working time may begin: the start of hours, and any clock change that day. */
    private List<Instant> openings(LocalDate date) {
        List<Instant> out = new ArrayList<>();
        LocalDateTime start = date.atTime(hours.start());
        for (ZoneOffset offset : zone.getRules().getValidOffsets(start)) {
            out.add(start.toInstant(offset));
        }
        Instant dayEnd = date.plusDays(1).atStartOfDay(zone).toInstant();
        ZoneOffsetTransition t = zone.getRules().nextTransition(date.atStartOfDay(zone).toInstant().minusNanos(1));
        while (t != null && t.getInstant().isBefore(dayEnd)) {
            out.add(t.getInstant());
            t = zone.getRules().nextTransition(t.getInstant());
        }
        return out;
    }

    /**
     * The first working instant of {@code date}: the start of its working hours, or the end of a DST gap that
     * swallowed the start (the next working period if the gap swallowed the hours whole).
     */
    public Instant start(LocalDate date) {
        return fit(date.atStartOfDay(zone).toInstant());
    }

    /**
     * {@code time} on {@code date} in this zone, moved into working time. A time the clocks skip becomes the end of
     * the gap (the first real instant after it), so a nudge stays on its own day whenever that day has working time
     * left; a repeated time means its first occurrence.
     */
    public Instant at(LocalDate date, LocalTime time) {
        LocalDateTime local = date.atTime(time);
        java.time.zone.ZoneRules rules = zone.getRules();
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            return fit(rules.getTransition(local).getInstant()); // skipped by the clocks: the end of the gap
        }
        Instant at = local.toInstant(offsets.get(0)); // repeated: the first occurrence, the earlier offset's
        if (offsets.size() == 1 && isWorkingDay(date) && !time.isBefore(hours.start()) && time.isBefore(hours.end())) {
            return at; // working time, as the wall clock asked for says (what fit would find, without converting back)
        }
        return fit(at);
    }

    /** Why a due time falls outside this person's working time. */
    public enum OffTime {
        WEEKEND, NON_WORKING_DAY, HOLIDAY, AWAY, OUTSIDE_HOURS
    }

    /**
     * Why {@code due} is not a working time for this person, if it is not. Unlike {@link #isWorkingTime}, the end of
     * working hours itself counts as working: "by 17:30" with hours until 17:30 is a fair due time.
     */
    public java.util.Optional<OffTime> offTime(Instant due) {
        ZonedDateTime local = due.atZone(zone);
        LocalDate date = local.toLocalDate();
        LocalTime t = local.toLocalTime();
        if (holidays.contains(date)) {
            return java.util.Optional.of(OffTime.HOLIDAY);
        }
        if (!hours.days().contains(date.getDayOfWeek())) {
            boolean weekend = date.getDayOfWeek() == java.time.DayOfWeek.SATURDAY
                    || date.getDayOfWeek() == java.time.DayOfWeek.SUNDAY;
            return java.util.Optional.of(weekend ? OffTime.WEEKEND : OffTime.NON_WORKING_DAY);
        }
        if (isAway(date)) {
            return java.util.Optional.of(OffTime.AWAY);
        }
        if (t.isBefore(hours.start()) || t.isAfter(hours.end())) {
            return java.util.Optional.of(OffTime.OUTSIDE_HOURS);
        }
        return java.util.Optional.empty();
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
        return LocalDate.ofInstant(at, zone);
    }
}
