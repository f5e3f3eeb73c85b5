package dev.keepword.store;

import dev.keepword.app.InstallationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Slack installations in {@code slack_installation}, the bot token encrypted with {@link TokenCipher} (bound to the
 * workspace id). A row that no longer decrypts (the key changed) reads as "not installed" and is logged, never thrown
 * at a request: the workspace's admin reinstalls and the row is replaced.
 */
public final class JdbcInstallations implements InstallationStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcInstallations.class);
    private final Jdbc jdbc;
    private final TokenCipher cipher;

    public JdbcInstallations(Jdbc jdbc, TokenCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    @Override
    public void save(Installation i) {
        String sealed = cipher.encrypt(i.botToken(), context(i.workspaceId()));
        Object[] values = {i.enterpriseId(), i.workspaceName(), i.appId(), i.botUserId(), i.botId(), i.scopes(), sealed,
                i.installedBy(), i.installedAt(), i.workspaceId()};
        String update = "update slack_installation set enterprise_id = ?, team_name = ?, app_id = ?, bot_user_id = ?, "
                + "bot_id = ?, bot_scopes = ?, bot_token = ?, installed_by = ?, installed_at = ? where team_id = ?";
        if (jdbc.update(update, values) > 0) {
            return;
        }
        try {
            jdbc.update("insert into slack_installation (enterprise_id, team_name, app_id, bot_user_id, bot_id, bot_scopes, "
                    + "bot_token, installed_by, installed_at, team_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values);
        } catch (StoreException e) {
            if (e.duplicateKey()) {
                jdbc.update(update, values); // another instance inserted it a moment ago: the newer install wins
                return;
            }
            throw e;
        }
    }

    @Override
    public Optional<Installation> find(String workspaceId) {
        if (workspaceId == null) {
            return Optional.empty();
        }
        return jdbc.one("select * from slack_installation where team_id = ?", this::read, workspaceId);
    }

    @Override
    public boolean remove(String workspaceId) {
        return jdbc.update("delete from slack_installation where team_id = ?", workspaceId) > 0;
    }

    private Installation read(ResultSet rs) throws SQLException {
        String team = rs.getString("team_id");
        String token;
        try {
            token = cipher.decrypt(rs.getString("bot_token"), context(team));
        } catch (IllegalStateException e) {
            LOG.error("The stored Slack installation of {} cannot be read: {}. Reinstall Keepword in that workspace.",
                    team, e.getMessage());
            return null;
        }
        return new Installation(team, rs.getString("enterprise_id"), rs.getString("team_name"), rs.getString("app_id"),
                rs.getString("bot_user_id"), rs.getString("bot_id"), rs.getString("bot_scopes"), token,
                rs.getString("installed_by"), Jdbc.instant(rs, "installed_at"));
    }

    private static String context(String workspaceId) {
        return "slack_installation:" + workspaceId;
    }
}
