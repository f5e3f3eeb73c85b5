package dev.keepword.app;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How fast a platform lets Keepword send, as one budget per workspace however many processes send for it: each
 * {@link Rate} is a token bucket kept in its "next free slot" form (GCRA: a theoretical arrival time per bucket), and a
 * send reserves the first moment every rate it is subject to has room for it. A reservation is that caller's slot: it
 * may send then and nobody else is given it, so a backlog waiting for one budget neither polls it in a herd nor wastes
 * it. {@link LocalSendBudget} keeps the buckets in memory (one process, H2); the JDBC one in the database (a cluster).
 */
public interface SendBudget {

    /** A token bucket: up to {@code burst} sends at once, one more every {@code every}. {@code bucket} names it. */
    record Rate(String bucket, int burst, Duration every) {
        public Rate {
            if (burst < 1 || every.isZero() || every.isNegative()) {
                throw new IllegalArgumentException("a rate allows at least one send in a positive time");
            }
        }

        /** {@code perMinute} sends a minute on average, bursts of up to {@code burst}. */
        public static Rate perMinute(String bucket, int perMinute, int burst) {
            return new Rate(bucket, burst, Duration.ofNanos(Duration.ofMinutes(1).toNanos() / perMinute));
        }

        long everyMicros() {
            return Math.max(1, every.toNanos() / 1000);
        }

        long toleranceMicros() {
            return (burst - 1) * everyMicros();
        }
    }

    /**
     * The outcome of {@link #reserve}: {@code reserved}, the send may go at {@code at} (now or later) and that slot is
     * held for it; otherwise nothing was taken and {@code at} is when to ask again.
     */
    record Slot(Instant at, boolean reserved) {
        /** How long from {@code now} until {@code at} (zero when it has come). */
        public Duration waitFrom(Instant now) {
            Duration d = Duration.between(now, at);
            return d.isNegative() ? Duration.ZERO : d;
        }
    }

    /**
     * Reserves the first moment at or after {@code now} when one send fits every one of {@code rates} of
     * {@code platform}'s budget for {@code workspaceId}, taking from all of them or none. When that moment is more than
     * {@code horizon} away nothing is taken and the answer says when it will be within the horizon ({@code horizon}
     * zero: take now or not at all).
     */
    Slot reserve(String platform, String workspaceId, Instant now, Duration horizon, List<Rate> rates);

    /** The platform asked for a pause (a 429 with Retry-After): nobody sends against {@code rate} before {@code until}. */
    void pause(String platform, String workspaceId, Rate rate, Instant until);

    /** True when other processes share this budget (it lives in the database). */
    boolean shared();

    /**
     * The GCRA step both budgets take: given each rate's theoretical arrival time ({@code tats}, microseconds since the
     * epoch, 0 for a bucket never used), returns the slot and, when reserved, moves {@code tats} on in place.
     */
    static Slot step(long[] tats, List<Rate> rates, Instant now, Duration horizon) {
        long nowUs = micros(now);
        long slot = nowUs;
        for (int i = 0; i < tats.length; i++) {
            slot = Math.max(slot, tats[i] - rates.get(i).toleranceMicros());
        }
        long horizonUs = horizon.toNanos() / 1000;
        if (slot - nowUs > horizonUs) {
            return new Slot(instant(slot - horizonUs), false);
        }
        for (int i = 0; i < tats.length; i++) {
            tats[i] = Math.max(tats[i], slot) + rates.get(i).everyMicros();
        }
        return new Slot(instant(slot), true);
    }

    /** The arrival time that keeps {@code rate} closed until {@code until}. */
    static long paused(long tat, Rate rate, Instant until) {
        return Math.max(tat, micros(until) + rate.toleranceMicros());
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
}
