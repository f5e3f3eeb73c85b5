package dev.keepword.config;

import io.github.cdimascio.dotenv.Dotenv;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every setting Keepword reads, from the environment or a {@code .env} file in the working directory (the
 * environment wins). Values are never logged: some are secrets.
 */
public record Settings(Function<String, String> source) {

    public static Settings fromEnvironment() {
        Dotenv dotenv = Dotenv.configure().ignoreIfMissing().ignoreIfMalformed().load();
        return new Settings(key -> {
            String env = System.getenv(key);
            return env != null ? env : dotenv.get(key, null);
        });
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(values::get);
    }

    public Optional<String> get(String key) {
        String value = source.apply(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** {@code KEEPWORD_DB_URL}: any JDBC URL; default an H2 file at {@code ./data/keepword}. */
    public Optional<String> databaseUrl() {
        return get("KEEPWORD_DB_URL");
    }

    public Optional<String> databaseUser() {
        return get("KEEPWORD_DB_USER");
    }

    public Optional<String> databasePassword() {
        return get("KEEPWORD_DB_PASSWORD");
    }

    /** {@code KEEPWORD_CONFIG_DIR}: where {@code agreement.yml} and {@code demo-workspace.yml} are; default {@code ./config}. */
    public Path configDir() {
        return Path.of(get("KEEPWORD_CONFIG_DIR").orElse("config"));
    }

    /** True when Slack credentials are configured (a bot token and a signing secret). */
    public boolean hasSlack() {
        return get("SLACK_BOT_TOKEN").isPresent() && get("SLACK_SIGNING_SECRET").isPresent();
    }

    /**
     * True when Slack is configured for OAuth distribution (multi-workspace): client id, client secret and signing
     * secret, and no {@code SLACK_BOT_TOKEN} (a bot token means one workspace).
     */
    public boolean hasSlackOAuth() {
        return get("SLACK_BOT_TOKEN").isEmpty() && get("SLACK_CLIENT_ID").isPresent()
                && get("SLACK_CLIENT_SECRET").isPresent() && get("SLACK_SIGNING_SECRET").isPresent();
    }

    /** True when Teams credentials are configured (app id, app password and the bot's tenant). */
    public boolean hasTeams() {
        return get("TEAMS_APP_ID").isPresent() && get("TEAMS_APP_PASSWORD").isPresent() && get("TEAMS_TENANT_ID").isPresent();
    }
}
