package dev.keepword.app;

/** A /commit command as any surface received it: who typed what, where. */
public record Inbound(String workspaceId, String channelId, String userId, String text) {
}
