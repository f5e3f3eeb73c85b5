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
}
