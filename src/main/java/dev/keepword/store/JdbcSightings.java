package dev.keepword.store;

import dev.keepword.app.Sightings;

import java.time.Instant;
import java.util.Optional;

/** Last-heard-from times in {@code heard_from}. */
public final class JdbcSightings implements Sightings {
    private final Jdbc jdbc;

    public JdbcSightings(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void heard(String workspaceId, String userId, Instant at) {
        jdbc.inTransaction(() -> {
            int updated = jdbc.update("update heard_from set last_at = ? where workspace_id = ? and user_id = ? and last_at < ?",
                    at, workspaceId, userId, at);
            if (updated == 0 && lastHeard(workspaceId, userId).isEmpty()) {
                jdbc.update("insert into heard_from (workspace_id, user_id, last_at) values (?, ?, ?)", workspaceId, userId, at);
            }
            return null;
        });
    }

    @Override
    public Optional<Instant> lastHeard(String workspaceId, String userId) {
        return jdbc.one("select last_at from heard_from where workspace_id = ? and user_id = ?",
                rs -> Jdbc.instant(rs, "last_at"), workspaceId, userId);
    }
}
