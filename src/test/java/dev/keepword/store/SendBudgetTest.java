package dev.keepword.store;

import dev.keepword.app.LocalSendBudget;
import dev.keepword.app.SendBudget;
import dev.keepword.app.SendBudget.Rate;
import dev.keepword.app.SendBudget.Slot;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The send budget: a token bucket per rate in its "next free slot" form, in memory ({@code local}) and in the
 * {@code send_budget} table on H2 and on a real PostgreSQL, where several processes (here: separate connection pools)
 * reserving at once get distinct slots that never exceed the rate.
 */
class SendBudgetTest {
    private static final Instant T0 = Instant.parse("2026-11-23T09:30:00Z");
    private static final Rate WORKSPACE = new Rate("workspace", 3, Duration.ofSeconds(1));
    private static EmbeddedPostgres postgres;
    private final List<Database> opened = new ArrayList<>();
    private String ws;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @AfterEach
    void close() {
        opened.forEach(Database::close);
    }

    private final String h2 = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    /** A budget as one process holds it; for the database kinds, each call opens a pool of its own on one database. */
    private SendBudget budget(String kind) {
        ws = "T" + UUID.randomUUID();
        return switch (kind) {
            case "local" -> new LocalSendBudget();
            case "h2" -> new JdbcSendBudget(open(h2));
            default -> new JdbcSendBudget(open("postgres"));
        };
    }

    private Database open(String url) {
        Database d = "postgres".equals(url) ? Database.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null)
                : Database.open(url);
        opened.add(d);
        return d;
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "h2", "postgres"})
    void takesABurstAtOnceThenOneSendPerInterval(String kind) {
        SendBudget budget = budget(kind);

        List<Slot> now = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            now.add(budget.reserve("slack", ws, T0, Duration.ZERO, List.of(WORKSPACE)));
        }
        Slot later = budget.reserve("slack", ws, T0.plusMillis(999), Duration.ZERO, List.of(WORKSPACE));
        Slot next = budget.reserve("slack", ws, T0.plusSeconds(1), Duration.ZERO, List.of(WORKSPACE));

        assertEquals(List.of(new Slot(T0, true), new Slot(T0, true), new Slot(T0, true), new Slot(T0.plusSeconds(1), false)), now);
        assertEquals(new Slot(T0.plusSeconds(1), false), later);
        assertEquals(new Slot(T0.plusSeconds(1), true), next);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "h2", "postgres"})
    void reservesTheNextFreeSlotsWithinTheHorizonAndNoneBeyond(String kind) {
        SendBudget budget = budget(kind);

        List<Instant> slots = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            slots.add(budget.reserve("slack", ws, T0, Duration.ofSeconds(2), List.of(WORKSPACE)).at());
        }
        Slot beyond = budget.reserve("slack", ws, T0, Duration.ofSeconds(2), List.of(WORKSPACE));

        assertEquals(List.of(T0, T0, T0, T0.plusSeconds(1), T0.plusSeconds(2)), slots);
        assertEquals(new Slot(T0.plusSeconds(1), false), beyond, "the next slot (3 s) is within 2 s from 1 s on");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "h2", "postgres"})
    void takesFromEveryRateOrFromNone(String kind) {
        SendBudget budget = budget(kind);
        Rate channel = new Rate("channel:C1", 1, Duration.ofSeconds(1));
        budget.reserve("slack", ws, T0, Duration.ZERO, List.of(WORKSPACE, channel));

        Slot refused = budget.reserve("slack", ws, T0, Duration.ZERO, List.of(WORKSPACE, channel));
        Slot other = budget.reserve("slack", ws, T0, Duration.ZERO, List.of(WORKSPACE, new Rate("channel:C2", 1, Duration.ofSeconds(1))));
        Slot third = budget.reserve("slack", ws, T0, Duration.ZERO, List.of(WORKSPACE, new Rate("channel:C3", 1, Duration.ofSeconds(1))));
        Slot full = budget.reserve("slack", ws, T0, Duration.ZERO, List.of(WORKSPACE, new Rate("channel:C4", 1, Duration.ofSeconds(1))));

        assertEquals(new Slot(T0.plusSeconds(1), false), refused);
        assertTrue(other.reserved() && third.reserved(), "the refusal took nothing from the workspace's three");
        assertFalse(full.reserved());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "h2", "postgres"})
    void aPauseThePlatformAskedForClosesTheRateUntilItEnds(String kind) {
        SendBudget budget = budget(kind);

        budget.pause("slack", ws, WORKSPACE, T0.plusSeconds(30));
        Slot during = budget.reserve("slack", ws, T0.plusSeconds(10), Duration.ZERO, List.of(WORKSPACE));
        Slot after = budget.reserve("slack", ws, T0.plusSeconds(30), Duration.ZERO, List.of(WORKSPACE));

        assertEquals(new Slot(T0.plusSeconds(30), false), during);
        assertEquals(new Slot(T0.plusSeconds(30), true), after);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void threeProcessesReservingAtOnceShareOneBudget(String kind) throws Exception {
        SendBudget first = budget(kind);
        String shared = ws;
        List<SendBudget> processes = List.of(first, new JdbcSendBudget(open(kind.equals("h2") ? h2 : "postgres")),
                new JdbcSendBudget(open(kind.equals("h2") ? h2 : "postgres")));
        Rate rate = new Rate("workspace", 5, Duration.ofMillis(100));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<List<Instant>>> futures = new ArrayList<>();

        for (int t = 0; t < 6; t++) {
            SendBudget b = processes.get(t % 3);
            futures.add(pool.submit(() -> {
                List<Instant> mine = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    Slot s = b.reserve("slack", shared, T0, Duration.ofMinutes(1), List.of(rate));
                    assertTrue(s.reserved());
                    mine.add(s.at());
                }
                return mine;
            }));
        }
        List<Instant> all = new ArrayList<>();
        for (Future<List<Instant>> f : futures) {
            all.addAll(f.get());
        }
        pool.shutdown();

        all.sort(null);
        List<Instant> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            expected.add(i < 5 ? T0 : T0.plusMillis(100L * (i - 4)));
        }
        assertEquals(expected, all, "300 slots: the burst of 5 at once, then one every 100 ms, none twice");
    }
}
