package dev.keepword.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keepword.domain.Agreement;
import dev.keepword.domain.Engagement;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quartz.CronExpression;
import org.quartz.CronTrigger;

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
