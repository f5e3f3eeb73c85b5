package dev.keepword.app;

import java.time.Instant;

/**
 * Moves a {@link MutableClock} forward as if Keepword had been running all along: it stops at each moment
 * something falls due and dispatches it then, so nudges go out at their own times, in due order; {@link Timer}s (the
 * weekly-summary schedules) fire at their own times on the way. The console's
 * {@code /clock} and the end-to-end tests use it.
 */
public final class SimulatedTime {
    private final MutableClock clock;
    private final Outbox outbox;
    private final DispatchDueNudges dispatcher;

    private final java.util.List<Timer> timers;

    /** A schedule that fires at its own times (the weekly summaries' cron, played without Quartz). */
    public interface Timer {
        /** The first time strictly after {@code after} at which it fires. */
        java.util.Optional<Instant> next(Instant after);

        void fire(Instant at);
    }

    public SimulatedTime(MutableClock clock, Outbox outbox, DispatchDueNudges dispatcher) {
        this(clock, outbox, dispatcher, java.util.List.of());
    }

    public SimulatedTime(MutableClock clock, Outbox outbox, DispatchDueNudges dispatcher, java.util.List<Timer> timers) {
        this.clock = clock;
        this.outbox = outbox;
        this.dispatcher = dispatcher;
        this.timers = java.util.List.copyOf(timers);
    }

    /** Advances to {@code target}, dispatching everything due on the way; returns how many rows were handled. */
    public int advanceTo(Instant target) {
        int handled = dispatcher.runDue(clock.now());
        for (int guard = 0; guard < 100_000; guard++) {
            Instant before = clock.now();
            Instant next = outbox.nextDue().orElse(null);
            Instant tick = timers.stream().flatMap(t -> t.next(before).stream()).min(Instant::compareTo).orElse(null);
            if (tick != null && (next == null || tick.isBefore(next))) {
                next = tick;
            }
            if (next == null || next.isAfter(target)) {
                break;
            }
            if (next.isAfter(clock.now())) {
                clock.set(next);
            }
            boolean fired = false;
            for (Timer t : timers) {
                Instant at = t.next(before).orElse(null);
                if (at != null && !at.isAfter(clock.now())) {
                    t.fire(at);
                    fired = true;
                }
            }
            int n = dispatcher.runDue(clock.now());
            handled += n;
            if (n == 0 && !fired && !next.isAfter(clock.now())) {
                break; // what is due could not be claimed (leased elsewhere): do not spin
            }
        }
        if (target.isAfter(clock.now())) {
            clock.set(target);
        }
        return handled + dispatcher.runDue(clock.now());
    }
}
