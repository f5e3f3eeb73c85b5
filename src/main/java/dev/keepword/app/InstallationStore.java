package dev.keepword.app;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The installations of a chat app distributed with OAuth (Slack's multi-workspace mode): one per workspace, saved when
 * an admin installs it, removed when it is uninstalled or its tokens are revoked. Implementations keep the bot token
 * encrypted at rest; {@link #botToken} hands it, decrypted, to the one component that calls the platform.
 */
public interface InstallationStore extends Installations {

    /** One workspace's installation. Its {@link #toString()} never shows the token. */
    record Installation(String workspaceId, String enterpriseId, String workspaceName, String appId, String botUserId,
                        String botId, String scopes, String botToken, String installedBy, Instant installedAt) {
        public Installation {
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(botToken, "botToken");
            Objects.requireNonNull(installedAt, "installedAt");
        }

        @Override
        public String toString() {
            return "Installation[workspace=" + workspaceId + (enterpriseId == null ? "" : ", enterprise=" + enterpriseId)
                    + ", name=" + workspaceName + ", botUser=" + botUserId + ", scopes=" + scopes + ", installedBy="
                    + installedBy + ", installedAt=" + installedAt + ", botToken=(hidden)]";
        }
    }

    /** Saves the workspace's installation, replacing any earlier one (a reinstall). */
    void save(Installation installation);

    Optional<Installation> find(String workspaceId);

    /** Removes the workspace's installation; true when there was one. */
    boolean remove(String workspaceId);

    @Override
    default Optional<String> botToken(String workspaceId) {
        return find(workspaceId).map(Installation::botToken);
    }
}
