package dev.keepword;

import com.slack.api.Slack;
import dev.keepword.app.Clock;
import dev.keepword.app.InstallationStore;
import dev.keepword.app.Installations;
import dev.keepword.app.LocalSendBudget;
import dev.keepword.app.SendBudget;
import dev.keepword.config.ConfigFiles;
import dev.keepword.config.Settings;
import dev.keepword.slack.SlackBot;
import dev.keepword.slack.SlackChat;
import dev.keepword.slack.SlackDirectory;
import dev.keepword.store.Database;
import dev.keepword.store.JdbcInstallations;
import dev.keepword.store.TokenCipher;
import jakarta.servlet.http.HttpServlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Slack as a {@link ChatSurface}: the Bolt app in HTTP mode ({@code POST /slack/events}) or Socket Mode (when an
 * app-level token is given), for one workspace with one bot token or for many installed with OAuth
 * ({@code /slack/install}, each workspace's token stored encrypted under {@code KEEPWORD_SECRET_KEY}). It serves
 * every workspace no surface configured before it claims.
 */
public final class SlackSurface implements ChatSurface {
    private static final Logger LOG = LoggerFactory.getLogger(SlackSurface.class);

    private final Slack sdk;
    private final SlackBot.Authorization authorization;
    private final String signingSecret;
    private final String appToken;
    private final SlackChat chat;
    private final SlackDirectory directory;
    private final Clock clock;
    private SlackBot bot;

    private SlackSurface(Slack sdk, SlackBot.Authorization authorization, String signingSecret, String appToken,
                         SlackChat chat, Clock clock) {
        this.sdk = sdk;
        this.authorization = authorization;
        this.signingSecret = signingSecret;
        this.appToken = appToken;
        this.chat = chat;
        this.directory = new SlackDirectory(chat, clock);
        this.clock = clock;
    }

    /**
     * Slack from its parts (tests and benchmarks build it this way, against a fake Slack).
     *
     * @param installations where bot tokens are found: {@link Installations#single} or the OAuth installation store
     * @param appToken      an app-level token ({@code xapp-…}) for Socket Mode, or null for HTTP mode
     */
    public static SlackSurface of(Slack sdk, SlackBot.Authorization authorization, String signingSecret,
                                  Installations installations, Clock clock, SlackChat.Limits limits, String appToken) {
        return of(sdk, authorization, signingSecret, installations, clock, limits, appToken, new LocalSendBudget());
    }

    /** As above, its rates kept in {@code budget} (a shared one makes them hold for the cluster). */
    public static SlackSurface of(Slack sdk, SlackBot.Authorization authorization, String signingSecret,
                                  Installations installations, Clock clock, SlackChat.Limits limits, String appToken,
                                  SendBudget budget) {
        return new SlackSurface(sdk, authorization, signingSecret, appToken,
                new SlackChat(sdk, installations, clock, limits, budget), clock);
    }

    /**
     * Slack's pacing as configured: the defaults, with the workspace's rate from {@code KEEPWORD_SLACK_PER_MINUTE} and
     * {@code KEEPWORD_SLACK_BURST} when set (Slack's workspace cap is "a few hundred a minute"; set it below yours).
     */
    static SlackChat.Limits limits(Settings settings) {
        SlackChat.Limits d = SlackChat.Limits.DEFAULT;
        return new SlackChat.Limits(d.perChannelBurst(), d.perChannelEvery(),
                settings.get("KEEPWORD_SLACK_PER_MINUTE").map(Integer::parseInt).orElse(d.perWorkspacePerMinute()),
                settings.get("KEEPWORD_SLACK_BURST").map(Integer::parseInt).orElse(d.perWorkspaceBurst()));
    }

    /**
     * Slack as the environment configures it: {@code SLACK_SIGNING_SECRET}, and {@code SLACK_BOT_TOKEN} or the OAuth
     * variables ({@code SLACK_CLIENT_ID}, {@code SLACK_CLIENT_SECRET}, {@code KEEPWORD_SECRET_KEY}), optionally
     * {@code SLACK_APP_TOKEN} and {@code KEEPWORD_SLACK_API_URL}. Refuses to start, with a clear message, when one is
     * missing.
     */
    static SlackSurface configured(Settings settings, ConfigFiles config, Database database, Clock clock,
                                   SendBudget budget) {
        String secret = settings.get("SLACK_SIGNING_SECRET").orElseThrow(() ->
                new IllegalStateException("Slack did not start: SLACK_SIGNING_SECRET is not set"));
        Optional<String> token = settings.get("SLACK_BOT_TOKEN");
        Slack sdk = SlackBot.slack(settings.get("KEEPWORD_SLACK_API_URL").orElse(null));
        if (token.isPresent()) {
            return of(sdk, new SlackBot.Authorization.SingleWorkspace(token.get()), secret,
                    Installations.single(token.get()), clock, limits(settings),
                    settings.get("SLACK_APP_TOKEN").orElse(null), budget);
        }
        OAuthKeys keys = OAuthKeys.from(settings); // refuses to start without the key
        InstallationStore store = new JdbcInstallations(database.jdbc(), keys.cipher());
        return of(sdk, keys.authorization(settings, config.slackBotScopes(), store), secret, store, clock,
                limits(settings), settings.get("SLACK_APP_TOKEN").orElse(null), budget);
    }

    @Override
    public String name() {
        return "slack";
    }

    @Override
    public boolean serves(String workspaceId) {
        return true; // the catch-all: Teams (configured before it) claims the tenants it has met
    }

    @Override
    public SlackChat chat() {
        return chat;
    }

    @Override
    public SlackDirectory directory() {
        return directory;
    }

    @Override
    public void bind(Wiring wiring) {
        try {
            // Bolt builds its middleware here and, with a single bot token, checks it with auth.test.
            bot = new SlackBot(sdk, authorization, signingSecret, chat, directory, new SlackBot.Uses(wiring.commands(),
                    wiring.commitments(), wiring.engagements(), wiring.parties(), wiring.sightings(), wiring.planner(),
                    wiring.database().jdbc(), wiring.home(), wiring.seenEvents(), clock, wiring.capture()));
        } catch (RuntimeException e) {
            throw new IllegalStateException("Slack did not start: " + e.getMessage(), e);
        }
    }

    /** The bot, once {@link #bind bound}. */
    public SlackBot bot() {
        return bot;
    }

    @Override
    public Map<String, HttpServlet> servlets() {
        Map<String, HttpServlet> servlets = new LinkedHashMap<>(bot.oauthServlets()); // OAuth: /slack/install, …
        if (appToken == null) {
            servlets.put("/slack/events", bot.servlet());
        }
        return servlets;
    }

    @Override
    public void start(Instant now) throws Exception {
        try {
            bot.start(); // auth.test with a single bot token: a wrong token stops the start here
            bot.recover(now); // commands and events a previous run acked but did not get to handle
            if (appToken != null) {
                bot.startSocketMode(appToken);
                LOG.info("Slack: Socket Mode connected");
            } else {
                LOG.info("Slack: HTTP mode, POST /slack/events{}", authorization instanceof SlackBot.Authorization.OAuth
                        ? "; workspaces install at GET /slack/install" : "");
            }
        } catch (Exception e) {
            throw new IllegalStateException("Slack did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public void drain() {
        bot.drain();
    }

    @Override
    public void close() {
        if (bot != null) {
            bot.close();
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

        SlackBot.Authorization authorization(Settings settings, List<String> scopes, InstallationStore store) {
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
}
