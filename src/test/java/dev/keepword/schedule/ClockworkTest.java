package dev.keepword.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepword.Wiring;
import dev.keepword.app.Chat;
import dev.keepword.app.Clock;
import dev.keepword.app.Delivery;
import dev.keepword.app.DispatchDueNudges;
import dev.keepword.app.Inbound;
import dev.keepword.app.Message;
import dev.keepword.app.MutableClock;
import dev.keepword.app.Outgoing;
import dev.keepword.app.Target;
import dev.keepword.config.ConfigFiles;
import dev.keepword.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.impl.SchedulerRepository;
import org.quartz.listeners.JobListenerSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Quartz clockwork on a file H2 database: the tick runs the dispatcher at the settable clock's time, an
 * early wake-up delivers a nudge due before the next tick, and closing Quartz leaves the database usable. No sleeps:
 * the fake chat releases a latch the test waits on.
 */
class ClockworkTest {

    /** Monday 23 November 2026: 10:00 in London, 05:00 in New York. */
    private static final Instant MONDAY = Instant.parse("2026-11-23T10:00:00Z");
    /** Sam's heads-up for a commitment due Friday: Wednesday 25 November, 09:30 in New York. */
    private static final Instant SAMS_HEADS_UP = Instant.parse("2026-11-25T14:30:00Z");
    private static final String WS = "console";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(MONDAY);
    private final LatchedChat chat = new LatchedChat(clock);
    private final String name = "test-" + UUID.randomUUID();
    private Path file;
    private Wiring wiring;

    @BeforeEach
    void openAFileDatabase() {
        file = dir.resolve("keepword");
        wiring = new Wiring(Database.open(file.toString()), clock, Wiring.Policies.from(new ConfigFiles(Path.of("config"))),
                (ws, id) -> Optional.empty(), chat, "node-a", DispatchDueNudges.Tuning.DEFAULT);
        wiring.seed(new ConfigFiles(Path.of("config")).demoWorkspace());
    }

    @AfterEach
    void stop() {
        wiring.close();
    }

    @Test
    void theTickDeliversANudgeOnceTheClockHasPassedItsTime() throws InterruptedException {
        wiring.startClockwork(name, Duration.ofMillis(200));
        record("@sam send the logo by friday");

        clock.set(SAMS_HEADS_UP.plus(Duration.ofMinutes(1)));

        assertTrue(chat.delivered.await(20, TimeUnit.SECONDS), "no tick delivered the heads-up");
        assertEquals("sam", chat.calls().get(0).to());
        assertTrue(chat.calls().get(0).text().contains("#1 send the logo"), chat.calls().get(0).text());
        assertEquals(SAMS_HEADS_UP.plus(Duration.ofMinutes(1)), chat.calls().get(0).at());
    }

    @Test
    void quartzTablesComeWithTheMigrationsAndHoldTheClockworksJobs() {
        List<String> before = tables();

        wiring.startClockwork(name, Duration.ofMillis(200));

        assertTrue(before.containsAll(List.of("QRTZ_JOB_DETAILS", "QRTZ_TRIGGERS", "QRTZ_SIMPLE_TRIGGERS",
                "QRTZ_CRON_TRIGGERS", "QRTZ_FIRED_TRIGGERS", "QRTZ_LOCKS", "QRTZ_SCHEDULER_STATE")), before.toString());
        assertEquals(List.of("dispatch", "housekeeping", "weekly-summary"), names(
                "select job_name from qrtz_job_details where sched_name = ? order by job_name"));
        assertEquals(List.of("dispatch-tick", "housekeeping-daily"), names(
                "select trigger_name from qrtz_triggers where sched_name = ? and trigger_group = 'keepword' "
                        + "order by trigger_name"));
        // Each engagement's weekly summary: a cron trigger in the engagement's zone (the demo's #acme is in London).
        assertEquals(List.of("console:acme|0 0 9 ? * MON|Europe/London"), names(
                "select trigger_name || '|' || cron_expression || '|' || time_zone_id from qrtz_cron_triggers "
                        + "where sched_name = ? and trigger_group = 'keepword-summary'"));
    }

    /**
     * Processes of a cluster started together each store the tick: one of them finds it already made by another
     * between "does it exist?" and "create it" (a CI run lost a process's clockwork that way). Storing a trigger that
     * exists replaces it rather than failing.
     */
    @Test
    void storingATriggerAnotherProcessHasJustMadeReplacesIt() throws Exception {
        wiring.startClockwork(name, Duration.ofMillis(200));
        org.quartz.Scheduler scheduler = SchedulerRepository.getInstance().lookup(name);
        org.quartz.TriggerKey tick = org.quartz.TriggerKey.triggerKey("dispatch-tick", "keepword");
        org.quartz.Trigger slower = org.quartz.TriggerBuilder.newTrigger().withIdentity(tick).forJob(Clockwork.DISPATCH)
                .withSchedule(org.quartz.SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(7_000)
                        .repeatForever())
                .build();

        Clockwork.put(scheduler, slower);

        assertEquals(7_000L, ((org.quartz.SimpleTrigger) scheduler.getTrigger(tick)).getRepeatInterval());
    }

    @Test
    void closingTheClockworkLeavesTheDatabaseUsable() throws InterruptedException {
        wiring.startClockwork(name, Duration.ofMillis(200));
        record("@sam send the logo by friday");
        clock.set(SAMS_HEADS_UP.plus(Duration.ofMinutes(1)));
        assertTrue(chat.delivered.await(20, TimeUnit.SECONDS), "no tick delivered the heads-up");

        wiring.close();

        try (Database reopened = Database.open(file.toString())) {
            assertEquals(1L, reopened.jdbc().one("select count(*) from commitment", rs -> rs.getLong(1)).orElseThrow());
            assertEquals(2L, reopened.jdbc().one("select count(*) from outbox where state = 'SENT'",
                    rs -> rs.getLong(1)).orElseThrow(), "Sam's recording notice and his heads-up");
            assertEquals(3L, reopened.jdbc().one("select count(*) from qrtz_triggers where sched_name = ?",
                    rs -> rs.getLong(1), name).orElseThrow());
        }
        wiring = new Wiring(Database.open(file.toString()), clock, Wiring.Policies.from(new ConfigFiles(Path.of("config"))),
                (ws, id) -> Optional.empty(), chat, "node-a", DispatchDueNudges.Tuning.DEFAULT);
        assertEquals("send the logo", wiring.commitments().find(WS, 1).orElseThrow().title());
    }

    /**
     * Here the clock runs like the system clock, from a fixed instant: a wake-up fires on Quartz's wall clock, so only
     * a clock that moves by itself tells "woke at the nudge's time" from "woke at once and found nothing due".
     */
    @Test
    void aNudgeDueBeforeTheNextTickWakesTheDispatcherAtItsTime() throws Exception {
        wiring.close();
        AtomicLong started = new AtomicLong(System.nanoTime());
        Clock running = () -> SAMS_HEADS_UP.minusSeconds(2).plusNanos(System.nanoTime() - started.get());
        LatchedChat runningChat = new LatchedChat(running);
        wiring = new Wiring(Database.open(file.toString()), running, Wiring.Policies.from(new ConfigFiles(Path.of("config"))),
                (ws, id) -> Optional.empty(), runningChat, "node-a", DispatchDueNudges.Tuning.DEFAULT);
        wiring.startClockwork(name, Duration.ofHours(1));
        Firings firings = new Firings();
        SchedulerRepository.getInstance().lookup(name).getListenerManager().addJobListener(firings);
        started.set(System.nanoTime()); // it is 09:29:58 in New York now, whatever Quartz's start-up took

        record("@sam send the logo by friday"); // its heads-up is two seconds away; the first tick an hour

        assertTrue(runningChat.delivered.await(30, TimeUnit.SECONDS), "the early wake-up did not deliver the heads-up");
        LatchedChat.Call call = runningChat.calls().get(0);
        assertTrue(call.text().contains("#1 send the logo"), call.text());
        assertTrue(!call.at().isBefore(SAMS_HEADS_UP), call.at().toString());
        assertTrue(firings.first.await(20, TimeUnit.SECONDS));
        List<String> triggers = firings.triggers();
        assertTrue(!triggers.get(0).equals("dispatch-tick"), "delivered by a regular tick: " + triggers);
    }

    /** Which triggers ran the dispatcher, in order. */
    static final class Firings extends JobListenerSupport {
        final CountDownLatch first = new CountDownLatch(1);
        final CountDownLatch second = new CountDownLatch(2);
        private final List<String> triggers = new ArrayList<>();

        @Override
        public String getName() {
            return "firings";
        }

        @Override
        public void jobWasExecuted(JobExecutionContext context, JobExecutionException error) {
            if (context.getJobDetail().getKey().getName().equals("dispatch")) {
                synchronized (this) {
                    triggers.add(context.getTrigger().getKey().getName());
                }
                first.countDown();
                second.countDown();
            }
        }

        synchronized List<String> triggers() {
            return List.copyOf(triggers);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private void record(String text) {
        List<Outgoing> out = wiring.commands().handle(new Inbound(WS, "acme", "maya", text));
        assertTrue(out.get(0).message().plain().startsWith("Recorded #"), out.get(0).message().plain());
    }

    private List<String> tables() {
        return wiring.database().jdbc().query("select table_name from information_schema.tables "
                + "where upper(table_name) like 'QRTZ%'", rs -> rs.getString(1).toUpperCase());
    }

    private List<String> names(String sql) {
        return wiring.database().jdbc().query(sql, rs -> rs.getString(1), name);
    }

    /** Records what the engine sends and counts the latch down on each delivery. */
    static final class LatchedChat implements Chat {
        record Call(String to, String text, Instant at) {
        }

        final CountDownLatch delivered = new CountDownLatch(1);
        private final Clock clock;
        private final List<Call> calls = new ArrayList<>();

        LatchedChat(Clock clock) {
            this.clock = clock;
        }

        @Override
        public synchronized Delivery send(String workspaceId, Target target, Message message) {
            calls.add(new Call(target instanceof Target.Direct d ? d.userId() : target.toString(), message.plain(),
                    clock.now()));
            delivered.countDown();
            return new Delivery.Sent("ref-" + calls.size());
        }

        synchronized List<Call> calls() {
            return List.copyOf(calls);
        }
    }
}
