package dev.keepword.app;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket driven by the caller's clock: {@code capacity} tokens, one more every {@code refillEvery}. It never
 * waits; {@link #tryTake} says how long until a token will be there instead, so a sender can answer "try again
 * later" and the dispatcher plans the retry. Not thread-safe on its own: callers hold one lock around a decision.
 */
public final class TokenBucket {
    private final int capacity;
    private final long refillNanos;
    private double tokens;
    private Instant last;

    public TokenBucket(int capacity, Duration refillEvery) {
        if (capacity < 1 || refillEvery.isZero() || refillEvery.isNegative()) {
            throw new IllegalArgumentException("a bucket holds at least one token and refills after a positive time");
        }
        this.capacity = capacity;
        this.refillNanos = refillEvery.toNanos();
        this.tokens = capacity;
    }

    /** A bucket that allows {@code perMinute} takes a minute on average, with bursts of up to {@code burst}. */
    public static TokenBucket perMinute(int perMinute, int burst) {
        return new TokenBucket(burst, Duration.ofNanos(Duration.ofMinutes(1).toNanos() / perMinute));
    }

    /** How long until a token is available at {@code now}: zero when one is there now. Takes nothing. */
    public Duration waitFor(Instant now) {
        refill(now);
        if (tokens >= 1) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil((1 - tokens) * refillNanos));
    }

    /** Takes a token if there is one ({@link Duration#ZERO} returned); otherwise takes nothing and says how long to wait. */
    public Duration tryTake(Instant now) {
        Duration wait = waitFor(now);
        if (wait.isZero()) {
            tokens -= 1;
        }
        return wait;
    }

    /** True when the bucket is full, so whoever holds many buckets may forget this one. */
    public boolean isFull(Instant now) {
        refill(now);
        return tokens >= capacity;
    }

    private void refill(Instant now) {
        if (last == null) {
            last = now;
            return;
        }
        if (now.isAfter(last)) {
            tokens = Math.min(capacity, tokens + (double) Duration.between(last, now).toNanos() / refillNanos);
            last = now;
        }
    }
}
