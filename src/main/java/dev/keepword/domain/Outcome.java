package dev.keepword.domain;

/**
 * The result of interpreting something a person typed: either a value, or a refusal whose message is shown
 * to that person privately. Bad input is a value, never an exception.
 */
public sealed interface Outcome<T> permits Outcome.Ok, Outcome.Rejected {

    static <T> Outcome<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Outcome<T> rejected(String message) {
        return new Rejected<>(message);
    }

    /** A successfully interpreted value. */
    record Ok<T>(T value) implements Outcome<T> {
    }

    /** A refusal with the exact text shown to the person: what was wrong and an example of the right form. */
    record Rejected<T>(String message) implements Outcome<T> {
        public <U> Rejected<U> cast() {
            return new Rejected<>(message);
        }
    }
}
