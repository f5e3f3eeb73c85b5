package dev.keepword.domain;

/**
 * The things that can happen to a commitment; each one is a line in its append-only history. A change request is
 * closed by the client's decision: APPROVED (kept) or DECLINED (closed, and never a miss).
 */
public enum Action {
    CREATED, RENEGOTIATED, SNOOZED, BLOCKED, DONE, CANCELLED, REASSIGNED, APPROVED, DECLINED
}
