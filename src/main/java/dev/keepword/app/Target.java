package dev.keepword.app;

/** Where a message goes. */
public sealed interface Target {

    /** Only {@code userId} sees it, in the channel where they typed (ephemeral in Slack). */
    record Private(String userId, String channelId) implements Target {
    }

    /**
     * A direct message to the person. When the platform cannot deliver it as a DM, an adapter may post it in
     * {@code fallbackChannel} (null: none) as a mention instead, and report {@link Delivery.Rerouted}.
     */
    record Direct(String userId, String fallbackChannel) implements Target {
        public Direct(String userId) {
            this(userId, null);
        }
    }

    /** A post in a channel everyone in it sees. */
    record Channel(String channelId) implements Target {
    }
}
