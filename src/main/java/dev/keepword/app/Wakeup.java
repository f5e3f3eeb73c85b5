package dev.keepword.app;

import java.time.Instant;

/** Lets planning tell the clockwork that something is due sooner than its next regular tick. */
public interface Wakeup {
    void dueAt(Instant at);

    Wakeup NONE = at -> {
    };
}
