package dev.keepword.app;

import dev.keepword.domain.Party;

import java.util.Optional;

/** The people Keepword knows, with their names, zones and working hours. */
public interface Parties {
    Optional<Party> find(String workspaceId, String userId);

    /** The ones of {@code userIds} known in the workspace, by id, read at once (the dispatcher loads a batch's people). */
    default java.util.Map<String, Party> findAll(String workspaceId, java.util.Collection<String> userIds) {
        java.util.Map<String, Party> out = new java.util.HashMap<>();
        userIds.forEach(id -> find(workspaceId, id).ifPresent(p -> out.put(id, p)));
        return out;
    }

    void save(Party party);

    /** Everyone known in the workspace, by id. */
    java.util.List<Party> all(String workspaceId);
}
