package dev.keepword.app;

import java.time.Duration;
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

    /** "3 days", "5 hours", "20 minutes": how far apart two instants are, roughly. */
    public static String span(Instant from, Instant to) {
        Duration d = Duration.between(from, to).abs();
        if (d.toDays() >= 1) {
            return plural(d.toDays(), "day");
        }
        if (d.toHours() >= 1) {
            return plural(d.toHours(), "hour");
        }
        return plural(Math.max(1, d.toMinutes()), "minute");
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
