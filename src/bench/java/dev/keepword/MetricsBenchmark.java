package dev.keepword;

import dev.keepword.store.Database;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * What one refresh of {@code GET /metrics} costs on an H2 outbox that has been running: Keepword's count of the outbox
 * by state and kind ({@link Metrics#outboxCounts}: indexes and the row count) against one pass over the rows (what it
 * did before, and what PostgreSQL still does), on the same database, in the same run. Not a test: a main, run with
 *
 * <pre>
 * mvn -q test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *   -Dexec.args="-cp %classpath dev.keepword.MetricsBenchmark --sent 2000000 --planned 100000"
 * </pre>
 *
 * It fills an H2 file database with {@code --sent} sent nudges (30 days of them, as housekeeping keeps), {@code
 * --planned} planned ones, and a sent weekly summary for each of 500 engagements, then counts {@code --rounds} times
 * each way (a row changed between rounds, so H2 cannot answer from its result cache), checks both give the same
 * figures, and prints wall-clock and CPU time of each and their ratio.
 */
public final class MetricsBenchmark {
    private MetricsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long sent = 2_000_000;
        long planned = 100_000;
        int rounds = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--sent" -> sent = Long.parseLong(args[i + 1]);
                case "--planned" -> planned = Long.parseLong(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; known: --sent, --planned, --rounds");
            }
        }
        Path dir = Files.createTempDirectory("keepword-metrics-bench");
        try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("outbox").toAbsolutePath())) {
            long t = System.nanoTime();
            fill(db, sent, "SENT", "OVERDUE", 1);
            fill(db, planned, "PLANNED", "HEADS_UP", sent + 1);
            db.jdbc().update("""
                    insert into outbox (workspace_id, commitment_id, commitment_due, recipient, step, occurrence, dedupe_key,
                      planned_for, due_at, state, attempts, detail)
                    select 'T-BENCH', 0, timestamp with time zone '2026-11-20 17:00:00+00', 'C' || x, 'SUMMARY', 0,
                      'T-BENCH:SUMMARY:C' || x || ':2026-11-16', timestamp with time zone '2026-11-20 17:00:00+00',
                      timestamp with time zone '2026-11-20 17:00:00+00', 'SENT', 0, ''
                    from system_range(1, 500)""");
            System.out.printf("outbox: %,d sent nudges, %,d planned, 500 sent summaries; filled in %.1f s; H2 file %,d MB%n",
                    sent, planned, (System.nanoTime() - t) / 1e9, Files.size(dir.resolve("outbox.mv.db")) >> 20);
            ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            Comparator<Metrics.Count> order = Comparator.comparing(Metrics.Count::state).thenComparing(Metrics.Count::kind);
            double indexesCpu = 0;
            double passCpu = 0;
            for (int r = 1; r <= rounds; r++) {
                long c0 = cpu.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                List<Metrics.Count> fromIndexes = Metrics.outboxCounts(db);
                long c1 = cpu.getCurrentThreadCpuTime();
                long w1 = System.nanoTime();
                List<Metrics.Count> onePass = Metrics.countedInOnePass(db.jdbc());
                long c2 = cpu.getCurrentThreadCpuTime();
                long w2 = System.nanoTime();
                if (!fromIndexes.stream().sorted(order).toList().equals(onePass.stream().sorted(order).toList())) {
                    throw new IllegalStateException("the counts differ: " + fromIndexes + " against " + onePass);
                }
                db.jdbc().update("update outbox set attempts = attempts where id = 1");
                System.out.printf("round %d: Keepword's count %,.0f ms (CPU %,.0f ms); one pass over the rows %,.0f ms "
                                + "(CPU %,.0f ms); %s%n", r, (w1 - w0) / 1e6, (c1 - c0) / 1e6, (w2 - w1) / 1e6, (c2 - c1) / 1e6,
                        fromIndexes);
                indexesCpu += (c1 - c0) / 1e6;
                passCpu += (c2 - c1) / 1e6;
            }
            System.out.printf("mean CPU per refresh: Keepword's count %,.0f ms, one pass %,.0f ms: %.0fx less%n",
                    indexesCpu / rounds, passCpu / rounds, passCpu / Math.max(1, indexesCpu));
        } finally {
            dev.keepword.bench.BenchFiles.deleteTree(dir);
        }
    }

    /** {@code n} rows in {@code state}, ids from {@code first}, to 10,000 people, due over the last 30 days. */
    private static void fill(Database db, long n, String state, String step, long first) {
        for (long from = first; from < first + n; from += 200_000) {
            long to = Math.min(first + n - 1, from + 199_999);
            db.jdbc().update("""
                    insert into outbox (workspace_id, commitment_id, commitment_due, recipient, step, occurrence, dedupe_key,
                      planned_for, due_at, state, attempts, detail, sent_at)
                    select 'T-BENCH', x, timestamp with time zone '2026-11-23 09:30:00+00', 'U' || mod(x, 10000), ?, 1,
                      'T-BENCH:' || x || ':' || ?, timestamp with time zone '2026-11-23 09:30:00+00' - mod(x, 30) day,
                      timestamp with time zone '2026-11-23 09:30:00+00' - mod(x, 30) day, ?, 0, '',
                      case when ? = 'SENT' then timestamp with time zone '2026-11-23 09:30:00+00' - mod(x, 30) day end
                    from system_range(?, ?)""", step, step, state, state, from, to);
        }
    }
}
