package dev.keepword.app;

/**
 * The port every chat platform implements for outgoing messages (Slack, Teams, the console). Implementations
 * classify failures, so the dispatcher knows whether to try again later or to give up and tell a human.
 */
public interface Chat {
    Delivery send(String workspaceId, Target target, Message message);
}
