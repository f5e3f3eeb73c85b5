package dev.keepword.app;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The due table: every planned message is a row with a due time, a state, attempts, a lease and a unique
 * dedupe key. It is the source of truth for what will be sent; Quartz only decides when to look.
 */
public interface Outbox {

    /** A row to plan. {@code dedupeKey} is unique: planning the same message twice stores it once. */
    record NewRow(String workspaceId, long commitmentId, Instant commitmentDue, String recipient, String step,
                  int occurrence, Instant plannedFor, String dedupeKey, String detail) {
    }

    /**
     * What was sent so far for a commitment against one due date: the owner's reminders (how many overdue ones,
     * the last one's time) and the highest ladder rung ({@code -1}: none).
     */
    record SentSummary(long commitmentId, Instant commitmentDue, int overdueSent, Instant lastSentAt, int lastRung) {
    }

    /** The steps of a commitment's own plan; other rows (notices, silence checks) survive a re-plan. */
    java.util.Set<String> PLAN_STEPS = java.util.Set.of("HEADS_UP", "DUE_TODAY", "OVERDUE", "SNOOZE_END", "RUNG");

    /** A claimed row, leased to the claiming dispatcher until its lease ends. */
    record Row(long id, String workspaceId, long commitmentId, String recipient, String step, int occurrence,
               Instant plannedFor, int attempts, String detail) {
    }

    /**
     * What a delivered row turned out to be (after downtime a later step may go out in its place), and how it goes into
     * its commitment's history: {@code toldAction} and {@code toldWhat} as in {@link HistoryRow}, null for none.
     */
    record SentRow(long id, String sentStep, int sentOccurrence, String messageRef, Instant sentAt, String toldAction,
                   String toldWhat) {
    }

    /** One delivered message to a person, for the daily cap. */
    record Delivered(String recipient, Instant sentAt, String messageRef) {
    }

    /**
     * A message Keepword sent (or tried to) about a commitment, for its history: {@code action} is REMINDER, ESCALATION
     * or NOTICE, {@code what} the message (its template name), {@code outcome} sent, failed or dropped (with a reason).
     */
    record HistoryRow(long outboxId, String workspaceId, long commitmentId, Instant at, String action, String what,
                      String recipient, String outcome) {
    }

    /**
     * Adds these messages to their commitments' histories, as one batch inside the caller's transaction (the one
     * that records their outcomes); a row already recorded for the same outbox row is left as it is. For messages that
     * failed or were dropped: a sent message's line is written by {@link #sent} on its own row.
     */
    void history(List<HistoryRow> rows);

    /** Replaces the commitment's planned, unclaimed rows of {@link #PLAN_STEPS} with {@code rows}. */
    void replace(String workspaceId, long commitmentId, List<NewRow> rows);

    /** Plans more rows; ones whose dedupe key exists already are ignored. */
    void add(List<NewRow> rows);

    /**
     * Claims up to {@code limit} rows due at {@code now} (and rows whose lease ran out), plus any rows of the same
     * recipients due within {@code now + window}, so one person's nearby nudges go out as one message.
     */
    List<Row> claim(String owner, Instant now, Instant leaseUntil, int limit, java.time.Duration window);

    void sent(List<SentRow> rows);

    /**
     * Extends the lease of those of these rows that {@code owner} still holds (claimed and not yet recorded) to
     * {@code leaseUntil}; returns how many it extended.
     */
    int renew(java.util.Collection<Long> ids, String owner, Instant leaseUntil);

    /** Back to planned, due again at {@code at}, one more attempt counted. */
    void retry(Collection<Long> ids, Instant at, String error);

    /** Back to planned at {@code at} without counting an attempt (the daily cap was reached). */
    void postpone(Collection<Long> ids, Instant at);

    /** Ends rows that will never be sent: FAILED (undeliverable) or DROPPED (the commitment closed). */
    void finish(Collection<Long> ids, String state, String reason);

    /** Sent-so-far summaries of these commitments' nudges (notices to consultants excluded), per due date. */
    List<SentSummary> progress(String workspaceId, Collection<Long> commitmentIds);

    List<Delivered> deliveredSince(String workspaceId, Collection<String> recipients, Instant since);

    /** Brings the planned row with {@code row}'s dedupe key forward to its time, or plans it if there is none. */
    void advance(NewRow row);

    /**
     * Moves every planned row whose dedupe key starts with {@code keyPrefix} to {@code at} (later or earlier), so
     * notices that keep arriving for one person wait until they stop and then go out together.
     */
    void settle(String keyPrefix, Instant at);

    /** Whether a row whose dedupe key starts with {@code keyPrefix} is planned or being sent. */
    boolean pending(String keyPrefix);

    /**
     * Deletes rows that ended (sent, failed, dropped) before {@code before}, moving the history line of each sent one to
     * the commitment's kept messages first; returns how many it deleted.
     */
    int purgeFinished(Instant before);

    /** The earliest time anything becomes claimable, if anything is planned or leased. */
    Optional<Instant> nextDue();
}
