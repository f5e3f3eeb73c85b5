package dev.keepword.domain;

/** The life cycle of a commitment. Only OPEN commitments are nudged. */
public enum State {
    OPEN, DONE, CANCELLED
}
