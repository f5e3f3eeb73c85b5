package dev.keepword.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepword.app.Outbox;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.Kind;
import dev.keepword.domain.Party;
import dev.keepword.domain.WorkingHours;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dispatcher's batch reads and writes, on H2 and on a real PostgreSQL: a claim that leases a whole batch (due rows,
 * the same people's nearby rows, expired leases) in one write, a batch of next steps with a repeat among them, outcomes
 * written only for rows still leased (each sent row's own, once), sent messages' history lines kept through a purge, and a batch's commitments and
 * people read a query each.
 */
class OutboxBatchTest {
    private static final Instant NOW = Instant.parse("2026-11-23T09:30:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(30);
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    static Stream<String> databases() {
        return Stream.of("h2", "postgres");
    }

    private static Database open(String kind) {
        return kind.equals("h2") ? Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
                : Database.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null);
    }

    private static Outbox.NewRow row(String ws, long commitment, String recipient, String key, Instant at) {
        return new Outbox.NewRow(ws, commitment, NOW.plus(Duration.ofDays(2)), recipient, "HEADS_UP", 0, at, ws + ":" + key, "");
    }

    private static String state(Database db, String ws, String key) {
        return db.jdbc().one("select state || '/' || coalesce(lease_owner, '-') from outbox where dedupe_key = ?",
                rs -> rs.getString(1), ws + ":" + key).orElse("none");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void claimLeasesDueRowsNearbyRowsOfTheSamePeopleAndExpiredLeasesTogether(String kind) {
        try (Database db = open(kind)) {
            String ws = "T-" + UUID.randomUUID();
            JdbcOutbox outbox = new JdbcOutbox(db.jdbc(), db.isPostgres());
            outbox.add(List.of(
                    row(ws, 1, "U1", "due-u1", NOW.minusSeconds(60)),
                    row(ws, 2, "U1", "nearby-u1", NOW.plus(Duration.ofMinutes(10))),
                    row(ws, 3, "U2", "due-u2", NOW),
                    row(ws, 4, "U3", "later-u3", NOW.plus(Duration.ofMinutes(10))),
                    row(ws, 5, "U4", "expired-u4", NOW.minus(Duration.ofMinutes(10))),
                    row(ws, 6, "U5", "held-u5", NOW.minus(Duration.ofMinutes(10)))));
            // Another process's leases, written as JdbcOutbox.claim writes a lease: until then, and due again then.
            db.jdbc().update("update outbox set state = 'SENDING', lease_owner = 'other', lease_until = ?, due_at = ? "
                    + "where dedupe_key = ?", NOW.minusSeconds(1), NOW.minusSeconds(1), ws + ":expired-u4");
            db.jdbc().update("update outbox set state = 'SENDING', lease_owner = 'other', lease_until = ?, due_at = ? "
                    + "where dedupe_key = ?", NOW.plusSeconds(60), NOW.plusSeconds(60), ws + ":held-u5");

            List<Outbox.Row> claimed = outbox.claim("me", NOW, NOW.plus(Duration.ofMinutes(2)), 10, WINDOW);

            assertEquals(List.of(5L, 1L, 3L, 2L), claimed.stream().map(Outbox.Row::commitmentId).toList(),
                    "the due rows and the expired lease in the order they were planned for, then the nearby row of a person in "
                            + "the batch");
            for (String key : List.of("due-u1", "nearby-u1", "due-u2", "expired-u4")) {
                assertEquals("SENDING/me", state(db, ws, key), key);
            }
            assertEquals("PLANNED/-", state(db, ws, "later-u3"), "nobody in the batch: not yet");
            assertEquals("SENDING/other", state(db, ws, "held-u5"), "a lease still running is left alone");
            assertEquals(List.of(), outbox.claim("you", NOW, NOW.plus(Duration.ofMinutes(2)), 10, WINDOW),
                    "nothing left to claim");
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aLeasedRowIsClaimedAgainOnlyOnceItsLeaseRunsOutAndRenewingTheLeaseMovesThatOn(String kind) {
        try (Database db = open(kind)) {
            String ws = "T-" + UUID.randomUUID();
            JdbcOutbox outbox = new JdbcOutbox(db.jdbc(), db.isPostgres());
            outbox.add(List.of(row(ws, 1, "U1", "leased", NOW)));
            List<Long> ids = ours(ws, outbox.claim("a", NOW, NOW.plus(Duration.ofMinutes(2)), 10, WINDOW));
            assertEquals(1, ids.size());

            assertEquals(List.of(), ours(ws, outbox.claim("b", NOW.plusSeconds(60), NOW.plusSeconds(180), 10, WINDOW)),
                    "a running lease is not claimed");
            assertEquals(1, outbox.renew(ids, "a", NOW.plus(Duration.ofMinutes(5))));
            assertEquals(0, outbox.renew(ids, "b", NOW.plus(Duration.ofMinutes(9))), "only the holder renews a lease");
            assertEquals(List.of(), ours(ws, outbox.claim("b", NOW.plusSeconds(180), NOW.plusSeconds(300), 10, WINDOW)),
                    "the renewed lease runs to 09:35, past the lease it was claimed with");
            if (kind.equals("h2")) { // a database of its own: nothing else is planned in it
                assertEquals(NOW.plus(Duration.ofMinutes(5)), outbox.nextDue().orElseThrow(),
                        "the dispatcher looks again when the lease runs out");
            }
            assertEquals(ids, ours(ws, outbox.claim("b", NOW.plus(Duration.ofMinutes(5)), NOW.plus(Duration.ofMinutes(7)),
                    10, WINDOW)), "claimed again once the lease has run out");
            assertEquals("SENDING/b", state(db, ws, "leased"));
        }
    }

    /** The ids of the claimed rows of this test's workspace (the PostgreSQL database is shared by the tests). */
    private static List<Long> ours(String ws, List<Outbox.Row> claimed) {
        return claimed.stream().filter(r -> r.workspaceId().equals(ws)).map(Outbox.Row::id).toList();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aBatchOfNextStepsWithRepeatsAmongThemStoresEachOnceAndKeepsWhatWasThere(String kind) {
        try (Database db = open(kind)) {
            String ws = "T-" + UUID.randomUUID();
            JdbcOutbox outbox = new JdbcOutbox(db.jdbc(), db.isPostgres());
            outbox.add(List.of(row(ws, 1, "U1", "existing", NOW.plusSeconds(600))));

            outbox.add(List.of(row(ws, 2, "U2", "fresh", NOW), row(ws, 1, "U1", "existing", NOW),
                    row(ws, 3, "U3", "other", NOW), row(ws, 2, "U2", "fresh", NOW.plusSeconds(5))));

            assertEquals(3L, db.jdbc().one("select count(*) from outbox where workspace_id = ?", rs -> rs.getLong(1), ws)
                    .orElseThrow());
            assertEquals(NOW.plusSeconds(600), db.jdbc().one("select due_at from outbox where dedupe_key = ?",
                    rs -> Jdbc.instant(rs, "due_at"), ws + ":existing").orElseThrow(), "the row already planned stays as it was");
            assertEquals(NOW, db.jdbc().one("select due_at from outbox where dedupe_key = ?",
                    rs -> Jdbc.instant(rs, "due_at"), ws + ":fresh").orElseThrow(), "the first of two repeats is the one kept");
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void outcomesOfABatchChangeOnlyTheRowsStillLeased(String kind) {
        try (Database db = open(kind)) {
            String ws = "T-" + UUID.randomUUID();
            JdbcOutbox outbox = new JdbcOutbox(db.jdbc(), db.isPostgres());
            outbox.add(List.of(row(ws, 1, "U1", "a", NOW), row(ws, 2, "U2", "b", NOW), row(ws, 3, "U3", "c", NOW),
                    row(ws, 4, "U4", "d", NOW)));
            List<Outbox.Row> claimed = outbox.claim("me", NOW, NOW.plus(Duration.ofMinutes(2)), 10, WINDOW);
            assertEquals(4, claimed.size());
            long b = claimed.stream().filter(r -> r.commitmentId() == 2).findFirst().orElseThrow().id();
            outbox.sent(List.of(new Outbox.SentRow(b, "HEADS_UP", 0, "m1", NOW, null, null)));
            List<Long> ids = claimed.stream().map(Outbox.Row::id).toList();

            outbox.finish(ids.subList(0, 2), "DROPPED", "commitment closed");
            outbox.retry(ids.subList(2, 3), NOW.plusSeconds(30), "timeout");
            outbox.postpone(ids.subList(3, 4), NOW.plusSeconds(3600));

            assertEquals("DROPPED/me", state(db, ws, "a"));
            assertEquals("SENT/me", state(db, ws, "b"), "already sent: a later outcome for it changes nothing");
            assertEquals("PLANNED/me", state(db, ws, "c"));
            assertEquals(1, db.jdbc().one("select attempts from outbox where dedupe_key = ?", rs -> rs.getInt(1), ws + ":c")
                    .orElseThrow());
            assertEquals("PLANNED/me", state(db, ws, "d"));
            assertEquals(0, db.jdbc().one("select attempts from outbox where dedupe_key = ?", rs -> rs.getInt(1), ws + ":d")
                    .orElseThrow(), "postponed without an attempt");
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aBatchMarkedSentWritesEachRowsOwnOutcomeOnceAndOnlyWhileLeased(String kind) {
        try (Database db = open(kind)) {
            String ws = "T-" + UUID.randomUUID();
            JdbcOutbox outbox = new JdbcOutbox(db.jdbc(), db.isPostgres());
            outbox.add(List.of(row(ws, 1, "U1", "a", NOW), row(ws, 2, "U2", "b", NOW), row(ws, 3, "U3", "c", NOW)));
            Map<Long, Long> ids = new java.util.HashMap<>();
            outbox.claim("me", NOW, NOW.plus(Duration.ofMinutes(2)), 10, WINDOW)
                    .forEach(r -> ids.put(r.commitmentId(), r.id()));
            outbox.finish(List.of(ids.get(3L)), "DROPPED", "commitment closed");
            Instant later = NOW.plusSeconds(5);

            outbox.sent(List.of(
                    new Outbox.SentRow(ids.get(1L), "HEADS_UP", 0, "m1", NOW, "REMINDER", "heads-up"),
                    new Outbox.SentRow(ids.get(2L), "OVERDUE", 2, "m2", later, null, null),
                    new Outbox.SentRow(ids.get(1L), "DUE_TODAY", 0, "m9", later, "NOTICE", "twice"),
                    new Outbox.SentRow(ids.get(3L), "HEADS_UP", 0, "m3", NOW, "REMINDER", "heads-up")));

            assertEquals("SENT HEADS_UP 0 m1 " + NOW + " REMINDER heads-up", sent(db, ws, "a"),
                    "listed twice: the first outcome, as a second update finds it sent already");
            assertEquals("SENT OVERDUE 2 m2 " + later + " null null", sent(db, ws, "b"));
            assertEquals("DROPPED null null null null null null", sent(db, ws, "c"), "no longer leased: left as it was");
        }
    }

    private static String sent(Database db, String ws, String key) {
        return db.jdbc().one("select state, sent_step, sent_occurrence, message_ref, sent_at, told_action, told_what "
                + "from outbox where dedupe_key = ?", rs -> rs.getString(1) + " " + rs.getString(2) + " "
                + rs.getObject(3) + " " + rs.getString(4) + " " + Jdbc.instant(rs, "sent_at") + " " + rs.getString(6)
                + " " + rs.getString(7), ws + ":" + key).orElseThrow();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aSentMessagesHistoryLineMovesFromItsOutboxRowToTheKeptMessagesWhenTheRowIsPurged(String kind) {
        try (Database db = open(kind)) {
            String ws = "T-" + UUID.randomUUID();
            JdbcOutbox outbox = new JdbcOutbox(db.jdbc(), db.isPostgres());
            JdbcCommitments commitments = new JdbcCommitments(db.jdbc());
            Instant due = NOW.plus(Duration.ofDays(2));
            for (long id = 1; id <= 2; id++) {
                commitments.save(Commitment.create(ws, id, "C1", "item " + id, Kind.DELIVERABLE, "U" + id, "L1", due, "L1",
                        NOW.minus(Duration.ofDays(1))));
            }
            // #3's commitment is gone: its line has nowhere to go and leaves with the row.
            outbox.add(List.of(row(ws, 1, "U1", "one", NOW), row(ws, 1, "U1", "one-untold", NOW), row(ws, 2, "U2", "two", NOW),
                    row(ws, 3, "U3", "three", NOW)));
            List<Outbox.Row> claimed = outbox.claim("me", NOW, NOW.plus(Duration.ofMinutes(2)), 100, WINDOW).stream()
                    .filter(r -> r.workspaceId().equals(ws)).toList(); // other tests' rows may be due too (PostgreSQL)
            assertEquals(4, claimed.size());
            long untold = db.jdbc().one("select id from outbox where dedupe_key = ?", rs -> rs.getLong(1), ws + ":one-untold")
                    .orElseThrow();
            outbox.sent(claimed.stream().map(r -> r.id() == untold
                    ? new Outbox.SentRow(r.id(), "HEADS_UP", 0, "m" + r.id(), NOW, null, null)
                    : new Outbox.SentRow(r.id(), "HEADS_UP", 0, "m" + r.id(), NOW.plusSeconds(r.commitmentId()), "REMINDER",
                    "heads-up")).toList());
            List<String> before = messages(commitments, ws);
            assertEquals(List.of("1: reminder heads-up to U1: sent", "2: reminder heads-up to U2: sent"), before,
                    "a line for each sent row that has one, read from the rows");
            assertEquals(before.subList(0, 1), messages(commitments.find(ws, 1).orElseThrow()), "the same read one by one");

            int purged = outbox.purgeFinished(NOW.plus(Duration.ofMinutes(1)));

            assertTrue(purged >= 4, purged + " purged");
            assertEquals(0, db.jdbc().one("select count(*) from outbox where workspace_id = ?", rs -> rs.getLong(1), ws)
                    .orElseThrow());
            assertEquals(2, db.jdbc().one("select count(*) from commitment_message where workspace_id = ?",
                    rs -> rs.getLong(1), ws).orElseThrow(), "the two lines kept, none for the untold row or #3");
            assertEquals(before, messages(commitments, ws), "the same history after the purge");
            assertEquals(before.subList(0, 1), messages(commitments.find(ws, 1).orElseThrow()));
        }
    }

    private static List<String> messages(JdbcCommitments commitments, String ws) {
        return commitments.findAll(ws, List.of(1L, 2L)).stream().flatMap(c -> messages(c).stream()).toList();
    }

    private static List<String> messages(Commitment c) {
        return c.history().stream().filter(dev.keepword.domain.HistoryEntry::isMessage)
                .map(h -> c.id() + ": " + h.action().name().toLowerCase(java.util.Locale.ROOT) + " " + h.detail() + " to "
                        + h.to() + ": " + h.outcome()).toList();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aBatchReadsItsCommitmentsAndPeopleAtOnceIgnoringOtherWorkspacesAndUnknownIds(String kind) {
        try (Database db = open(kind)) {
            String ws = "T-" + UUID.randomUUID();
            String elsewhere = "T-" + UUID.randomUUID();
            JdbcCommitments commitments = new JdbcCommitments(db.jdbc());
            JdbcParties parties = new JdbcParties(db.jdbc());
            Instant due = NOW.plus(Duration.ofDays(2));
            for (long id = 1; id <= 3; id++) {
                commitments.save(Commitment.create(ws, id, "C1", "item " + id, Kind.DELIVERABLE, "U" + id, "L1", due, "L1", NOW));
            }
            commitments.save(Commitment.create(elsewhere, 4, "C1", "not here", Kind.DELIVERABLE, "U4", "L1", due, "L1", NOW));
            parties.save(new Party(ws, "U1", "One", ZoneId.of("Europe/London"), WorkingHours.OFFICE));
            parties.save(new Party(ws, "U2", "Two", ZoneId.of("Asia/Tokyo"), WorkingHours.OFFICE));
            parties.save(new Party(elsewhere, "U3", "Three", ZoneId.of("UTC"), WorkingHours.OFFICE));

            List<Commitment> found = commitments.findAll(ws, List.of(3L, 1L, 4L, 99L, 1L));
            Map<String, Party> people = parties.findAll(ws, List.of("U1", "U2", "U3", "U9"));

            assertEquals(List.of(1L, 3L), found.stream().map(Commitment::id).toList());
            assertTrue(found.stream().allMatch(c -> c.history().size() == 1), "each with its history");
            assertEquals(commitments.find(ws, 3).orElseThrow(), found.get(1), "the same as read one by one");
            assertEquals(Map.of("U1", parties.find(ws, "U1").orElseThrow(), "U2", parties.find(ws, "U2").orElseThrow()),
                    people);
        }
    }
}
