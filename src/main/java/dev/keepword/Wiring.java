package dev.keepword;

import dev.keepword.app.Chat;
import dev.keepword.app.Clock;
import dev.keepword.app.DispatchDueNudges;
import dev.keepword.app.MutableClock;
import dev.keepword.app.NudgePlanner;
import dev.keepword.app.SimulatedTime;
import dev.keepword.app.Wakeup;
import dev.keepword.schedule.Clockwork;
import dev.keepword.store.JdbcOutbox;
import dev.keepword.store.JdbcSightings;
import dev.keepword.store.JdbcStandings;
import dev.keepword.store.JdbcAcknowledgements;
import dev.keepword.app.StandingWatch;
import dev.keepword.app.Templates;
import dev.keepword.config.ConfigFiles;
import dev.keepword.domain.Ladders;
import java.util.Map;
import java.time.Duration;
import dev.keepword.app.CommitCommands;
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
    private final dev.keepword.store.JdbcCaptures captures;
    private final dev.keepword.app.PromiseCapture capture;

    private final JdbcOutbox outbox;
    private final JdbcSightings sightings;
    private final NudgePlanner planner;
    private final JdbcStandings standings;
    private final JdbcAcknowledgements acknowledgements;
    private final Templates templates;
    private final StandingWatch standingWatch;
    private final DispatchDueNudges dispatcher;
    private volatile Wakeup wakeup = Wakeup.NONE;
    private final dev.keepword.app.WeeklySummaries summaries;
    private final dev.keepword.store.JdbcEngagementRoster roster;
    private volatile dev.keepword.app.SummaryScheduler summaryScheduler = dev.keepword.app.SummaryScheduler.NONE;
    private Clockwork clockwork;

    /** The agreement, ladders and wording an installation runs with (from {@code config/}). */
    public record Policies(Agreement agreement, Ladders ladders, Map<String, String> templates) {
        public static Policies from(ConfigFiles config) {
            return new Policies(config.agreement(), config.ladders(), config.templates());
        }

        /** {@code agreement} with the packaged ladders and templates. */
        public static Policies of(Agreement agreement) {
            return new Policies(agreement, PACKAGED.ladders(), PACKAGED.templates());
        }
    }

    /** The config files packaged in the jar: the defaults when a caller names no folder. */
    static final ConfigFiles PACKAGED = new ConfigFiles(java.nio.file.Path.of("/nonexistent-keepword-config"));

    /**
     * @param node a name for this process in lease records (several instances may share one database)
     */
    public Wiring(Database database, Clock clock, Policies policies, Directory directory, Chat chat, String node,
                  DispatchDueNudges.Tuning tuning) {
        Agreement agreement = policies.agreement();
        this.database = database;
        this.clock = clock;
        this.agreement = agreement;
        this.commitments = new JdbcCommitments(database.jdbc());
        this.engagements = new JdbcEngagements(database.jdbc(), agreement);
        this.parties = new JdbcParties(database.jdbc());
        this.people = new People(parties, directory);
        this.outbox = new JdbcOutbox(database.jdbc(), database.isPostgres());
        this.sightings = new JdbcSightings(database.jdbc(), database.isPostgres());
        this.standings = new JdbcStandings(database.jdbc());
        this.acknowledgements = new JdbcAcknowledgements(database.jdbc());
        this.templates = new Templates(policies.templates());
        this.standingWatch = new StandingWatch(commitments, standings);
        this.planner = new NudgePlanner(outbox, parties, database.jdbc(), at -> wakeup.dueAt(at), policies.ladders(),
                standings, sightings, commitments, standingWatch);
        this.captures = new dev.keepword.store.JdbcCaptures(database.jdbc());
        this.roster = new dev.keepword.store.JdbcEngagementRoster(database.jdbc(), engagements);
        this.summaries = new dev.keepword.app.WeeklySummaries(engagements, commitments, standings, standingWatch, sightings,
                outbox, at -> wakeup.dueAt(at), chat, new dev.keepword.report.XChartRenderer(), templates);
        // Saving an engagement through the commands keeps its weekly-summary trigger in step.
        this.commands = new CommitCommands(commitments, new dev.keepword.app.ScheduledEngagements(engagements,
                database.jdbc(), () -> summaryScheduler), people, database.jdbc(), clock, agreement, planner,
                sightings, standingWatch, acknowledgements, policies.ladders(), summaries, captures);
        this.capture = new dev.keepword.app.PromiseCapture(commands, engagements, people, captures, clock);
        this.dispatcher = new DispatchDueNudges(outbox, commitments, engagements, parties, chat, database.jdbc(), node, tuning,
                planner, standingWatch, sightings, templates, summaries, clock, acknowledgements);
    }

    /** The packaged ladders and templates, this process's node name and the default tuning (tests). */
    public Wiring(Database database, Clock clock, Agreement agreement, Directory directory, Chat chat) {
        this(database, clock, Policies.of(agreement), directory, chat, defaultNode(), DispatchDueNudges.Tuning.DEFAULT);
    }

    /**
     * This process's name in lease records when none is given: its host, process id and a random part, so two
     * containers whose processes both have id 1 never take each other's leases for their own.
     */
    public static String defaultNode() {
        return "keepword-" + Clockwork.hostName(60) + "-" + ProcessHandle.current().pid() + "-"
                + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /** Starts the Quartz clockwork on this database: the dispatcher tick and housekeeping. */
    public synchronized Clockwork startClockwork(String name, Duration tick) {
        if (clockwork == null) {
            clockwork = Clockwork.start(database.dataSource(), new Clockwork.Options(name, tick, database.isPostgres(),
                    database.isPostgres()), clock, () -> dispatcher, outbox,
                    java.util.List.of(now -> seenEvents().forgetBefore(now.minus(Duration.ofDays(7)))), () -> summaries);
            wakeup = clockwork;
            summaryScheduler = clockwork;
            roster.everywhere().forEach(clockwork::scheduled); // engagements saved before (or by another instance)
        }
        return clockwork;
    }

    /** True unless a clockwork was started and is not firing now (stopping, or stopped). */
    public synchronized boolean clockworkRunning() {
        return clockwork == null || clockwork.running();
    }

    /** Simulated time for the console and tests; needs a {@link MutableClock}. */
    public SimulatedTime simulatedTime() {
        return new SimulatedTime((MutableClock) clock, outbox, dispatcher, java.util.List.of(summaries.timer(roster)));
    }

    /** Where "heard from" is recorded: commands, clicks and messages in engagement channels. */
    public JdbcSightings sightings() {
        return sightings;
    }

    /** Inbound platform events already handled (Slack's event ids), so a platform's retries change nothing. */
    public dev.keepword.app.SeenEvents seenEvents() {
        return new dev.keepword.store.JdbcSeenEvents(database.jdbc());
    }

    /** A person's home page (Slack's App Home): what they owe, what is owed to them, their engagements. */
    public dev.keepword.app.Home home() {
        return new dev.keepword.app.Home(commitments, engagements, parties);
    }

    /** Weekly summaries, reports and exports. */
    public dev.keepword.app.WeeklySummaries summaries() {
        return summaries;
    }

    public JdbcOutbox outbox() {
        return outbox;
    }

    public DispatchDueNudges dispatcher() {
        return dispatcher;
    }

    public NudgePlanner planner() {
        return planner;
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

    /** "Track as commitment" and the private offers to track promises written in engagement channels. */
    public dev.keepword.app.PromiseCapture capture() {
        return capture;
    }

    public dev.keepword.store.JdbcCaptures captures() {
        return captures;
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

    /** Stops the clockwork (if started) and then the database. */
    @Override
    public synchronized void close() {
        if (clockwork != null) {
            clockwork.close();
            clockwork = null;
        }
        database.close();
    }
}
