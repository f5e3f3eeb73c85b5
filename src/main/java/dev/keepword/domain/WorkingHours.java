package dev.keepword.domain;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Set;

/** The days and the local hours in which a party may be nudged. */
public record WorkingHours(Set<DayOfWeek> days, LocalTime start, LocalTime end) {
    public static final WorkingHours OFFICE =
            new WorkingHours(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(17, 30));

    public WorkingHours {
        if (days.isEmpty()) {
            throw new IllegalArgumentException("working hours need at least one working day");
        }
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("working hours must start before they end: " + start + "-" + end);
        }
        days = Set.copyOf(days);
    }
}
