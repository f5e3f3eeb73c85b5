package dev.keepword.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlidingWindowTest {
    private static final Instant T0 = Instant.parse("2026-11-23T09:30:00Z");

    @Test
    void theWholeLimitGoesAtOnceThenTheNextWaitsForTheOldestToLeaveTheWindow() {
        SlidingWindow w = new SlidingWindow(3, Duration.ofSeconds(1));

        assertEquals(Duration.ZERO, w.tryTake(T0));
        assertEquals(Duration.ZERO, w.tryTake(T0.plusMillis(100)));
        assertEquals(Duration.ZERO, w.tryTake(T0.plusMillis(200)));
        assertEquals(Duration.ofMillis(700), w.tryTake(T0.plusMillis(300)));
        assertEquals(Duration.ZERO, w.tryTake(T0.plusMillis(1000)));
        assertEquals(Duration.ofMillis(100), w.waitFor(T0.plusMillis(1000)));
    }

    @Test
    void neverMoreThanTheLimitInAnyWindowWhateverTheCallerDoes() {
        SlidingWindow w = new SlidingWindow(50, Duration.ofSeconds(1));
        java.util.List<Instant> taken = new java.util.ArrayList<>();
        for (long ms = 0; ms < 5_000; ms += 3) {
            Instant now = T0.plusMillis(ms);
            if (w.tryTake(now).isZero()) {
                taken.add(now);
            }
        }
        for (Instant start : taken) {
            long inWindow = taken.stream().filter(t -> !t.isBefore(start) && t.isBefore(start.plusSeconds(1))).count();
            assertEquals(true, inWindow <= 50, "more than 50 from " + start);
        }
        assertEquals(250, taken.size()); // and the whole budget was used: 50 a second for 5 s
    }

    @Test
    void aTakeSettledWhenItsRequestWasAnsweredCountsFromThen() {
        SlidingWindow w = new SlidingWindow(1, Duration.ofSeconds(1));
        assertEquals(Duration.ZERO, w.tryTake(T0));

        w.settle(T0, T0.plusMillis(150)); // a cold connection: answered 150 ms after it was taken
        w.settle(T0.plusMillis(500), T0.plusMillis(900)); // never taken: changes nothing

        assertEquals(Duration.ofMillis(150), w.waitFor(T0.plusMillis(1000)));
        assertEquals(Duration.ZERO, w.tryTake(T0.plusMillis(1150)));
    }

    @Test
    void refusesANonsenseLimit() {
        assertThrows(IllegalArgumentException.class, () -> new SlidingWindow(0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new SlidingWindow(1, Duration.ZERO));
    }
}
