package dev.keepword.app;

/** Where a message goes. */
public sealed interface Target {

    /** Only {@code userId} sees it, in the channel where they typed (ephemeral in Slack). */
    record Private(String userId, String channelId) implements Target {
    }

    /** A direct message to the person. */
    record Direct(String userId) implements Target {
    }

    /** A post in a channel everyone in it sees. */
    record Channel(String channelId) implements Target {
    }
}
