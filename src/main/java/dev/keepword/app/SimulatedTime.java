package dev.keepword.app;

import java.time.Instant;

/**
 * Moves a {@link MutableClock} forward as if Keepword had been running all along: it stops at each moment
 * something falls due and dispatches it then, so nudges go out at their own times, in due order. The console's
 * {@code /clock} and the end-to-end tests use it.
 */
public final class SimulatedTime {
    private final MutableClock clock;
    private final Outbox outbox;
    private final DispatchDueNudges dispatcher;

    public SimulatedTime(MutableClock clock, Outbox outbox, DispatchDueNudges dispatcher) {
        this.clock = clock;
        this.outbox = outbox;
        this.dispatcher = dispatcher;
    }

    /** Advances to {@code target}, dispatching everything due on the way; returns how many rows were handled. */
    public int advanceTo(Instant target) {
        int handled = dispatcher.runDue(clock.now());
        for (int guard = 0; guard < 100_000; guard++) {
            Instant next = outbox.nextDue().orElse(null);
            if (next == null || next.isAfter(target)) {
                break;
            }
            if (next.isAfter(clock.now())) {
                clock.set(next);
            }
            int n = dispatcher.runDue(clock.now());
            handled += n;
            if (n == 0 && !next.isAfter(clock.now())) {
                break; // what is due could not be claimed (leased elsewhere): do not spin
            }
        }
        if (target.isAfter(clock.now())) {
            clock.set(target);
        }
        return handled + dispatcher.runDue(clock.now());
    }
}
