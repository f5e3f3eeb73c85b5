package dev.keepword.store;

import dev.keepword.app.Standings;
import dev.keepword.domain.Standing;

import java.time.Instant;
import java.util.Optional;

/** Recorded standings in {@code party_standing}. */
public final class JdbcStandings implements Standings {
    private final Jdbc jdbc;

    public JdbcStandings(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Recorded> find(String workspaceId, String userId) {
        return jdbc.one("select level, since from party_standing where workspace_id = ? and user_id = ?",
                rs -> new Recorded(Standing.Level.valueOf(rs.getString("level")), Jdbc.instant(rs, "since")),
                workspaceId, userId);
    }

    @Override
    public void record(String workspaceId, String userId, Standing.Level level, Instant since) {
        jdbc.inTransaction(() -> {
            if (jdbc.update("update party_standing set level = ?, since = ? where workspace_id = ? and user_id = ?",
                    level, since, workspaceId, userId) == 0) {
                jdbc.update("insert into party_standing (workspace_id, user_id, level, since) values (?, ?, ?, ?)",
                        workspaceId, userId, level, since);
            }
            return null;
        });
    }
}
