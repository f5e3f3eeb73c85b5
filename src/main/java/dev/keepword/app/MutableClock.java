package dev.keepword.app;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A clock that only moves when told to: the console's simulated time, and every test's. Never goes backwards. */
public final class MutableClock implements Clock {
    private Instant now;

    public MutableClock(Instant start) {
        this.now = Objects.requireNonNull(start);
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    public synchronized Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward");
        }
        now = now.plus(by);
        return now;
    }

    /** Simulated time does not sleep: waiting moves the clock on. */
    @Override
    public void sleep(Duration d) {
        if (!d.isNegative()) {
            advance(d);
        }
    }

    public synchronized Instant set(Instant to) {
        if (to.isBefore(now)) {
            throw new IllegalArgumentException("the clock only moves forward");
        }
        now = to;
        return now;
    }
}
