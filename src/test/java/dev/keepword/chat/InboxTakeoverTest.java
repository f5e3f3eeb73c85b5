package dev.keepword.chat;

import dev.keepword.app.MutableClock;
import dev.keepword.app.SeenEvents;
import dev.keepword.store.Database;
import dev.keepword.store.JdbcSeenEvents;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two inboxes on one database, as two Keepword processes share it: what one stored is handled by the other once the
 * first stops renewing its claims (it died), never while it renews them (it is alive but busy), and at once when it
 * stopped cleanly. On a real PostgreSQL (SKIP LOCKED as in production) and on H2.
 */
class InboxTakeoverTest {
    private static EmbeddedPostgres postgres;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final List<Inbox> opened = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private Database database;

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
        release.countDown();
        opened.forEach(Inbox::close);
        database.close();
    }

    private SeenEvents open(String db) {
        database = "postgres".equals(db)
                ? Database.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null)
                : Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        database.jdbc().update("delete from inbound_event");
        return new JdbcSeenEvents(database.jdbc());
    }

    private Inbox inbox(SeenEvents seen, String name) {
        Inbox inbox = new Inbox("test", name, seen, clock);
        opened.add(inbox);
        return inbox;
    }

    /** The first inbox's thread is busy until the test ends: what it stored waits in its queue. */
    private void busy(Inbox inbox) {
        inbox.onThread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static Function<SeenEvents.Pending, Runnable> into(List<String> handled) {
        return p -> () -> handled.add(p.payload());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "h2"})
    void itemsOfAProcessThatStoppedRenewingAreTakenOverOnceAfterTheLease(String db) {
        SeenEvents seen = open(db);
        Inbox dead = inbox(seen, "dead");
        busy(dead);
        for (int i = 0; i < 5; i++) {
            dead.accept("T1", "item-" + i, "payload-" + i, () -> { });
        }
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        Inbox other = inbox(seen, "other");

        int atStart = other.recover(clock.now(), into(handled));
        clock.advance(Inbox.LEASE.minusSeconds(1));
        other.sweep();
        other.drain();
        List<String> beforeTheLeaseRanOut = List.copyOf(handled);
        clock.advance(Duration.ofSeconds(2));
        other.sweep();
        other.sweep();
        other.drain();

        assertEquals(0, atStart, "the first process's claims still hold");
        assertEquals(List.of(), beforeTheLeaseRanOut);
        assertEquals(List.of("payload-0", "payload-1", "payload-2", "payload-3", "payload-4"), handled);
        assertEquals(List.of(), seen.unhandled("test", clock.now().minus(Duration.ofDays(1)), clock.now()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "h2"})
    void aLiveProcessThatRenewsKeepsItsItemsHoweverLongItsQueue(String db) {
        SeenEvents seen = open(db);
        Inbox alive = inbox(seen, "alive");
        busy(alive);
        alive.recover(clock.now(), p -> () -> { }); // started: it renews its claims from now on
        alive.accept("T1", "item-1", "payload-1", () -> { });
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        Inbox other = inbox(seen, "other");
        other.recover(clock.now(), into(handled));

        for (int i = 0; i < 6; i++) { // two minutes of sweeps on both
            clock.advance(Inbox.SWEEP.multipliedBy(4));
            alive.sweep();
            other.sweep();
        }
        other.drain();

        assertEquals(List.of(), handled);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "h2"})
    void aStopThatRunsOutOfTimeGivesWhatIsLeftBackAtOnce(String db) {
        SeenEvents seen = open(db);
        Inbox stopping = inbox(seen, "stopping");
        busy(stopping); // still busy when the stop runs out of time
        stopping.accept("T1", "item-1", "payload-1", () -> { });
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        Inbox other = inbox(seen, "other");
        other.recover(clock.now(), into(handled));

        stopping.stopWait = Duration.ofMillis(50);
        stopping.close();
        other.sweep(); // no lease to wait for
        other.drain();

        assertEquals(List.of("payload-1"), handled);
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
