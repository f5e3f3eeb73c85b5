package dev.keepword.store;

import dev.keepword.app.SeenEvents;

import java.sql.SQLException;
import java.time.Instant;

/** Handled inbound events in {@code inbound_event}; the primary key decides who saw an event first. */
public final class JdbcSeenEvents implements SeenEvents {
    /** SQLSTATE for a unique-key violation, on H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Jdbc jdbc;

    public JdbcSeenEvents(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean firstTime(String platform, String workspaceId, String eventId, Instant at) {
        try {
            jdbc.update("insert into inbound_event (platform, workspace_id, event_id, received_at) values (?, ?, ?, ?)",
                    platform, workspaceId, eventId, at);
            return true;
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public int forgetBefore(Instant before) {
        return jdbc.update("delete from inbound_event where received_at < ?", before);
    }
}
