package dev.keepword.slack;

import com.slack.api.bolt.model.Bot;
import com.slack.api.bolt.model.Installer;
import com.slack.api.bolt.model.builtin.DefaultBot;
import com.slack.api.bolt.model.builtin.DefaultInstaller;
import com.slack.api.bolt.service.InstallationService;
import dev.keepword.app.Clock;
import dev.keepword.app.InstallationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Bolt's {@link InstallationService} over Keepword's {@link InstallationStore} (the database, tokens encrypted): the
 * OAuth callback saves through it, and Bolt's per-request authorization ({@code MultiTeamsAuthorization}) finds each
 * workspace's bot token through it. Only bot tokens are kept; Keepword asks for no user scopes. Token rotation is not
 * supported (the manifest leaves it off), so no refresh token is stored.
 */
final class SlackInstallations implements InstallationService {
    private static final Logger LOG = LoggerFactory.getLogger(SlackInstallations.class);

    private final InstallationStore store;
    private final Clock clock;
    private final String installUrl;

    SlackInstallations(InstallationStore store, Clock clock, String installUrl) {
        this.store = store;
        this.clock = clock;
        this.installUrl = installUrl;
    }

    @Override
    public boolean isHistoricalDataEnabled() {
        return false;
    }

    @Override
    public void setHistoricalDataEnabled(boolean isHistoricalDataEnabled) {
        // one row per workspace; no history
    }

    @Override
    public void saveInstallerAndBot(Installer installer) {
        if (installer.getTeamId() == null) {
            throw new IllegalArgumentException("org-wide (Enterprise Grid) installs are not supported; install Keepword "
                    + "in each workspace");
        }
        if (installer.getBotAccessToken() == null) {
            throw new IllegalArgumentException("Slack granted no bot token; install again with the bot scopes");
        }
        String name = installer instanceof DefaultInstaller d ? d.getTeamName() : null;
        store.save(new InstallationStore.Installation(installer.getTeamId(), installer.getEnterpriseId(), name,
                installer.getAppId(), installer.getBotUserId(), installer.getBotId(), installer.getBotScope(),
                installer.getBotAccessToken(), installer.getInstallerUserId(), clock.now()));
        LOG.info("Keepword installed in Slack workspace {} ({}) by {}", installer.getTeamId(), name,
                installer.getInstallerUserId());
    }

    @Override
    public void saveBot(Bot bot) {
        Optional<InstallationStore.Installation> old = store.find(bot.getTeamId());
        store.save(new InstallationStore.Installation(bot.getTeamId(), bot.getEnterpriseId(),
                old.map(InstallationStore.Installation::workspaceName).orElse(null), bot.getAppId(), bot.getBotUserId(),
                bot.getBotId(), bot.getBotScope(), bot.getBotAccessToken(),
                old.map(InstallationStore.Installation::installedBy).orElse(null), clock.now()));
    }

    @Override
    public void deleteBot(Bot bot) {
        remove(bot.getTeamId(), "its bot token no longer works");
    }

    @Override
    public void deleteInstaller(Installer installer) {
        // Keepword stores no user tokens
    }

    @Override
    public void deleteAll(String enterpriseId, String teamId) {
        remove(teamId, "uninstalled");
    }

    /** Removes the workspace's installation (uninstall, revoked tokens); true when there was one. */
    boolean remove(String teamId, String why) {
        boolean removed = teamId != null && store.remove(teamId);
        if (removed) {
            LOG.info("Removed the Slack installation of {}: {}", teamId, why);
        }
        return removed;
    }

    @Override
    public Bot findBot(String enterpriseId, String teamId) {
        if (teamId == null) {
            return null;
        }
        return store.find(teamId).map(StoredBot::new).orElse(null);
    }

    @Override
    public Installer findInstaller(String enterpriseId, String teamId, String userId) {
        return null; // no user tokens
    }

    @Override
    public String getInstallationGuideText(String enterpriseId, String teamId, String userId) {
        return "Keepword is not installed in this workspace (or was removed). A workspace admin can install it at "
                + installUrl;
    }

    /** Bolt's bot record, without the token in its {@code toString} (Lombok's would print it). */
    static final class StoredBot extends DefaultBot {
        StoredBot(InstallationStore.Installation i) {
            setTeamId(i.workspaceId());
            setEnterpriseId(i.enterpriseId());
            setAppId(i.appId());
            setBotUserId(i.botUserId());
            setBotId(i.botId());
            setBotScope(i.scopes());
            setBotAccessToken(i.botToken());
            setIsEnterpriseInstall(false);
            setTokenType("bot");
            setInstalledAt(i.installedAt().toEpochMilli());
        }

        @Override
        public String toString() {
            return "StoredBot(team=" + getTeamId() + ", botUser=" + getBotUserId() + ", token=(hidden))";
        }

        @Override
        public boolean equals(Object o) {
            return super.equals(o);
        }

        @Override
        public int hashCode() {
            return super.hashCode();
        }
    }
}
