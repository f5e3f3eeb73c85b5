package dev.keepword.store;

import dev.keepword.app.Outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The outbox on H2 or PostgreSQL. Claims use {@code FOR UPDATE SKIP LOCKED} without {@code ORDER BY}: on H2 an
 * ordered skip-locked query locks every matching row (see STACK.md), and the {@code (state, due_at)} index
 * already hands rows back roughly in due order.
 *
 * <p>{@code due_at} is when a row may next be claimed: for a planned row when it falls due, for a leased row when its
 * lease runs out (the lease is written to {@code lease_until} and {@code due_at} alike). So on H2 one index,
 * {@code (state, due_at)}, finds both the due rows and the expired leases, and leasing or sending a row moves one index
 * entry, not two (V23). PostgreSQL finds expired leases by its partial index on {@code lease_until} (V22).
 */
public final class JdbcOutbox implements Outbox {
    private static final String COLUMNS =
            "id, workspace_id, commitment_id, recipient, step, occurrence, planned_for, attempts, detail";

    private static final String PLAN_SQL = "('HEADS_UP', 'DUE_TODAY', 'OVERDUE', 'SNOOZE_END', 'RUNG')";
    /**
     * What re-planning a commitment replaces: its plan, a planned reminder that it is still blocked, and the moment a
     * client input's lateness would pause work.
     */
    private static final String REPLANNED_SQL = "('HEADS_UP', 'DUE_TODAY', 'OVERDUE', 'SNOOZE_END', 'RUNG', 'BLOCKED', 'PAUSE')";

    private final Jdbc jdbc;
    private final boolean postgres;

    public JdbcOutbox(Jdbc jdbc, boolean postgres) {
        this.jdbc = jdbc;
        this.postgres = postgres;
    }

    @Override
    public void replace(String workspaceId, long commitmentId, List<NewRow> rows) {
        jdbc.inTransaction(() -> {
            jdbc.update("delete from outbox where workspace_id = ? and commitment_id = ? and state = 'PLANNED' "
                    + "and step in " + REPLANNED_SQL, workspaceId, commitmentId);
            add(rows);
            return null;
        });
    }

    @Override
    public void add(List<NewRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<Object[]> args = new ArrayList<>();
        for (NewRow r : rows) {
            List<Object> a = new ArrayList<>(List.of(r.workspaceId(), r.commitmentId(), r.commitmentDue(), r.recipient(),
                    r.step(), r.occurrence(), r.dedupeKey(), r.plannedFor(), r.plannedFor(),
                    r.detail() == null ? "" : r.detail()));
            if (!postgres) {
                a.add(r.dedupeKey());
            }
            args.add(a.toArray());
        }
        String insert = """
                insert into outbox (workspace_id, commitment_id, commitment_due, recipient, step, occurrence, dedupe_key,
                  planned_for, due_at, state, attempts, detail)
                """;
        jdbc.inTransaction(() -> {
            if (postgres) {
                jdbc.batch(insert + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PLANNED', 0, ?) on conflict (dedupe_key) do nothing", args);
            } else {
                // H2: "where not exists" skips a row already there; a twin planned by a concurrent transaction is not
                // visible yet, so the unique index fails the statement (not the transaction) once that one commits.
                String sql = insert + " select ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PLANNED', 0, ? from dual "
                        + "where not exists (select 1 from outbox where dedupe_key = ?)";
                try {
                    jdbc.batch(sql, args);
                } catch (StoreException e) {
                    if (!e.duplicateKey()) {
                        throw e;
                    }
                    for (Object[] a : args) { // one by one, skipping whatever is there now
                        try {
                            jdbc.update(sql, a);
                        } catch (StoreException again) {
                            if (!again.duplicateKey()) {
                                throw again;
                            }
                        }
                    }
                }
            }
            return null;
        });
    }

    @Override
    public void history(List<HistoryRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<Object[]> args = new ArrayList<>();
        for (HistoryRow r : rows) {
            List<Object> a = new ArrayList<>(List.of(r.outboxId(), r.workspaceId(), r.commitmentId(), r.at(), r.action(),
                    clip(r.what(), 64), clip(r.recipient(), 100), clip(r.outcome(), 520)));
            if (!postgres) {
                a.add(r.outboxId());
            }
            args.add(a.toArray());
        }
        String insert = "insert into commitment_message (outbox_id, workspace_id, commitment_id, at, action, what, recipient, "
                + "outcome)";
        if (postgres) {
            jdbc.batch(insert + " values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (outbox_id) do nothing", args);
            return;
        }
        String sql = insert + " select ?, ?, ?, ?, ?, ?, ?, ? from dual "
                + "where not exists (select 1 from commitment_message where outbox_id = ?)";
        try {
            jdbc.batch(sql, args);
        } catch (StoreException e) {
            if (!e.duplicateKey()) {
                throw e;
            }
            for (Object[] a : args) { // a twin recorded meanwhile by another dispatcher: skip it, keep the rest
                try {
                    jdbc.update(sql, a);
                } catch (StoreException again) {
                    if (!again.duplicateKey()) {
                        throw again;
                    }
                }
            }
        }
    }

    /**
     * One transaction, and whatever the batch's size one write: the due rows (and rows whose lease ran out) and the
     * same recipients' nearby rows are locked by queries that return only ids and recipients, then leased by a single
     * update and read back by a single query.
     */
    @Override
    public List<Row> claim(String owner, Instant now, Instant leaseUntil, int limit, Duration window) {
        return jdbc.inTransaction(() -> {
            Map<Long, String[]> due = new LinkedHashMap<>(); // id -> workspace, recipient
            jdbc.query("select id, workspace_id, recipient from outbox where state = 'PLANNED' and due_at <= ? limit ? "
                    + "for update skip locked", rs -> due.put(rs.getLong(1), new String[]{rs.getString(2), rs.getString(3)}),
                    now, limit);
            if (due.size() < limit) {
                jdbc.query("select id, workspace_id, recipient from outbox where state = 'SENDING' and "
                        + (postgres ? "lease_until" : "due_at") + " <= ? limit ? for update skip locked",
                        rs -> due.put(rs.getLong(1), new String[]{rs.getString(2), rs.getString(3)}), now, limit - due.size());
            }
            if (due.isEmpty()) {
                return List.of();
            }
            // The same people's other rows due by now + window, also those already due that did not fit in this
            // batch: one message per person, not one per batch their rows happen to fall into. "sent_at is null" (true
            // of every planned row) keeps the read to the unsent end of each person's (workspace, recipient, sent_at)
            // index entries: without it the query read every row sent to them in the 30 days housekeeping keeps, and on
            // an outbox holding 20 sent rows per commitment (DispatchBenchmark --aged 20) the dispatching thread
            // needed 13.4 CPU-s instead of 6.9 for 100,000 nudges.
            Set<Long> more = new LinkedHashSet<>();
            due.values().stream().map(r -> r[0]).distinct().forEach(ws -> {
                List<String> recipients = due.values().stream().filter(r -> r[0].equals(ws)).map(r -> r[1])
                        .distinct().toList();
                Jdbc.Among among = among(ws, "recipient", "varchar", recipients);
                List<Object> args = new ArrayList<>(among.args());
                args.add(now.plus(window));
                more.addAll(jdbc.query("select id from " + among.from() + " and sent_at is null and state = 'PLANNED' "
                        + "and due_at <= ? for update skip locked", rs -> rs.getLong(1), args.toArray()));
            });
            more.removeAll(due.keySet());
            Set<Long> all = new LinkedHashSet<>(due.keySet());
            all.addAll(more);
            List<Row> rows;
            if (postgres) {
                updateIds(all, "state = 'SENDING', lease_owner = ?, lease_until = ?, due_at = ?", "", owner, leaseUntil,
                        leaseUntil);
                rows = jdbc.query("select " + COLUMNS + " from outbox where id = any(?) order by planned_for, id",
                        JdbcOutbox::row, (Object) all.toArray(Long[]::new));
            } else {
                // The lease and the read in one statement, the rows as the merge left them (reading them again after
                // it, joined with the ids, was a tenth of the claim). Sorted here, not by an ORDER BY: asked for an
                // order, H2 may choose to scan the table in that order and look each row up in the table of ids.
                rows = new ArrayList<>(jdbc.query("select " + COLUMNS + " from final table (merge into outbox using "
                        + "table(v bigint = ?) t on outbox.id = t.v when matched then update set state = 'SENDING', "
                        + "lease_owner = ?, lease_until = ?, due_at = ?)", JdbcOutbox::row, all.toArray(), owner,
                        leaseUntil, leaseUntil));
                rows.sort(java.util.Comparator.comparing(Row::plannedFor).thenComparingLong(Row::id));
            }
            // The due rows first, then the nearby ones, each in the order they were planned for (the order their words
            // appear in a message).
            List<Row> ordered = new ArrayList<>(rows.size());
            rows.stream().filter(r -> due.containsKey(r.id())).forEach(ordered::add);
            rows.stream().filter(r -> !due.containsKey(r.id())).forEach(ordered::add);
            return ordered;
        });
    }

    /**
     * Sets {@code set} on the rows with these ids ({@code andWhere}: a further condition on {@code outbox}, or empty),
     * in one statement. On H2 a merge joined with a {@code table(…)} of the ids: an index lookup per id. A plain
     * {@code id in (?, ?, …)} list is rechecked by a linear scan of the list for every row (quadratic in the batch: a
     * fifth of the claim's time at 2,000 rows) and {@code id in (select … from table(…))} runs the subquery again for
     * every row. PostgreSQL gets the ids as one array.
     */
    private int updateIds(Collection<Long> ids, String set, String andWhere, Object... values) {
        List<Object> args = new ArrayList<>();
        if (postgres) {
            args.addAll(List.of(values));
            args.add(ids.stream().distinct().toArray(Long[]::new));
            return jdbc.update("update outbox set " + set + " where id = any(?)"
                    + (andWhere.isEmpty() ? "" : " and " + andWhere), args.toArray());
        }
        args.add(ids.stream().distinct().toArray());
        args.addAll(List.of(values));
        return jdbc.update("merge into outbox using table(v bigint = ?) t on outbox.id = t.v when matched "
                + (andWhere.isEmpty() ? "" : "and " + andWhere + " ") + "then update set " + set, args.toArray());
    }

    @Override
    public void sent(List<SentRow> rows) {
        if (!postgres && !rows.isEmpty()) {
            // One merge with a table of the rows' values, not a JDBC batch of one update per row (each with a statement's
            // own overhead). A row listed twice counts once, the first time: a second update would have found it SENT
            // already, and a merge may not match one row twice.
            Map<Long, SentRow> once = new LinkedHashMap<>();
            rows.forEach(r -> once.putIfAbsent(r.id(), r));
            int n = once.size();
            Object[][] columns = new Object[7][n];
            int i = 0;
            for (SentRow r : once.values()) {
                columns[0][i] = r.id();
                columns[1][i] = r.sentStep();
                columns[2][i] = r.sentOccurrence();
                columns[3][i] = r.messageRef();
                columns[4][i] = Jdbc.timestamp(r.sentAt());
                columns[5][i] = r.toldAction();
                columns[6][i++] = toldWhat(r);
            }
            jdbc.update("""
                    merge into outbox using table(id bigint = ?, step varchar = ?, occ integer = ?, ref varchar = ?,
                      at timestamp with time zone = ?, ta varchar = ?, tw varchar = ?) t on outbox.id = t.id
                    when matched and outbox.state = 'SENDING' then update set state = 'SENT', sent_step = t.step,
                      sent_occurrence = t.occ, message_ref = t.ref, sent_at = t.at, lease_until = null,
                      told_action = t.ta, told_what = t.tw
                    """, (Object[]) columns);
            return;
        }
        jdbc.batch("""
                update outbox set state = 'SENT', sent_step = ?, sent_occurrence = ?, message_ref = ?, sent_at = ?,
                  lease_until = null, told_action = ?, told_what = ? where id = ? and state = 'SENDING'
                """, rows.stream().map(r -> new Object[]{r.sentStep(), r.sentOccurrence(), r.messageRef(), r.sentAt(),
                        r.toldAction(), toldWhat(r), r.id()}).toList());
    }

    /** A sent row's history line as its column keeps it (64 characters), or null for none. */
    private static String toldWhat(SentRow r) {
        return r.toldWhat() == null ? null : clip(r.toldWhat(), 64);
    }

    @Override
    public int renew(Collection<Long> ids, String owner, Instant leaseUntil) {
        if (ids.isEmpty()) {
            return 0;
        }
        if (postgres) {
            return jdbc.update("update outbox set lease_until = ?, due_at = ? where id = any(?) and state = 'SENDING' "
                    + "and lease_owner = ?", leaseUntil, leaseUntil, ids.stream().distinct().toArray(Long[]::new), owner);
        }
        return jdbc.update("merge into outbox using table(v bigint = ?) t on outbox.id = t.v when matched "
                + "and outbox.state = 'SENDING' and outbox.lease_owner = ? then update set lease_until = ?, due_at = ?",
                ids.stream().distinct().toArray(), owner, leaseUntil, leaseUntil);
    }

    @Override
    public void retry(Collection<Long> ids, Instant at, String error) {
        update(ids, "state = 'PLANNED', due_at = ?, attempts = attempts + 1, lease_until = null, last_error = ?",
                at, clip(error));
    }

    @Override
    public void postpone(Collection<Long> ids, Instant at) {
        update(ids, "state = 'PLANNED', due_at = ?, lease_until = null", at);
    }

    @Override
    public void finish(Collection<Long> ids, String state, String reason) {
        update(ids, "state = ?, lease_until = null, last_error = ?", state, clip(reason));
    }

    private void update(Collection<Long> ids, String set, Object... values) {
        if (ids.isEmpty()) {
            return;
        }
        updateIds(ids, set, "outbox.state = 'SENDING'", values);
    }

    /**
     * "Last sent" is when the cadence is covered up to: a nudge batched early into an earlier message counts at its
     * planned time, so re-planning right after it does not plan that step again (its dedupe key would drop it).
     */
    @Override
    public List<SentSummary> progress(String workspaceId, Collection<Long> commitmentIds) {
        if (commitmentIds.isEmpty()) {
            return List.of();
        }
        Jdbc.Among among = among(workspaceId, "commitment_id", "bigint", commitmentIds);
        return jdbc.query("""
                select commitment_id, commitment_due,
                  max(case when sent_step = 'OVERDUE' then sent_occurrence else 0 end) as overdue,
                  max(case when step in ('HEADS_UP', 'DUE_TODAY', 'OVERDUE', 'SNOOZE_END')
                    then case when planned_for > sent_at then planned_for else sent_at end end) as last_sent,
                  max(case when step = 'RUNG' then sent_occurrence else -1 end) as last_rung
                from %s and state = 'SENT' and step in %s
                group by commitment_id, commitment_due""".formatted(among.from(), PLAN_SQL),
                rs -> new SentSummary(rs.getLong("commitment_id"), Jdbc.instant(rs, "commitment_due"), rs.getInt("overdue"),
                        Jdbc.instant(rs, "last_sent"), rs.getInt("last_rung")), among.args().toArray());
    }

    @Override
    public void advance(NewRow row) {
        jdbc.inTransaction(() -> {
            int moved = jdbc.update("update outbox set due_at = ?, planned_for = ? where dedupe_key = ? and state = 'PLANNED' "
                    + "and due_at > ?", row.plannedFor(), row.plannedFor(), row.dedupeKey(), row.plannedFor());
            if (moved == 0) {
                add(List.of(row));
            }
            return null;
        });
    }

    @Override
    public void settle(String keyPrefix, Instant at) {
        // Like pending: the LIKE prefix alone reads the dedupe index; the state is checked on the few rows it finds.
        jdbc.update("update outbox set due_at = ?, planned_for = ? where dedupe_key like ? and state = 'PLANNED'",
                at, at, keyPrefix.replace("%", "\\%").replace("_", "\\_") + "%");
    }

    @Override
    public boolean pending(String keyPrefix) {
        // The state is checked here, not in SQL: with it in the WHERE clause H2 chose the (state, due_at) index and
        // read every planned row (planning one commitment went O(outbox)); alone, the LIKE prefix reads the
        // dedupe index, where a prefix has a handful of rows.
        return jdbc.query("select state from outbox where dedupe_key like ?", rs -> rs.getString(1),
                        keyPrefix.replace("%", "\\%").replace("_", "\\_") + "%").stream()
                .anyMatch(state -> state.equals("PLANNED") || state.equals("SENDING"));
    }

    @Override
    public List<Delivered> deliveredSince(String workspaceId, Collection<String> recipients, Instant since) {
        if (recipients.isEmpty()) {
            return List.of();
        }
        Jdbc.Among among = among(workspaceId, "recipient", "varchar", recipients);
        List<Object> args = new ArrayList<>(among.args());
        args.add(since);
        return jdbc.query("select recipient, sent_at, message_ref from " + among.from() + " and sent_at >= ? "
                        + "and state = 'SENT'",
                rs -> new Delivered(rs.getString(1), Jdbc.instant(rs, "sent_at"), rs.getString(3)), args.toArray());
    }

    /**
     * In one transaction: the sent rows' history lines are copied to {@code commitment_message} (unless there already,
     * or their commitment is gone), then the rows are deleted, so a line is always in exactly one of the two tables.
     */
    @Override
    public int purgeFinished(Instant before) {
        return jdbc.inTransaction(() -> {
            jdbc.update("""
                    insert into commitment_message (outbox_id, workspace_id, commitment_id, at, action, what, recipient,
                      outcome)
                    select o.id, o.workspace_id, o.commitment_id, o.sent_at, o.told_action, o.told_what, o.recipient, 'sent'
                    from outbox o where o.state = 'SENT' and o.told_action is not null and o.sent_at < ?
                      and exists (select 1 from commitment c where c.workspace_id = o.workspace_id and c.id = o.commitment_id)
                      and not exists (select 1 from commitment_message m where m.outbox_id = o.id)
                    """, before);
            return jdbc.update("""
                    delete from outbox where state in ('SENT', 'FAILED', 'DROPPED') and coalesce(sent_at, planned_for) < ?
                    """, before);
        });
    }

    @Override
    public Optional<Instant> nextDue() {
        Optional<Instant> planned = jdbc.one("select min(due_at) as t from outbox where state = 'PLANNED'",
                rs -> Jdbc.instant(rs, "t"));
        Optional<Instant> leased = jdbc.one("select min(" + (postgres ? "lease_until" : "due_at") + ") as t from outbox "
                + "where state = 'SENDING'", rs -> Jdbc.instant(rs, "t"));
        if (planned.isEmpty()) {
            return leased;
        }
        return leased.isPresent() && leased.get().isBefore(planned.get()) ? leased : planned;
    }

    /** Rows in a state, for tests, health checks and the benchmark. */
    public long count(String state) {
        return jdbc.one("select count(*) from outbox where state = ?", rs -> rs.getLong(1), state).orElse(0L);
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("workspace_id"), rs.getLong("commitment_id"),
                rs.getString("recipient"), rs.getString("step"), rs.getInt("occurrence"), Jdbc.instant(rs, "planned_for"),
                rs.getInt("attempts"), rs.getString("detail"));
    }

    /** The outbox rows of one workspace whose {@code column} is one of {@code values} (see {@link Jdbc#among}). */
    private Jdbc.Among among(String workspaceId, String column, String type, Collection<?> values) {
        return jdbc.among("outbox", "outbox", column, type, workspaceId, values);
    }

    private static String clip(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max);
    }

    private static String clip(String s) {
        return s == null ? "" : s.length() <= 500 ? s : s.substring(0, 500);
    }
}
