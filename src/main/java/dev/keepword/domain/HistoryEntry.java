package dev.keepword.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a commitment's history: who did what, when, with an optional free-text detail. For a message Keepword
 * sent (see {@link Action#isMessage()}) the actor is {@value #KEEPWORD}, the detail names the message (its template,
 * e.g. {@code firm-reminder}), {@code to} is its recipient (a user id, or {@code #channel}) and {@code outcome} is
 * {@code sent}, {@code failed} or {@code dropped} (with a reason after a colon); both are empty for people's actions.
 */
public record HistoryEntry(Instant at, String actor, Action action, String detail, String to, String outcome) {
    public static final String KEEPWORD = "keepword";

    public HistoryEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        detail = detail == null ? "" : detail;
        to = to == null ? "" : to;
        outcome = outcome == null ? "" : outcome;
    }

    public HistoryEntry(Instant at, String actor, Action action, String detail) {
        this(at, actor, action, detail, "", "");
    }

    /** A message Keepword sent or tried to send. */
    public static HistoryEntry message(Instant at, Action action, String what, String to, String outcome) {
        return new HistoryEntry(at, KEEPWORD, action, what, to, outcome);
    }

    public boolean isMessage() {
        return action.isMessage();
    }

    /** The outcome's word without its reason: sent, failed or dropped. */
    public String outcomeWord() {
        int colon = outcome.indexOf(':');
        return colon < 0 ? outcome : outcome.substring(0, colon);
    }
}
