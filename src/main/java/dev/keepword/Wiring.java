package dev.keepword;

import dev.keepword.app.Clock;
import dev.keepword.app.CommitCommands;
import dev.keepword.app.CommitmentListener;
import dev.keepword.app.Directory;
import dev.keepword.app.People;
import dev.keepword.config.DemoWorkspace;
import dev.keepword.domain.Agreement;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Party;
import dev.keepword.domain.WorkingHours;
import dev.keepword.store.Database;
import dev.keepword.store.JdbcCommitments;
import dev.keepword.store.JdbcEngagements;
import dev.keepword.store.JdbcParties;

import java.time.ZoneId;
import java.util.Optional;

/**
 * The composition root: builds every part with plain {@code new}. Production and tests share it; tests pass
 * their own clock, database and fakes.
 */
public final class Wiring implements AutoCloseable {
    private final Database database;
    private final Clock clock;
    private final Agreement agreement;
    private final JdbcCommitments commitments;
    private final JdbcEngagements engagements;
    private final JdbcParties parties;
    private final People people;
    private final CommitCommands commands;

    public Wiring(Database database, Clock clock, Agreement agreement, Directory directory) {
        this.database = database;
        this.clock = clock;
        this.agreement = agreement;
        this.commitments = new JdbcCommitments(database.jdbc());
        this.engagements = new JdbcEngagements(database.jdbc(), agreement);
        this.parties = new JdbcParties(database.jdbc());
        this.people = new People(parties, directory);
        CommitmentListener listener = (c, e, now) -> {
        };
        this.commands = new CommitCommands(commitments, engagements, people, database.jdbc(), clock, agreement, listener);
    }

    /** Stores the demo people and engagements if the workspace has none yet (first run of the console). */
    public boolean seed(DemoWorkspace demo) {
        String ws = demo.workspace();
        if (!parties.all(ws).isEmpty() || !engagements.all(ws).isEmpty()) {
            return false;
        }
        database.jdbc().inTransaction(() -> {
            for (DemoWorkspace.Person p : demo.people()) {
                parties.save(new Party(ws, p.handle(), p.name(), ZoneId.of(p.zone()), WorkingHours.OFFICE));
            }
            for (DemoWorkspace.EngagementSpec e : demo.engagements()) {
                engagements.save(new Engagement(ws, e.channel(), e.name(), e.clients(), e.consultants(), e.escalate(),
                        ZoneId.of(e.zone()), Optional.ofNullable(e.tier()).orElse(2), agreement));
            }
            return null;
        });
        return true;
    }

    public Database database() {
        return database;
    }

    public Clock clock() {
        return clock;
    }

    public CommitCommands commands() {
        return commands;
    }

    public JdbcCommitments commitments() {
        return commitments;
    }

    public JdbcEngagements engagements() {
        return engagements;
    }

    public JdbcParties parties() {
        return parties;
    }

    @Override
    public void close() {
        database.close();
    }
}
