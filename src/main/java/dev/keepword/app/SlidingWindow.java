package dev.keepword.app;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * At most {@code limit} takes in any {@code window}, counted the way a platform that answers "N requests per second"
 * counts: it remembers the last {@code limit} takes. Unlike a token bucket refilled at the same rate, it never lets
 * more than the limit through in any one window, even at the start of a burst, and it still allows the whole limit at
 * once. Driven by the caller's clock; not thread-safe on its own.
 */
public final class SlidingWindow {
    private final int limit;
    private final Duration window;
    private final PriorityQueue<Instant> taken = new PriorityQueue<>();

    public SlidingWindow(int limit, Duration window) {
        if (limit < 1 || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("a window allows at least one take in a positive time");
        }
        this.limit = limit;
        this.window = window;
    }

    /** How long until a take will fit at {@code now}: zero when one fits now. Takes nothing. */
    public Duration waitFor(Instant now) {
        while (!taken.isEmpty() && !taken.peek().plus(window).isAfter(now)) {
            taken.poll();
        }
        return taken.size() < limit ? Duration.ZERO : Duration.between(now, taken.peek().plus(window));
    }

    /** Takes one if it fits ({@link Duration#ZERO} returned); otherwise takes nothing and says how long to wait. */
    public Duration tryTake(Instant now) {
        Duration wait = waitFor(now);
        if (wait.isZero()) {
            taken.add(now);
        }
        return wait;
    }

    /**
     * Moves a take from when it was made to when its request was answered ({@code answered}): the platform counted it
     * somewhere in between, so counting it from the answer never lets the next window open too early, however late
     * the request arrived (a cold connection can take a tenth of a second).
     */
    public void settle(Instant takenAt, Instant answered) {
        if (answered.isAfter(takenAt) && taken.remove(takenAt)) {
            taken.add(answered);
        }
    }
}
