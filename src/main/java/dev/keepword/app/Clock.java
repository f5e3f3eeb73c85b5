package dev.keepword.app;

import java.time.Instant;

/** The one place Keepword learns the time. Everything else takes {@code now} as an argument. */
public interface Clock {
    Instant now();

    static Clock system() {
        return Instant::now;
    }
}
