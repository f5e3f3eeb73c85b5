package dev.keepword.store;

import dev.keepword.app.SeenEvents;

import java.time.Instant;
import java.util.List;

/** Handled inbound events in {@code inbound_event}; the primary key decides who saw an event first. */
public final class JdbcSeenEvents implements SeenEvents {
    private final Jdbc jdbc;

    public JdbcSeenEvents(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean firstTime(String platform, String workspaceId, String eventId, Instant at) {
        return accepted(platform, workspaceId, eventId, null, at);
    }

    private static final String INSERT = "insert into inbound_event (platform, workspace_id, event_id, received_at, payload) "
            + "values (?, ?, ?, ?, ?)";

    @Override
    public boolean accepted(String platform, String workspaceId, String eventId, String payload, Instant at) {
        try {
            jdbc.update(INSERT, platform, workspaceId, eventId, at, payload);
            return true;
        } catch (StoreException e) {
            if (e.duplicateKey()) {
                return false;
            }
            throw e;
        }
    }

    /**
     * One batch in one transaction; when any of them is a repeat the batch fails as a whole (PostgreSQL aborts the
     * transaction at the first error), and they are recorded one at a time instead, each decided by the key.
     */
    @Override
    public List<Boolean> acceptedAll(String platform, List<Arrival> events, Instant at, String node, Instant leaseUntil) {
        if (events.size() > 1) {
            try {
                jdbc.inTransaction(() -> {
                    jdbc.batch(CLAIMED_INSERT, events.stream().map(e -> new Object[]{platform, e.workspaceId(),
                            e.eventId(), at, e.payload(), node, leaseUntil}).toList());
                    return null;
                });
                return events.stream().map(e -> true).toList();
            } catch (StoreException e) {
                // a repeat among them (or a real failure, which the first single insert below reports)
            }
        }
        return events.stream().map(e -> {
            try {
                jdbc.update(CLAIMED_INSERT, platform, e.workspaceId(), e.eventId(), at, e.payload(), node, leaseUntil);
                return true;
            } catch (StoreException ex) {
                if (ex.duplicateKey()) {
                    return false;
                }
                throw ex;
            }
        }).toList();
    }

    private static final String CLAIMED_INSERT = "insert into inbound_event (platform, workspace_id, event_id, "
            + "received_at, payload, claimed_by, lease_until) values (?, ?, ?, ?, ?, ?, ?)";

    /**
     * Locks the claimable rows ({@code SKIP LOCKED}: a row another claimer has locked is passed over, not waited for),
     * then marks them this node's, in one transaction. No {@code ORDER BY} in the locking query (on H2 it would lock
     * every matching row, STACK.md trap 11); the few rows claimed are sorted afterwards.
     */
    @Override
    public List<Pending> claim(String platform, String node, Instant after, Instant before, Instant now,
                               Instant leaseUntil, int limit) {
        return jdbc.inTransaction(() -> {
            List<Pending> rows = jdbc.query("select workspace_id, event_id, payload, received_at from inbound_event "
                            + "where platform = ? and handled_at is null and payload is not null and received_at > ? "
                            + "and received_at <= ? and (lease_until is null or lease_until < ?) "
                            + "and (claimed_by is null or claimed_by <> ?) limit ? for update skip locked",
                    rs -> new Pending(rs.getString(1), rs.getString(2), rs.getString(3), Jdbc.instant(rs, "received_at")),
                    platform, after, before, now, node, limit);
            if (!rows.isEmpty()) {
                jdbc.batch("update inbound_event set claimed_by = ?, lease_until = ? where platform = ? "
                                + "and workspace_id = ? and event_id = ?",
                        rows.stream().map(p -> new Object[]{node, leaseUntil, platform, p.workspaceId(), p.eventId()})
                                .toList());
            }
            return rows.stream().sorted(java.util.Comparator.comparing(Pending::receivedAt)
                    .thenComparing(Pending::eventId)).toList();
        });
    }

    @Override
    public int renew(String platform, String node, Instant leaseUntil) {
        return jdbc.update("update inbound_event set lease_until = ? where platform = ? and claimed_by = ? "
                + "and handled_at is null", leaseUntil, platform, node);
    }

    @Override
    public int release(String platform, String node) {
        return jdbc.update("update inbound_event set lease_until = null, claimed_by = null where platform = ? "
                + "and claimed_by = ? and handled_at is null", platform, node);
    }

    @Override
    public void handled(String platform, String workspaceId, String eventId, Instant at) {
        jdbc.update("update inbound_event set handled_at = ? where platform = ? and workspace_id = ? and event_id = ?",
                at, platform, workspaceId, eventId);
    }

    @Override
    public List<Pending> unhandled(String platform, Instant after, Instant before) {
        return jdbc.query("select workspace_id, event_id, payload, received_at from inbound_event where platform = ? "
                        + "and handled_at is null and payload is not null and received_at > ? and received_at < ? "
                        + "order by received_at, event_id",
                rs -> new Pending(rs.getString(1), rs.getString(2), rs.getString(3), Jdbc.instant(rs, "received_at")),
                platform, after, before);
    }

    @Override
    public int forgetBefore(Instant before) {
        jdbc.update("delete from item_effect where recorded_at < ?", before);
        return jdbc.update("delete from inbound_event where received_at < ?", before);
    }

    @Override
    public java.util.Optional<Effects> effects(String platform, String workspaceId, String eventId) {
        return jdbc.one("select answer, answered_at from item_effect where platform = ? and workspace_id = ? and event_id = ?",
                rs -> new Effects(rs.getString("answer"), rs.getObject("answered_at") != null), platform, workspaceId, eventId);
    }

    @Override
    public void effected(String platform, String workspaceId, String eventId, String answer, Instant at) {
        jdbc.update("insert into item_effect (platform, workspace_id, event_id, recorded_at, answer) values (?, ?, ?, ?, ?)",
                platform, workspaceId, eventId, at, answer);
    }

    @Override
    public void answered(String platform, String workspaceId, String eventId, Instant at) {
        jdbc.update("update item_effect set answered_at = ? where platform = ? and workspace_id = ? and event_id = ? "
                + "and answered_at is null", at, platform, workspaceId, eventId);
    }

    @Override
    public void forget(String platform, String workspaceId, String eventId) {
        jdbc.update("delete from inbound_event where platform = ? and workspace_id = ? and event_id = ?", platform,
                workspaceId, eventId);
    }

    @Override
    public boolean answers() {
        try {
            return jdbc.one("select 1", rs -> rs.getInt(1)).isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
