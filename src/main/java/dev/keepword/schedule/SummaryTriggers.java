package dev.keepword.schedule;

import dev.keepword.app.Clock;
import dev.keepword.app.WeeklySummaries;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.WeeklySchedule;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.TimeZone;
import java.util.function.Supplier;

/**
 * One Quartz cron trigger per engagement for its weekly summary, in the engagement's time zone (Quartz keeps the
 * local time across DST changes). On a misfire (the instance was down at the time) the trigger fires once as soon as
 * it can and then keeps its schedule; the use case plans that week's summary, late, and the dedupe key keeps it to
 * one. Holidays are not the cron's business: the use case plans the post for the next working day.
 */
final class SummaryTriggers {
    private static final Logger LOG = LoggerFactory.getLogger(SummaryTriggers.class);
    static final JobKey JOB = JobKey.jobKey("weekly-summary", "keepword");
    static final String GROUP = "keepword-summary";
    private static final String WS = "workspace";
    private static final String CHANNEL = "channel";

    private SummaryTriggers() {
    }

    static void ensureJob(Scheduler scheduler) throws SchedulerException {
        scheduler.addJob(JobBuilder.newJob(SummaryJob.class).withIdentity(JOB).storeDurably().build(), true);
    }

    static TriggerKey key(String workspaceId, String channelId) {
        return TriggerKey.triggerKey(workspaceId + ":" + channelId, GROUP);
    }

    /**
     * The cron trigger of an engagement's schedule (its summary day and time, in its zone), e.g.
     * {@code 0 0 9 ? * MON} in Europe/London.
     */
    static CronTrigger trigger(Engagement e) {
        WeeklySchedule s = WeeklySchedule.of(e);
        JobDataMap data = new JobDataMap();
        data.put(WS, e.workspaceId());
        data.put(CHANNEL, e.channelId());
        String cron = "0 " + s.time().getMinute() + " " + s.time().getHour() + " ? * "
                + s.day().name().substring(0, 3);
        return TriggerBuilder.newTrigger().withIdentity(key(e.workspaceId(), e.channelId())).forJob(JOB)
                .usingJobData(data)
                .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(TimeZone.getTimeZone(s.zone()))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
    }

    /** Creates the engagement's trigger, or replaces it when its schedule or zone changed. */
    static void schedule(Scheduler scheduler, Engagement e) {
        try {
            CronTrigger wanted = trigger(e);
            Trigger existing = scheduler.getTrigger(wanted.getKey());
            if (existing == null || !(existing instanceof CronTrigger c)
                    || !c.getCronExpression().equals(wanted.getCronExpression())
                    || !c.getTimeZone().getID().equals(wanted.getTimeZone().getID())) {
                Clockwork.put(scheduler, wanted); // another process may create it meanwhile
            }
        } catch (SchedulerException ex) {
            LOG.warn("Could not schedule the weekly summary of {}: {}", e.channelId(), ex.getMessage());
        }
    }

    /** Fires the weekly-summary use case for the trigger's engagement; a vanished engagement loses its trigger. */
    @DisallowConcurrentExecution
    static final class SummaryJob implements Job {
        private final Clock clock;
        private final Supplier<WeeklySummaries> summaries;

        SummaryJob(Clock clock, Supplier<WeeklySummaries> summaries) {
            this.clock = clock;
            this.summaries = summaries;
        }

        @Override
        public void execute(JobExecutionContext context) {
            JobDataMap data = context.getMergedJobDataMap();
            String ws = data.getString(WS);
            String channel = data.getString(CHANNEL);
            try {
                if (!summaries.get().fire(ws, channel, clock.now())) {
                    context.getScheduler().unscheduleJob(key(ws, channel));
                }
            } catch (RuntimeException | SchedulerException e) {
                LOG.error("Weekly summary of {} could not be planned", channel, e);
            }
        }
    }
}
