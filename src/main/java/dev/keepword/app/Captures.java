package dev.keepword.app;

import java.time.Instant;
import java.util.Optional;

/**
 * Where promises caught in chat are kept: which message each tracked commitment came from, the private offers made to
 * track one, and whether an engagement wants such offers at all.
 */
public interface Captures {

    /** A private offer to track the promise in one message. */
    record Offer(String workspaceId, String channelId, String messageId, String userId, String what, Instant due,
                 String datePhrase, String link, Instant offeredAt, String state) {
        public static final String OPEN = "OPEN";
        public static final String TRACKED = "TRACKED";
        public static final String DECLINED = "DECLINED";
    }

    /** Whether a commitment was already tracked from this message. */
    boolean tracked(String workspaceId, String channelId, String messageId);

    /** Records that {@code commitmentId} was tracked from this message; false when the message already had one. */
    boolean link(String workspaceId, String channelId, String messageId, long commitmentId, String link);

    /** When the latest offer to this person was made, if any. */
    Optional<Instant> lastOfferTo(String workspaceId, String userId);

    /** Stores a new open offer; false when this message already had one. */
    boolean offer(Offer offer);

    Optional<Offer> offer(String workspaceId, String channelId, String messageId);

    /** Moves an open offer to {@code state}; false when it was not open any more (a second click). */
    boolean settle(String workspaceId, String channelId, String messageId, String state);

    /** Whether the engagement in this channel wants offers (true when never set). */
    boolean offersOn(String workspaceId, String channelId);

    void offers(String workspaceId, String channelId, boolean on);
}
