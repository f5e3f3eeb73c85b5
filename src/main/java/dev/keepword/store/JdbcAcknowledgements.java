package dev.keepword.store;

import dev.keepword.app.Acknowledgements;

import java.time.Instant;
import java.util.Optional;

/** Agreement acknowledgements in {@code agreement_ack}. */
public final class JdbcAcknowledgements implements Acknowledgements {
    private final Jdbc jdbc;

    public JdbcAcknowledgements(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Ack> find(String workspaceId, String channelId, String userId) {
        return jdbc.one("select shown_at, agreed_at from agreement_ack where workspace_id = ? and channel_id = ? and user_id = ?",
                rs -> new Ack(Jdbc.instant(rs, "shown_at"), Jdbc.instant(rs, "agreed_at")), workspaceId, channelId, userId);
    }

    @Override
    public void shown(String workspaceId, String channelId, String userId, Instant at) {
        jdbc.inTransaction(() -> {
            if (find(workspaceId, channelId, userId).isEmpty()) {
                jdbc.update("insert into agreement_ack (workspace_id, channel_id, user_id, shown_at) values (?, ?, ?, ?)",
                        workspaceId, channelId, userId, at);
            }
            return null;
        });
    }

    @Override
    public void agreed(String workspaceId, String channelId, String userId, Instant at) {
        jdbc.inTransaction(() -> {
            shown(workspaceId, channelId, userId, at);
            jdbc.update("update agreement_ack set agreed_at = ? where workspace_id = ? and channel_id = ? and user_id = ? "
                    + "and agreed_at is null", at, workspaceId, channelId, userId);
            return null;
        });
    }
}
