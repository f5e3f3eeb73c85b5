package dev.keepword.app;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How times read in every message: local to the reader, with the zone named, in plain English. */
public final class Formats {
    private static final DateTimeFormatter SAME_YEAR = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter OTHER_YEAR = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm", Locale.ENGLISH);

    private Formats() {
    }

    /** "Fri 27 Nov 17:00 (America/New_York)"; the year appears only when it is not the current one. */
    public static String when(Instant at, ZoneId zone, Instant now) {
        ZonedDateTime local = at.atZone(zone);
        boolean sameYear = local.getYear() == now.atZone(zone).getYear();
        return (sameYear ? SAME_YEAR : OTHER_YEAR).format(local) + " (" + zone.getId() + ")";
    }

    /** "Mon 30 Nov 09:00": {@link #when} without the zone, for a line that already names it. */
    public static String local(Instant at, ZoneId zone, Instant now) {
        ZonedDateTime local = at.atZone(zone);
        return (local.getYear() == now.atZone(zone).getYear() ? SAME_YEAR : OTHER_YEAR).format(local);
    }

    /**
     * A due phrase that reads back as exactly {@code at} in {@code zone}: "today 09:00", "tomorrow 09:00", "mon 09:00"
     * within the week, else "2026-12-28 09:00". Offered in answers as something to type.
     */
    public static String phrase(Instant at, ZoneId zone, Instant now) {
        ZonedDateTime local = at.atZone(zone);
        String time = String.format(Locale.ROOT, "%02d:%02d", local.getHour(), local.getMinute());
        long days = java.time.temporal.ChronoUnit.DAYS.between(now.atZone(zone).toLocalDate(), local.toLocalDate());
        if (days == 0) {
            return "today " + time;
        }
        if (days == 1) {
            return "tomorrow " + time;
        }
        if (days > 1 && days < 7) {
            return local.getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH)
                    .toLowerCase(Locale.ROOT) + " " + time;
        }
        return local.toLocalDate() + " " + time;
    }

    /** "Mon 23 Nov" (with the year when it is not the current one), in the reader's zone. */
    static String day(Instant at, ZoneId zone, Instant now) {
        ZonedDateTime local = at.atZone(zone);
        boolean sameYear = local.getYear() == now.atZone(zone).getYear();
        return DateTimeFormatter.ofPattern(sameYear ? "EEE d MMM" : "EEE d MMM yyyy", Locale.ENGLISH).format(local);
    }

    static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
