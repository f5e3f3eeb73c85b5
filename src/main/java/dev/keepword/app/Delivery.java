package dev.keepword.app;

import java.time.Duration;

/** What happened to one outgoing message. */
public sealed interface Delivery {

    /** Delivered; {@code ref} is the platform's id for the message (Slack's ts, Teams' activity id). */
    record Sent(String ref) implements Delivery {
    }

    /** Delivered, but not where asked: a DM the platform refused went to the fallback channel as a mention. */
    record Rerouted(String ref, String reason) implements Delivery {
    }

    /**
     * Not delivered this time; try again no sooner than {@code after}. {@code paced}: the sender held it back itself
     * (its own rate budget, or a pause the platform asked for earlier) without trying, so it is no failed attempt;
     * otherwise the platform failed it (timeout, 5xx, 429). {@code reserved}: paced, and the sender's budget holds a slot
     * for this very message {@code after} from now ({@link SendBudget}), so it should come back then, not later.
     */
    record Retry(Duration after, String reason, boolean paced, boolean reserved) implements Delivery {
        public Retry(Duration after, String reason) {
            this(after, reason, false, false);
        }

        public Retry(Duration after, String reason, boolean paced) {
            this(after, reason, paced, false);
        }

        /**
         * Held back by the sender's pacing with a slot reserved for it {@code after} from now: the same message sent
         * then goes out without waiting again. Not a failure.
         */
        public static Retry reserved(Duration after, String reason) {
            return new Retry(after, reason, true, true);
        }

        /** Held back by the sender's own pacing: not tried, so not a failure. */
        public static Retry paced(Duration after, String reason) {
            return new Retry(after, reason, true);
        }

        /**
         * For a caller that retries on its own timer (a command's replies): when the sender says, but no sooner than
         * a floor that doubles each time the same message met the pacing before ({@code times}: 1 s, 2 s, 4 s … up to
         * 30 s), plus up to a second of jitter; so a long backlog waiting for one budget neither polls it in a herd
         * nor many times a second. A {@linkplain #reserved reserved} slot is this message's alone (no herd to spread):
         * exactly when the sender says.
         */
        public Duration pacedWait(int times) {
            if (reserved) {
                return after == null ? Duration.ZERO : after;
            }
            long floor = Math.min(30_000L, 1000L << Math.min(Math.max(times, 0), 5));
            long ms = Math.max(after == null ? 0 : after.toMillis(), floor);
            return Duration.ofMillis(ms + java.util.concurrent.ThreadLocalRandom.current().nextLong(1000));
        }
    }

    /** Can never be delivered as addressed (unknown user, DMs not allowed); trying again will not help. */
    record Undeliverable(String reason) implements Delivery {
    }
}
