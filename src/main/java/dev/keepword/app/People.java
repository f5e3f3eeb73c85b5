package dev.keepword.app;

import dev.keepword.domain.Outcome;
import dev.keepword.domain.Party;

import java.util.Optional;

/** Finds a person by id: the stored party, or the platform directory's answer, stored for next time. */
public final class People {
    private final Parties parties;
    private final Directory directory;

    public People(Parties parties, Directory directory) {
        this.parties = parties;
        this.directory = directory;
    }

    public Optional<Party> find(String workspaceId, String userId) {
        Optional<Party> known = parties.find(workspaceId, userId);
        if (known.isPresent()) {
            return known;
        }
        Optional<Party> looked = directory.lookup(workspaceId, userId);
        looked.ifPresent(parties::save);
        return looked;
    }

    public Outcome<Party> require(String workspaceId, String userId) {
        return find(workspaceId, userId).<Outcome<Party>>map(Outcome::ok)
                .orElseGet(() -> Outcome.rejected("I don't know @" + userId + " in this workspace. "
                        + "Mention people with @, for example: /commit list @sam"));
    }

    public void save(Party party) {
        parties.save(party);
    }

    public String name(String workspaceId, String userId) {
        return find(workspaceId, userId).map(Party::displayName).orElse(userId);
    }
}
