package dev.keepword.app;

import dev.keepword.domain.Commitment;
import dev.keepword.domain.Engagement;

import java.time.Instant;

/**
 * Told about every stored change to a commitment, inside the same transaction, so whatever depends on it
 * (the nudge plan) changes atomically with it.
 */
public interface CommitmentListener {
    void changed(Commitment commitment, Engagement engagement, Instant now);

    /**
     * A consultant sent a drafted final notice: it goes to the owner now (in their working hours), in {@code text} when
     * they wrote their own, as drafted otherwise.
     */
    default void noticeApproved(Commitment commitment, Engagement engagement, String text, Instant now) {
    }

    /**
     * {@code recorder} recorded a commitment that concerns others: its owner and the person it is owed to are told,
     * a few minutes later, in one message with whatever else was recorded for them meanwhile.
     */
    default void recorded(Commitment commitment, Engagement engagement, String recorder, Instant now) {
    }

    /**
     * Someone did something that {@code recipient} should hear of ("@sam marked #3 done.", about {@code commitment}, or
     * about the engagement when it is null): it reaches them in their working hours, in their one message of the day
     * (or the next working morning's).
     */
    default void told(Commitment commitment, Engagement engagement, String recipient, Message message, Instant now) {
    }
}
