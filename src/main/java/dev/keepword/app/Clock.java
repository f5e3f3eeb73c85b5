package dev.keepword.app;

import java.time.Duration;
import java.time.Instant;

/** The one place Keepword learns the time. Everything else takes {@code now} as an argument. */
public interface Clock {
    Instant now();

    /**
     * Lets {@code d} of this clock's time pass: the system clock sleeps; a simulated clock moves itself on. Only the
     * dispatcher waits this way, for a sender's pacing inside one batch.
     */
    default void sleep(Duration d) throws InterruptedException {
        long nanos = Math.max(0, d.toNanos());
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }

    static Clock system() {
        return Instant::now;
    }
}
