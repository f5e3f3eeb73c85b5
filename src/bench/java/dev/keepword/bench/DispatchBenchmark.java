package dev.keepword.bench;

import dev.keepword.NudgeItems;
import dev.keepword.Wiring;
import dev.keepword.app.Chat;
import dev.keepword.app.Clock;
import dev.keepword.app.Delivery;
import dev.keepword.app.DispatchDueNudges;
import dev.keepword.app.Message;
import dev.keepword.app.Target;
import dev.keepword.domain.Agreement;
import dev.keepword.domain.Cadence;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Kind;
import dev.keepword.domain.Party;
import dev.keepword.domain.WorkingCalendar;
import dev.keepword.domain.WorkingHours;
import dev.keepword.store.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures the reminder engine on H2 against the common alternative, one Quartz trigger per nudge, in one run.
 * Not a test: a main, compiled with the tests (so {@code mvn verify} keeps it building) and run with
 *
 * <pre>
 * mvn -q test-compile exec:java@bench -Dexec.args="--commitments 100000 --same-minute 1.0"
 * </pre>
 *
 * It plans {@code --commitments} open commitments (bulk JDBC inserts of the rows the stores would write: the
 * commitment, its history line, and its next nudge planned by the real {@link Cadence}) across {@code --recipients}
 * people, a {@code --same-minute} share of them with a nudge due at Monday 09:30 and the rest spread over the
 * following eight weeks. Then the real {@link DispatchDueNudges}, through the real {@link Wiring}, dispatches with a
 * clock that reads 09:30:00 at the start and runs at wall-clock speed, into a sink that counts nudge items (not
 * messages) and the lateness of each (delivered time minus due time). Then, on a second database of the same kind,
 * Quartz with a JDBC job store in its best setup fires {@code --quartz-triggers} triggers that are due at once,
 * each running a job that only records it fired, and the run prints both rates and their ratio.
 *
 * <p>Options: {@code --commitments N} (100000), {@code --same-minute SHARE} (1.0), {@code --recipients N} (10000),
 * {@code --per-engagement N} people per engagement (20), {@code --batch N} claim size (200, as in production),
 * {@code --spread-seconds N} spread the due ones over N seconds of the minute (0: all at 09:30:00),
 * {@code --quartz-triggers N} (5000; 0 skips Quartz), {@code --quartz-threads N} (10), {@code --h2-options ";K=V"}
 * appended to both H2 URLs, {@code --dir PATH} and {@code --keep} to keep the databases, {@code --db h2|postgres|both}
 * (h2; postgres is an embedded PostgreSQL started for the run, a fresh database for each part), {@code --warmup N}
 * (as many as {@code --commitments}; 0 skips it: first the same run with N commitments for as many recipients, on a
 * database of its own, so the measured run is of compiled code, as in a process that has sent such a burst before: with
 * half as many, the JIT compiler was still at work in the measured run, 2.5 to 4.8 CPU-s of it against 1.3 to 3.1
 * with as many), {@code --warmup-rounds N} (2: how many such runs, each on a fresh database: each measured run opens
 * and seeds its database first, which makes HotSpot throw away about 200 methods C2 compiled for the dispatch before it;
 * a process that has been running has been through planning and sending many times, and after one warm-up the measured
 * dispatch still recompiled them, 1.9 to 2.5 CPU-s of JIT against 0.4 to 2.0, median 0.65, after two), {@code --aged N}
 * (0: N sent rows per
 * commitment already in the outbox, to the same people over the last four weeks, as housekeeping keeps them for 30 days
 * on a database that has been running) and {@code --bare false} to skip the bare claim-and-mark loop that runs on the
 * same database right after Keepword's dispatch.
 */
public final class DispatchBenchmark {
    private static final String WS = "T-BENCH";
    private static final ZoneId ZONE = ZoneId.of("Europe/London");
    /** The due minute: Monday 23 November 2026, 09:30 in London (UTC in November), the agreement's nudge time. */
    private static final Instant DUE_MINUTE = Instant.parse("2026-11-23T09:30:00Z");
    private static final Agreement AGREEMENT = Agreement.DEFAULT;

    private DispatchBenchmark() {
    }

    record Options(int commitments, double sameMinute, int recipients, int perEngagement, int batch,
                   int spreadSeconds, int quartzTriggers, int quartzThreads, String h2Options, Path dir, boolean keep,
                   List<String> dbs, boolean bare, int warmup, int warmupRounds, int aged) {

        /**
         * The same run with fewer commitments for as many people (each message renders fewer items), with no Quartz: what
         * the warm-up does before the measured run.
         */
        Options warmupRun() {
            return new Options(warmup, sameMinute, Math.min(recipients, warmup),
                    perEngagement, batch, spreadSeconds, 0, quartzThreads, h2Options, dir, keep, dbs, bare, 0, 0, aged);
        }

        static Options parse(String[] args) {
            Map<String, String> m = BenchArgs.parse(args);
            Options o = new Options(
                    Integer.parseInt(m.getOrDefault("commitments", "100000")),
                    Double.parseDouble(m.getOrDefault("same-minute", "1.0")),
                    Integer.parseInt(m.getOrDefault("recipients", "10000")),
                    Integer.parseInt(m.getOrDefault("per-engagement", "20")),
                    Integer.parseInt(m.getOrDefault("batch", String.valueOf(DispatchDueNudges.Tuning.DEFAULT.batchSize()))),
                    Integer.parseInt(m.getOrDefault("spread-seconds", "0")),
                    Integer.parseInt(m.getOrDefault("quartz-triggers", "5000")),
                    Integer.parseInt(m.getOrDefault("quartz-threads", "10")),
                    m.getOrDefault("h2-options", ""),
                    m.containsKey("dir") ? Path.of(m.get("dir")) : null,
                    Boolean.parseBoolean(m.getOrDefault("keep", "false")),
                    switch (m.getOrDefault("db", "h2")) {
                        case "h2" -> List.of("h2");
                        case "postgres" -> List.of("postgres");
                        case "both" -> List.of("h2", "postgres");
                        default -> throw new IllegalArgumentException("--db h2, postgres or both");
                    },
                    Boolean.parseBoolean(m.getOrDefault("bare", "true")),
                    Integer.parseInt(m.getOrDefault("warmup", m.getOrDefault("commitments", "100000"))),
                    Integer.parseInt(m.getOrDefault("warmup-rounds", "2")),
                    Integer.parseInt(m.getOrDefault("aged", "0")));
            Set<String> known = Set.of("commitments", "same-minute", "recipients", "per-engagement", "batch",
                    "spread-seconds", "quartz-triggers", "quartz-threads", "h2-options", "dir", "keep", "db", "bare",
                    "warmup", "warmup-rounds", "aged");
            for (String k : m.keySet()) {
                if (!known.contains(k)) {
                    throw new IllegalArgumentException("unknown option --" + k + "; known: " + known);
                }
            }
            return o;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Path dir = o.dir() != null ? Files.createDirectories(o.dir()) : Files.createTempDirectory("keepword-bench");
        System.out.printf("Keepword dispatch benchmark: %,d commitments, %.0f%% due at %s (spread over %d s), "
                        + "%,d recipients, batch %d, %s, H2 %s%s, %d cores, max heap %,d MB%n",
                o.commitments(), o.sameMinute() * 100, DUE_MINUTE, o.spreadSeconds(), o.recipients(), o.batch(),
                String.join(" and ", o.dbs()), org.h2.engine.Constants.VERSION, o.h2Options(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        if (o.aged() > 0) {
            System.out.printf("aged outbox: %,d sent rows already there (%d per commitment, to the same people, 2 to 28 days ago)%n",
                    (long) o.aged() * o.commitments(), o.aged());
        }
        long baseline = heapAfterGc();
        Map<String, String> summaries = new LinkedHashMap<>();
        EmbeddedPostgres postgres = o.dbs().contains("postgres") ? EmbeddedPostgres.builder().start() : null;
        try {
            for (String db : o.dbs()) {
                System.out.println();
                System.out.println("== " + db + " ==");
                if (o.warmup() > 0) {
                    // A process that has been running has compiled its dispatch path; a fresh JVM compiles it during
                    // the measured minute (the C2 compiler took most of a core for the first 10 s of a cold run).
                    for (int round = 1; round <= o.warmupRounds(); round++) {
                        System.out.printf("-- warm-up %d of %d, not measured: %,d commitments on a database of its own --%n",
                                round, o.warmupRounds(), o.warmup());
                        runOutbox(o.warmupRun(), url(o, db, dir, "warmup" + round, postgres),
                                db.equals("h2") ? dir.resolve("warmup" + round) : null, baseline);
                    }
                    System.out.println("-- measured --");
                }
                String outboxUrl = url(o, db, dir, "outbox", postgres);
                OutboxResult ours = runOutbox(o, outboxUrl, db.equals("h2") ? dir.resolve("outbox") : null, baseline);
                QuartzResult quartz = o.quartzTriggers() > 0 ? runQuartz(o, url(o, db, dir, "quartz", postgres)) : null;
                StringBuilder out = new StringBuilder();
                out.append(String.format("outbox dispatcher: %,.0f nudges/s (%,d items in %,d messages), "
                                + "lateness p50 %,d ms, p99 %,d ms, max %,d ms; heap after planning %,d MB%n",
                        ours.perSecond, ours.items, ours.messages, ours.p50, ours.p99, ours.max, ours.heapMb));
                if (ours.bare != null) {
                    out.append(String.format("bare claim-and-mark loop (same database, one thread): %,.0f rows/s "
                                    + "(%,d rows in %.2f s, %,.0f per CPU-second of the process)%n",
                            ours.bare.perSecond, ours.bare.rows, ours.bare.seconds, ours.bare.perCpuSecond));
                    out.append(String.format("Keepword / bare loop: %.2fx by wall-clock rate, %.2fx per CPU-second%n",
                            ours.perSecond / ours.bare.perSecond, ours.perCpuSecond / ours.bare.perCpuSecond));
                }
                if (quartz != null) {
                    out.append(String.format("one Quartz trigger per nudge: %,.0f firings/s (%,d triggers, %d threads, batch "
                            + "acquisition 50, acquireTriggersWithinLock)%n", quartz.perSecond, quartz.fired, o.quartzThreads()));
                    out.append(String.format("Keepword / Quartz: %.1fx by wall-clock rate, %.1fx per CPU-second (the second "
                                    + "holds up better on a busy machine)%n", ours.perSecond / quartz.perSecond,
                            ours.perCpuSecond / quartz.perCpuSecond));
                }
                out.append(String.format("targets: all same-minute nudges delivered within 10 s of due: %s (goal 5 s; max "
                                + "lateness %,d ms); >= 0.5x the bare loop: %s; heap < 512 MB: %s%n",
                        ours.allDelivered && ours.max <= 10_000 ? "yes" : "NO", ours.max,
                        ours.bare == null ? "not measured" : ours.perSecond >= 0.5 * ours.bare.perSecond ? "yes" : "NO",
                        ours.heapMb < 512 ? "yes" : "NO"));
                summaries.put(db, out.toString());
            }
            summaries.forEach((db, text) -> {
                System.out.println();
                System.out.println("== Summary, " + db + " ==");
                System.out.print(text);
            });
        } finally {
            if (postgres != null) {
                postgres.close();
            }
            if (!o.keep()) {
                BenchFiles.deleteTree(dir);
            } else {
                System.out.println("kept databases in " + dir);
            }
        }
    }

    /** A fresh database of the kind asked for: an H2 file in {@code dir}, or a new database in the embedded PostgreSQL. */
    private static String url(Options o, String db, Path dir, String name, EmbeddedPostgres postgres) throws SQLException {
        if (db.equals("h2")) {
            return "jdbc:h2:file:" + dir.resolve(name).toAbsolutePath() + o.h2Options();
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
            st.execute("create database " + name);
        }
        return postgres.getJdbcUrl("postgres", name);
    }

    // ---------------------------------------------------------------- the outbox dispatcher

    record OutboxResult(long items, long messages, double perSecond, double perCpuSecond, long p50, long p99, long max,
                        long heapMb, boolean allDelivered, BareResult bare) {
    }

    static OutboxResult runOutbox(Options o, String url, Path h2File, long baseline) throws Exception {
        RecordingSink sink = new RecordingSink();
        Instant start = DUE_MINUTE;
        BenchClock clock = new BenchClock(start);
        DispatchDueNudges.Tuning tuning = new DispatchDueNudges.Tuning(o.batch(),
                DispatchDueNudges.Tuning.DEFAULT.lease(), DispatchDueNudges.Tuning.DEFAULT.batchWindow(),
                DispatchDueNudges.Tuning.DEFAULT.maxAttempts());
        try (Wiring wiring = new Wiring(Database.open(url), clock, Wiring.Policies.of(AGREEMENT), (ws, user) -> Optional.empty(), sink,
                "bench", tuning)) {
            long t0 = System.nanoTime();
            int due = plan(o, wiring);
            if (wiring.database().isPostgres()) {
                // Statistics for the planner, as autovacuum keeps them on a live database: right after a bulk load
                // PostgreSQL knows nothing of the 100,000 rows and its first claims plan badly.
                wiring.database().jdbc().update("analyze");
            }
            double planSeconds = (System.nanoTime() - t0) / 1e9;
            long heapMb = Math.max(0, heapAfterGc()) >> 20;
            long heapAboveBaseline = Math.max(0, heapAfterGc() - baseline) >> 20;
            System.out.printf("planned %,d commitments (%,d due in the minute) in %.1f s (%,.0f/s); heap used after "
                            + "planning %,d MB (%,d MB above the JVM before the database was opened); database file %,d MB%n",
                    o.commitments(), due, planSeconds, o.commitments() / planSeconds, heapMb, heapAboveBaseline,
                    h2File == null ? databaseMb(wiring) : Files.size(Path.of(h2File + ".mv.db")) >> 20);
            System.out.println("outbox database: " + wiring.database().url());
            sink.measure(clock, dueTimes(wiring, o));

            // Dispatch with the clock at the due minute: what a tick at 09:30:00 would do, batch after batch.
            Instant lastDue = DUE_MINUTE.plusSeconds(o.spreadSeconds());
            clock.startNow();
            long begin = System.nanoTime();
            long cpuBegin = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long processCpuBegin = processCpuNanos();
            Map<String, Long> threadsBegin = cpuByThreadKind();
            Map<String, Long> h2Begin = h2File != null ? h2Info(wiring) : Map.of();
            int claimed = 0;
            int runs = 0;
            while (true) {
                // As the tick does: everything due, batch after batch, each batch's outcomes written while the next
                // one is claimed and rendered.
                int n = wiring.dispatcher().runDue(clock.now());
                claimed += n;
                if (n > 0) {
                    runs++;
                    continue;
                }
                if (clock.now().isAfter(lastDue.plusSeconds(1))) {
                    break;
                }
                Thread.sleep(20); // nothing due yet: the next rows fall due later in the minute
            }
            double seconds = (sink.lastDelivery - begin) / 1e9;
            double cpu = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuBegin) / 1e9;
            double processCpu = (processCpuNanos() - processCpuBegin) / 1e9;
            long[] lateness = sink.lateness();
            long items = sink.items.get();
            System.out.printf("dispatched: %,d rows claimed in batches of %d (%,d dispatch runs); %,d nudge items delivered in %,d messages "
                            + "in %.2f s = %,.0f nudges/s; lateness p50 %,d ms, p99 %,d ms, max %,d ms "
                            + "(dispatching thread on CPU %.1f s of those %.1f s; whole process %.1f CPU-s = %,.0f nudges "
                            + "per CPU-second)%n",
                    claimed, o.batch(), runs, items, sink.messages.get(), seconds, items / seconds,
                    percentile(lateness, 50), percentile(lateness, 99), percentile(lateness, 100), cpu, seconds,
                    processCpu, items / processCpu);
            System.out.println("CPU by thread (s): " + cpuSince(threadsBegin));
            if (h2File != null) {
                Map<String, Long> h2 = h2Info(wiring);
                long bytes = h2.getOrDefault("info.FILE_WRITE_BYTES", 0L) - h2Begin.getOrDefault("info.FILE_WRITE_BYTES", 0L);
                long writes = h2.getOrDefault("info.FILE_WRITE", 0L) - h2Begin.getOrDefault("info.FILE_WRITE", 0L);
                System.out.printf("H2 wrote %,.0f MB in %,d writes while dispatching (%,.1f KB per nudge item); map "
                                + "updates that had to retry: %d%%%n", bytes / 1e6, writes, bytes / 1024.0 / Math.max(1, items),
                        h2.getOrDefault("info.UPDATE_FAILURE_PERCENT", 0L));
            }
            Map<String, Long> states = states(wiring);
            System.out.println("outbox rows by state afterwards: " + states
                    + " (PLANNED includes each sent commitment's next step and the spread rows)");
            long postponed = wiring.database().jdbc().one("select count(*) from outbox where state = 'PLANNED' "
                    + "and step = 'HEADS_UP' and planned_for <= ?", rs -> rs.getLong(1), lastDue).orElse(0L);
            if (postponed > 0) {
                System.out.printf("postponed by the daily cap (%d per person per day): %,d%n",
                        AGREEMENT.dailyNudgeCap(), postponed);
            }
            BareResult bare = o.bare() ? runBare(o, wiring, due) : null;
            return new OutboxResult(items, sink.messages.get(), items / seconds, items / processCpu, percentile(lateness, 50),
                    percentile(lateness, 99), percentile(lateness, 100), heapMb, items == due, bare);
        }
    }

    // ---------------------------------------------------------------- the bare claim-and-mark loop

    record BareResult(long rows, double seconds, double perSecond, double perCpuSecond) {
    }

    /**
     * The floor under any dispatcher on this database: as many rows as Keepword just delivered, due at once, taken by
     * one thread doing only the writes every claim loop must do, in plain JDBC: claim a batch ({@code FOR UPDATE SKIP
     * LOCKED}, no {@code ORDER BY}, leased in the same transaction), then mark the batch sent and insert each row's
     * next row in a second one. No rendering, no sending, no reading of commitments or people. Same database, same
     * durability settings, run right after Keepword's own dispatch (so the table holds what that left behind).
     */
    static BareResult runBare(Options o, Wiring wiring, int rows) throws SQLException {
        Instant due = DUE_MINUTE.plus(Duration.ofDays(1)); // Tuesday 09:30: nothing of Keepword's is due then
        Instant next = due.plus(Duration.ofDays(7));
        try (Connection c = wiring.database().dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into outbox (workspace_id, commitment_id, commitment_due, recipient, step, occurrence,
                      dedupe_key, planned_for, due_at, state, attempts, detail)
                    values (?, ?, ?, ?, 'BARE', 0, ?, ?, ?, 'PLANNED', 0, '')""")) {
                for (int i = 0; i < rows; i++) {
                    bind(insert, WS, (long) i + 1, next, person(i % o.recipients()), "bare:" + (i + 1), due, due);
                    insert.addBatch();
                    if ((i + 1) % 2_000 == 0 || i + 1 == rows) {
                        insert.executeBatch();
                        c.commit();
                    }
                }
            }
            long begin = System.nanoTime();
            long cpuBegin = processCpuNanos();
            Map<String, Long> h2Begin = wiring.database().isPostgres() ? Map.of() : h2Info(wiring);
            long done = 0;
            String marks = String.join(", ", java.util.Collections.nCopies(o.batch(), "?"));
            try (PreparedStatement claim = c.prepareStatement("select id, commitment_id, recipient from outbox "
                    + "where state = 'PLANNED' and due_at <= ? limit ? for update skip locked");
                 PreparedStatement lease = c.prepareStatement("update outbox set state = 'SENDING', lease_owner = 'bare', "
                         + "lease_until = ? where id in (" + marks + ")");
                 PreparedStatement sent = c.prepareStatement("update outbox set state = 'SENT', sent_at = ?, "
                         + "lease_until = null where id in (" + marks + ") and state = 'SENDING'");
                 PreparedStatement plan = c.prepareStatement("""
                    insert into outbox (workspace_id, commitment_id, commitment_due, recipient, step, occurrence,
                      dedupe_key, planned_for, due_at, state, attempts, detail)
                    values (?, ?, ?, ?, 'BARE', 1, ?, ?, ?, 'PLANNED', 0, '')""")) {
                while (true) {
                    bind(claim, due, o.batch());
                    List<long[]> batch = new java.util.ArrayList<>();
                    List<String> recipients = new java.util.ArrayList<>();
                    try (var rs = claim.executeQuery()) {
                        while (rs.next()) {
                            batch.add(new long[]{rs.getLong(1), rs.getLong(2)});
                            recipients.add(rs.getString(3));
                        }
                    }
                    if (batch.isEmpty()) {
                        c.commit();
                        break;
                    }
                    // The same statement each time (a short batch pads its IN list with its last id).
                    lease.setObject(1, due.plus(Duration.ofMinutes(2)).atOffset(ZoneOffset.UTC));
                    for (int i = 0; i < o.batch(); i++) {
                        lease.setLong(i + 2, batch.get(Math.min(i, batch.size() - 1))[0]);
                    }
                    lease.executeUpdate();
                    c.commit();
                    sent.setObject(1, due.atOffset(ZoneOffset.UTC));
                    for (int i = 0; i < o.batch(); i++) {
                        sent.setLong(i + 2, batch.get(Math.min(i, batch.size() - 1))[0]);
                    }
                    sent.executeUpdate();
                    for (int i = 0; i < batch.size(); i++) {
                        long id = batch.get(i)[1];
                        bind(plan, WS, id, next, recipients.get(i), "bare-next:" + id, next, next);
                        plan.addBatch();
                    }
                    plan.executeBatch();
                    c.commit();
                    done += batch.size();
                }
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            double cpu = (processCpuNanos() - cpuBegin) / 1e9;
            c.setAutoCommit(true);
            String written = "";
            if (!wiring.database().isPostgres()) {
                long bytes = h2Info(wiring).getOrDefault("info.FILE_WRITE_BYTES", 0L)
                        - h2Begin.getOrDefault("info.FILE_WRITE_BYTES", 0L);
                written = String.format("; H2 wrote %,.0f MB, %,.1f KB per row", bytes / 1e6, bytes / 1024.0 / Math.max(1, done));
            }
            System.out.printf("bare claim-and-mark loop: %,d rows in %.2f s = %,.0f rows/s (batches of %d; whole process "
                    + "%.1f CPU-s%s)%n", done, seconds, done / seconds, o.batch(), cpu, written);
            return new BareResult(done, seconds, done / seconds, done / cpu);
        }
    }

    private static long databaseMb(Wiring wiring) {
        return wiring.database().jdbc().one("select pg_database_size(current_database())", rs -> rs.getLong(1))
                .orElse(0L) >> 20;
    }

    /**
     * Stores people and engagements through the stores, then commitments, their history line and their next nudge
     * with bulk JDBC inserts; returns how many nudges fall due in the measured minute.
     */
    static int plan(Options o, Wiring wiring) throws SQLException {
        int engagements = (o.recipients() + o.perEngagement() - 1) / o.perEngagement();
        wiring.database().jdbc().inTransaction(() -> {
            for (int r = 0; r < o.recipients(); r++) {
                wiring.parties().save(new Party(WS, person(r), "Person " + r, ZONE, WorkingHours.OFFICE));
            }
            for (int e = 0; e < engagements; e++) {
                List<String> clients = new java.util.ArrayList<>();
                for (int r = e * o.perEngagement(); r < Math.min(o.recipients(), (e + 1) * o.perEngagement()); r++) {
                    clients.add(person(r));
                }
                wiring.engagements().save(new Engagement(WS, channel(e), "client " + e, clients, List.of(lead(e)),
                        channel(e) + "-internal", ZONE, 2, AGREEMENT));
            }
            return null;
        });
        WorkingCalendar cal = WorkingCalendar.of(new Party(WS, "template", "template", ZONE, WorkingHours.OFFICE),
                AGREEMENT);
        Instant created = DUE_MINUTE.minus(Duration.ofDays(7));
        Instant sameMinuteDue = LocalDate.of(2026, 11, 25).atTime(LocalTime.of(17, 0)).atZone(ZONE).toInstant();
        int sameMinute = (int) Math.round(o.commitments() * o.sameMinute());
        Random random = new Random(42);
        int due = 0;
        try (Connection c = wiring.database().dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement commitment = c.prepareStatement("""
                    insert into commitment (workspace_id, id, channel_id, title, kind, owner_id, owed_to, due_at,
                      created_by, created_at, state, snoozed_until, snoozes, renegotiations, blocked_reason)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', null, 0, 0, '')""");
                 PreparedStatement history = c.prepareStatement("""
                    insert into commitment_history (workspace_id, commitment_id, seq, at, actor, action, detail)
                    values (?, ?, 0, ?, ?, 'CREATED', ?)""");
                 PreparedStatement outbox = c.prepareStatement("""
                    insert into outbox (workspace_id, commitment_id, commitment_due, recipient, step, occurrence,
                      dedupe_key, planned_for, due_at, state, attempts, detail)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PLANNED', 0, '')""");
                 PreparedStatement aged = c.prepareStatement("""
                    insert into outbox (workspace_id, commitment_id, commitment_due, recipient, step, occurrence,
                      dedupe_key, planned_for, due_at, state, attempts, detail, sent_at, sent_step, sent_occurrence,
                      message_ref)
                    values (?, ?, ?, ?, 'HEADS_UP', 0, ?, ?, ?, 'SENT', 0, '', ?, 'HEADS_UP', 0, 'aged')""")) {
                for (int i = 0; i < o.commitments(); i++) {
                    long id = i + 1;
                    // Interleaved owners, as when people record commitments over time: consecutive ids, different people.
                    int r = i % o.recipients();
                    int e = r / o.perEngagement();
                    boolean inMinute = i < sameMinute;
                    Instant dueDate = inMinute ? sameMinuteDue
                            : cal.at(cal.nextWorkingDay(LocalDate.of(2026, 11, 30).plusDays(random.nextInt(56))),
                            LocalTime.of(17, 0));
                    Commitment cm = Commitment.create(WS, id, channel(e), "deliverable " + id, Kind.DELIVERABLE,
                            person(r), lead(e), dueDate, lead(e), created);
                    Cadence.Planned next = Cadence.next(cm, AGREEMENT, cal, Cadence.Progress.NONE, DUE_MINUTE.minusSeconds(1))
                            .orElseThrow();
                    Instant at = next.at();
                    if (inMinute) {
                        at = DUE_MINUTE.plusMillis(o.spreadSeconds() == 0 ? 0 : random.nextInt(o.spreadSeconds() * 1000));
                        due++;
                    }
                    bind(commitment, WS, id, channel(e), cm.title(), Kind.DELIVERABLE.name(), person(r), lead(e),
                            dueDate, lead(e), created);
                    commitment.addBatch();
                    bind(history, WS, id, created, lead(e), "due " + dueDate);
                    history.addBatch();
                    bind(outbox, WS, id, dueDate, person(r), next.step().name(), next.occurrence(),
                            WS + ":" + id + ":" + next.key() + "@" + dueDate.getEpochSecond(), at, at);
                    outbox.addBatch();
                    for (int k = 0; k < o.aged(); k++) {
                        // Sent two days to four weeks ago (outside the daily cap's 26 hours), about commitments long
                        // closed (ids no commitment has: no progress of a planned one changes).
                        Instant sentAt = DUE_MINUTE.minus(Duration.ofDays(2 + k % 27)).minusSeconds(i % 3600);
                        long closed = 10_000_000L * (k + 1) + id;
                        bind(aged, WS, closed, sentAt, person(r), WS + ":" + closed + ":aged", sentAt, sentAt, sentAt);
                        aged.addBatch();
                    }
                    if (id % 2_000 == 0 || id == o.commitments()) {
                        commitment.executeBatch();
                        history.executeBatch();
                        outbox.executeBatch();
                        aged.executeBatch();
                        c.commit();
                        if (id == 2_000 && wiring.database().isPostgres()) {
                            // As autovacuum would on a live database: planned while the table was empty, each history
                            // row's foreign-key check would read every commitment stored so far (quadratic seeding).
                            try (var st = c.createStatement()) {
                                st.execute("analyze commitment");
                            }
                            c.commit();
                        }
                    }
                }
            }
            try (PreparedStatement ws = c.prepareStatement("insert into workspace (id, next_commitment_id) values (?, ?)")) {
                bind(ws, WS, (long) o.commitments() + 1);
                ws.executeUpdate();
            }
            c.commit();
            c.setAutoCommit(true);
        }
        return due;
    }

    /** Due time (epoch ms) by commitment id, for the sink's lateness figures; read back from the outbox. */
    private static long[] dueTimes(Wiring wiring, Options o) {
        long[] due = new long[o.commitments() + 1];
        wiring.database().jdbc().query("select commitment_id, due_at from outbox where state = 'PLANNED' and due_at <= ?",
                rs -> {
                    due[(int) rs.getLong(1)] = dev.keepword.store.Jdbc.instant(rs, "due_at").toEpochMilli();
                    return null;
                }, DUE_MINUTE.plusSeconds(o.spreadSeconds()));
        return due;
    }

    private static Map<String, Long> states(Wiring wiring) {
        Map<String, Long> out = new LinkedHashMap<>();
        wiring.database().jdbc().query("select state, count(*) from outbox group by state order by state", rs -> {
            out.put(rs.getString(1), rs.getLong(2));
            return null;
        });
        return out;
    }

    /** Reads the due minute when dispatch starts and then moves at wall-clock speed. */
    static final class BenchClock implements Clock {
        private final Instant origin;
        private volatile long startNanos = -1;

        BenchClock(Instant origin) {
            this.origin = origin;
        }

        void startNow() {
            startNanos = System.nanoTime();
        }

        @Override
        public Instant now() {
            long start = startNanos;
            return start < 0 ? origin : origin.plusNanos(System.nanoTime() - start);
        }

        long nowMillis() {
            long start = startNanos;
            return origin.toEpochMilli() + (start < 0 ? 0 : (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** A chat platform that answers at once and remembers, per nudge item, how late it arrived. */
    static final class RecordingSink implements Chat {
        final AtomicInteger items = new AtomicInteger();
        final AtomicInteger messages = new AtomicInteger();
        private long[] lateness = new long[0];
        private BenchClock clock;
        private long[] dueAt;
        volatile long lastDelivery;

        /** Starts measuring (allocated after planning, so the heap figure is the application's alone). */
        synchronized void measure(BenchClock clock, long[] dueAt) {
            this.clock = clock;
            this.dueAt = dueAt;
            this.lateness = new long[dueAt.length];
        }

        @Override
        public synchronized Delivery send(String workspaceId, Target target, Message message) {
            long nowMillis = clock.nowMillis();
            int m = messages.incrementAndGet();
            for (long id : NudgeItems.of(message)) {
                int n = items.getAndIncrement();
                if (n < lateness.length) {
                    lateness[n] = nowMillis - dueAt[(int) id];
                }
            }
            lastDelivery = System.nanoTime();
            return new Delivery.Sent("m" + m);
        }

        synchronized long[] lateness() {
            long[] out = Arrays.copyOf(lateness, Math.min(items.get(), lateness.length));
            Arrays.sort(out);
            return out;
        }
    }

    // ---------------------------------------------------------------- one Quartz trigger per nudge

    record QuartzResult(int fired, double perSecond, double perCpuSecond) {
    }

    static QuartzResult runQuartz(Options o, String created) throws Exception {
        String url;
        boolean postgres = created.startsWith("jdbc:postgresql:");
        try (Database db = Database.open(created)) {
            // Keepword's own migrations create the QRTZ_ tables; Quartz then opens its own pool on the same file,
            // with the URL (and so the durability settings) Keepword itself uses.
            url = db.url();
        }
        FiredRecorder recorder = new FiredRecorder();
        java.util.Properties p = new java.util.Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "bench-quartz");
        p.setProperty("org.quartz.scheduler.instanceId", "bench");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", "50");
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(o.quartzThreads()));
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", postgres
                ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", "bench");
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(Duration.ofHours(1).toMillis()));
        p.setProperty("org.quartz.dataSource.bench.provider", "hikaricp");
        p.setProperty("org.quartz.dataSource.bench.driver", postgres ? "org.postgresql.Driver" : "org.h2.Driver");
        p.setProperty("org.quartz.dataSource.bench.URL", url);
        p.setProperty("org.quartz.dataSource.bench.maxConnections", String.valueOf(o.quartzThreads() + 2));
        Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
        try {
            scheduler.setJobFactory((bundle, s) -> recorder);
            JobDetail job = JobBuilder.newJob(FiredRecorder.class).withIdentity("nudge", "bench").storeDurably().build();
            Date fireAt = new Date();
            Set<Trigger> triggers = new HashSet<>();
            for (int i = 0; i < o.quartzTriggers(); i++) {
                triggers.add(TriggerBuilder.newTrigger().withIdentity("nudge-" + i, "bench").forJob(job)
                        .usingJobData("commitment", String.valueOf(i)).startAt(fireAt)
                        .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                        .build());
            }
            long t0 = System.nanoTime();
            scheduler.scheduleJobs(Map.of(job, triggers), true);
            double scheduleSeconds = (System.nanoTime() - t0) / 1e9;
            long begin = System.nanoTime();
            long processCpuBegin = processCpuNanos();
            scheduler.start();
            long deadline = begin + Duration.ofMinutes(10).toNanos();
            while (recorder.fired.get() < o.quartzTriggers() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            int fired = recorder.fired.get();
            double seconds = (recorder.last - begin) / 1e9;
            double processCpu = (processCpuNanos() - processCpuBegin) / 1e9;
            System.out.printf("Quartz: scheduled %,d triggers in %.1f s (%,.0f/s); fired %,d in %.2f s = %,.0f firings/s "
                            + "(whole process %.1f CPU-s = %,.0f firings per CPU-second)%n",
                    o.quartzTriggers(), scheduleSeconds, o.quartzTriggers() / scheduleSeconds, fired, seconds,
                    fired / seconds, processCpu, fired / processCpu);
            return new QuartzResult(fired, fired / seconds, fired / processCpu);
        } finally {
            // standby, let running jobs finish, then shut down: never interrupt a thread inside H2 (STACK.md trap 12)
            scheduler.standby();
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!scheduler.getCurrentlyExecutingJobs().isEmpty() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            scheduler.shutdown(true);
            SchedulerRepository.getInstance().remove("bench-quartz");
        }
    }

    /** The job every trigger runs: it only notes that it fired, which flatters Quartz (no nudge is built or sent). */
    public static final class FiredRecorder implements Job {
        final AtomicInteger fired = new AtomicInteger();
        volatile long last;

        @Override
        public void execute(JobExecutionContext context) {
            fired.incrementAndGet();
            last = System.nanoTime();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            ps.setObject(i + 1, a instanceof Instant t ? t.atOffset(ZoneOffset.UTC) : a);
        }
    }

    private static String person(int r) {
        return "U" + r;
    }

    private static String channel(int e) {
        return "C" + e;
    }

    private static String lead(int e) {
        return "L" + e;
    }

    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** CPU time of the whole JVM (every thread, H2's writer and Quartz's pool included). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * CPU time of each live thread, in clock ticks of {@code /proc/self/task/N/stat}, keyed by thread id and name (its
     * first 15 characters): where the whole process's CPU went. Empty where {@code /proc} is not there.
     */
    private static Map<String, Long> cpuByThreadKind() {
        Map<String, Long> ticks = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String[] f = stat.substring(close + 2).split(" ");
                ticks.put(task.getFileName() + "/" + stat.substring(open + 1, close),
                        Long.parseLong(f[11]) + Long.parseLong(f[12])); // utime + stime
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return ticks;
    }

    /** H2's own counters ({@code info.*} in {@code information_schema.settings}) that are numbers. */
    private static Map<String, Long> h2Info(Wiring wiring) {
        Map<String, Long> info = new HashMap<>();
        wiring.database().jdbc().query("select setting_name, setting_value from information_schema.settings "
                + "where setting_name like 'info.%'", rs -> {
                    String value = rs.getString(2).replace("%", "").trim();
                    if (value.matches("-?\\d{1,18}")) {
                        info.put(rs.getString(1), Long.parseLong(value));
                    }
                    return null;
                });
        return info;
    }

    /** The CPU each kind of thread (its name with digits folded) used since {@code before}, largest first, in seconds. */
    private static String cpuSince(Map<String, Long> before) {
        Map<String, Long> byKind = new HashMap<>();
        cpuByThreadKind().forEach((thread, ticks) -> byKind.merge(thread.substring(thread.indexOf('/') + 1)
                .replaceAll("[0-9]+", "N"), ticks - before.getOrDefault(thread, 0L), Long::sum));
        StringBuilder out = new StringBuilder();
        byKind.entrySet().stream()
                .filter(e -> e.getValue() >= 5)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.append(out.length() == 0 ? "" : ", ").append(e.getKey())
                        .append(String.format(" %.1f", e.getValue() / 100.0)));
        return out.toString();
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
