package dev.keepword.app;

import java.util.function.Supplier;

/** Runs a unit of work atomically: every store call made inside {@code work} commits or rolls back together. */
public interface Transactions {
    <T> T inTransaction(Supplier<T> work);

    /** Runs {@code action} once the current transaction has committed (at once when there is none). */
    void afterCommit(Runnable action);
}
