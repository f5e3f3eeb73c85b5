package dev.keepword;

import com.slack.api.Slack;
import dev.keepword.app.Chat;
import dev.keepword.app.Clock;
import dev.keepword.app.Delivery;
import dev.keepword.app.Directory;
import dev.keepword.app.InstallationStore;
import dev.keepword.app.Installations;
import dev.keepword.app.Message;
import dev.keepword.app.Target;
import dev.keepword.config.ConfigFiles;
import dev.keepword.config.Settings;
import dev.keepword.slack.SlackBot;
import dev.keepword.slack.SlackChat;
import dev.keepword.slack.SlackDirectory;
import dev.keepword.store.Database;
import dev.keepword.store.JdbcInstallations;
import dev.keepword.teams.TeamsAuth;
import dev.keepword.teams.TeamsBot;
import dev.keepword.teams.TeamsChat;
import dev.keepword.teams.TeamsConnector;
import dev.keepword.teams.TeamsDirectory;
import dev.keepword.teams.TeamsReferences;
import dev.keepword.teams.TeamsToken;
import dev.keepword.web.WebServer;
import jakarta.servlet.http.HttpServlet;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keepword serving Microsoft Teams ({@code POST /api/messages} on {@code PORT}) and, when Slack credentials are set
 * too, Slack from the same process: one database, one HTTP server with both endpoints, one dispatcher whose messages
 * go to Teams for a Teams tenant and to Slack otherwise. Started in the order SlackMode uses (chat adapters, HTTP,
 * then Quartz) and stopped the other way round.
 */
final class TeamsMode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TeamsMode.class);

    private final Wiring wiring;
    private final TeamsBot teams;
    private final SlackBot slack;
    private final WebServer web;
    private final TeamsReferences refs;
    private boolean closed;

    private TeamsMode(Wiring wiring, TeamsBot teams, SlackBot slack, WebServer web, TeamsReferences refs) {
        this.wiring = wiring;
        this.teams = teams;
        this.slack = slack;
        this.web = web;
        this.refs = refs;
    }

    /** Starts Teams (and Slack, when configured). {@code clockworkName} null: no Quartz (tests drive the dispatcher). */
    static TeamsMode start(Settings settings, Optional<String> dbOverride, Clock clock, String clockworkName) {
        String appId = settings.get("TEAMS_APP_ID").orElseThrow();
        String password = settings.get("TEAMS_APP_PASSWORD").orElseThrow();
        String tenant = settings.get("TEAMS_TENANT_ID").orElseThrow();
        int port = settings.get("PORT").map(Integer::parseInt).orElse(SlackMode.DEFAULT_PORT);
        ConfigFiles config = new ConfigFiles(settings.configDir());
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();
        TeamsToken token = new TeamsToken(settings.get("KEEPWORD_TEAMS_TOKEN_URL").orElse(TeamsToken.defaultUrl(tenant)),
                appId, password, http, clock);
        TeamsConnector connector = new TeamsConnector(http, token, appId);
        Database database = Database.open(dbOverride.or(settings::databaseUrl).orElse(Database.DEFAULT_URL),
                settings.databaseUser().orElse(null), settings.databasePassword().orElse(null));
        TeamsReferences refs = new TeamsReferences(database.dataSource());
        TeamsChat teamsChat = new TeamsChat(connector, refs, clock, TeamsChat.Limits.DEFAULT);
        TeamsDirectory teamsDirectory = new TeamsDirectory(refs, connector);

        // Slack alongside: one workspace (a bot token) or OAuth distribution (client id and secret), as in SlackMode.
        boolean withSlack = settings.hasSlack() || settings.hasSlackOAuth();
        SlackMode.OAuthKeys keys = withSlack && !settings.hasSlack() ? SlackMode.OAuthKeys.from(settings) : null;
        InstallationStore store = keys == null ? null : new JdbcInstallations(database.jdbc(), keys.cipher());
        Slack slackSdk = null;
        SlackChat slackChat = null;
        SlackDirectory slackDirectory = null;
        if (withSlack) {
            slackSdk = SlackBot.slack(settings.get("KEEPWORD_SLACK_API_URL").orElse(null));
            slackChat = new SlackChat(slackSdk, keys == null
                    ? Installations.single(settings.get("SLACK_BOT_TOKEN").orElseThrow()) : store, clock,
                    SlackChat.Limits.DEFAULT);
            slackDirectory = new SlackDirectory(slackChat, clock);
        }
        Chat chat = withSlack ? new Routed(teamsChat, slackChat) : teamsChat;
        SlackDirectory sd = slackDirectory;
        Directory directory = withSlack
                ? (ws, user) -> teamsChat.knows(ws) ? teamsDirectory.lookup(ws, user) : sd.lookup(ws, user)
                : teamsDirectory;
        Wiring wiring = new Wiring(database, clock, config.agreement(), directory, chat);
        TeamsBot teams = null;
        SlackBot slack = null;
        WebServer web = null;
        try {
            teams = new TeamsBot(teamsChat, refs, connector, teamsDirectory, new TeamsBot.Uses(wiring.commands(),
                    wiring.commitments(), wiring.engagements(), wiring.parties(), wiring.sightings(), wiring.planner(),
                    database.jdbc(), wiring.seenEvents(), clock));
            TeamsAuth auth = new TeamsAuth(appId, settings.get("KEEPWORD_TEAMS_OPENID_URL").orElse(null), http, clock);
            Map<String, HttpServlet> servlets = new LinkedHashMap<>();
            servlets.put("/api/messages", teams.servlet(auth));
            Optional<String> appToken = settings.get("SLACK_APP_TOKEN");
            if (withSlack) {
                SlackBot.Authorization authorization = keys == null
                        ? new SlackBot.Authorization.SingleWorkspace(settings.get("SLACK_BOT_TOKEN").orElseThrow())
                        : keys.authorization(settings, config.slackBotScopes(), store);
                slack = new SlackBot(slackSdk, authorization, settings.get("SLACK_SIGNING_SECRET").orElseThrow(), slackChat,
                        slackDirectory, new SlackBot.Uses(wiring.commands(), wiring.commitments(), wiring.engagements(),
                        wiring.parties(), wiring.sightings(), wiring.planner(), database.jdbc(), wiring.home(),
                        wiring.seenEvents(), clock));
                slack.start();
                slack.recover(clock.now()); // commands a previous run acked but did not get to handle
                servlets.putAll(slack.oauthServlets()); // OAuth: /slack/install and /slack/oauth_redirect
                if (appToken.isPresent()) {
                    slack.startSocketMode(appToken.get());
                    LOG.info("Slack: Socket Mode connected");
                } else {
                    servlets.put("/slack/events", slack.servlet());
                }
            }
            // Activities a previous run stored but did not get to handle (answered 200, then stopped).
            teams.recover(clock.now());
            web = WebServer.start(port, servlets);
            LOG.info("Teams: POST http://…:{}/api/messages{}", web.port(), withSlack ? " (and Slack)" : "");
            if (clockworkName != null) {
                wiring.startClockwork(clockworkName, SlackMode.TICK);
            }
            return new TeamsMode(wiring, teams, slack, web, refs);
        } catch (Exception e) {
            SlackMode.closeQuietly(web, slack, teams, wiring);
            throw new IllegalStateException("Teams did not start: " + e.getMessage(), e);
        }
    }

    /** Sends to Teams for a tenant Keepword has met there, to Slack otherwise. */
    private record Routed(TeamsChat teams, SlackChat slack) implements Chat {
        @Override
        public Delivery send(String workspaceId, Target target, Message message) {
            return teams.knows(workspaceId) ? teams.send(workspaceId, target, message) : slack.send(workspaceId, target, message);
        }

        @Override
        public Delivery upload(String workspaceId, Target target, String filename, byte[] content, String title) {
            return teams.knows(workspaceId) ? teams.upload(workspaceId, target, filename, content, title)
                    : slack.upload(workspaceId, target, filename, content, title);
        }
    }

    int port() {
        return web.port();
    }

    Wiring wiring() {
        return wiring;
    }

    TeamsReferences references() {
        return refs;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        SlackMode.closeQuietly(web, slack, teams, wiring);
    }
}
