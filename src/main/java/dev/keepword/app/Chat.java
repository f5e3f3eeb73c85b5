package dev.keepword.app;

/**
 * The port every chat platform implements for outgoing messages (Slack, Teams, the console). Implementations
 * classify failures, so the dispatcher knows whether to try again later or to give up and tell a human.
 */
public interface Chat {
    Delivery send(String workspaceId, Target target, Message message);

    /**
     * How many {@link #send}s the dispatcher may have in flight at once, to different people. One (the default) keeps
     * every message in order; a network adapter that is safe to call from several threads says more, so a burst is
     * limited by the platform's rates rather than by one round trip at a time.
     */
    default int parallelSends() {
        return 1;
    }

    /**
     * Shares a file (a summary's chart, an export) where {@code target} says: Slack uploads it, the console writes it
     * to its output folder and prints the path. A platform that cannot share files refuses it.
     */
    default Delivery upload(String workspaceId, Target target, String filename, byte[] content, String title) {
        return new Delivery.Undeliverable("this chat platform cannot share files");
    }
}
