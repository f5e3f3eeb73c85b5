package dev.keepword;

import com.slack.api.Slack;
import dev.keepword.app.Clock;
import dev.keepword.app.InstallationStore;
import dev.keepword.app.Installations;
import dev.keepword.config.ConfigFiles;
import dev.keepword.config.Settings;
import dev.keepword.slack.SlackBot;
import dev.keepword.slack.SlackChat;
import dev.keepword.slack.SlackDirectory;
import dev.keepword.store.Database;
import dev.keepword.store.JdbcInstallations;
import dev.keepword.store.TokenCipher;
import dev.keepword.web.WebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServlet;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keepword serving a Slack workspace: the database, the Bolt app (HTTP mode on {@code PORT} at
 * {@code /slack/events}, or Socket Mode when {@code SLACK_APP_TOKEN} is set), then the Quartz clockwork. It is
 * started in that order because the Slack app checks its token first ({@code auth.test}) and a Quartz already
 * running would keep a failed process alive; {@link #close()} stops them the other way round: Slack, Quartz, database.
 * With {@code SLACK_BOT_TOKEN} it serves that one workspace; without it, with {@code SLACK_CLIENT_ID} and
 * {@code SLACK_CLIENT_SECRET}, it is distributed with OAuth ({@code GET /slack/install}), each workspace's token stored
 * encrypted under {@code KEEPWORD_SECRET_KEY}.
 */
final class SlackMode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlackMode.class);
    static final int DEFAULT_PORT = 3000;
    static final Duration TICK = Duration.ofSeconds(10);

    private final Wiring wiring;
    private final SlackBot bot;
    private final WebServer web;
    private boolean closed;

    private SlackMode(Wiring wiring, SlackBot bot, WebServer web) {
        this.wiring = wiring;
        this.bot = bot;
        this.web = web;
    }

    /**
     * Starts everything. {@code clockworkName} names the Quartz instance (distinct per instance in one JVM);
     * null starts no clockwork (tests that drive the dispatcher themselves).
     */
    static SlackMode start(Settings settings, Optional<String> dbOverride, Clock clock, String clockworkName) {
        String secret = settings.get("SLACK_SIGNING_SECRET").orElseThrow(() ->
                new IllegalStateException("Slack did not start: SLACK_SIGNING_SECRET is not set"));
        Optional<String> token = settings.get("SLACK_BOT_TOKEN");
        Optional<String> appToken = settings.get("SLACK_APP_TOKEN");
        int port = settings.get("PORT").map(Integer::parseInt).orElse(DEFAULT_PORT);
        ConfigFiles config = new ConfigFiles(settings.configDir());
        OAuthKeys keys = token.isPresent() ? null : OAuthKeys.from(settings); // refuses to start without the key
        Slack slack = SlackBot.slack(settings.get("KEEPWORD_SLACK_API_URL").orElse(null));
        Database database = Database.open(dbOverride.or(settings::databaseUrl).orElse(Database.DEFAULT_URL),
                settings.databaseUser().orElse(null), settings.databasePassword().orElse(null));
        InstallationStore store = keys == null ? null : new JdbcInstallations(database.jdbc(), keys.cipher());
        SlackChat chat = new SlackChat(slack, token.map(Installations::single).orElse(store), clock, SlackChat.Limits.DEFAULT);
        SlackDirectory directory = new SlackDirectory(chat, clock);
        Wiring wiring = new Wiring(database, clock, config.agreement(), directory, chat);
        SlackBot bot = null;
        WebServer web = null;
        try {
            SlackBot.Authorization authorization = token.<SlackBot.Authorization>map(SlackBot.Authorization.SingleWorkspace::new)
                    .orElseGet(() -> keys.authorization(settings, config.slackBotScopes(), store));
            bot = new SlackBot(slack, authorization, secret, chat, directory, new SlackBot.Uses(wiring.commands(),
                    wiring.commitments(), wiring.engagements(), wiring.parties(), wiring.sightings(), wiring.planner(),
                    database.jdbc(), wiring.home(), wiring.seenEvents(), clock));
            bot.start();
            bot.recover(clock.now()); // commands a previous run acked but did not get to handle
            Map<String, HttpServlet> servlets = new LinkedHashMap<>(bot.oauthServlets()); // OAuth: /slack/install, …
            if (appToken.isPresent()) {
                bot.startSocketMode(appToken.get());
                LOG.info("Slack: Socket Mode connected");
            } else {
                servlets.put("/slack/events", bot.servlet());
            }
            if (!servlets.isEmpty()) {
                web = WebServer.start(port, servlets);
                LOG.info("Slack: {} on port {}{}", appToken.isPresent() ? "OAuth install pages" : "HTTP mode, POST /slack/events",
                        web.port(), keys == null ? "" : "; workspaces install at GET /slack/install");
            }
            if (clockworkName != null) {
                wiring.startClockwork(clockworkName, TICK);
            }
            return new SlackMode(wiring, bot, web);
        } catch (Exception e) {
            closeQuietly(web, bot, wiring);
            throw new IllegalStateException("Slack did not start: " + e.getMessage(), e);
        }
    }

    /**
     * Multi-workspace (OAuth) mode's keys, from {@code KEEPWORD_SECRET_KEY}: one encrypts the workspaces' bot tokens
     * in the database, another signs the OAuth {@code state}. Without the secret Keepword refuses to start.
     */
    record OAuthKeys(TokenCipher cipher, byte[] stateKey) {
        static OAuthKeys from(Settings settings) {
            String secret = settings.get("KEEPWORD_SECRET_KEY").orElseThrow(() -> new IllegalStateException(
                    "Slack did not start: OAuth mode (SLACK_CLIENT_ID and SLACK_CLIENT_SECRET, no SLACK_BOT_TOKEN) needs "
                            + "KEEPWORD_SECRET_KEY, which encrypts each workspace's bot token in the database. Set it to "
                            + "at least " + TokenCipher.MIN_SECRET_CHARS + " random characters, for example the output of: "
                            + "openssl rand -base64 32 (and keep it: without it stored installations cannot be read)"));
            try {
                return new OAuthKeys(TokenCipher.fromSecret(secret), TokenCipher.derive(secret, "slack-oauth-state", 32));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("Slack did not start: " + e.getMessage());
            }
        }

        SlackBot.Authorization authorization(Settings settings, java.util.List<String> scopes, InstallationStore store) {
            Optional<String> redirect = settings.get("SLACK_REDIRECT_URI");
            String installUrl = redirect.filter(r -> r.endsWith("/slack/oauth_redirect"))
                    .map(r -> r.substring(0, r.length() - "/slack/oauth_redirect".length()) + "/slack/install")
                    .orElse("Keepword's /slack/install page");
            return new SlackBot.Authorization.OAuth(settings.get("SLACK_CLIENT_ID").orElseThrow(),
                    settings.get("SLACK_CLIENT_SECRET").orElseThrow(), scopes, redirect.orElse(null), installUrl, store,
                    stateKey);
        }

        @Override
        public String toString() {
            return "OAuthKeys[(hidden)]";
        }
    }

    /** The HTTP port bound, or -1 in Socket Mode. */
    int port() {
        return web == null ? -1 : web.port();
    }

    Wiring wiring() {
        return wiring;
    }

    SlackBot bot() {
        return bot;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(web, bot, wiring);
    }

    /** Closes each part that is there, in order; a failing one is logged and the rest still close (both modes). */
    static void closeQuietly(AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
