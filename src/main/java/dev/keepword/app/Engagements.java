package dev.keepword.app;

import dev.keepword.domain.Engagement;

import java.util.List;
import java.util.Optional;

/** Where engagements are kept, one per channel. */
public interface Engagements {
    Optional<Engagement> byChannel(String workspaceId, String channelId);

    /** The engagements this person is a member of, on either side. */
    List<Engagement> withMember(String workspaceId, String userId);

    List<Engagement> all(String workspaceId);

    void save(Engagement engagement);
}
