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

    /** Not delivered this time (timeout, 5xx, 429); try again no sooner than {@code after}. */
    record Retry(Duration after, String reason) implements Delivery {
    }

    /** Can never be delivered as addressed (unknown user, DMs not allowed); trying again will not help. */
    record Undeliverable(String reason) implements Delivery {
    }
}
