package dev.keepword.store;

import dev.keepword.app.SendBudget;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The send budget in the {@code send_budget} table, shared by every process on one database. A reservation is one
 * short transaction: the rate rows it needs are locked ({@code SELECT … FOR UPDATE}, in key order so two processes
 * never deadlock), the slot computed as {@link SendBudget#step} says, and the rows moved on with one {@code UPDATE}:
 * three round trips (select, update, commit), plus an insert and a second select the first time a bucket is used. Works on H2
 * too (one process), though a single process on H2 uses the cheaper {@code LocalSendBudget}.
 */
public final class JdbcSendBudget implements SendBudget {
    /** Buckets whose last slot is older than this are deleted now and then (a channel not posted to for a day). */
    static final Duration FORGET_AFTER = Duration.ofDays(1);
    private static final int FORGET_EVERY = 10_000;

    private final Jdbc jdbc;
    private final AtomicLong reservations = new AtomicLong();

    private final boolean postgres;

    public JdbcSendBudget(Database database) {
        this.jdbc = database.jdbc();
        this.postgres = database.isPostgres();
    }

    @Override
    public Slot reserve(String platform, String workspaceId, Instant now, Duration horizon, List<Rate> rates) {
        List<Rate> sorted = rates.stream().sorted(java.util.Comparator.comparing(Rate::bucket)).toList();
        if (reservations.incrementAndGet() % FORGET_EVERY == 0) {
            forget(now.minus(FORGET_AFTER));
        }
        return jdbc.inTransaction(() -> {
            Map<String, Long> found = lock(platform, workspaceId, sorted);
            if (found.size() < sorted.size()) {
                ensure(platform, workspaceId, sorted); // a bucket met for the first time (or forgotten meanwhile)
                found = lock(platform, workspaceId, sorted);
            }
            long[] tats = new long[sorted.size()];
            for (int i = 0; i < tats.length; i++) {
                tats[i] = found.getOrDefault(sorted.get(i).bucket(), 0L);
            }
            Slot slot = SendBudget.step(tats, sorted, now, horizon);
            if (slot.reserved()) {
                write(platform, workspaceId, sorted, tats);
            }
            return slot;
        });
    }

    @Override
    public void pause(String platform, String workspaceId, Rate rate, Instant until) {
        ensure(platform, workspaceId, List.of(rate));
        long tat = SendBudget.paused(0L, rate, until);
        jdbc.update("update send_budget set tat_micros = case when tat_micros > ? then tat_micros else ? end "
                + "where platform = ? and workspace_id = ? and bucket = ?", tat, tat, platform, workspaceId, rate.bucket());
    }

    @Override
    public boolean shared() {
        return true;
    }

    /** Deletes buckets whose last slot was before {@code before}: a full bucket is the same as no row. */
    public int forget(Instant before) {
        return jdbc.update("delete from send_budget where tat_micros < ?", SendBudget.micros(before));
    }

    private Map<String, Long> lock(String platform, String workspaceId, List<Rate> sorted) {
        Map<String, Long> found = new HashMap<>();
        jdbc.query("select bucket, tat_micros from send_budget where platform = ? and workspace_id = ? and bucket in ("
                        + placeholders(sorted.size()) + ") order by bucket for update",
                rs -> found.put(rs.getString(1), rs.getLong(2)), args(platform, workspaceId, sorted).toArray());
        return found;
    }

    private void ensure(String platform, String workspaceId, List<Rate> rates) {
        if (postgres) {
            jdbc.batch("insert into send_budget (platform, workspace_id, bucket, tat_micros) values (?, ?, ?, 0) "
                    + "on conflict (platform, workspace_id, bucket) do nothing",
                    rates.stream().map(r -> new Object[]{platform, workspaceId, r.bucket()}).toList());
            return;
        }
        // H2: a row a concurrent transaction inserted fails this statement (not the transaction) once that one commits.
        for (Rate r : rates) {
            try {
                jdbc.update("insert into send_budget (platform, workspace_id, bucket, tat_micros) select ?, ?, ?, 0 "
                        + "from dual where not exists (select 1 from send_budget where platform = ? and workspace_id = ? "
                        + "and bucket = ?)", platform, workspaceId, r.bucket(), platform, workspaceId, r.bucket());
            } catch (StoreException e) {
                if (!e.duplicateKey()) {
                    throw e;
                }
            }
        }
    }

    private void write(String platform, String workspaceId, List<Rate> sorted, long[] tats) {
        StringBuilder sql = new StringBuilder("update send_budget set tat_micros = case bucket");
        List<Object> args = new ArrayList<>();
        for (int i = 0; i < tats.length; i++) {
            sql.append(" when ? then cast(? as bigint)");
            args.add(sorted.get(i).bucket());
            args.add(tats[i]);
        }
        sql.append(" else tat_micros end where platform = ? and workspace_id = ? and bucket in (")
                .append(placeholders(sorted.size())).append(')');
        args.addAll(args(platform, workspaceId, sorted));
        jdbc.update(sql.toString(), args.toArray());
    }

    private static List<Object> args(String platform, String workspaceId, List<Rate> rates) {
        List<Object> args = new ArrayList<>(List.of(platform, workspaceId));
        rates.forEach(r -> args.add(r.bucket()));
        return args;
    }

    private static String placeholders(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> "?").collect(Collectors.joining(", "));
    }
}
