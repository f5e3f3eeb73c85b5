/**
 * Keepword's use cases, written against ports it owns ({@link dev.keepword.app.Commitments},
 * {@link dev.keepword.app.Engagements}, {@link dev.keepword.app.Parties}, {@link dev.keepword.app.Clock}, …).
 * Chat adapters turn platform events into calls here and render the {@link dev.keepword.app.Message}s back.
 */
package dev.keepword.app;
