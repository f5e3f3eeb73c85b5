package dev.keepword.store;

import dev.keepword.app.Sightings;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;

/** Last-heard-from times in {@code heard_from}. */
public final class JdbcSightings implements Sightings {
    private final Jdbc jdbc;
    private final boolean postgres;

    public JdbcSightings(Jdbc jdbc, boolean postgres) {
        this.jdbc = jdbc;
        this.postgres = postgres;
    }

    /**
     * When this process last wrote each person's sighting. Silence is measured in working days, so a sighting less
     * than {@link #PRECISION} after the last one written changes nothing worth a write: busy channels then cost a read
     * of this map, not a database write per message.
     */
    private final Map<String, Instant> written = new ConcurrentHashMap<>();
    static final Duration PRECISION = Duration.ofMinutes(1);

    @Override
    public void heard(String workspaceId, String userId, Instant at) {
        String key = workspaceId + "\n" + userId;
        Instant last = written.get(key);
        if (last != null && !at.isBefore(last) && at.isBefore(last.plus(PRECISION))) {
            return;
        }
        if (written.size() > 100_000) {
            written.clear();
        }
        if (postgres) {
            // One statement, so a person's first two messages at once cannot both insert (nor fail the command).
            jdbc.update("insert into heard_from (workspace_id, user_id, last_at) values (?, ?, ?) "
                    + "on conflict (workspace_id, user_id) do update set last_at = excluded.last_at "
                    + "where heard_from.last_at < excluded.last_at", workspaceId, userId, at);
        } else {
            jdbc.inTransaction(() -> {
                String later = "update heard_from set last_at = ? where workspace_id = ? and user_id = ? and last_at < ?";
                if (jdbc.update(later, at, workspaceId, userId, at) == 0) {
                    if (lastHeard(workspaceId, userId).isPresent()) {
                        jdbc.update(later, at, workspaceId, userId, at); // a twin's row committed meanwhile
                        return null;
                    }
                    try {
                        jdbc.update("insert into heard_from (workspace_id, user_id, last_at) values (?, ?, ?)",
                                workspaceId, userId, at);
                    } catch (StoreException e) {
                        // A concurrent twin inserted first (H2 fails only the statement, not the transaction):
                        // its time may be older than this one.
                        if (!e.duplicateKey()) {
                            throw e;
                        }
                        jdbc.update(later, at, workspaceId, userId, at);
                    }
                }
                return null;
            });
        }
        written.put(key, at);
    }

    @Override
    public Optional<Instant> lastHeard(String workspaceId, String userId) {
        return jdbc.one("select last_at from heard_from where workspace_id = ? and user_id = ?",
                rs -> Jdbc.instant(rs, "last_at"), workspaceId, userId);
    }
}
