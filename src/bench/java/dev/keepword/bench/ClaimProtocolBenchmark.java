package dev.keepword.bench;

import dev.keepword.store.Database;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What a claimed nudge costs H2 under three claim protocols, the rest of the writes the same: whether the lease
 * Keepword writes on each claimed row (issue 17's largest remaining lever, by the profiles) is worth replacing. Not a
 * test: a main, run with
 *
 * <pre>
 * mvn -q test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *   -Dexec.args="-cp %classpath dev.keepword.bench.ClaimProtocolBenchmark --rows 100000 --rounds 3"
 * </pre>
 *
 * <ul>
 *   <li>{@code lease}, the baseline, what {@code JdbcOutbox.claim} does on H2: the due rows locked ({@code FOR UPDATE
 *   SKIP LOCKED}), the lease written on them in one {@code MERGE} (state {@code SENDING}, {@code due_at} the lease's
 *   end), committed; recorded on a second connection: marked sent where still leased, each one's next row inserted,
 *   committed.</li>
 *   <li>{@code lease-table}: no row locks and nothing written on the claimed rows; a lease is a row of a table of its
 *   own, whose primary key makes the claim exclusive, and the claim skips rows that have one ({@code not exists});
 *   recorded: marked sent, the lease rows deleted, the next rows inserted.</li>
 *   <li>{@code held-locks}: the rows locked as in {@code lease} and nothing written; the claim's transaction stays open
 *   through the send and the record (marked sent, next rows inserted) commits it, so two connections take turns.</li>
 * </ul>
 *
 * Every run has an H2 file database of its own (Keepword's schema through {@link Database#open}, so
 * {@code WRITE_DELAY=0}) holding {@code --rows} rows due at once across 10,000 recipients, and one thread claims
 * batches of {@code --batch}, recording each batch after claiming the next (one batch in flight, as
 * {@code DispatchDueNudges} keeps at most two). With {@code WRITE_DELAY=0} H2 stores in the committing thread, so that
 * thread's CPU is the whole cost but the garbage collector's, printed beside it. A warm-up run of each protocol comes
 * first ({@code --warmup-rows}); then {@code --rounds} rounds run the three in turn, each round starting one later, and
 * the medians are compared with the baseline's.
 */
public final class ClaimProtocolBenchmark {
    private static final String WS = "T0BENCH";
    private static final Instant DUE = Instant.parse("2026-11-24T09:30:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);

    private ClaimProtocolBenchmark() {
    }

    /** A claimed batch: ids with their commitments and recipients, and the connection that must record it. */
    private record Batch(List<Long> ids, List<Long> commitments, List<String> recipients, Connection recordOn) {
        Object[] idArray() {
            return ids.toArray();
        }
    }

    private record Run(String protocol, long rows, double seconds, double cpuSeconds, long gcMillis, double kbPerRow) {
        double microsPerRow() {
            return cpuSeconds * 1e6 / rows;
        }
    }

    private interface Protocol {
        /** Claims up to {@code limit} due rows; {@code turn} counts the claims of this run. */
        Batch claim(Connection[] connections, int turn, int limit) throws SQLException;

        /** Marks the batch sent and whatever else the protocol's record needs, before the next rows are inserted. */
        void markSent(Batch batch) throws SQLException;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> m = BenchArgs.parse(args);
        int rows = Integer.parseInt(m.getOrDefault("rows", "100000"));
        int batch = Integer.parseInt(m.getOrDefault("batch", "2000"));
        int rounds = Integer.parseInt(m.getOrDefault("rounds", "3"));
        int warmupRows = Integer.parseInt(m.getOrDefault("warmup-rows", "50000"));
        Map<String, Protocol> protocols = new LinkedHashMap<>();
        protocols.put("lease", new WrittenLease());
        protocols.put("lease-table", new LeaseTable());
        protocols.put("held-locks", new HeldLocks());
        Path dir = Files.createTempDirectory("keepword-claim-bench");
        System.out.printf("claim protocols on H2 %s: %,d rows due at once, batches of %,d, %d rounds (warm-up: %,d rows "
                + "each)%n", org.h2.engine.Constants.VERSION, rows, batch, rounds, warmupRows);
        try {
            compare(dir, protocols, rows, batch, rounds, warmupRows);
        } finally {
            BenchFiles.deleteTree(dir);
        }
    }

    private static void compare(Path dir, Map<String, Protocol> protocols, int rows, int batch, int rounds,
                                int warmupRows) throws Exception {
        List<String> names = List.copyOf(protocols.keySet());
        int n = 0;
        if (warmupRows > 0) {
            for (String name : names) {
                run(dir.resolve("warmup-" + name), name, protocols.get(name), warmupRows, batch);
            }
        }
        List<Run> runs = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((round + i) % names.size());
                Run r = run(dir.resolve("run-" + (++n)), name, protocols.get(name), rows, batch);
                runs.add(r);
                System.out.printf("round %d %-11s %,d rows in %5.2f s, %5.2f CPU-s (%5.1f µs a row), GC %,d ms, "
                        + "H2 wrote %.2f KB a row%n", round + 1, name, r.rows(), r.seconds(), r.cpuSeconds(),
                        r.microsPerRow(), r.gcMillis(), r.kbPerRow());
            }
        }
        double base = median(runs, "lease", Run::microsPerRow);
        System.out.println("medians:");
        for (String name : names) {
            double us = median(runs, name, Run::microsPerRow);
            System.out.printf("  %-11s %5.1f µs a row (%.2fx the written lease), %.2f s, H2 wrote %.2f KB a row%n",
                    name, us, us / base, median(runs, name, Run::seconds), median(runs, name, Run::kbPerRow));
        }
    }

    private static double median(List<Run> runs, String protocol, ToDoubleFunction<Run> f) {
        double[] v = runs.stream().filter(r -> r.protocol().equals(protocol)).mapToDouble(f).sorted().toArray();
        return v.length == 0 ? 0 : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static Run run(Path dir, String name, Protocol protocol, int rows, int batch) throws Exception {
        try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("outbox").toAbsolutePath())) {
            db.jdbc().update("create table outbox_lease (outbox_id bigint primary key, lease_owner varchar(100) not null, "
                    + "lease_until timestamp with time zone not null)");
            db.jdbc().update("create index outbox_lease_until on outbox_lease (lease_until)");
            seed(db, rows);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long written = written(db);
            long gc = gcMillis();
            long cpu = threads.getCurrentThreadCpuTime();
            long begin = System.nanoTime();
            long done = 0;
            try (Connection c0 = db.dataSource().getConnection(); Connection c1 = db.dataSource().getConnection()) {
                Connection[] connections = {c0, c1};
                c0.setAutoCommit(false);
                c1.setAutoCommit(false);
                Batch pending = null;
                for (int turn = 0; ; turn++) {
                    Batch claimed = protocol.claim(connections, turn, batch);
                    if (pending != null) {
                        protocol.markSent(pending);
                        insertNext(pending);
                        pending.recordOn().commit();
                        done += pending.ids().size();
                    }
                    if (claimed.ids().isEmpty()) {
                        claimed.recordOn().commit();
                        break;
                    }
                    pending = claimed;
                }
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            if (done != rows) {
                throw new IllegalStateException(name + " recorded " + done + " rows of " + rows);
            }
            return new Run(name, done, seconds, cpuSeconds, gcMillis() - gc, (written(db) - written) / 1024.0 / done);
        } finally {
            BenchFiles.deleteTree(dir);
        }
    }

    /** Keepword's lease: rows locked, then the lease written on them and committed before anything is sent. */
    private static final class WrittenLease implements Protocol {
        @Override
        public Batch claim(Connection[] connections, int turn, int limit) throws SQLException {
            Connection c = connections[0];
            Batch b = selectDue(c, connections[1], "state = 'PLANNED' and due_at <= ? limit ? for update skip locked", limit);
            if (!b.ids().isEmpty()) {
                try (PreparedStatement lease = c.prepareStatement("merge into outbox using table(v bigint = ?) t "
                        + "on outbox.id = t.v when matched then update set state = 'SENDING', lease_owner = 'bench', "
                        + "lease_until = ?, due_at = ?")) {
                    lease.setObject(1, b.idArray());
                    lease.setObject(2, DUE.plus(LEASE).atOffset(ZoneOffset.UTC));
                    lease.setObject(3, DUE.plus(LEASE).atOffset(ZoneOffset.UTC));
                    lease.executeUpdate();
                }
            }
            c.commit();
            return b;
        }

        @Override
        public void markSent(Batch batch) throws SQLException {
            mergeSent(batch, "and outbox.state = 'SENDING'", ", lease_owner = null, lease_until = null");
        }
    }

    /** A lease as a row of its own: nothing written on the claimed rows until they are sent. */
    private static final class LeaseTable implements Protocol {
        @Override
        public Batch claim(Connection[] connections, int turn, int limit) throws SQLException {
            Connection c = connections[0];
            Batch b = selectDue(c, connections[1], "state = 'PLANNED' and due_at <= ? and not exists "
                    + "(select 1 from outbox_lease l where l.outbox_id = o.id) limit ?", limit);
            if (!b.ids().isEmpty()) {
                try (PreparedStatement lease = c.prepareStatement("insert into outbox_lease (outbox_id, lease_owner, "
                        + "lease_until) select v, 'bench', ? from table(v bigint = ?)")) {
                    lease.setObject(1, DUE.plus(LEASE).atOffset(ZoneOffset.UTC));
                    lease.setObject(2, b.idArray());
                    lease.executeUpdate();
                }
            }
            c.commit();
            return b;
        }

        @Override
        public void markSent(Batch batch) throws SQLException {
            mergeSent(batch, "and outbox.state = 'PLANNED'", "");
            try (PreparedStatement release = batch.recordOn().prepareStatement("merge into outbox_lease using table(v bigint = ?) t "
                    + "on outbox_lease.outbox_id = t.v when matched then delete")) {
                release.setObject(1, batch.idArray());
                release.executeUpdate();
            }
        }
    }

    /** Row locks held from the claim to the record: nothing written until the rows are sent, one commit a batch. */
    private static final class HeldLocks implements Protocol {
        @Override
        public Batch claim(Connection[] connections, int turn, int limit) throws SQLException {
            Connection c = connections[turn % 2];
            return selectDue(c, c, "state = 'PLANNED' and due_at <= ? limit ? for update skip locked", limit);
        }

        @Override
        public void markSent(Batch batch) throws SQLException {
            mergeSent(batch, "", ""); // the rows are still locked by this transaction: nobody else can have taken them
        }
    }

    /** Marks the batch's rows sent in one merge: {@code andWhen} narrows the match, {@code alsoSet} adds columns. */
    private static void mergeSent(Batch batch, String andWhen, String alsoSet) throws SQLException {
        try (PreparedStatement sent = batch.recordOn().prepareStatement("merge into outbox using table(v bigint = ?) t "
                + "on outbox.id = t.v when matched " + andWhen + " then update set state = 'SENT', sent_at = ?" + alsoSet)) {
            sent.setObject(1, batch.idArray());
            sent.setObject(2, DUE.atOffset(ZoneOffset.UTC));
            sent.executeUpdate();
        }
    }

    private static Batch selectDue(Connection c, Connection recordOn, String where, int limit) throws SQLException {
        Batch b = new Batch(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), recordOn);
        try (PreparedStatement q = c.prepareStatement("select id, commitment_id, recipient from outbox o where " + where)) {
            q.setObject(1, DUE.atOffset(ZoneOffset.UTC));
            q.setInt(2, limit);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    b.ids().add(rs.getLong(1));
                    b.commitments().add(rs.getLong(2));
                    b.recipients().add(rs.getString(3));
                }
            }
        }
        return b;
    }

    private static final String INSERT = "insert into outbox (workspace_id, commitment_id, commitment_due, recipient, "
            + "step, occurrence, dedupe_key, planned_for, due_at, state, attempts, detail) "
            + "values (?, ?, ?, ?, 'OVERDUE', ?, ?, ?, ?, 'PLANNED', 0, '')";

    /** Each sent row's next step, a week later (the same insert for every protocol). */
    private static void insertNext(Batch batch) throws SQLException {
        Instant next = DUE.plus(Duration.ofDays(7));
        try (PreparedStatement insert = batch.recordOn().prepareStatement(INSERT)) {
            for (int i = 0; i < batch.ids().size(); i++) {
                bindRow(insert, batch.commitments().get(i), batch.recipients().get(i), 1, next);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** {@code rows} rows due at once, consecutive ids to different people (10,000 of them), as in DispatchBenchmark. */
    private static void seed(Database db, int rows) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement insert = c.prepareStatement(INSERT)) {
            c.setAutoCommit(false);
            for (int i = 0; i < rows; i++) {
                bindRow(insert, i + 1, "U" + (i % 10_000), 0, DUE);
                insert.addBatch();
                if ((i + 1) % 2_000 == 0 || i + 1 == rows) {
                    insert.executeBatch();
                    c.commit();
                }
            }
        }
    }

    private static void bindRow(PreparedStatement insert, long commitment, String recipient, int occurrence, Instant at)
            throws SQLException {
        insert.setString(1, WS);
        insert.setLong(2, commitment);
        insert.setObject(3, DUE.atOffset(ZoneOffset.UTC));
        insert.setString(4, recipient);
        insert.setInt(5, occurrence);
        insert.setString(6, WS + ":" + commitment + ":OVERDUE#" + occurrence + "@" + DUE.getEpochSecond());
        insert.setObject(7, at.atOffset(ZoneOffset.UTC));
        insert.setObject(8, at.atOffset(ZoneOffset.UTC));
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(g -> Math.max(0, g.getCollectionTime())).sum();
    }

    private static long written(Database db) {
        return db.jdbc().one("select setting_value from information_schema.settings "
                + "where setting_name = 'info.FILE_WRITE_BYTES'", rs -> Long.parseLong(rs.getString(1).trim())).orElse(0L);
    }
}
