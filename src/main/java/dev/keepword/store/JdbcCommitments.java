package dev.keepword.store;

import dev.keepword.app.Commitments;
import dev.keepword.domain.Action;
import dev.keepword.domain.Commitment;
import dev.keepword.domain.HistoryEntry;
import dev.keepword.domain.Kind;
import dev.keepword.domain.State;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Commitments in {@code commitment}, their append-only history in {@code commitment_history}. */
public final class JdbcCommitments implements Commitments {

    private final Jdbc jdbc;

    public JdbcCommitments(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The next number, taken in a short transaction of its own: a command's transaction holds its locks until it
     * commits, so a number taken inside it made every other command in the workspace wait for that commit, across the
     * cluster (three processes answered fewer commands than one: ClusterBenchmark; PostgreSQL showed them waiting on
     * this row). The cost: a command that fails after taking its number leaves that number unused, so numbers may skip;
     * they never repeat.
     */
    @Override
    public long nextId(String workspaceId) {
        return jdbc.inTransactionOfItsOwn(() -> {
            // The update takes the row lock, so two concurrent callers never read the same number.
            if (jdbc.update("update workspace set next_commitment_id = next_commitment_id + 1 where id = ?", workspaceId) == 0) {
                if (insertWorkspaceUnlessPresent(workspaceId)) {
                    return 1L;
                }
                // Another caller created the workspace row first; its insert is committed, so count on from it.
                jdbc.update("update workspace set next_commitment_id = next_commitment_id + 1 where id = ?", workspaceId);
            }
            return jdbc.one("select next_commitment_id - 1 from workspace where id = ?", rs -> rs.getLong(1), workspaceId)
                    .orElseThrow();
        });
    }

    /**
     * Two first callers in a new workspace both find no row to update and both insert; the loser's duplicate key is
     * rolled back to a savepoint, so the caller's transaction (which PostgreSQL would otherwise abort) goes on.
     */
    private boolean insertWorkspaceUnlessPresent(String workspaceId) {
        return jdbc.with(c -> {
            Savepoint before = c.setSavepoint();
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into workspace (id, next_commitment_id) values (?, 2)")) {
                ps.setString(1, workspaceId);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (!StoreException.isDuplicateKey(e)) {
                    throw e;
                }
                c.rollback(before);
                return false;
            }
            c.releaseSavepoint(before);
            return true;
        });
    }

    @Override
    public void save(Commitment c) {
        jdbc.inTransaction(() -> {
            int updated = jdbc.update("""
                    update commitment set title = ?, kind = ?, owner_id = ?, owed_to = ?, due_at = ?, state = ?,
                      snoozed_until = ?, snoozes = ?, renegotiations = ?, blocked_reason = ?, done_at = ?, waits_on = ?
                    where workspace_id = ? and id = ?
                    """, c.title(), c.kind(), c.owner(), c.owedTo(), c.due(), c.state(), c.snoozedUntil(), c.snoozes(),
                    c.renegotiations(), c.blockedReason(), c.doneAt().orElse(null), waitsOn(c), c.workspaceId(), c.id());
            if (updated == 0) {
                jdbc.update("""
                        insert into commitment (workspace_id, id, channel_id, title, kind, owner_id, owed_to, due_at,
                          created_by, created_at, state, snoozed_until, snoozes, renegotiations, blocked_reason, done_at,
                          waits_on)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, c.workspaceId(), c.id(), c.channelId(), c.title(), c.kind(), c.owner(), c.owedTo(), c.due(),
                        c.createdBy(), c.createdAt(), c.state(), c.snoozedUntil(), c.snoozes(), c.renegotiations(),
                        c.blockedReason(), c.doneAt().orElse(null), waitsOn(c));
            }
            int stored = jdbc.one("select count(*) from commitment_history where workspace_id = ? and commitment_id = ?",
                    rs -> rs.getInt(1), c.workspaceId(), c.id()).orElse(0);
            // Messages Keepword sent live in commitment_message (the dispatcher writes them); only people's actions here.
            List<HistoryEntry> actions = c.actions();
            for (int seq = stored; seq < actions.size(); seq++) {
                HistoryEntry h = actions.get(seq);
                jdbc.update("""
                        insert into commitment_history (workspace_id, commitment_id, seq, at, actor, action, detail)
                        values (?, ?, ?, ?, ?, ?, ?)
                        """, c.workspaceId(), c.id(), seq, h.at(), h.actor(), h.action(), h.detail());
            }
            return null;
        });
    }

    @Override
    public Optional<Commitment> find(String workspaceId, long id) {
        return load("c.workspace_id = ? and c.id = ?", workspaceId, id).stream().findFirst();
    }

    /**
     * Three queries whatever the number of ids: the commitments, their histories and their messages. On H2 each joins
     * a one-column {@code table(…)} of the ids, one primary-key lookup per id: a plain {@code id in (…)} list uses only
     * the index's first column ({@code workspace_id}) and reads every commitment of the workspace (the dispatcher went
     * quadratic that way). PostgreSQL gets the ids as one array ({@link Jdbc#among}).
     */
    @Override
    public List<Commitment> findAll(String workspaceId, java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Jdbc.Among these = jdbc.among("commitment", "c", "id", "bigint", workspaceId, ids);
        Jdbc.Among lines = jdbc.among("commitment_history", "h", "commitment_id", "bigint", workspaceId, ids);
        Jdbc.Among told = jdbc.among("commitment_message", "m", "commitment_id", "bigint", workspaceId, ids);
        Jdbc.Among sentRows = jdbc.among("outbox", "o", "commitment_id", "bigint", workspaceId, ids);
        return jdbc.inTransaction(() -> {
            // No ORDER BY in these joins, sorted here instead: asked for an order its key gives, H2 chose to scan the whole
            // table in key order, building the table of ids anew for each row (seen at 1,000,000 commitments).
            List<Commitment> found = new ArrayList<>(jdbc.query("select c.* from " + these.from(), JdbcCommitments::row,
                    these.args().toArray()));
            found.sort(java.util.Comparator.comparingLong(Commitment::id));
            if (found.isEmpty()) {
                return List.of();
            }
            List<Ordered> actions = new ArrayList<>(jdbc.query("select h.commitment_id, h.seq, h.at, h.actor, h.action, "
                    + "h.detail from " + lines.from(),
                    rs -> new Ordered(rs.getLong("commitment_id"), rs.getLong("seq"), null,
                            new HistoryEntry(Jdbc.instant(rs, "at"), rs.getString("actor"),
                                    Action.valueOf(rs.getString("action")), rs.getString("detail"))), lines.args().toArray()));
            actions.sort(java.util.Comparator.comparingLong(Ordered::commitment).thenComparingLong(Ordered::key));
            Map<Long, List<HistoryEntry>> histories = new LinkedHashMap<>();
            actions.forEach(o -> histories.computeIfAbsent(o.commitment(), k -> new ArrayList<>()).add(o.entry()));
            Map<Long, List<HistoryEntry>> messages = messages(told.from(), sentRows.from() + " and " + SENT_TOLD,
                    told.args().toArray(), sentRows.args().toArray());
            return found.stream().map(c -> withHistory(c, merged(histories.getOrDefault(c.id(), List.of()),
                    messages.getOrDefault(c.id(), List.of())))).toList();
        });
    }

    @Override
    public List<Commitment> ownedBy(String workspaceId, String userId) {
        return load("c.workspace_id = ? and c.owner_id = ?", workspaceId, userId);
    }

    /**
     * Two index range reads on {@code commitment_by_owner_done} (V19), not one with an OR: H2 would answer an OR by
     * reading every commitment the person ever owned. Merged back into id order, the order {@link #ownedBy} gives.
     */
    @Override
    public List<Commitment> judgedSince(String workspaceId, String userId, java.time.Instant since) {
        List<Commitment> open = load("""
                c.workspace_id = ? and c.owner_id = ? and c.state = 'OPEN' and c.kind <> 'CHANGE_REQUEST'
                  and (c.due_at >= ? or c.renegotiations > 0)""", workspaceId, userId, since);
        List<Commitment> done = load("""
                c.workspace_id = ? and c.owner_id = ? and c.state = 'DONE' and c.done_at >= ?
                  and c.kind <> 'CHANGE_REQUEST'""", workspaceId, userId, since);
        List<Commitment> all = new ArrayList<>(open.size() + done.size());
        all.addAll(open);
        all.addAll(done);
        all.sort(java.util.Comparator.comparingLong(Commitment::id));
        return all;
    }

    @Override
    public List<Commitment> openOwnedBy(String workspaceId, String userId) {
        return load("c.workspace_id = ? and c.owner_id = ? and c.state = 'OPEN'", workspaceId, userId);
    }

    @Override
    public List<Commitment> openWaitingOn(String workspaceId, long inputId) {
        return load("c.workspace_id = ? and c.waits_on = ? and c.state = 'OPEN'", workspaceId, inputId);
    }

    private static Long waitsOn(Commitment c) {
        long on = c.waitsOn();
        return on == 0 ? null : on;
    }

    @Override
    public void recordDeliveryProblem(String workspaceId, long id, String problem) {
        String text = problem == null ? "" : problem.length() <= 500 ? problem : problem.substring(0, 500);
        jdbc.update("update commitment set delivery_problem = ? where workspace_id = ? and id = ?", text, workspaceId, id);
    }

    /** What stopped nudges reaching the owner, if anything (empty when nothing did). */
    public String deliveryProblem(String workspaceId, long id) {
        return jdbc.one("select delivery_problem from commitment where workspace_id = ? and id = ?",
                rs -> rs.getString(1), workspaceId, id).orElse("");
    }

    @Override
    public List<Commitment> inChannels(String workspaceId, List<String> channelIds) {
        return inChannels(workspaceId, channelIds, "");
    }

    @Override
    public List<Commitment> openInChannels(String workspaceId, List<String> channelIds) {
        return inChannels(workspaceId, channelIds, " and c.state = 'OPEN'");
    }

    private List<Commitment> inChannels(String workspaceId, List<String> channelIds, String andWhere) {
        if (channelIds.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(channelIds.size(), "?"));
        List<Object> args = new ArrayList<>();
        args.add(workspaceId);
        args.addAll(channelIds);
        List<Commitment> all = load("c.workspace_id = ? and c.channel_id in (" + marks + ")" + andWhere, args.toArray());
        List<Commitment> newestFirst = new ArrayList<>(all);
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    private List<Commitment> load(String where, Object... args) {
        return jdbc.inTransaction(() -> {
            Map<Long, Commitment> byId = new LinkedHashMap<>();
            for (Commitment c : jdbc.query("select * from commitment c where " + where + " order by c.id",
                    JdbcCommitments::row, args)) {
                byId.put(c.id(), c);
            }
            if (byId.isEmpty()) {
                return List.of();
            }
            Map<Long, List<HistoryEntry>> histories = new LinkedHashMap<>();
            jdbc.query("""
                    select h.commitment_id, h.at, h.actor, h.action, h.detail from commitment_history h
                    join commitment c on c.workspace_id = h.workspace_id and c.id = h.commitment_id
                    where %s order by h.commitment_id, h.seq""".formatted(where), rs -> {
                histories.computeIfAbsent(rs.getLong("commitment_id"), k -> new ArrayList<>())
                        .add(new HistoryEntry(Jdbc.instant(rs, "at"), rs.getString("actor"),
                                Action.valueOf(rs.getString("action")), rs.getString("detail")));
                return null;
            }, args);
            Map<Long, List<HistoryEntry>> messages = messages(
                    "commitment_message m join commitment c on c.workspace_id = m.workspace_id and c.id = m.commitment_id "
                            + "where " + where,
                    "outbox o join commitment c on c.workspace_id = o.workspace_id and c.id = o.commitment_id where "
                            + where + " and " + SENT_TOLD, args, args);
            return byId.values().stream().map(c -> withHistory(c, merged(histories.getOrDefault(c.id(), List.of()),
                    messages.getOrDefault(c.id(), List.of())))).toList();
        });
    }

    /** The outbox rows (alias {@code o}) sent with a line for their commitment's history (V24). */
    private static final String SENT_TOLD = "o.state = 'SENT' and o.told_action is not null";

    /**
     * The messages Keepword sent about commitments, by commitment, each commitment's in time order (then outbox id): the
     * lines kept in {@code commitment_message} ({@code kept}: a FROM clause with alias {@code m}) and those still on
     * their sent outbox rows ({@code onRows}, alias {@code o}). A line is in one of the two: purging a row moves it.
     */
    private Map<Long, List<HistoryEntry>> messages(String kept, String onRows, Object[] keptArgs, Object[] onRowsArgs) {
        List<Ordered> all = new ArrayList<>(jdbc.query("select m.commitment_id, m.outbox_id, m.at, m.action, m.what, "
                + "m.recipient, m.outcome from " + kept, rs -> new Ordered(rs.getLong("commitment_id"),
                rs.getLong("outbox_id"), Jdbc.instant(rs, "at"), HistoryEntry.message(Jdbc.instant(rs, "at"),
                Action.valueOf(rs.getString("action")), rs.getString("what"), rs.getString("recipient"),
                rs.getString("outcome"))), keptArgs));
        all.addAll(jdbc.query("select o.commitment_id, o.id, o.sent_at, o.told_action, o.told_what, o.recipient from "
                + onRows, rs -> new Ordered(rs.getLong(1), rs.getLong(2), Jdbc.instant(rs, "sent_at"),
                HistoryEntry.message(Jdbc.instant(rs, "sent_at"), Action.valueOf(rs.getString(4)), rs.getString(5),
                        rs.getString(6), "sent")), onRowsArgs));
        // Sorted here, not by ORDER BY (see findAll).
        all.sort(java.util.Comparator.comparingLong(Ordered::commitment).thenComparing(Ordered::at)
                .thenComparingLong(Ordered::key));
        Map<Long, List<HistoryEntry>> messages = new LinkedHashMap<>();
        all.forEach(o -> messages.computeIfAbsent(o.commitment(), k -> new ArrayList<>()).add(o.entry()));
        return messages;
    }

    /** A history line or a message of a commitment, with what orders it ({@code seq}, or time then outbox id). */
    private record Ordered(long commitment, long key, java.time.Instant at, HistoryEntry entry) {
    }

    /** People's actions in their order, each message placed after everything that happened up to its time. */
    static List<HistoryEntry> merged(List<HistoryEntry> actions, List<HistoryEntry> messages) {
        if (messages.isEmpty()) {
            return actions;
        }
        List<HistoryEntry> out = new ArrayList<>(actions.size() + messages.size());
        int m = 0;
        for (HistoryEntry a : actions) {
            while (m < messages.size() && messages.get(m).at().isBefore(a.at())) {
                out.add(messages.get(m++));
            }
            out.add(a);
        }
        out.addAll(messages.subList(m, messages.size()));
        return out;
    }

    private static Commitment withHistory(Commitment c, List<HistoryEntry> history) {
        return new Commitment(c.workspaceId(), c.id(), c.channelId(), c.title(), c.kind(), c.owner(), c.owedTo(), c.due(),
                c.createdBy(), c.createdAt(), c.state(), c.snoozedUntil(), c.snoozes(), c.renegotiations(),
                c.blockedReason(), history);
    }

    private static Commitment row(ResultSet rs) throws SQLException {
        return new Commitment(rs.getString("workspace_id"), rs.getLong("id"), rs.getString("channel_id"),
                rs.getString("title"), Kind.valueOf(rs.getString("kind")), rs.getString("owner_id"),
                rs.getString("owed_to"), Jdbc.instant(rs, "due_at"), rs.getString("created_by"),
                Jdbc.instant(rs, "created_at"), State.valueOf(rs.getString("state")), Jdbc.instant(rs, "snoozed_until"),
                rs.getInt("snoozes"), rs.getInt("renegotiations"), rs.getString("blocked_reason"), List.of());
    }
}
