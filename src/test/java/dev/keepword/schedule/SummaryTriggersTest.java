package dev.keepword.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keepword.Wiring;
import dev.keepword.app.Delivery;
import dev.keepword.app.DispatchDueNudges;
import dev.keepword.app.Inbound;
import dev.keepword.app.MutableClock;
import dev.keepword.config.ConfigFiles;
import dev.keepword.domain.Agreement;
import dev.keepword.domain.Engagement;
import dev.keepword.store.Database;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronExpression;
import org.quartz.CronTrigger;
import org.quartz.Scheduler;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;

/** One cron trigger per engagement, in its zone: Monday 09:00 local across DST, fired once after downtime. */
class SummaryTriggersTest {

    @Test
    void theTriggerFiresMondayNineInTheEngagementsZoneAcrossDst() throws ParseException {
        CronTrigger t = SummaryTriggers.trigger(engagement("America/New_York"));

        Date march2 = fireTimeAfter(t, Date.from(Instant.parse("2026-03-01T00:00:00Z")));
        Date march9 = fireTimeAfter(t, march2);

        assertEquals("0 0 9 ? * MON", t.getCronExpression());
        assertEquals("America/New_York", t.getTimeZone().getID());
        assertEquals(Instant.parse("2026-03-02T14:00:00Z"), march2.toInstant());
        assertEquals(Instant.parse("2026-03-09T13:00:00Z"), march9.toInstant());
    }

    @Test
    void berlinFallsBackAnHourLaterInUtc() throws ParseException {
        CronTrigger t = SummaryTriggers.trigger(engagement("Europe/Berlin"));

        Date october19 = fireTimeAfter(t, Date.from(Instant.parse("2026-10-18T00:00:00Z")));

        assertEquals(Instant.parse("2026-10-19T07:00:00Z"), october19.toInstant());
        assertEquals(Instant.parse("2026-10-26T08:00:00Z"), fireTimeAfter(t, october19).toInstant());
    }

    @Test
    void aMissedFiringAfterDowntimeFiresOnceNowAndTheEngagementIsInTheTrigger() {
        CronTrigger t = SummaryTriggers.trigger(engagement("Europe/London"));

        assertEquals(CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW, t.getMisfireInstruction());
        assertEquals("ws:acme", t.getKey().getName());
        assertEquals("acme", t.getJobDataMap().getString("channel"));
        assertEquals(SummaryTriggers.JOB, t.getJobKey());
    }

    @Test
    void aChosenDayAndTimeBecomeTheCronInTheEngagementsZone() throws ParseException {
        CronTrigger t = SummaryTriggers.trigger(engagement("America/New_York")
                .withSummary(DayOfWeek.FRIDAY, LocalTime.of(16, 30), "acme-updates"));

        Date march6 = fireTimeAfter(t, Date.from(Instant.parse("2026-03-01T00:00:00Z")));

        assertEquals("0 30 16 ? * FRI", t.getCronExpression());
        assertEquals(Instant.parse("2026-03-06T21:30:00Z"), march6.toInstant()); // 16:30 EST
        assertEquals(Instant.parse("2026-03-13T20:30:00Z"), fireTimeAfter(t, march6).toInstant()); // 16:30 EDT
    }

    @Test
    void changingTheScheduleReplacesTheTriggerAndItFiresAtTheNewLocalTimeAcrossDst() throws Exception {
        Scheduler scheduler = ramScheduler();
        try {
            SummaryTriggers.ensureJob(scheduler);
            Engagement monday = engagement("Europe/London");
            SummaryTriggers.schedule(scheduler, monday);
            SummaryTriggers.schedule(scheduler, monday); // unchanged: left alone
            assertEquals("0 0 9 ? * MON", cron(scheduler, monday));

            Engagement friday = monday.withSummary(DayOfWeek.FRIDAY, LocalTime.of(16, 0), null);
            SummaryTriggers.schedule(scheduler, friday);

            CronTrigger t = (CronTrigger) scheduler.getTrigger(SummaryTriggers.key("ws", "acme"));
            assertEquals("0 0 16 ? * FRI", t.getCronExpression());
            assertEquals("Europe/London", t.getTimeZone().getID());
            Date october23 = fireTimeAfter(t, Date.from(Instant.parse("2026-10-19T00:00:00Z")));
            assertEquals(Instant.parse("2026-10-23T15:00:00Z"), october23.toInstant()); // 16:00 BST
            assertEquals(Instant.parse("2026-10-30T16:00:00Z"), fireTimeAfter(t, october23).toInstant()); // 16:00 GMT
            assertEquals(1, scheduler.getTriggersOfJob(SummaryTriggers.JOB).size());
        } finally {
            scheduler.shutdown();
        }
    }

    @TempDir
    Path dir;

    @Test
    void commitSummaryThroughTheCommandsMovesTheEngagementsQuartzTrigger() throws Exception {
        String name = "summary-" + UUID.randomUUID();
        MutableClock clock = new MutableClock(Instant.parse("2026-10-19T10:00:00Z"));
        try (Wiring wiring = new Wiring(Database.open(dir.resolve("keepword").toString()), clock,
                Wiring.Policies.from(new ConfigFiles(Path.of("config"))), (ws, id) -> Optional.empty(),
                (ws, target, message) -> new Delivery.Sent("x"), "node-a", DispatchDueNudges.Tuning.DEFAULT)) {
            wiring.seed(new ConfigFiles(Path.of("config")).demoWorkspace());
            wiring.startClockwork(name, Duration.ofHours(1));
            Scheduler scheduler = SchedulerRepository.getInstance().lookup(name);
            assertEquals("0 0 9 ? * MON", ((CronTrigger) scheduler.getTrigger(SummaryTriggers.key("console", "acme")))
                    .getCronExpression());

            wiring.commands().handle(new Inbound("console", "acme", "sam", "summary sunday 08:00")); // a client: refused
            wiring.commands().handle(new Inbound("console", "acme", "maya", "summary friday 16:00 #acme-updates"));

            CronTrigger t = (CronTrigger) scheduler.getTrigger(SummaryTriggers.key("console", "acme"));
            assertEquals("0 0 16 ? * FRI", t.getCronExpression());
            assertEquals("Europe/London", t.getTimeZone().getID());
            assertEquals(Instant.parse("2026-10-30T16:00:00Z"),
                    fireTimeAfter(t, Date.from(Instant.parse("2026-10-24T00:00:00Z"))).toInstant()); // GMT again
            Engagement stored = wiring.engagements().byChannel("console", "acme").orElseThrow();
            assertEquals(DayOfWeek.FRIDAY, stored.agreement().summaryDay());
            assertEquals("acme-updates", stored.summaryChannel());
        }
    }

    private static Scheduler ramScheduler() throws Exception {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "ram-" + UUID.randomUUID());
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", "1");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        return new StdSchedulerFactory(p).getScheduler(); // never started: triggers are stored, nothing fires
    }

    private static String cron(Scheduler scheduler, Engagement e) throws Exception {
        return ((CronTrigger) scheduler.getTrigger(SummaryTriggers.key(e.workspaceId(), e.channelId()))).getCronExpression();
    }

    /** When the trigger's schedule fires next after {@code after} (the trigger itself starts now, so ask its cron). */
    private static Date fireTimeAfter(CronTrigger t, Date after) throws ParseException {
        CronExpression cron = new CronExpression(t.getCronExpression());
        cron.setTimeZone(t.getTimeZone());
        return cron.getNextValidTimeAfter(after);
    }

    private static Engagement engagement(String zone) {
        return new Engagement("ws", "acme", "acme", List.of("sam"), List.of("maya"), "acme-internal", ZoneId.of(zone), 2,
                Agreement.DEFAULT);
    }
}
