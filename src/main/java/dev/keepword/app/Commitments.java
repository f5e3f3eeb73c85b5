package dev.keepword.app;

import dev.keepword.domain.Commitment;

import java.util.List;
import java.util.Optional;

/** Where commitments and their histories are kept. */
public interface Commitments {

    /** The next short id for a new commitment in this workspace (never reused). */
    long nextId(String workspaceId);

    /** Inserts or updates the commitment and appends any history lines not stored yet. */
    void save(Commitment commitment);

    Optional<Commitment> find(String workspaceId, long id);

    /** The commitments with these ids that exist, in id order. */
    List<Commitment> findAll(String workspaceId, java.util.Collection<Long> ids);

    /** Every commitment this person owes or owed, in any engagement and state. */
    List<Commitment> ownedBy(String workspaceId, String userId);

    /**
     * What this person owes or owed that can be judged on or after {@code since}, in id order: open commitments due
     * since then or ever moved, and ones done since then; never a cancelled one or a change request. Standing needs
     * no more for a window starting at {@code since}, and the store reads it through an index, so the cost stays
     * flat however much older history the person has.
     */
    List<Commitment> judgedSince(String workspaceId, String userId, java.time.Instant since);

    /** The open commitments this person owes, in any engagement. */
    List<Commitment> openOwnedBy(String workspaceId, String userId);

    /** The open commitments that wait on this one (see {@link Commitment#waitsOn()}), in id order. */
    List<Commitment> openWaitingOn(String workspaceId, long inputId);

    /** Notes on the commitment that its owner cannot be reached (empty text clears it). */
    void recordDeliveryProblem(String workspaceId, long id, String problem);

    /** Every commitment of the engagements bound to these channels, newest first. */
    List<Commitment> inChannels(String workspaceId, List<String> channelIds);

    /** The open commitments of the engagements bound to these channels, newest first: what lists and homes show. */
    List<Commitment> openInChannels(String workspaceId, List<String> channelIds);
}
