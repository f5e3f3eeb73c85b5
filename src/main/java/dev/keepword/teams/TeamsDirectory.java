package dev.keepword.teams;

import dev.keepword.app.Directory;
import dev.keepword.domain.Party;
import dev.keepword.domain.WorkingHours;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Who a Teams person is: the name and ids recorded from verified activities and from the Bot Connector's
 * {@code pagedmembers} (fetched when the bot joins a conversation and when members are added). Teams gives no time
 * zone here; each activity's {@code localTimezone} sets it, and until then the adapter stores the engagement's zone.
 */
public final class TeamsDirectory implements Directory {
    private final TeamsReferences refs;
    private final TeamsConnector connector;

    public TeamsDirectory(TeamsReferences refs, TeamsConnector connector) {
        this.refs = refs;
        this.connector = connector;
    }

    @Override
    public Optional<Party> lookup(String workspaceId, String userId) {
        return refs.user(workspaceId, userId).map(u -> party(u, ZoneOffset.UTC));
    }

    static Party party(TeamsReferences.User u, ZoneId zone) {
        return new Party(u.workspaceId(), u.userId(), u.name(), zone, WorkingHours.OFFICE);
    }

    /**
     * Records every member of a conversation or team ({@code GET …/v3/conversations/{id}/pagedmembers}); returns how
     * many, or -1 when Teams could not say now.
     */
    public int learnMembers(String workspaceId, String serviceUrl, String conversationId, Instant now) {
        List<TeamsConnector.Member> members = connector.members(serviceUrl, conversationId);
        if (members == null) {
            return -1;
        }
        for (TeamsConnector.Member m : members) {
            if (m.id() != null && !m.id().isBlank()) {
                refs.rememberUser(workspaceId, m.id(), m.name(), m.aadObjectId(), serviceUrl, now);
            }
        }
        return members.size();
    }
}
