package dev.keepword.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepword.Wiring;
import dev.keepword.config.ConfigFiles;
import dev.keepword.domain.HistoryEntry;
import dev.keepword.domain.Agreement;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Kind;
import dev.keepword.domain.State;
import dev.keepword.store.Database;
import dev.keepword.store.Jdbc;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reminder engine end to end on real H2, driven by a settable clock: planning on every change, the dispatcher's
 * claim/send/record loop, retries, undeliverable owners, batching, the daily cap, downtime, restarts and two
 * dispatchers racing over the same rows. The demo workspace: #acme, maya (Europe/London) its consultant, sam
 * (America/New_York) and lee (Europe/Berlin) its clients.
 */
class DispatchDueNudgesTest {

    /** Monday 23 November 2026: 10:00 in London, 05:00 in New York, 11:00 in Berlin. */
    private static final Instant MONDAY = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant TWO_WEEKS_LATER = MONDAY.plus(Duration.ofDays(14));
    /** Sam's heads-up for a commitment due Friday: Wednesday 25 November, 09:30 in New York. */
    private static final Instant SAMS_HEADS_UP = Instant.parse("2026-11-25T14:30:00Z");
    private static final String WS = "console";
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(MONDAY);
    private final FakeChat chat = new FakeChat(clock);
    private final List<Wiring> opened = new ArrayList<>();
    private Wiring wiring;

    @AfterEach
    void stop() {
        opened.forEach(Wiring::close);
    }

    // ---------------------------------------------------------------------------------------------------------
    // the cadence

    @Test
    void remindsTheOwnerAtHalfPastNineInTheirZoneOnEachWorkingDayOfTheCadence() {
        start();
        record("maya", "@sam send the logo by friday");

        wiring.simulatedTime().advanceTo(TWO_WEEKS_LATER);

        assertEquals(List.of(
                "Wed 25 Nov 09:30 HEADS_UP:0",
                "Fri 27 Nov 09:30 DUE_TODAY:0",
                "Mon 30 Nov 09:30 OVERDUE:1",
                "Tue 1 Dec 09:30 OVERDUE:2",
                "Wed 2 Dec 09:30 OVERDUE:3",
                "Thu 3 Dec 09:30 OVERDUE:4",
                "Fri 4 Dec 09:30 OVERDUE:5"), reminders(1, NEW_YORK));
        assertEquals(List.of(
                "Wed 25 Nov 09:30 #1",
                "Fri 27 Nov 09:30 #1",
                "Mon 30 Nov 09:30 #1",
                "Tue 1 Dec 09:30 #1",
                "Wed 2 Dec 09:30 #1",
                "Thu 3 Dec 09:30 #1",
                "Fri 4 Dec 09:30 #1"), chat.timeline("sam", NEW_YORK));
        FakeChat.Call headsUp = chat.delivered("sam").get(0);
        assertTrue(headsUp.text().contains("#1 send the logo") && headsUp.text().contains("@maya")
                && headsUp.text().contains("Fri 27 Nov 17:00 (America/New_York)"), headsUp.text());
        assertEquals(List.of("done", "move", "blocked", "notmine"), headsUp.buttons());
    }

    @Test
    void sendsNothingAfterTheCommitmentIsDone() {
        start();
        record("maya", "@sam send the logo by friday");
        wiring.simulatedTime().advanceTo(SAMS_HEADS_UP.plus(Duration.ofMinutes(30)));

        say("sam", "done 1 sent it");
        assertEquals(State.DONE, wiring.commitments().find(WS, 1).orElseThrow().state());
        wiring.simulatedTime().advanceTo(TWO_WEEKS_LATER);

        assertEquals(List.of("Wed 25 Nov 09:30 HEADS_UP:0"), reminders(1, NEW_YORK));
        assertEquals(List.of("Wed 25 Nov 09:30 #1"), chat.timeline("sam", NEW_YORK));
        // Maya hears it was done (in her day's one message); nobody is reminded of it again.
        assertEquals(List.of("maya: @sam marked #1 send the logo done: sent it"), mentionsAfter(SAMS_HEADS_UP, "#1 ")
                .stream().map(c -> c.to() + ": " + c.text()).toList());
        assertEquals(0, planned(1));
    }

    @Test
    void movingTheDueDateRestartsTheCadenceFromTheNewDate() {
        start();
        record("maya", "@sam send the logo by friday");
        wiring.simulatedTime().advanceTo(SAMS_HEADS_UP.plus(Duration.ofMinutes(30)));

        say("sam", "move 1 2026-12-04 because the fonts are late");
        assertEquals(Instant.parse("2026-12-04T22:00:00Z"), wiring.commitments().find(WS, 1).orElseThrow().due());
        wiring.simulatedTime().advanceTo(TWO_WEEKS_LATER);

        assertEquals(List.of(
                "Wed 25 Nov 09:30 HEADS_UP:0",
                "Wed 2 Dec 09:30 HEADS_UP:0",
                "Fri 4 Dec 09:30 DUE_TODAY:0"), reminders(1, NEW_YORK));
        assertEquals(List.of("Wed 25 Nov 09:30 #1", "Wed 2 Dec 09:30 #1", "Fri 4 Dec 09:30 #1"),
                chat.timeline("sam", NEW_YORK));
    }

    @Test
    void sendsNothingAfterTheCommitmentIsCancelled() {
        start();
        record("maya", "@sam send the logo by friday");

        say("maya", "cancel 1 no longer needed");
        assertEquals(State.CANCELLED, wiring.commitments().find(WS, 1).orElseThrow().state());
        wiring.simulatedTime().advanceTo(TWO_WEEKS_LATER);

        // Only word of the cancellation reaches Sam (this test's record() skipped the recording notice); no reminder.
        assertEquals(List.of("sam: @maya cancelled #1 send the logo: no longer needed"),
                chat.calls().stream().map(c -> c.to() + ": " + c.text()).toList());
        assertEquals(0, planned(1));
    }

    @Test
    void snoozePausesNudgesUntilItEndsWithoutMovingTheDueDate() {
        start();
        record("maya", "@sam send the logo by friday");

        say("sam", "snooze 1 friday 10am");
        assertEquals(Instant.parse("2026-11-27T15:00:00Z"), wiring.commitments().find(WS, 1).orElseThrow().snoozedUntil());
        wiring.simulatedTime().advanceTo(TWO_WEEKS_LATER);

        assertEquals(List.of(
                "Fri 27 Nov 10:00 SNOOZE_END:1",
                "Mon 30 Nov 09:30 OVERDUE:1",
                "Tue 1 Dec 09:30 OVERDUE:2",
                "Wed 2 Dec 09:30 OVERDUE:3",
                "Thu 3 Dec 09:30 OVERDUE:4",
                "Fri 4 Dec 09:30 OVERDUE:5"), reminders(1, NEW_YORK));
        assertTrue(chat.delivered("sam").get(0).text().contains("Fri 27 Nov 17:00 (America/New_York)"),
                chat.delivered("sam").get(0).text());
    }

    @Test
    void aBlockedCommitmentIsNotNudgedAnyMore() {
        start();
        record("maya", "@sam send the logo by friday");

        say("sam", "blocked 1 waiting for the brand brief");
        assertTrue(wiring.commitments().find(WS, 1).orElseThrow().isBlocked());
        wiring.simulatedTime().advanceTo(TWO_WEEKS_LATER);

        assertEquals(List.of(), reminders(1, NEW_YORK));
        assertEquals(List.of(), chat.callsTo("sam"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // delivery failures

    @Test
    void rateLimitedNudgeIsNotResentBeforeRetryAfterThenDeliveredExactlyOnce() {
        start();
        chat.answerNext(1, () -> new Delivery.Retry(Duration.ofSeconds(120), "HTTP 429 rate_limited"));
        record("maya", "@sam send the logo by friday");

        wiring.simulatedTime().advanceTo(SAMS_HEADS_UP.plusSeconds(119));

        assertEquals(List.of(SAMS_HEADS_UP), times(chat.callsTo("sam")));

        wiring.simulatedTime().advanceTo(SAMS_HEADS_UP.plus(Duration.ofDays(1)));

        assertEquals(List.of(SAMS_HEADS_UP, SAMS_HEADS_UP.plusSeconds(120)), times(chat.callsTo("sam")));
        assertEquals(List.of("Wed 25 Nov 09:32 #1"), chat.timeline("sam", NEW_YORK));
        assertEquals(List.of("Wed 25 Nov 09:32 HEADS_UP:0"), reminders(1, NEW_YORK));
    }

    @Test
    void aShortRetryAfterIsWaitedForInsideTheBatchAndTheNudgeGoesOutOnce() {
        start();
        chat.answerNext(1, () -> new Delivery.Retry(Duration.ofSeconds(20), "HTTP 429 rate_limited"));
        record("maya", "@sam send the logo by friday");

        wiring.simulatedTime().advanceTo(SAMS_HEADS_UP.plus(Duration.ofHours(1)));

        assertEquals(List.of(SAMS_HEADS_UP, SAMS_HEADS_UP.plusSeconds(20)), times(chat.callsTo("sam")));
        assertEquals(1, chat.delivered("sam").size());
        assertEquals(List.of("Wed 25 Nov 09:30 HEADS_UP:0"), reminders(1, NEW_YORK));
    }

    @Test
    void theSendersOwnPacingIsNoFailedAttemptAndTheBatchWaitsForIt() {
        start(agreement(), new DispatchDueNudges.Tuning(200, Duration.ofMinutes(2), Duration.ofMinutes(30), 3));
        chat.answerNext(20, () -> Delivery.Retry.paced(Duration.ofSeconds(1), "pacing"));
        record("maya", "@sam send the logo by friday");

        wiring.simulatedTime().advanceTo(SAMS_HEADS_UP.plus(Duration.ofHours(1)));

        assertEquals(21, chat.callsTo("sam").size());
        assertEquals(List.of(SAMS_HEADS_UP.plusSeconds(20)), times(chat.delivered("sam")));
        assertEquals("", wiring.commitments().deliveryProblem(WS, 1));
        assertEquals(0, count("select count(*) from outbox where state = 'FAILED'"));
        assertEquals(0, count("select max(attempts) from outbox where commitment_id = 1 and state = 'SENT'"));
    }

    @Test
    void pacingLongerThanHalfTheLeaseGoesBackToTheOutboxWithoutCountingAnAttempt() {
        start(agreement(), new DispatchDueNudges.Tuning(200, Duration.ofMinutes(2), Duration.ofMinutes(30), 3));
        chat.answerNext(5, () -> Delivery.Retry.paced(Duration.ofMinutes(5), "rate limited by Slack"));
        record("maya", "@sam send the logo by friday");

        wiring.simulatedTime().advanceTo(SAMS_HEADS_UP.plus(Duration.ofHours(1)));

        // five holds of five minutes each, more than the three attempts this tuning allows a failing nudge
        assertEquals(List.of(0L, 5L, 10L, 15L, 20L, 25L), chat.callsTo("sam").stream()
                .map(c -> Duration.between(SAMS_HEADS_UP, c.at()).toMinutes()).toList());
        assertEquals(1, chat.delivered("sam").size());
        assertEquals("", wiring.commitments().deliveryProblem(WS, 1));
        assertEquals(0, chat.delivered("maya").stream().filter(c -> c.text().contains("couldn't deliver")).count());
    }

    @Test
    void beforeWaitingForPacingTheBatchRecordsWhatItHasSent() {
        start();
        wiring.parties().save(new dev.keepword.domain.Party(WS, "lee", "Lee Becker", NEW_YORK,
                dev.keepword.domain.WorkingHours.OFFICE));
        record("maya", "@sam send the logo by friday");
        record("maya", "@lee send the copy by friday");
        java.util.concurrent.atomic.AtomicLong sentWhenRetried = new java.util.concurrent.atomic.AtomicLong(-1);
        chat.answerNext(1, () -> new Delivery.Sent("first"));
        chat.answerNext(1, () -> Delivery.Retry.paced(Duration.ofSeconds(10), "pacing"));
        chat.answerNext(1, () -> {
            sentWhenRetried.set(count("select count(*) from outbox where state = 'SENT'"));
            return new Delivery.Sent("second");
        });

        wiring.simulatedTime().advanceTo(SAMS_HEADS_UP.plus(Duration.ofMinutes(1)));

        assertEquals(List.of("sam", "lee", "lee"), chat.calls().stream().map(FakeChat.Call::to).toList());
        assertEquals(1, sentWhenRetried.get()); // sam's row was recorded before the batch waited for lee's
        assertEquals(2, count("select count(*) from outbox where state = 'SENT'"));
    }

    @Test
    void aChatThatTakesParallelSendsGetsThemAtOnceAndEachNudgeOnce() throws Exception {
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(3);
        List<String> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        Chat parallel = new Chat() {
            @Override
            public Delivery send(String workspaceId, Target target, Message message) {
                try {
                    together.await(30, java.util.concurrent.TimeUnit.SECONDS); // three sends in flight at once
                } catch (Exception e) {
                    return new Delivery.Undeliverable("not sent in parallel: " + e);
                }
                sent.add(((Target.Direct) target).userId());
                return new Delivery.Sent("m-" + sent.size());
            }

            @Override
            public int parallelSends() {
                return 3;
            }
        };
        wiring = new Wiring(Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"), clock, Wiring.Policies.of(agreement()),
                (ws, id) -> Optional.empty(), parallel, "node-p", DispatchDueNudges.Tuning.DEFAULT);
        opened.add(wiring);
        wiring.seed(new ConfigFiles(Path.of("config")).demoWorkspace());
        for (String who : List.of("lee", "maya")) {
            wiring.parties().save(new dev.keepword.domain.Party(WS, who, who, NEW_YORK, dev.keepword.domain.WorkingHours.OFFICE));
        }
        record("maya", "@sam send the logo by friday");
        record("maya", "@lee send the copy by friday");
        record("sam", "@maya send the invoice by friday");

        wiring.simulatedTime().advanceTo(SAMS_HEADS_UP.plus(Duration.ofMinutes(1)));

        assertEquals(java.util.Set.of("sam", "lee", "maya"), java.util.Set.copyOf(sent));
        assertEquals(3, sent.size());
        assertEquals(3, count("select count(*) from outbox where state = 'SENT'"));
    }

    /**
     * The dispatcher writes one batch's outcomes while it claims and sends the next, and claims no further: a platform
     * that stops answering holds back the claims, so what is leased (and would be sent again after a crash) stays
     * within two batches, and everything still waiting stays planned in the database, not in memory.
     */
    @Test
    void aSlowPlatformHoldsBackClaimsToTwoBatches() throws Exception {
        int batch = 5;
        int people = 30;
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        List<String> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> leasedAtEachSend = java.util.Collections.synchronizedList(new ArrayList<>());
        Chat slow = (workspaceId, target, message) -> {
            leasedAtEachSend.add(count("select count(*) from outbox where state = 'SENDING'"));
            if (sent.size() == 2 * batch) { // the third batch's first message: the platform stops answering
                stuck.countDown();
                try {
                    answer.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            sent.add(((Target.Direct) target).userId());
            return new Delivery.Sent("m-" + sent.size());
        };
        wiring = new Wiring(Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"), clock,
                Wiring.Policies.of(agreement()), (ws, id) -> Optional.empty(), slow, "node-slow",
                new DispatchDueNudges.Tuning(batch, Duration.ofMinutes(2), Duration.ofMinutes(30), 12));
        opened.add(wiring);
        wiring.seed(new ConfigFiles(Path.of("config")).demoWorkspace());
        Engagement acme = wiring.engagements().byChannel(WS, "acme").orElseThrow();
        for (int i = 1; i <= people; i++) { // one note each for 30 people: 30 messages, six batches of five
            String who = "U%02d".formatted(i);
            wiring.database().jdbc().inTransaction(() -> {
                wiring.planner().told(null, acme, who, Message.builder().line("A note for " + who).build(), MONDAY);
                return null;
            });
        }
        assertEquals(people, count("select count(*) from outbox where state = 'PLANNED' and due_at <= '2026-11-23 10:00:00+00'"));

        ExecutorService dispatcher = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> run = dispatcher.submit(() -> wiring.dispatcher().runDue(MONDAY));
            assertTrue(stuck.await(30, TimeUnit.SECONDS), "the third batch reached the platform");
            long leased = count("select count(*) from outbox where state = 'SENDING'");
            long waiting = count("select count(*) from outbox where state = 'PLANNED'");
            answer.countDown();
            assertEquals(people, run.get(30, TimeUnit.SECONDS));

            // Stuck in the third batch: that batch and at most the one before are leased; the rest wait, unclaimed.
            assertTrue(leased >= batch && leased <= 2 * batch, leased + " rows leased while the platform was stuck");
            assertEquals(people - 3 * batch, waiting, "rows claimed ahead while the platform was stuck");
            assertTrue(leasedAtEachSend.stream().allMatch(n -> n <= 2 * batch), "leased at each send: " + leasedAtEachSend);
        } finally {
            answer.countDown();
            dispatcher.shutdown();
        }
        assertEquals(people, sent.size());
        assertEquals(people, java.util.Set.copyOf(sent).size(), "each person's note went once");
        assertEquals(people, count("select count(*) from outbox where state = 'SENT'"));
        assertEquals(0, count("select count(*) from outbox where state = 'SENDING'"));
    }

    /**
     * A platform that holds one call for longer than the lease (a hung HTTP request) does not let a second dispatcher
     * take the row and send it again: while the first waits, it renews its lease. Both dispatchers share one database
     * and one clock; the lease is short (300 ms of the machine's time, so the first renews every 100 ms) and the test
     * moves the clock well past the original lease before the second looks.
     */
    @Test
    void aDispatcherWaitingOnAHungSendKeepsItsLeaseSoNobodySendsItTwice() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        List<String> sentByA = java.util.Collections.synchronizedList(new ArrayList<>());
        Chat hangs = new Chat() { // sends on lanes of their own, as Slack's and Teams' adapters do
            @Override
            public Delivery send(String workspaceId, Target target, Message message) {
                stuck.countDown();
                try {
                    answer.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sentByA.add(((Target.Direct) target).userId());
                return new Delivery.Sent("a-" + sentByA.size());
            }

            @Override
            public int parallelSends() {
                return 2;
            }
        };
        Duration lease = Duration.ofMillis(300);
        DispatchDueNudges.Tuning tuning = new DispatchDueNudges.Tuning(200, lease, Duration.ofMinutes(30), 12);
        Database shared = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Wiring a = new Wiring(shared, clock, Wiring.Policies.of(agreement()), (ws, id) -> Optional.empty(), hangs,
                "node-a", tuning);
        wiring = a;
        opened.add(a);
        a.seed(new ConfigFiles(Path.of("config")).demoWorkspace());
        record("maya", "@sam send the logo by friday");
        clock.set(SAMS_HEADS_UP);
        Wiring b = new Wiring(shared, clock, Wiring.Policies.of(agreement()), (ws, id) -> Optional.empty(), chat,
                "node-b", tuning);
        opened.add(b);

        ExecutorService dispatcher = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> run = dispatcher.submit(() -> a.dispatcher().runDue(SAMS_HEADS_UP));
            assertTrue(stuck.await(30, TimeUnit.SECONDS), "A's send reached the platform");
            clock.set(SAMS_HEADS_UP.plus(Duration.ofMinutes(5))); // the first lease is long gone by the clock
            Instant renewedTo = waitForLeaseBeyond(clock.now());
            int takenByB = b.dispatcher().runDue(clock.now());
            answer.countDown();
            assertEquals(1, run.get(30, TimeUnit.SECONDS));

            assertTrue(renewedTo.isAfter(clock.now()), "A renewed its lease past " + clock.now() + ": " + renewedTo);
            assertEquals(0, takenByB, "rows B claimed while A still waited for the platform");
            assertEquals(List.of(), chat.calls(), "B sent nothing");
        } finally {
            answer.countDown();
            dispatcher.shutdown();
        }
        assertEquals(List.of("sam"), sentByA);
        assertEquals(1, count("select count(*) from outbox where state = 'SENT' and recipient = 'sam'"));
    }

    /** Waits (bounded, on the database, not on the code under test) until the leased row's lease ends after {@code t}. */
    private Instant waitForLeaseBeyond(Instant t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Optional<Instant> until = wiring.database().jdbc().one("select max(lease_until) as u from outbox "
                    + "where state = 'SENDING'", rs -> Jdbc.instant(rs, "u"));
            if (until.isPresent() && until.get().isAfter(t)) {
                return until.get();
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        throw new AssertionError("the waiting dispatcher never renewed its lease past " + t);
    }

    @Test
    void serverErrorsAreRetriedWithGrowingBackoffUntilTheNudgeGoesThrough() {
        start();
        chat.answerNext(3, () -> new Delivery.Retry(null, "HTTP 503"));
        record("maya", "@sam send the logo by friday");

        wiring.simulatedTime().advanceTo(SAMS_HEADS_UP.plus(Duration.ofHours(1)));

        assertEquals(List.of(Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(90), Duration.ofSeconds(210)),
                chat.callsTo("sam").stream().map(c -> Duration.between(SAMS_HEADS_UP, c.at())).toList());
        assertEquals(1, chat.delivered("sam").size());
        assertEquals("", wiring.commitments().deliveryProblem(WS, 1));
    }

    @Test
    void aChatAdapterThatThrowsIsTreatedAsATransientFailure() {
        start();
        chat.answerNext(1, () -> {
            throw new IllegalStateException("socket closed");
        });
        record("maya", "@sam send the logo by friday");

        wiring.simulatedTime().advanceTo(SAMS_HEADS_UP.plus(Duration.ofHours(1)));

        assertEquals(List.of(SAMS_HEADS_UP, SAMS_HEADS_UP.plusSeconds(30)), times(chat.callsTo("sam")));
        assertEquals(List.of("Wed 25 Nov 09:30 #1"), chat.timeline("sam", NEW_YORK));
        assertEquals("", wiring.commitments().deliveryProblem(WS, 1));
    }

    @Test
    void anUndeliverableOwnerIsNotNudgedAgainAndTheLeadConsultantIsToldOnce() {
        start();
        chat.refuse("sam", "user_not_found");
        record("maya", "@sam send the logo by friday");

        wiring.simulatedTime().advanceTo(TWO_WEEKS_LATER);

        assertEquals(List.of(SAMS_HEADS_UP), times(chat.callsTo("sam")));
        assertEquals("user_not_found", wiring.commitments().deliveryProblem(WS, 1));
        List<FakeChat.Call> notices = chat.delivered("maya").stream()
                .filter(c -> c.text().contains("couldn't deliver")).toList();
        assertEquals(1, notices.size(), chat.delivered("maya").toString());
        assertEquals(SAMS_HEADS_UP, notices.get(0).at());
        assertTrue(notices.get(0).text().contains("@sam") && notices.get(0).text().contains("#1 send the logo")
                && notices.get(0).text().contains("user_not_found"), notices.get(0).text());
        assertEquals(0, count("select count(*) from outbox where commitment_id = 1 and state = 'PLANNED' "
                + "and step in ('HEADS_UP', 'DUE_TODAY', 'OVERDUE', 'SNOOZE_END')"));
        // Both are part of #1's history: the heads-up that could not be delivered, and the note to Maya.
        assertEquals(List.of("reminder heads-up to sam at " + SAMS_HEADS_UP + ": failed: user_not_found",
                        "escalation undeliverable to maya at " + SAMS_HEADS_UP + ": sent"),
                messageLines(1).stream().filter(l -> l.contains(" at " + SAMS_HEADS_UP + ": ")).toList());
    }

    @Test
    void aSentMessageStaysInItsCommitmentsHistoryWhenHousekeepingPurgesItsOutboxRow() {
        start();
        chat.refuse("sam", "user_not_found");
        record("maya", "@sam send the logo by friday");
        wiring.simulatedTime().advanceTo(TWO_WEEKS_LATER);
        List<String> before = messageLines(1);
        // Sent lines live on their outbox rows (V24), a failed one in commitment_message: the history has both.
        assertTrue(before.contains("reminder heads-up to sam at " + SAMS_HEADS_UP + ": failed: user_not_found"), before.toString());
        assertTrue(before.contains("escalation undeliverable to maya at " + SAMS_HEADS_UP + ": sent"), before.toString());
        long onRows = count("select count(*) from outbox where commitment_id = 1 and state = 'SENT' and told_action is not null");
        assertTrue(onRows > 0, "sent lines are kept on the outbox rows until they are purged");

        int purged = wiring.outbox().purgeFinished(TWO_WEEKS_LATER.plusSeconds(1));

        assertTrue(purged >= onRows, purged + " rows purged");
        assertEquals(0, count("select count(*) from outbox where state in ('SENT', 'FAILED', 'DROPPED')"));
        assertEquals(before, messageLines(1), "the purge moved each sent line to commitment_message, none lost or doubled");
        assertEquals(before.size(), count("select count(*) from commitment_message where commitment_id = 1"));
        assertEquals(0, wiring.outbox().purgeFinished(TWO_WEEKS_LATER.plusSeconds(1)));
        assertEquals(before, messageLines(1));
    }

    /** The messages in a commitment's history, one line each. */
    private List<String> messageLines(long id) {
        return wiring.commitments().find(WS, id).orElseThrow().history().stream().filter(HistoryEntry::isMessage)
                .map(h -> h.action().name().toLowerCase(java.util.Locale.ROOT) + " " + h.detail() + " to " + h.to()
                        + " at " + h.at() + ": " + h.outcome()).toList();
    }

    @Test
    void aNudgeThatKeepsFailingIsGivenUpAfterTheLastAttemptAndReported() {
        start(agreement(), new DispatchDueNudges.Tuning(200, Duration.ofMinutes(2), Duration.ofMinutes(30), 3));
        chat.answerNext(3, () -> new Delivery.Retry(null, "HTTP 502"));
        record("maya", "@sam send the logo by friday");

        wiring.simulatedTime().advanceTo(SAMS_HEADS_UP.plus(Duration.ofHours(1)));

        assertEquals(3, chat.callsTo("sam").size());
        assertEquals(List.of(), chat.delivered("sam"));
        assertTrue(wiring.commitments().deliveryProblem(WS, 1).contains("HTTP 502"),
                wiring.commitments().deliveryProblem(WS, 1));
        assertEquals(1, chat.delivered("maya").stream().filter(c -> c.text().contains("couldn't deliver")).count());
    }

    // ---------------------------------------------------------------------------------------------------------
    // noise control

    @Test
    void nudgesForOnePersonDueWithinHalfAnHourGoOutAsOneMessage() {
        start();
        record("maya", "@sam send the logo by friday");
        record("maya", "@sam share the invoice by wed 9:15am");

        wiring.simulatedTime().advanceTo(Instant.parse("2026-11-26T10:00:00Z"));

        assertEquals(List.of("Mon 23 Nov 09:30 #2", "Wed 25 Nov 09:00 #2 #1"), chat.timeline("sam", NEW_YORK));
        assertTrue(chat.delivered("sam").get(1).text().startsWith("2 commitments need a look:"),
                chat.delivered("sam").get(1).text());
        assertEquals(List.of("Wed 25 Nov 09:00 HEADS_UP:0"), reminders(1, NEW_YORK));
    }

    @Test
    void aChangeRightAfterAnEarlyBatchedNudgeKeepsTheCommitmentsNextStepPlanned() {
        start();
        record("maya", "@sam send the logo by friday");
        record("maya", "@sam share the invoice by wed 9:15am");
        wiring.simulatedTime().advanceTo(Instant.parse("2026-11-25T14:10:00Z")); // #1's heads-up went out at 09:00

        wiring.planner().ownerChanged(wiring.commitments().openOwnedBy(WS, "sam"), wiring.engagements(), clock.now());
        wiring.simulatedTime().advanceTo(Instant.parse("2026-11-28T10:00:00Z"));

        assertEquals(List.of("Wed 25 Nov 09:00 HEADS_UP:0", "Fri 27 Nov 09:30 DUE_TODAY:0"), reminders(1, NEW_YORK));
    }

    @Test
    void theDailyCapPostponesFurtherNudgesToTheNextWorkingDay() {
        start(new Agreement(LocalTime.of(17, 0), 2, LocalTime.of(9, 30), 3, 2, 1, List.of(), 5),
                DispatchDueNudges.Tuning.DEFAULT);
        record("maya", "@sam send the logo by friday");
        record("maya", "@sam share the invoice by friday");
        say("sam", "snooze 2 friday 2pm");
        assertEquals(Instant.parse("2026-11-27T19:00:00Z"), wiring.commitments().find(WS, 2).orElseThrow().snoozedUntil());

        wiring.simulatedTime().advanceTo(TWO_WEEKS_LATER);

        List<String> timeline = chat.timeline("sam", NEW_YORK);
        assertEquals(List.of("Wed 25 Nov 09:30 #1", "Fri 27 Nov 09:30 #1"), timeline.subList(0, 2));
        // The snooze ended Fri 14:00, over the cap: it waits for Monday's 09:30 message, where the first overdue
        // reminder, due by then, goes out in its place.
        assertEquals("Mon 30 Nov 09:30 OVERDUE:1", reminders(2, NEW_YORK).get(0));
        Map<LocalDate, Long> perDay = chat.delivered("sam").stream()
                .collect(Collectors.groupingBy(c -> c.at().atZone(NEW_YORK).toLocalDate(), Collectors.counting()));
        assertTrue(perDay.values().stream().allMatch(n -> n == 1), timeline.toString());
    }

    // ---------------------------------------------------------------------------------------------------------
    // downtime, restarts, crashes

    @Test
    void afterDowntimeEachCommitmentGetsOneCatchUpNudgeWithItsLatestStep() {
        start();
        record("maya", "@sam send the logo by friday");
        record("maya", "@sam share the invoice by friday");
        record("maya", "@lee sign the contract by friday");
        clock.set(Instant.parse("2026-12-11T16:00:00Z")); // ten working days after the due date, nothing ran

        wiring.dispatcher().runDue(clock.now());

        assertEquals(List.of("Fri 11 Dec 11:00 #1 #2"), chat.timeline("sam", NEW_YORK));
        assertEquals(List.of("Fri 11 Dec 17:00 #3"), chat.timeline("lee", BERLIN));
        assertEquals(List.of("Fri 11 Dec 11:00 OVERDUE:5"), reminders(1, NEW_YORK));
        assertEquals(List.of("Fri 11 Dec 11:00 OVERDUE:5"), reminders(2, NEW_YORK));
        assertEquals(List.of("Fri 11 Dec 17:00 OVERDUE:5"), reminders(3, BERLIN));

        wiring.simulatedTime().advanceTo(clock.now().plus(Duration.ofDays(14)));

        assertEquals(1, chat.delivered("sam").size());
        assertEquals(1, chat.delivered("lee").size());
    }

    @Test
    void plannedNudgesSurviveARestartAndNoneIsSentTwice() {
        Path file = dir.resolve("keepword");
        start(Database.open(file.toString()), agreement(), DispatchDueNudges.Tuning.DEFAULT);
        record("maya", "@sam send the logo by friday");
        record("maya", "@lee sign the contract by friday");
        wiring.simulatedTime().advanceTo(SAMS_HEADS_UP.plus(Duration.ofMinutes(5)));
        wiring.close();
        opened.remove(wiring);

        start(Database.open(file.toString()), agreement(), DispatchDueNudges.Tuning.DEFAULT);
        wiring.simulatedTime().advanceTo(TWO_WEEKS_LATER);

        List<String> expected = List.of(
                "Wed 25 Nov 09:30 HEADS_UP:0",
                "Fri 27 Nov 09:30 DUE_TODAY:0",
                "Mon 30 Nov 09:30 OVERDUE:1",
                "Tue 1 Dec 09:30 OVERDUE:2",
                "Wed 2 Dec 09:30 OVERDUE:3",
                "Thu 3 Dec 09:30 OVERDUE:4",
                "Fri 4 Dec 09:30 OVERDUE:5");
        assertEquals(expected, reminders(1, NEW_YORK));
        assertEquals(expected, reminders(2, BERLIN));
        assertEquals(expected.stream().map(s -> s.replaceAll(" [A-Z_]+:\\d$", " #1")).toList(),
                chat.timeline("sam", NEW_YORK));
        assertEquals(expected.stream().map(s -> s.replaceAll(" [A-Z_]+:\\d$", " #2")).toList(),
                chat.timeline("lee", BERLIN));
    }

    @Test
    void rowsClaimedByADispatcherThatDiedAreDeliveredOnceTheirLeaseEnds() {
        Path file = dir.resolve("keepword");
        start(Database.open(file.toString()), agreement(), DispatchDueNudges.Tuning.DEFAULT);
        record("maya", "@sam send the logo by friday");
        clock.set(SAMS_HEADS_UP);
        List<Outbox.Row> inFlight = wiring.outbox().claim("node-a", clock.now(), clock.now().plus(Duration.ofMinutes(2)),
                200, Duration.ofMinutes(30));
        assertEquals(1, inFlight.size());
        wiring.close(); // as if killed between claim and send
        opened.remove(wiring);

        start(Database.open(file.toString()), agreement(), DispatchDueNudges.Tuning.DEFAULT);
        wiring.dispatcher().runDue(clock.now().plusSeconds(119));

        assertEquals(List.of(), chat.calls());

        wiring.simulatedTime().advanceTo(SAMS_HEADS_UP.plus(Duration.ofDays(1)));

        assertEquals(List.of(SAMS_HEADS_UP.plus(Duration.ofMinutes(2))), times(chat.callsTo("sam")));
        assertEquals(List.of("Wed 25 Nov 09:32 HEADS_UP:0"), reminders(1, NEW_YORK));
    }

    @Test
    void twoDispatchersOnOneDatabaseDeliverEveryNudgeExactlyOnce() throws Exception {
        Agreement generous = new Agreement(LocalTime.of(17, 0), 2, LocalTime.of(9, 30), 3, 2, 1000, List.of(), 5);
        Database shared = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Wiring a = start(shared, generous, DispatchDueNudges.Tuning.DEFAULT);
        Wiring b = new Wiring(shared, clock, Wiring.Policies.of(generous), (ws, id) -> Optional.empty(), chat, "node-b",
                DispatchDueNudges.Tuning.DEFAULT);
        int n = 2_000;
        plan(n, Map.of("sam", Instant.parse("2026-11-27T22:00:00Z"), "lee", Instant.parse("2026-11-27T16:00:00Z"),
                "maya", Instant.parse("2026-11-27T17:00:00Z"))); // Friday 17:00 for each owner
        clock.set(Instant.parse("2026-11-25T15:00:00Z")); // every heads-up is due: 08:30Z, 09:30Z and 14:30Z

        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (Wiring w : List.of(a, b)) {
                Callable<Integer> run = () -> {
                    go.await();
                    return w.dispatcher().runDue(clock.now());
                };
                runs.add(pool.submit(run));
            }
            go.countDown();
            for (Future<Integer> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        }

        Map<String, Long> perCommitment = chat.delivered().stream().flatMap(c -> c.reminded().stream())
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        assertEquals(n, perCommitment.size());
        assertTrue(perCommitment.values().stream().allMatch(count -> count == 1),
                perCommitment.entrySet().stream().filter(e -> e.getValue() > 1).limit(5).toList().toString());
        assertEquals(List.of(), wiring.database().jdbc().query("""
                select commitment_id, sent_step, sent_occurrence from outbox where state = 'SENT'
                group by commitment_id, sent_step, sent_occurrence having count(*) > 1""", rs -> rs.getLong(1)));
        assertEquals(n, count("select count(*) from outbox where state = 'SENT' and sent_step = 'HEADS_UP'"));
        assertEquals(n, count("select count(*) from outbox where state = 'PLANNED' and step = 'DUE_TODAY'"));
        assertEquals(0, count("select count(*) from outbox where state = 'SENDING'"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // helpers

    private static Agreement agreement() {
        return new ConfigFiles(Path.of("config")).agreement();
    }

    private void start() {
        start(agreement(), DispatchDueNudges.Tuning.DEFAULT);
    }

    private void start(Agreement agreement, DispatchDueNudges.Tuning tuning) {
        start(Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"), agreement, tuning);
    }

    private Wiring start(Database database, Agreement agreement, DispatchDueNudges.Tuning tuning) {
        wiring = new Wiring(database, clock, Wiring.Policies.of(agreement), (ws, id) -> Optional.empty(), chat, "node-a", tuning);
        opened.add(wiring);
        wiring.seed(new ConfigFiles(Path.of("config")).demoWorkspace());
        return wiring;
    }

    private List<Outgoing> say(String user, String text) {
        return wiring.commands().handle(new Inbound(WS, "acme", user, text));
    }

    private void record(String user, String text) {
        String reply = say(user, text).get(0).message().plain();
        assertTrue(reply.startsWith("Recorded #"), reply);
        // The owner's recording notice is a message of its own (LessNoiseScenariosTest); the subject here is the
        // reminders, counted message by message, so it is taken out of the way.
        wiring.database().jdbc().update("delete from outbox where step = 'RECORDED'");
    }

    /**
     * Records {@code n} commitments for sam, lee and maya in turn the way {@code /commit} does (stored and planned in
     * one transaction), without parsing each line: the subject here is dispatching, and this keeps the test quick.
     */
    private void plan(int n, Map<String, Instant> dueByOwner) {
        Engagement acme = wiring.engagements().byChannel(WS, "acme").orElseThrow();
        List<String> owners = List.of("sam", "lee", "maya");
        wiring.database().jdbc().inTransaction(() -> {
            for (int i = 1; i <= n; i++) {
                String owner = owners.get(i % 3);
                Commitment c = Commitment.create(WS, wiring.commitments().nextId(WS), "acme", "deliver item " + i,
                        Kind.DELIVERABLE, owner, owner.equals("maya") ? "sam" : "maya", dueByOwner.get(owner), "maya",
                        clock.now());
                wiring.commitments().save(c);
                wiring.planner().changed(c, acme, clock.now());
            }
            return null;
        });
    }

    private long planned(long commitmentId) {
        return count("select count(*) from outbox where state = 'PLANNED' and commitment_id = " + commitmentId);
    }

    private long count(String sql) {
        return wiring.database().jdbc().one(sql, rs -> rs.getLong(1)).orElseThrow();
    }

    /**
     * The owner reminders sent for a commitment, from the outbox (the source of truth), in the order they went out:
     * local time of sending in {@code zone}, then the step sent and its occurrence.
     */
    private List<String> reminders(long commitmentId, ZoneId zone) {
        return wiring.database().jdbc().query("""
                select sent_at, sent_step, sent_occurrence from outbox where commitment_id = ? and state = 'SENT'
                  and sent_step in ('HEADS_UP', 'DUE_TODAY', 'OVERDUE', 'SNOOZE_END') order by sent_at, id""",
                rs -> LOCAL.format(Jdbc.instant(rs, "sent_at").atZone(zone)) + " " + rs.getString(2) + ":" + rs.getInt(3),
                commitmentId);
    }

    /** Messages delivered after {@code after} whose text contains {@code text}. */
    private List<FakeChat.Call> mentionsAfter(Instant after, String text) {
        return chat.delivered().stream().filter(c -> c.at().isAfter(after) && c.text().contains(text))
                .filter(c -> !c.text().startsWith("Weekly summary") && !c.text().startsWith("Internal summary"))
                .toList(); // the weekly summaries report it, which is not a nudge
    }

    private static List<Instant> times(List<FakeChat.Call> calls) {
        return calls.stream().map(FakeChat.Call::at).toList();
    }

    /**
     * A recording chat platform: every call with its recipient, plain text, time and answer. It answers Sent unless
     * told to refuse someone or to answer the next calls differently (an answer may also throw).
     */
    static final class FakeChat implements Chat {
        /** One send; {@code buttons} are the actions offered, in order. */
        record Call(String to, String text, List<Message.Button> all, Instant at, Delivery outcome) {
            List<String> buttons() {
                return all.stream().map(Message.Button::action).toList();
            }

            /** The commitments this message reminds its reader of: each owner reminder carries a Done button. */
            List<String> reminded() {
                return all.stream().filter(b -> b.action().equals("done")).map(b -> "#" + b.value()).toList();
            }
        }

        private final Clock clock;
        private final List<Call> calls = new ArrayList<>();
        private final Deque<Supplier<Delivery>> next = new ArrayDeque<>();
        private final Map<String, String> refused = new HashMap<>();
        private long refs;

        FakeChat(Clock clock) {
            this.clock = clock;
        }

        synchronized void answerNext(int times, Supplier<Delivery> answer) {
            for (int i = 0; i < times; i++) {
                next.add(answer);
            }
        }

        synchronized void refuse(String user, String reason) {
            refused.put(user, reason);
        }

        @Override
        public synchronized Delivery send(String workspaceId, Target target, Message message) {
            String to = target instanceof Target.Direct d ? d.userId() : target.toString();
            Delivery outcome = null;
            RuntimeException thrown = null;
            if (refused.containsKey(to)) {
                outcome = new Delivery.Undeliverable(refused.get(to));
            } else if (!next.isEmpty()) {
                try {
                    outcome = next.poll().get();
                } catch (RuntimeException e) {
                    thrown = e;
                }
            } else {
                outcome = new Delivery.Sent("msg-" + (++refs));
            }
            calls.add(new Call(to, message.plain(), message.buttons(), clock.now(), outcome));
            if (thrown != null) {
                throw thrown;
            }
            return outcome;
        }

        synchronized List<Call> calls() {
            return List.copyOf(calls);
        }

        List<Call> callsTo(String user) {
            return calls().stream().filter(c -> c.to().equals(user)).toList();
        }

        List<Call> delivered() {
            return calls().stream().filter(c -> c.outcome() instanceof Delivery.Sent).toList();
        }

        List<Call> delivered(String user) {
            return delivered().stream().filter(c -> c.to().equals(user)).toList();
        }

        /** One entry per message delivered to the person: the local time it arrived, then whom it reminds of what. */
        List<String> timeline(String user, ZoneId zone) {
            return delivered(user).stream()
                    .map(c -> LOCAL.format(c.at().atZone(zone)) + " " + String.join(" ", c.reminded()))
                    .toList();
        }
    }
}
