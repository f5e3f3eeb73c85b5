package dev.keepword.domain;

import java.time.Instant;
import java.util.Objects;

/** One line of a commitment's history: who did what, when, with an optional free-text detail. */
public record HistoryEntry(Instant at, String actor, Action action, String detail) {
    public HistoryEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        detail = detail == null ? "" : detail;
    }
}
