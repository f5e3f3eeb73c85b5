package dev.keepword.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void allowsABurstThenSaysHowLongToWaitWithoutTakingAnything() {
        TokenBucket bucket = new TokenBucket(2, Duration.ofSeconds(1));

        assertEquals(Duration.ZERO, bucket.tryTake(T0));
        assertEquals(Duration.ZERO, bucket.tryTake(T0));
        assertEquals(Duration.ofSeconds(1), bucket.tryTake(T0));
        assertEquals(Duration.ofMillis(500), bucket.tryTake(T0.plusMillis(500)));
        assertEquals(Duration.ZERO, bucket.tryTake(T0.plusSeconds(1)));
        assertEquals(Duration.ofSeconds(1), bucket.waitFor(T0.plusSeconds(1)));
    }

    @Test
    void refillsNoFurtherThanItsCapacity() {
        TokenBucket bucket = new TokenBucket(3, Duration.ofSeconds(1));
        bucket.tryTake(T0);

        Instant later = T0.plus(Duration.ofHours(1));

        assertTrue(bucket.isFull(later));
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, bucket.tryTake(later));
        }
        assertEquals(Duration.ofSeconds(1), bucket.tryTake(later));
    }

    @Test
    void perMinuteSpreadsTheBudgetEvenly() {
        TokenBucket bucket = TokenBucket.perMinute(240, 1);

        assertEquals(Duration.ZERO, bucket.tryTake(T0));
        assertEquals(Duration.ofMillis(250), bucket.tryTake(T0));
    }

    @Test
    void aClockThatDoesNotMoveAddsNothing() {
        TokenBucket bucket = new TokenBucket(1, Duration.ofSeconds(1));
        bucket.tryTake(T0);

        assertEquals(Duration.ofSeconds(1), bucket.tryTake(T0.minusSeconds(5)));
    }
}
