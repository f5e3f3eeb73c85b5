package dev.keepword.chat;

import dev.keepword.app.MutableClock;
import dev.keepword.app.SeenEvents;
import dev.keepword.store.Database;
import dev.keepword.store.JdbcSeenEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inbox while its database does not answer (a switch in front of a real H2 store): a request is refused in time
 * and nothing of it is kept, an item the outage interrupted is handled again once the database is back, and a
 * "handled" mark the database missed is written later. {@code DatabaseOutageTest} does the same with a real PostgreSQL
 * stopped under a real process.
 */
class InboxOutageTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final Database database = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    private final Switched seen = new Switched(new JdbcSeenEvents(database.jdbc()));
    private final Inbox inbox = new Inbox("test", "inbox-outage-test", seen, clock);

    @AfterEach
    void close() {
        seen.down = false;
        seen.stall.countDown();
        inbox.close();
        database.close();
    }

    @Test
    void anItemNotStoredInTimeIsRefusedAndDeletedWhenItLandsLate() {
        seen.stalled = true;
        List<String> handled = new CopyOnWriteArrayList<>();

        assertThrows(Inbox.NotStored.class, () -> inbox.accept("T1", "late", "payload", () -> handled.add("late"),
                Duration.ofMillis(200)));
        seen.stall.countDown(); // the database answers again and the insert commits, after its request gave up

        await(() -> seen.inserts > 0 && rows() == 0, "the late item deleted");
        inbox.drain();
        assertEquals(List.of(), handled);
    }

    @Test
    void aStoreThatFailsIsNotStoredAndKeepsNothing() {
        seen.down = true;

        assertThrows(Inbox.NotStored.class, () -> inbox.accept("T1", "failed", "payload", () -> { }));

        seen.down = false;
        assertEquals(0, rows());
    }

    @Test
    void anItemTheOutageInterruptedIsHandledAgainOnceTheDatabaseAnswers() {
        List<String> runs = new CopyOnWriteArrayList<>();
        Runnable work = () -> {
            runs.add("run");
            if (runs.size() == 1) {
                seen.down = true; // the database goes away in the middle of the work
                throw seen.failure();
            }
        };

        assertTrue(inbox.accept("T1", "interrupted", "payload", work));
        await(() -> runs.size() == 1 && !seen.answersNow(), "the first run failed");
        seen.down = false;

        await(() -> handledAt("interrupted"), "handled once the database is back");
        assertEquals(2, runs.size());
    }

    @Test
    void aHandledMarkTheDatabaseMissedIsWrittenAtTheNextSweep() {
        assertTrue(inbox.accept("T1", "unmarked", "payload", () -> seen.failHandled = true));
        await(() -> seen.handledFailures > 0 && inbox.unrecordedCount() == 1, "the mark failed and the inbox kept it");
        assertFalse(handledAt("unmarked"));

        inbox.sweep();

        assertTrue(handledAt("unmarked"));
        assertEquals(0, inbox.unrecordedCount());
    }

    private long rows() {
        return database.jdbc().one("select count(*) from inbound_event", rs -> rs.getLong(1)).orElseThrow();
    }

    private boolean handledAt(String id) {
        return database.jdbc().one("select handled_at from inbound_event where event_id = ?", rs -> rs.getTimestamp(1),
                id).isPresent();
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // polling for a state
        }
    }

    /** The real store behind a switch: down, every call fails as a pool without connections does. */
    private static final class Switched implements SeenEvents {
        private final SeenEvents real;
        volatile boolean down;
        volatile boolean stalled;
        volatile boolean failHandled;
        volatile int inserts;
        volatile int handledFailures;
        final CountDownLatch stall = new CountDownLatch(1);

        Switched(SeenEvents real) {
            this.real = real;
        }

        RuntimeException failure() {
            return new IllegalStateException("transaction failed",
                    new SQLTransientConnectionException("Connection is not available, request timed out"));
        }

        private void check() {
            if (down) {
                throw failure();
            }
        }

        boolean answersNow() {
            return answers();
        }

        @Override
        public boolean answers() {
            return !down && real.answers();
        }

        @Override
        public boolean firstTime(String platform, String workspaceId, String eventId, Instant at) {
            check();
            return real.firstTime(platform, workspaceId, eventId, at);
        }

        @Override
        public boolean accepted(String platform, String workspaceId, String eventId, String payload, Instant at) {
            check();
            return real.accepted(platform, workspaceId, eventId, payload, at);
        }

        @Override
        public List<Boolean> acceptedAll(String platform, List<Arrival> events, Instant at, String node, Instant leaseUntil) {
            check();
            if (stalled) {
                try {
                    stall.await(); // a pool waiting for a connection
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            List<Boolean> fresh = real.acceptedAll(platform, events, at, node, leaseUntil);
            inserts++;
            return fresh;
        }

        @Override
        public List<Pending> claim(String platform, String node, Instant after, Instant before, Instant now,
                                   Instant leaseUntil, int limit) {
            check();
            return real.claim(platform, node, after, before, now, leaseUntil, limit);
        }

        @Override
        public int renew(String platform, String node, Instant leaseUntil) {
            check();
            return real.renew(platform, node, leaseUntil);
        }

        @Override
        public int release(String platform, String node) {
            check();
            return real.release(platform, node);
        }

        @Override
        public void handled(String platform, String workspaceId, String eventId, Instant at) {
            check();
            if (failHandled) {
                failHandled = false;
                handledFailures++;
                throw failure();
            }
            real.handled(platform, workspaceId, eventId, at);
        }

        @Override
        public List<Pending> unhandled(String platform, Instant after, Instant before) {
            check();
            return real.unhandled(platform, after, before);
        }

        @Override
        public int forgetBefore(Instant before) {
            check();
            return real.forgetBefore(before);
        }

        @Override
        public void forget(String platform, String workspaceId, String eventId) {
            check();
            real.forget(platform, workspaceId, eventId);
        }
    }
}
