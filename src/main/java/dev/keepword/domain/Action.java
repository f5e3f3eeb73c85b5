package dev.keepword.domain;

/** The things that can happen to a commitment; each one is a line in its append-only history. */
public enum Action {
    CREATED, RENEGOTIATED, SNOOZED, BLOCKED, DONE, CANCELLED, REASSIGNED
}
