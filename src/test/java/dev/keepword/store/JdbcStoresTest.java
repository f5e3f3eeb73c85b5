package dev.keepword.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.nio.file.Path;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC stores on a real H2 database, migrated by Flyway exactly as the application opens it. */
class JdbcStoresTest {

    private static final String WS = "T01";
    private static final Instant MONDAY = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant FRIDAY = Instant.parse("2026-11-27T17:00:00Z");
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private Database database;
    private JdbcCommitments commitments;
    private JdbcEngagements engagements;
    private JdbcParties parties;

    @BeforeEach
    void openDatabase() {
        open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    private void open(String url) {
        database = Database.open(url);
        commitments = new JdbcCommitments(database.jdbc());
        engagements = new JdbcEngagements(database.jdbc(), Agreement.DEFAULT);
        parties = new JdbcParties(database.jdbc());
    }

    // --- commitments ---

    @Test
    void commitmentRoundTripsEveryFieldAndItsHistory() {
        Commitment stored = new Commitment(WS, 7, "C-ACME", "Send the signed SOW", Kind.APPROVAL, "U-ANA", "U-BEN",
                FRIDAY, "U-CAT", MONDAY, State.OPEN, Instant.parse("2026-11-25T09:30:00Z"), 2, 1,
                "waiting for legal",
                List.of(new HistoryEntry(MONDAY, "U-CAT", Action.CREATED, "due " + FRIDAY),
                        new HistoryEntry(MONDAY.plusSeconds(60), "U-ANA", Action.RENEGOTIATED, "from a to b: travel"),
                        new HistoryEntry(MONDAY.plusSeconds(120), "U-ANA", Action.SNOOZED, "until tomorrow"),
                        new HistoryEntry(MONDAY.plusSeconds(180), "U-ANA", Action.BLOCKED, "waiting for legal")));

        commitments.save(stored);

        assertEquals(Optional.of(stored), commitments.find(WS, 7));
    }

    @Test
    void commitmentWithoutOptionalFieldsRoundTripsWithNullsAndEmptyReason() {
        Commitment stored = new Commitment(WS, 8, "C-ACME", "Pay invoice 12", Kind.PAYMENT, "U-ANA", null, FRIDAY,
                "U-ANA", MONDAY, State.CANCELLED, null, 0, 0, "",
                List.of(new HistoryEntry(MONDAY, "U-ANA", Action.CREATED, ""),
                        new HistoryEntry(MONDAY.plusSeconds(5), "U-ANA", Action.CANCELLED, null)));

        commitments.save(stored);

        Commitment found = commitments.find(WS, 8).orElseThrow();
        assertEquals(stored, found);
        assertEquals(null, found.owedTo());
        assertEquals(null, found.snoozedUntil());
        assertEquals("", found.blockedReason());
    }

    @Test
    void findingAnUnknownCommitmentGivesNothing() {
        commitments.save(created(WS, 1, "C-ACME"));

        Optional<Commitment> found = commitments.find(WS, 2);

        assertEquals(Optional.empty(), found);
        assertEquals(Optional.empty(), commitments.find("OTHER", 1));
    }

    @Test
    void savingAfterEachChangeAppendsOnlyTheNewHistoryLines() {
        Engagement acme = engagement(WS, "C-ACME", List.of("U-BEN"), List.of("U-ANA"));
        Commitment first = created(WS, 1, "C-ACME");
        Commitment moved = ok(first.move(acme, "U-ANA", FRIDAY.plusSeconds(86_400 * 3), "scope grew",
                MONDAY.plusSeconds(3600)));
        Commitment snoozed = ok(moved.snooze(acme, "U-ANA", FRIDAY.plusSeconds(86_400), MONDAY.plusSeconds(7200)));
        Commitment done = ok(snoozed.done(acme, "U-BEN", "received, thanks", MONDAY.plusSeconds(10_800)));

        commitments.save(first);
        commitments.save(moved);
        commitments.save(snoozed);
        commitments.save(snoozed);
        commitments.save(done);
        commitments.save(done);

        Commitment found = commitments.find(WS, 1).orElseThrow();
        assertEquals(done, found);
        assertEquals(List.of(Action.CREATED, Action.RENEGOTIATED, Action.SNOOZED, Action.DONE),
                found.history().stream().map(HistoryEntry::action).toList());
        assertEquals(4, database.jdbc().one("select count(*) from commitment_history where workspace_id = ?",
                rs -> rs.getInt(1), WS).orElseThrow());
        assertEquals(State.DONE, found.state());
        assertEquals(1, found.renegotiations());
    }

    @Test
    void savingUpdatesTheRowInsteadOfAddingAnother() {
        Engagement acme = engagement(WS, "C-ACME", List.of("U-BEN"), List.of("U-ANA"));
        Commitment first = created(WS, 1, "C-ACME");
        commitments.save(first);

        commitments.save(ok(first.block(acme, "U-ANA", "no VPN access", MONDAY.plusSeconds(60))));

        assertEquals(1, database.jdbc().one("select count(*) from commitment", rs -> rs.getInt(1)).orElseThrow());
        assertEquals("no VPN access", commitments.find(WS, 1).orElseThrow().blockedReason());
    }

    @Test
    void sameIdInTwoWorkspacesAreTwoCommitments() {
        commitments.save(created("T-A", 1, "C-ACME"));
        Commitment other = Commitment.create("T-B", 1, "C-ACME", "Another promise", Kind.INPUT, "U-ZED", null,
                FRIDAY, "U-ZED", MONDAY);

        commitments.save(other);

        assertEquals("Send the draft report", commitments.find("T-A", 1).orElseThrow().title());
        assertEquals(other, commitments.find("T-B", 1).orElseThrow());
    }

    @Test
    void nextIdCountsUpFromOnePerWorkspaceIndependently() {
        List<Long> a = new ArrayList<>();
        List<Long> b = new ArrayList<>();

        a.add(commitments.nextId("T-A"));
        a.add(commitments.nextId("T-A"));
        b.add(commitments.nextId("T-B"));
        a.add(commitments.nextId("T-A"));
        b.add(commitments.nextId("T-B"));

        assertEquals(List.of(1L, 2L, 3L), a);
        assertEquals(List.of(1L, 2L), b);
    }

    @Test
    void nextIdIsNeverReusedEvenWhenNoCommitmentWasSaved() {
        long unused = commitments.nextId(WS);

        long next = commitments.nextId(WS);

        assertEquals(1L, unused);
        assertEquals(2L, next);
    }

    @Test
    void nextIdInsideARolledBackTransactionIsNotGivenOutAgain() {
        // The number is taken in a transaction of its own, so that a command holds no lock on the workspace's counter
        // until it commits (every other command in the workspace would wait for it, across the cluster): if the
        // commitment is never stored, its number stays unused. Numbers may skip; they never repeat.
        try {
            database.jdbc().inTransaction(() -> {
                commitments.nextId(WS);
                throw new IllegalStateException("chat post failed");
            });
        } catch (IllegalStateException expected) {
            // the rollback is what this test is about
        }

        long next = commitments.nextId(WS);

        assertEquals(2L, next);
    }

    @Test
    void concurrentCallersOnAnExistingWorkspaceGetDistinctIds() throws Exception {
        commitments.nextId(WS);

        List<Long> ids = nextIdsFromThreads(WS, 6, 25);

        assertEquals(150, ids.size());
        assertEquals(150, new HashSet<>(ids).size());
        assertEquals(2L, ids.stream().mapToLong(Long::longValue).min().orElseThrow());
        assertEquals(151L, ids.stream().mapToLong(Long::longValue).max().orElseThrow());
    }

    @Test
    void concurrentFirstCallersOnNewWorkspacesGetDistinctIds() throws Exception {
        // The race is on the very first id of a workspace (both callers find no row and insert one), so race often.
        List<String> workspaces = List.of("T-N1", "T-N2", "T-N3", "T-N4", "T-N5", "T-N6", "T-N7", "T-N8", "T-N9",
                "T-N10", "T-N11", "T-N12", "T-N13", "T-N14", "T-N15", "T-N16", "T-N17", "T-N18", "T-N19", "T-N20");

        List<List<Long>> idsPerWorkspace = new ArrayList<>();
        for (String workspace : workspaces) {
            idsPerWorkspace.add(nextIdsFromThreads(workspace, 4, 2));
        }

        for (List<Long> ids : idsPerWorkspace) {
            assertEquals(Set.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), new HashSet<>(ids));
        }
    }

    @Test
    void inChannelsGivesTheCommitmentsOfThoseChannelsNewestFirst() {
        commitments.save(created(WS, 1, "C-ACME"));
        commitments.save(created(WS, 2, "C-GLOBEX"));
        commitments.save(created(WS, 3, "C-ACME"));
        commitments.save(created(WS, 4, "C-INITECH"));
        commitments.save(created("OTHER", 5, "C-ACME"));

        List<Commitment> found = commitments.inChannels(WS, List.of("C-ACME", "C-GLOBEX"));

        assertEquals(List.of(3L, 2L, 1L), found.stream().map(Commitment::id).toList());
        assertEquals(List.of(Action.CREATED), found.get(0).history().stream().map(HistoryEntry::action).toList());
    }

    @Test
    void inChannelsWithNoChannelsOrAnUnknownChannelGivesNothing() {
        commitments.save(created(WS, 1, "C-ACME"));

        List<Commitment> none = commitments.inChannels(WS, List.of());
        List<Commitment> unknown = commitments.inChannels(WS, List.of("C-NOPE"));

        assertEquals(List.of(), none);
        assertEquals(List.of(), unknown);
    }

    // --- engagements ---

    @Test
    void engagementRoundTripsMembersInOrderOnTheirSidesWithItsAgreement() {
        Agreement agreement = new Agreement(LocalTime.of(16, 30), 3, LocalTime.of(8, 45), 1, 4, 2,
                List.of(LocalDate.of(2026, 12, 25), LocalDate.of(2026, 12, 26), LocalDate.of(2027, 1, 1)));
        Engagement stored = new Engagement(WS, "C-ACME", "Acme rollout", List.of("U-ZOE", "U-BEN", "U-MAX"),
                List.of("U-YAN", "U-ANA"), "C-ESCALATIONS", TOKYO, 3, agreement);

        engagements.save(stored);

        Engagement found = engagements.byChannel(WS, "C-ACME").orElseThrow();
        assertEquals(stored, found);
        assertEquals(List.of("U-ZOE", "U-BEN", "U-MAX"), found.clients());
        assertEquals(List.of("U-YAN", "U-ANA"), found.consultants());
        assertTrue(found.agreement().isHoliday(LocalDate.of(2026, 12, 26)));
    }

    @Test
    void engagementWithoutHolidaysRoundTripsWithAnEmptyList() {
        Engagement stored = engagement(WS, "C-ACME", List.of("U-BEN"), List.of("U-ANA"));

        engagements.save(stored);

        assertEquals(stored, engagements.byChannel(WS, "C-ACME").orElseThrow());
        assertEquals(List.of(), engagements.byChannel(WS, "C-ACME").orElseThrow().agreement().holidays());
    }

    @Test
    void savingAnEngagementAgainReplacesItsMembersAndSettings() {
        engagements.save(engagement(WS, "C-ACME", List.of("U-BEN", "U-ZOE"), List.of("U-ANA")));
        Engagement changed = new Engagement(WS, "C-ACME", "Acme phase 2", List.of("U-MAX"), List.of("U-ANA", "U-YAN"),
                "C-ESC2", TOKYO, 1, Agreement.DEFAULT);

        engagements.save(changed);

        assertEquals(changed, engagements.byChannel(WS, "C-ACME").orElseThrow());
        assertEquals(1, engagements.all(WS).size());
        assertEquals(List.of(), engagements.withMember(WS, "U-BEN"));
    }

    @Test
    void withMemberFindsEngagementsOnEitherSideInThatWorkspaceOnly() {
        Engagement acme = engagement(WS, "C-ACME", List.of("U-BEN"), List.of("U-ANA"));
        Engagement globex = engagement(WS, "C-GLOBEX", List.of("U-ANA"), List.of("U-YAN"));
        Engagement initech = engagement(WS, "C-INITECH", List.of("U-ZOE"), List.of("U-YAN"));
        Engagement elsewhere = engagement("OTHER", "C-ACME", List.of("U-BEN"), List.of("U-ANA"));
        List.of(acme, globex, initech, elsewhere).forEach(engagements::save);

        List<Engagement> ana = engagements.withMember(WS, "U-ANA");
        List<Engagement> ben = engagements.withMember(WS, "U-BEN");
        List<Engagement> nobody = engagements.withMember(WS, "U-NOBODY");

        assertEquals(List.of(acme, globex), ana);
        assertEquals(List.of(acme), ben);
        assertEquals(List.of(), nobody);
    }

    @Test
    void allListsTheWorkspacesEngagementsByChannel() {
        Engagement globex = engagement(WS, "C-GLOBEX", List.of("U-ZOE"), List.of("U-YAN"));
        Engagement acme = engagement(WS, "C-ACME", List.of("U-BEN"), List.of("U-ANA"));
        engagements.save(globex);
        engagements.save(acme);
        engagements.save(engagement("OTHER", "C-ZETA", List.of("U-BEN"), List.of("U-ANA")));

        List<Engagement> all = engagements.all(WS);

        assertEquals(List.of(acme, globex), all);
        assertEquals(Optional.empty(), engagements.byChannel(WS, "C-ZETA"));
    }

    @Test
    void agreementStoredBeforeAClauseExistedTakesTheDefaultForIt() {
        engagements.save(engagement(WS, "C-ACME", List.of("U-BEN"), List.of("U-ANA")));
        database.jdbc().update("update engagement set agreement = ? where channel_id = ?",
                "maxSnoozes=9\nholidays=2026-12-25", "C-ACME");

        Agreement loaded = engagements.byChannel(WS, "C-ACME").orElseThrow().agreement();

        assertEquals(9, loaded.maxSnoozes());
        assertEquals(List.of(LocalDate.of(2026, 12, 25)), loaded.holidays());
        assertEquals(Agreement.DEFAULT.defaultDueTime(), loaded.defaultDueTime());
        assertEquals(Agreement.DEFAULT.dailyNudgeCap(), loaded.dailyNudgeCap());
    }

    // --- parties ---

    @Test
    void aRowPlannedForAnInstantFinerThanAMicrosecondIsDueAtThatInstant() {
        // The column keeps microseconds; the clock gives nanoseconds. Stored rounded up, a row planned for 09:00:00.0000006
        // read as due at 09:00:00.000001 and was not taken by a claim at the very instant it was planned for (it waited
        // for the next tick).
        JdbcOutbox outbox = new JdbcOutbox(database.jdbc(), database.isPostgres());
        Instant at = FRIDAY.minusSeconds(3600).plusNanos(600);
        outbox.add(List.of(new dev.keepword.app.Outbox.NewRow(WS, 7, FRIDAY, "U-SAM", "DUE_TODAY", 0, at,
                WS + ":7:DUE_TODAY:0@" + FRIDAY.getEpochSecond(), "")));

        assertFalse(outbox.nextDue().orElseThrow().isAfter(at));
        assertEquals(1, outbox.claim("node-1", at, at.plusSeconds(120), 10, java.time.Duration.ZERO).size());
    }

    @Test
    void twoTransactionsPlanningTheSameNudgeAtOnceLeaveOneRowAndNeitherFails() throws Exception {
        JdbcOutbox outbox = new JdbcOutbox(database.jdbc(), database.isPostgres());
        dev.keepword.app.Outbox.NewRow row = new dev.keepword.app.Outbox.NewRow(WS, 7, FRIDAY, "U-SAM", "DUE_TODAY", 0,
                FRIDAY.minusSeconds(3600), WS + ":7:DUE_TODAY:0@" + FRIDAY.getEpochSecond(), "");
        CountDownLatch firstInserted = new CountDownLatch(1);
        CountDownLatch secondWaiting = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = pool.submit(() -> database.jdbc().inTransaction(() -> {
                outbox.add(List.of(row));
                firstInserted.countDown();
                await(secondWaiting);
                return null;
            }));
            assertTrue(firstInserted.await(30, TimeUnit.SECONDS));
            Future<?> second = pool.submit(() -> database.jdbc().inTransaction(() -> {
                outbox.add(List.of(row));
                return null;
            }));
            // The second is under way once H2's session table shows its insert executing (it waits on the first's row).
            while (database.jdbc().one("select count(*) from information_schema.sessions where session_id <> session_id() "
                    + "and executing_statement like '%insert into outbox%'", rs -> rs.getLong(1)).orElse(0L) == 0
                    && !second.isDone()) {
                Thread.onSpinWait();
            }
            secondWaiting.countDown();

            first.get(30, TimeUnit.SECONDS);
            second.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertEquals(1L, database.jdbc().one("select count(*) from outbox where dedupe_key = ?", rs -> rs.getLong(1),
                row.dedupeKey()).orElseThrow());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void inboundItemsArrivingTogetherAreStoredInOneGoEachOnce() {
        InboundBatches.batchesStoreEachItemOnceAndNameTheRepeats(database, WS);
    }

    @Test
    void aPersonsFirstMessagesAtOnceAreAllRecordedAndTheLatestWins() throws Exception {
        JdbcSightings sightings = new JdbcSightings(database.jdbc(), database.isPostgres());
        for (int person = 0; person < 5; person++) {
            String user = "U-NEW-" + person;
            List<Instant> times = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                times.add(MONDAY.plusSeconds(90L * i));
            }

            List<Throwable> failures = SightingsRace.firstSightings(database, sightings, WS, user, times);

            assertEquals(List.of(), failures);
            assertEquals(Optional.of(MONDAY.plusSeconds(450)), sightings.lastHeard(WS, user));
        }
    }

    @Test
    void partyRoundTripsZoneWorkingDaysAndHours() {
        Party stored = new Party(WS, "U-KEN", "Ken Sato", TOKYO,
                new WorkingHours(EnumSet.of(DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY),
                        LocalTime.of(7, 15), LocalTime.of(15, 45)));

        parties.save(stored);

        Party found = parties.find(WS, "U-KEN").orElseThrow();
        assertEquals(stored, found);
        assertEquals(TOKYO, found.zone());
        assertEquals(Set.of(DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY), found.hours().days());
        assertEquals(LocalTime.of(7, 15), found.hours().start());
        assertEquals(LocalTime.of(15, 45), found.hours().end());
    }

    @Test
    void savingAPartyAgainUpdatesItsZoneAndHours() {
        Party ana = new Party(WS, "U-ANA", "Ana", LONDON, WorkingHours.OFFICE);
        parties.save(ana);
        Party moved = new Party(WS, "U-ANA", "Ana Lima", ZoneId.of("America/Sao_Paulo"),
                new WorkingHours(EnumSet.range(DayOfWeek.TUESDAY, DayOfWeek.SATURDAY), LocalTime.of(10, 0),
                        LocalTime.of(19, 0)));

        parties.save(moved);

        assertEquals(Optional.of(moved), parties.find(WS, "U-ANA"));
        assertEquals(List.of(moved), parties.all(WS));
    }

    @Test
    void allListsTheWorkspacesPartiesById() {
        Party zoe = new Party(WS, "U-ZOE", "Zoe", LONDON, WorkingHours.OFFICE);
        Party ana = new Party(WS, "U-ANA", "Ana", TOKYO, WorkingHours.OFFICE);
        parties.save(zoe);
        parties.save(ana);
        parties.save(new Party("OTHER", "U-BEN", "Ben", LONDON, WorkingHours.OFFICE));

        List<Party> all = parties.all(WS);

        assertEquals(List.of(ana, zoe), all);
        assertEquals(Optional.empty(), parties.find(WS, "U-BEN"));
    }

    // --- transactions ---

    @Test
    void storeCallsInsideAFailedTransactionAreAllRolledBack() {
        Engagement acme = engagement(WS, "C-ACME", List.of("U-BEN"), List.of("U-ANA"));

        try {
            database.jdbc().inTransaction(() -> {
                engagements.save(acme);
                commitments.save(created(WS, commitments.nextId(WS), "C-ACME"));
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            // the rollback is what this test is about
        }

        assertEquals(List.of(), engagements.all(WS));
        assertEquals(Optional.empty(), commitments.find(WS, 1));
    }

    // --- restart ---

    @Test
    void fileDatabaseKeepsEverythingAcrossARestart(@TempDir Path dir) {
        database.close();
        String path = dir.resolve("keepword").toString();
        open(path);
        Engagement acme = new Engagement(WS, "C-ACME", "Acme", List.of("U-BEN", "U-ZOE"), List.of("U-ANA"), "C-ESC",
                LONDON, 1, new Agreement(LocalTime.of(17, 0), 2, LocalTime.of(9, 30), 3, 2, 6,
                List.of(LocalDate.of(2026, 12, 25))));
        Party ana = new Party(WS, "U-ANA", "Ana", LONDON, WorkingHours.OFFICE);
        Commitment first = created(WS, commitments.nextId(WS), "C-ACME");
        Commitment blocked = ok(first.block(acme, "U-ANA", "no access", MONDAY.plusSeconds(60)));
        engagements.save(acme);
        parties.save(ana);
        commitments.save(first);
        commitments.save(blocked);

        database.close();
        open(path);

        assertEquals(Optional.of(blocked), commitments.find(WS, 1));
        assertEquals(Optional.of(acme), engagements.byChannel(WS, "C-ACME"));
        assertEquals(Optional.of(ana), parties.find(WS, "U-ANA"));
        assertEquals(2L, commitments.nextId(WS));
        assertTrue(database.url().startsWith("jdbc:h2:file:"));
    }

    // --- helpers ---

    private List<Long> nextIdsFromThreads(String workspace, int threads, int idsEach) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<List<Long>>> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                callers.add(() -> {
                    start.await();
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < idsEach; i++) {
                        mine.add(commitments.nextId(workspace));
                    }
                    return mine;
                });
            }
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (Callable<List<Long>> caller : callers) {
                futures.add(pool.submit(caller));
            }
            start.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : futures) {
                all.addAll(f.get(30, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            // shutdown, not shutdownNow: interrupting a thread inside H2 closes the database (STACK.md trap 12).
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    private static Commitment created(String workspace, long id, String channel) {
        return Commitment.create(workspace, id, channel, "Send the draft report", Kind.DELIVERABLE, "U-ANA", "U-BEN",
                FRIDAY, "U-BEN", MONDAY);
    }

    private static Engagement engagement(String workspace, String channel, List<String> clients,
                                         List<String> consultants) {
        return new Engagement(workspace, channel, null, clients, consultants, "C-ESC", LONDON, 2, Agreement.DEFAULT);
    }

    private static <T> T ok(Outcome<T> outcome) {
        if (outcome instanceof Outcome.Ok<T> ok) {
            return ok.value();
        }
        throw new AssertionError("expected a value but was " + outcome);
    }
}
