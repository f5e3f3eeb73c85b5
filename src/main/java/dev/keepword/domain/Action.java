package dev.keepword.domain;

/**
 * The things that can happen to a commitment; each one is a line in its append-only history. The first ones are
 * what people did (a change request is closed by the client's decision: APPROVED, kept, or DECLINED, closed and
 * never a miss); {@link #REMINDER}, {@link #ESCALATION} and {@link #NOTICE} are the messages Keepword sent (or
 * tried to send) about it, with their delivery outcome; {@code NOTICE_*} are the consultant's decisions on a
 * drafted final notice.
 */
public enum Action {
    CREATED, RENEGOTIATED, SNOOZED, BLOCKED, DONE, CANCELLED, REASSIGNED, APPROVED, DECLINED,
    /** A consultant said this item of the consultancy's needs a client input (the detail: its id, or "none"). */
    WAITS_ON,
    /** Keepword paused work on it, per the agreement, while the input it waits on is late. */
    PAUSED,
    /** The input it waited on arrived (or was dropped, or a consultant said it no longer waits): the wait ended. */
    RESUMED,
    /** A client input went late past the agreement's pause: work that needs it paused (on the input's history). */
    WORK_PAUSED,
    /** A consultant sent the drafted final notice (as drafted, or in their own words). */
    NOTICE_APPROVED,
    /** A consultant held the drafted final notice back. */
    NOTICE_HELD,
    /** A reminder to the owner (heads-up, due today, the daily ones). */
    REMINDER,
    /** A rung of the escalation ladder to someone other than the owner (consultant, channel, sponsor). */
    ESCALATION,
    /** The final notice to the owner, or its draft to the consultant. */
    NOTICE;

    /** True for a message Keepword sent or tried to send, false for what a person did. */
    public boolean isMessage() {
        return this == REMINDER || this == ESCALATION || this == NOTICE;
    }
}
