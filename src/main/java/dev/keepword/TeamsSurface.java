package dev.keepword;

import dev.keepword.app.Clock;
import dev.keepword.app.LocalSendBudget;
import dev.keepword.app.SendBudget;
import dev.keepword.config.Settings;
import dev.keepword.store.Database;
import dev.keepword.teams.TeamsAuth;
import dev.keepword.teams.TeamsBot;
import dev.keepword.teams.TeamsChat;
import dev.keepword.teams.TeamsConnector;
import dev.keepword.teams.TeamsDirectory;
import dev.keepword.teams.TeamsReferences;
import dev.keepword.teams.TeamsToken;
import jakarta.servlet.http.HttpServlet;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Microsoft Teams as a {@link ChatSurface}: {@code POST /api/messages} (Bot Framework tokens verified by
 * {@link TeamsAuth}), replies and proactive messages through the Bot Connector. It serves the tenants it has met
 * (a conversation reference is stored for them).
 */
public final class TeamsSurface implements ChatSurface {
    private static final Logger LOG = LoggerFactory.getLogger(TeamsSurface.class);

    private final String appId;
    private final String openIdUrl;
    private final OkHttpClient http;
    private final Clock clock;
    private final TeamsConnector connector;
    private final TeamsReferences refs;
    private final TeamsChat chat;
    private final TeamsDirectory directory;
    private TeamsBot bot;

    private TeamsSurface(String appId, String openIdUrl, OkHttpClient http, TeamsConnector connector,
                         TeamsReferences refs, Clock clock, TeamsChat.Limits limits, SendBudget budget) {
        this.appId = appId;
        this.openIdUrl = openIdUrl;
        this.http = http;
        this.clock = clock;
        this.connector = connector;
        this.refs = refs;
        this.chat = new TeamsChat(connector, refs, clock, limits, budget);
        this.directory = new TeamsDirectory(refs, connector);
    }

    /**
     * Teams from its parts (tests and benchmarks point it at a fake Bot Connector and identity service).
     *
     * @param tokenUrl  where the client-credentials token comes from ({@link TeamsToken#defaultUrl} for a tenant)
     * @param openIdUrl the Bot Framework OpenID metadata, or null for {@link TeamsAuth#DEFAULT_OPENID_URL}
     */
    public static TeamsSurface of(String appId, String password, String tokenUrl, String openIdUrl, OkHttpClient http,
                                  Database database, Clock clock, TeamsChat.Limits limits) {
        return of(appId, password, tokenUrl, openIdUrl, http, database, clock, limits, new LocalSendBudget());
    }

    /** As above, its rates kept in {@code budget} (a shared one makes them hold for the cluster). */
    public static TeamsSurface of(String appId, String password, String tokenUrl, String openIdUrl, OkHttpClient http,
                                  Database database, Clock clock, TeamsChat.Limits limits, SendBudget budget) {
        TeamsToken token = new TeamsToken(tokenUrl, appId, password, http, clock);
        return new TeamsSurface(appId, openIdUrl, http, new TeamsConnector(http, token, appId),
                new TeamsReferences(database.dataSource()), clock, limits, budget);
    }

    /**
     * Teams as the environment configures it: {@code TEAMS_APP_ID}, {@code TEAMS_APP_PASSWORD}, {@code TEAMS_TENANT_ID},
     * optionally {@code KEEPWORD_TEAMS_TOKEN_URL} and {@code KEEPWORD_TEAMS_OPENID_URL} (tests).
     */
    static TeamsSurface configured(Settings settings, Database database, Clock clock, SendBudget budget) {
        String tenant = settings.get("TEAMS_TENANT_ID").orElseThrow();
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();
        return of(settings.get("TEAMS_APP_ID").orElseThrow(), settings.get("TEAMS_APP_PASSWORD").orElseThrow(),
                settings.get("KEEPWORD_TEAMS_TOKEN_URL").orElse(TeamsToken.defaultUrl(tenant)),
                settings.get("KEEPWORD_TEAMS_OPENID_URL").orElse(null), http, database, clock, TeamsChat.Limits.DEFAULT,
                budget);
    }

    @Override
    public String name() {
        return "teams";
    }

    @Override
    public boolean serves(String workspaceId) {
        return chat.knows(workspaceId);
    }

    @Override
    public TeamsChat chat() {
        return chat;
    }

    @Override
    public TeamsDirectory directory() {
        return directory;
    }

    /** Where conversations are remembered (tests look into it). */
    public TeamsReferences references() {
        return refs;
    }

    public TeamsConnector connector() {
        return connector;
    }

    @Override
    public void bind(Wiring wiring) {
        bot = new TeamsBot(chat, refs, connector, directory, new TeamsBot.Uses(wiring.commands(), wiring.commitments(),
                wiring.engagements(), wiring.parties(), wiring.sightings(), wiring.planner(), wiring.database().jdbc(),
                wiring.seenEvents(), clock, wiring.capture(), wiring.database()::reachable));
    }

    /** The bot, once {@link #bind bound}. */
    public TeamsBot bot() {
        return bot;
    }

    @Override
    public Map<String, HttpServlet> servlets() {
        return Map.of("/api/messages", bot.servlet(new TeamsAuth(appId, openIdUrl, http, clock)));
    }

    @Override
    public void start(Instant now) {
        int recovered = bot.recover(now); // activities a previous run answered but did not get to handle
        LOG.info("Teams: POST /api/messages{}", recovered > 0 ? "; handling " + recovered + " stored activities" : "");
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
}
