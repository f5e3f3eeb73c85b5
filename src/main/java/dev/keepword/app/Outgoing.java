package dev.keepword.app;

/** A message and where it goes, as returned by a use case for its adapter to deliver. */
public record Outgoing(Target target, Message message) {
}
