package dev.keepword.schedule;

import dev.keepword.app.Clock;
import dev.keepword.app.DispatchDueNudges;
import dev.keepword.app.Outbox;
import dev.keepword.app.Wakeup;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.CronScheduleBuilder;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.function.Supplier;

/**
 * Runs Keepword's clockwork on Quartz with a JDBC job store in the same database: the dispatcher tick (and an
 * early tick when something falls due sooner, see {@link #dueAt}), daily housekeeping and each engagement's
 * weekly-summary cron ({@link #scheduled}). Clustered on
 * PostgreSQL, so several instances share the work; schedules survive restarts.
 */
public final class Clockwork implements Wakeup, dev.keepword.app.SummaryScheduler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Clockwork.class);
    static final JobKey DISPATCH = JobKey.jobKey("dispatch", "keepword");
    static final JobKey HOUSEKEEPING = JobKey.jobKey("housekeeping", "keepword");
    static final Duration KEEP_FINISHED = Duration.ofDays(30);

    /** How the clockwork runs: its Quartz instance name, the tick, and whether the database is PostgreSQL. */
    public record Options(String name, Duration tick, boolean postgres, boolean clustered) {
    }

    private final Scheduler scheduler;
    private final Options options;
    private final Clock clock;

    private Clockwork(Scheduler scheduler, Options options, Clock clock) {
        this.scheduler = scheduler;
        this.options = options;
        this.clock = clock;
    }

    /** How soon Quartz tries the database again after it failed (Quartz's default is 15 s). */
    public static final Duration DB_RETRY = Duration.ofSeconds(5);

    /** How often a clustered node checks in (Quartz's default is 7.5 s). */
    public static final Duration CLUSTER_CHECKIN = Duration.ofSeconds(5);

    private static final java.util.concurrent.atomic.AtomicLong STARTED = new java.util.concurrent.atomic.AtomicLong();

    /**
     * This node's Quartz instance id: the host, the process id and when it started (Quartz's {@code AUTO} is the host
     * and the time only), so a member of the cluster in {@code qrtz_scheduler_state}, or a trigger it holds in
     * {@code qrtz_fired_triggers}, can be matched to its process. Unique per start, as clustering needs.
     */
    static String instanceId() {
        return hostName(100) + "-" + ProcessHandle.current().pid() + "-" + System.currentTimeMillis() + "-"
                + STARTED.incrementAndGet();
    }

    /** This machine's host name (localhost when it has none), cut to {@code max} characters: part of a process's name. */
    public static String hostName(int max) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            host = "localhost";
        }
        return host.length() > max ? host.substring(0, max) : host;
    }

    /** Starts Quartz; the dispatcher runs on every tick at the clock's {@code now}. */
    public static Clockwork start(DataSource dataSource, Options options, Clock clock, Supplier<DispatchDueNudges> dispatcher,
                                  Outbox outbox, java.util.List<Chore> chores) {
        return start(dataSource, options, clock, dispatcher, outbox, chores, () -> null);
    }

    /** Also runs each engagement's weekly-summary cron (see {@link #scheduled}). */
    public static Clockwork start(DataSource dataSource, Options options, Clock clock, Supplier<DispatchDueNudges> dispatcher,
                                  Outbox outbox, java.util.List<Chore> chores,
                                  Supplier<dev.keepword.app.WeeklySummaries> summaries) {
        String dsName = "keepword-" + options.name();
        DBConnectionManager.getInstance().addConnectionProvider(dsName, new Provided(dataSource));
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", options.name());
        p.setProperty("org.quartz.scheduler.instanceId", instanceId());
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", "2");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", options.postgres()
                ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dsName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.isClustered", String.valueOf(options.clustered()));
        p.setProperty("org.quartz.jobStore.misfireThreshold", "30000");
        // A dead node's triggers are recovered at another node's check-in, after its own last check-in plus this plus
        // 7.5 s: at most 2 x 5 + 7.5 = 17.5 s (ClusterFailoverTest measures it).
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(CLUSTER_CHECKIN.toMillis()));
        // After a database failure Quartz tries again this much later (15 s by default): once a stopped database is back,
        // the clockwork checks in again within about this (DatabaseOutageTest measures it). The scheduler's property,
        // not the job store's dbRetryInterval, which the factory overwrites with this one's default.
        p.setProperty("org.quartz.scheduler.dbFailureRetryInterval", String.valueOf(DB_RETRY.toMillis()));
        try {
            StdSchedulerFactory factory = new StdSchedulerFactory(p);
            Scheduler scheduler = factory.getScheduler();
            Map<Class<? extends Job>, Job> jobs = Map.of(
                    DispatchJob.class, new DispatchJob(clock, dispatcher),
                    HousekeepingJob.class, new HousekeepingJob(clock, outbox, chores),
                    SummaryTriggers.SummaryJob.class, new SummaryTriggers.SummaryJob(clock, summaries));
            scheduler.setJobFactory((bundle, s) -> jobs.get(bundle.getJobDetail().getJobClass()));
            Clockwork clockwork = new Clockwork(scheduler, options, clock);
            clockwork.ensureJobs();
            scheduler.start();
            return clockwork;
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz could not start: " + e.getMessage(), e);
        }
    }

    private void ensureJobs() throws SchedulerException {
        JobDetail dispatch = JobBuilder.newJob(DispatchJob.class).withIdentity(DISPATCH).storeDurably().build();
        scheduler.addJob(dispatch, true);
        TriggerKey tick = TriggerKey.triggerKey("dispatch-tick", "keepword");
        Trigger tickTrigger = TriggerBuilder.newTrigger().withIdentity(tick).forJob(DISPATCH)
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(options.tick().toMillis()).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                // The first tick one interval after start (not at once), so an early wake-up (dueAt) is the only
                // thing that can run the dispatcher before it, which keeps the wake-up testable.
                .startAt(new Date(System.currentTimeMillis() + options.tick().toMillis())).build();
        put(scheduler, tickTrigger);
        JobDetail housekeeping = JobBuilder.newJob(HousekeepingJob.class).withIdentity(HOUSEKEEPING).storeDurably().build();
        scheduler.addJob(housekeeping, true);
        TriggerKey daily = TriggerKey.triggerKey("housekeeping-daily", "keepword");
        put(scheduler, TriggerBuilder.newTrigger().withIdentity(daily).forJob(HOUSEKEEPING)
                .withSchedule(CronScheduleBuilder.dailyAtHourAndMinute(3, 15).inTimeZone(TimeZone.getTimeZone("UTC"))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build());
        SummaryTriggers.ensureJob(scheduler);
    }

    /** Creates or updates the engagement's weekly-summary cron trigger, in its time zone. */
    @Override
    public void scheduled(dev.keepword.domain.Engagement engagement) {
        SummaryTriggers.schedule(scheduler, engagement);
    }

    /**
     * Stores {@code trigger}, replacing the one of its key if there is one. Processes of a cluster that start together
     * all do this: asking first whether the trigger exists and then creating it lets two both see none, and the second
     * is refused ({@link ObjectAlreadyExistsException}), which stopped its clockwork from starting. So it is created,
     * and replaced when it turns out to exist (and created again should it vanish in between).
     */
    static void put(Scheduler scheduler, Trigger trigger) throws SchedulerException {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                scheduler.scheduleJob(trigger);
                return;
            } catch (ObjectAlreadyExistsException exists) {
                if (scheduler.rescheduleJob(trigger.getKey(), trigger) != null) {
                    return;
                }
            }
        }
        throw new SchedulerException("trigger " + trigger.getKey() + " kept appearing and vanishing: not stored");
    }

    /**
     * Runs the dispatcher at {@code at} when that is before the next regular tick. Quartz fires on the wall clock
     * while the dispatcher asks Keepword's clock what is due, so the wait is measured on Keepword's clock (with the
     * system clock that is simply {@code at}); firing at once would find nothing due yet.
     */
    @Override
    public void dueAt(Instant at) {
        try {
            Duration wait = Duration.between(clock.now(), at);
            if (wait.compareTo(options.tick()) >= 0) {
                return; // a regular tick comes sooner: no need to ask Quartz (most plans are hours or days ahead)
            }
            Instant fireAt = Instant.now().plus(wait.isNegative() ? Duration.ZERO : wait);
            Trigger tick = scheduler.getTrigger(TriggerKey.triggerKey("dispatch-tick", "keepword"));
            Date next = tick == null ? null : tick.getNextFireTime();
            if (next == null || fireAt.isBefore(next.toInstant())) {
                scheduler.scheduleJob(TriggerBuilder.newTrigger().forJob(DISPATCH).startAt(Date.from(fireAt))
                        .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                        .build());
            }
        } catch (SchedulerException e) {
            LOG.warn("Could not wake the dispatcher early; the next tick will deliver it: {}", e.getMessage());
        }
    }

    /** Runs the dispatcher job once now (as a tick would). */
    public void tickNow() {
        try {
            scheduler.triggerJob(DISPATCH);
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops without interrupting a thread that is inside the database (an interrupt closes an H2 file database, and
     * Quartz's shutdown always interrupts its scheduler thread): standby first, wait for running jobs, wait until the
     * scheduler thread has given back the triggers it held and sits idle, then shut down.
     */
    @Override
    public void close() {
        try {
            scheduler.standby();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!scheduler.getCurrentlyExecutingJobs().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            awaitIdle(schedulerThread(), Duration.ofSeconds(5));
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            LOG.warn("Quartz did not stop cleanly: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            SchedulerRepository.getInstance().remove(options.name());
        }
    }

    /** Quartz's own thread ({@code <instanceName>_QuartzSchedulerThread}), or null if it is not found. */
    private Thread schedulerThread() {
        String name = options.name() + "_QuartzSchedulerThread";
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst().orElse(null);
    }

    /**
     * Waits (up to {@code atMost}) until {@code thread} has been waiting in {@code Object.wait} for five looks in a
     * row, 20 ms apart. On standby the scheduler thread gives back the triggers it acquired (a database write) and
     * then waits until it is resumed; only then is it safe to interrupt.
     */
    static void awaitIdle(Thread thread, Duration atMost) throws InterruptedException {
        if (thread == null) {
            return;
        }
        long deadline = System.nanoTime() + atMost.toNanos();
        int idle = 0;
        while (idle < 5 && thread.isAlive() && System.nanoTime() < deadline) {
            StackTraceElement[] stack = thread.getStackTrace();
            boolean waiting = (thread.getState() == Thread.State.WAITING || thread.getState() == Thread.State.TIMED_WAITING)
                    && stack.length > 0 && "wait".equals(stack[0].getMethodName())
                    && Object.class.getName().equals(stack[0].getClassName());
            idle = waiting ? idle + 1 : 0;
            Thread.sleep(20);
        }
    }

    /** Whether Quartz is started and firing (not in standby, not shut down): part of the readiness check. */
    public boolean running() {
        try {
            return scheduler.isStarted() && !scheduler.isInStandbyMode() && !scheduler.isShutdown();
        } catch (SchedulerException e) {
            return false;
        }
    }

    /** The tick: delivers everything due. One at a time across the cluster. */
    @DisallowConcurrentExecution
    static final class DispatchJob implements Job {
        private final Clock clock;
        private final Supplier<DispatchDueNudges> dispatcher;

        DispatchJob(Clock clock, Supplier<DispatchDueNudges> dispatcher) {
            this.clock = clock;
            this.dispatcher = dispatcher;
        }

        @Override
        public void execute(JobExecutionContext context) {
            try {
                int handled = dispatcher.get().runDue(clock.now());
                if (handled > 0) {
                    LOG.debug("Dispatched {} outbox rows", handled);
                }
            } catch (RuntimeException e) {
                // Logged once here; the rows stay planned or leased and the next tick takes them again.
                LOG.error("Dispatch tick failed", e);
            }
        }
    }

    /** Other daily clean-ups, such as forgetting old inbound event ids; each returns how many rows it removed. */
    @FunctionalInterface
    public interface Chore {
        int run(Instant now);
    }

    /** Daily: deletes outbox rows that ended more than {@link #KEEP_FINISHED} ago, then runs the other chores. */
    @DisallowConcurrentExecution
    static final class HousekeepingJob implements Job {
        private final Clock clock;
        private final Outbox outbox;
        private final java.util.List<Chore> chores;

        HousekeepingJob(Clock clock, Outbox outbox, java.util.List<Chore> chores) {
            this.clock = clock;
            this.outbox = outbox;
            this.chores = java.util.List.copyOf(chores);
        }

        @Override
        public void execute(JobExecutionContext context) {
            try {
                int purged = outbox.purgeFinished(clock.now().minus(KEEP_FINISHED));
                for (Chore chore : chores) {
                    purged += chore.run(clock.now());
                }
                LOG.info("Housekeeping purged {} rows", purged);
            } catch (RuntimeException e) {
                LOG.error("Housekeeping failed", e);
            }
        }
    }

    /** Hands Quartz connections from Keepword's own pool. */
    private record Provided(DataSource dataSource) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {
            // the pool belongs to Keepword and is closed with the database
        }

        @Override
        public void initialize() {
        }
    }
}
