package dev.keepword.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepword.Wiring;
import dev.keepword.config.ConfigFiles;
import dev.keepword.console.ConsoleText;
import dev.keepword.domain.Agreement;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Kind;
import dev.keepword.domain.Standing;
import dev.keepword.store.Database;
import dev.keepword.store.Jdbc;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code /commit done} and the standing review it runs read only the reliability window (90 days by default), not the
 * owner's whole history: with 10 or with 10,000 older commitments for sam, the same statements run and return the
 * same number of rows, counted by H2 itself (its query statistics, on a real H2 database), and H2 reads only the
 * window through the index. Not a timing test: counts, which would grow with the history if it were loaded.
 */
class StandingHistoryCostTest {

    /** Monday 23 November 2026, 10:00 in London. */
    private static final Instant MONDAY = Instant.parse("2026-11-23T10:00:00Z");
    private static final String WS = "console";

    /** What one {@code /commit done} cost, in H2's words, and what it decided. */
    record Cost(long statements, long rows, long commitmentRows, List<String> answer, String standing,
                Standing.Assessment assessment, Standing.Assessment fromWholeHistory, long scanned) {
    }

    @Test
    void doneAndTheStandingReviewCostTheSameWith10Or10000PastCommitments() {
        Cost few = doneWithPastCommitments(10);
        Cost many = doneWithPastCommitments(10_000);

        assertEquals(few.answer(), many.answer());
        assertEquals("[private @sam] Marked #1 done. Thank you for keeping your word.", many.answer().get(0));
        assertEquals(few.statements(), many.statements(), "statements run by done");
        assertEquals(few.rows(), many.rows(), "rows H2 returned to done");
        assertEquals(few.commitmentRows(), many.commitmentRows(), "commitment rows materialised by done");
        assertTrue(many.rows() < 200, "done read " + many.rows() + " rows");
        assertEquals(few.scanned(), many.scanned(), "rows H2 scanned for sam's recent history");
        assertTrue(many.scanned() < 50, "H2 scanned " + many.scanned() + " rows");
        // The same verdict as judging everything sam ever owed, with 10,000 older commitments (a fifth of them missed).
        assertEquals(many.fromWholeHistory(), many.assessment());
        assertEquals(few.assessment(), many.assessment());
        assertEquals(new Standing.Assessment(Standing.Level.SLIPPING, new Standing.Reliability(5, 3)), many.assessment());
        assertEquals("SLIPPING", many.standing());
    }

    private Cost doneWithPastCommitments(int past) {
        MutableClock clock = new MutableClock(MONDAY);
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;QUERY_STATISTICS=TRUE"
                + ";QUERY_STATISTICS_MAX_ENTRIES=1000";
        try (Wiring wiring = new Wiring(Database.open(url), clock, Agreement.DEFAULT, (ws, id) -> Optional.empty(),
                (ws, target, message) -> new Delivery.Undeliverable("no chat adapter is configured"))) {
            wiring.seed(new ConfigFiles(Path.of("config")).demoWorkspace());
            Jdbc jdbc = wiring.database().jdbc();
            wiring.commands().handle(new Inbound(WS, "acme", "maya", "@sam send the brand guidelines by friday"));
            insertHistory(jdbc, past);
            Engagement acme = wiring.engagements().byChannel(WS, "acme").orElseThrow();
            jdbc.update("set query_statistics false"); // clears them
            jdbc.update("set query_statistics true");

            List<String> answer = wiring.commands().handle(new Inbound(WS, "acme", "sam", "done 1")).stream()
                    .map(ConsoleText::render).toList();

            List<long[]> stats = new ArrayList<>();
            long commitmentRows = 0;
            for (Object[] s : jdbc.query("select sql_statement, execution_count, cumulative_row_count "
                    + "from information_schema.query_statistics", rs -> new Object[]{rs.getString(1), rs.getLong(2),
                    rs.getLong(3)})) {
                String sql = ((String) s[0]).toLowerCase(java.util.Locale.ROOT);
                if (sql.contains("query_statistics")) {
                    continue;
                }
                stats.add(new long[]{(Long) s[1], (Long) s[2]});
                if (sql.startsWith("select * from commitment c")) {
                    commitmentRows += (Long) s[2];
                }
            }
            String standing = jdbc.one("select level from party_standing where workspace_id = ? and user_id = ?",
                    rs -> rs.getString(1), WS, "sam").orElse("none");
            StandingWatch watch = new StandingWatch(wiring.commitments(), new dev.keepword.store.JdbcStandings(jdbc));
            Standing.Assessment assessment = watch.assess(WS, "sam", acme, clock.now());
            Standing.Assessment whole = Standing.assess(wiring.commitments().ownedBy(WS, "sam"), clock.now(), acme.terms(),
                    acme.agreement().maxRenegotiations(), false);
            return new Cost(stats.stream().mapToLong(s -> s[0]).sum(), stats.stream().mapToLong(s -> s[1]).sum(),
                    commitmentRows, answer, standing, assessment, whole, scanned(jdbc, acme, clock.now()));
        }
    }

    /** What H2 says it scanned (EXPLAIN ANALYZE's scanCount) for the two reads of sam's window. */
    private static long scanned(Jdbc jdbc, Engagement e, Instant now) {
        Instant since = Standing.windowStart(now, e.terms());
        long total = 0;
        for (String where : List.of(
                "c.workspace_id = ? and c.owner_id = ? and c.state = 'OPEN' and c.kind <> 'CHANGE_REQUEST'"
                        + " and (c.due_at >= ? or c.renegotiations > 0)",
                "c.workspace_id = ? and c.owner_id = ? and c.state = 'DONE' and c.done_at >= ?"
                        + " and c.kind <> 'CHANGE_REQUEST'")) {
            String plan = String.join("\n", jdbc.query("explain analyze select * from commitment c where " + where,
                    rs -> rs.getString(1), WS, "sam", since));
            Matcher m = Pattern.compile("scanCount: (\\d+)").matcher(plan);
            assertTrue(m.find(), plan);
            assertTrue(plan.toUpperCase(java.util.Locale.ROOT).contains("COMMITMENT_BY_OWNER_DONE"), plan);
            total += Long.parseLong(m.group(1));
        }
        return total;
    }

    /**
     * {@code past} commitments sam owed long before the window (a fifth of them done late, some cancelled), and the
     * same four in the window for every run: the second and fourth done late (two lapses), the others on time. One bulk JDBC insert each for
     * the commitments and their history, with the columns {@code JdbcCommitments.save} writes.
     */
    private static void insertHistory(Jdbc jdbc, int past) {
        List<Commitment> all = new ArrayList<>();
        long id = 2;
        Engagement acme = null;
        for (int i = 0; i < past; i++) {
            Instant created = MONDAY.minus(Duration.ofDays(200 + i % 3000)).minus(Duration.ofHours(i % 24));
            Instant due = created.plus(Duration.ofDays(5));
            Commitment c = Commitment.create(WS, id++, "acme", "old thing " + i, Kind.INPUT, "sam", "maya", due, "maya",
                    created);
            all.add(i % 11 == 0 ? closed(c, dev.keepword.domain.Action.CANCELLED, due.minus(Duration.ofDays(1)))
                    : closed(c, dev.keepword.domain.Action.DONE, i % 5 == 0 ? due.plus(Duration.ofDays(2))
                    : due.minus(Duration.ofHours(3))));
        }
        for (int i = 0; i < 4; i++) {
            Instant created = MONDAY.minus(Duration.ofDays(60 - 10L * i));
            Instant due = created.plus(Duration.ofDays(3));
            Commitment c = Commitment.create(WS, id++, "acme", "recent thing " + i, Kind.INPUT, "sam", "maya", due,
                    "maya", created);
            all.add(closed(c, dev.keepword.domain.Action.DONE, i % 2 == 1 ? due.plus(Duration.ofDays(1))
                    : due.minus(Duration.ofHours(1))));
        }
        List<Object[]> rows = new ArrayList<>();
        List<Object[]> history = new ArrayList<>();
        for (Commitment c : all) {
            rows.add(new Object[]{c.workspaceId(), c.id(), c.channelId(), c.title(), c.kind(), c.owner(), c.owedTo(),
                    c.due(), c.createdBy(), c.createdAt(), c.state(), c.snoozedUntil(), c.snoozes(), c.renegotiations(),
                    c.blockedReason(), c.doneAt().orElse(null)});
            for (int seq = 0; seq < c.history().size(); seq++) {
                var h = c.history().get(seq);
                history.add(new Object[]{c.workspaceId(), c.id(), seq, h.at(), h.actor(), h.action(), h.detail()});
            }
        }
        jdbc.batch("""
                insert into commitment (workspace_id, id, channel_id, title, kind, owner_id, owed_to, due_at,
                  created_by, created_at, state, snoozed_until, snoozes, renegotiations, blocked_reason, done_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        jdbc.batch("""
                insert into commitment_history (workspace_id, commitment_id, seq, at, actor, action, detail)
                values (?, ?, ?, ?, ?, ?, ?)""", history);
        jdbc.update("update workspace set next_commitment_id = ? where id = ?", id, WS);
    }

    /** The commitment closed at {@code at}, as the domain would close it (the consultant's engagement allows both). */
    private static Commitment closed(Commitment c, dev.keepword.domain.Action how, Instant at) {
        List<dev.keepword.domain.HistoryEntry> h = new ArrayList<>(c.history());
        h.add(new dev.keepword.domain.HistoryEntry(at, "sam", how, ""));
        return new Commitment(c.workspaceId(), c.id(), c.channelId(), c.title(), c.kind(), c.owner(), c.owedTo(), c.due(),
                c.createdBy(), c.createdAt(), how == dev.keepword.domain.Action.DONE ? dev.keepword.domain.State.DONE
                : dev.keepword.domain.State.CANCELLED, null, 0, 0, "", h);
    }
}
