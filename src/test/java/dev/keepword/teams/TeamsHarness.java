package dev.keepword.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keepword.Serving;
import dev.keepword.TeamsSurface;
import dev.keepword.Wiring;
import dev.keepword.app.MutableClock;
import dev.keepword.domain.Agreement;
import dev.keepword.store.Database;
import okhttp3.OkHttpClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import dev.keepword.config.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keepword's Teams adapter wired as in production (real H2, the real HTTP server, real JWT checks) against a fake
 * Bot Connector, token endpoint and identity service, on a {@link MutableClock}.
 */
final class TeamsHarness implements AutoCloseable {
    static final Instant MONDAY = Instant.parse("2026-11-23T09:00:00Z");
    static final String APP_ID = "5b6a1c3e-0d1f-4b7a-9a31-6c2d9e8f7a10";
    static final String PASSWORD = "app-password-from-azure";
    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String BOT = "28:" + APP_ID;
    static final String TEAM = "19:general-acme-team@thread.tacv2";
    static final String ACME = "19:acme-channel-0123456789abcdef@thread.tacv2";
    static final String INTERNAL = "19:acme-internal-0123456789abcdef@thread.tacv2";
    static final String MAYA = "29:1MayaOkafor-aBcDeFgHiJkLmNoPqRsTuVwXyZ_0123456789-aBcDeFgHiJkLmNoPqRsTuVwXyZ_0123456789";
    static final String SAM = "29:1SamRivera-zYxWvUtSrQpOnMlKjIhGfEdCbA_9876543210-zYxWvUtSrQpOnMlKjIhGfEdCbA_9876543210";
    static final String LEE = "29:1LeeBecker-0000000000000000000000000000000000000000000000000000000000000000000";

    final MutableClock clock = new MutableClock(MONDAY);
    final FakeBotConnector connector;
    final FakeBotIdentity identity;
    final Database database;
    final Wiring wiring;
    final TeamsReferences refs;
    final TeamsChat chat;
    final TeamsBot bot;
    /** Keepword as it runs: the Teams surface bound to one Wiring, served on a free port. */
    final Serving serving;
    final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger ids = new AtomicInteger();

    TeamsHarness() throws Exception {
        this(TeamsChat.Limits.DEFAULT);
    }

    TeamsHarness(TeamsChat.Limits limits) throws Exception {
        this(limits, null);
    }

    /**
     * Teams mode started from the environment as {@code Keepword} starts it ({@link Serving#start}), with the
     * operator's config folder {@code KEEPWORD_CONFIG_DIR}, pointed at the fakes.
     */
    static TeamsHarness fromEnvironment(Path configDir) throws Exception {
        return new TeamsHarness(TeamsChat.Limits.DEFAULT, configDir);
    }

    /**
     * Teams on {@code database} (a PostgreSQL, say, that a test stops) with its rates kept in {@code budget}, as a
     * process of a cluster runs it.
     */
    TeamsHarness(Database database, dev.keepword.app.SendBudget budget) throws Exception {
        this(TeamsChat.Limits.DEFAULT, null, database, budget);
    }

    private TeamsHarness(TeamsChat.Limits limits, Path configDir) throws Exception {
        this(limits, configDir, null, null);
    }

    private TeamsHarness(TeamsChat.Limits limits, Path configDir, Database given, dev.keepword.app.SendBudget budget)
            throws Exception {
        connector = new FakeBotConnector();
        identity = new FakeBotIdentity();
        String db = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        if (configDir == null) {
            database = given != null ? given : Database.open(db);
            // Assembled as Keepword assembles it (Serving), with the parts pointed at the fakes.
            TeamsSurface surface = TeamsSurface.of(APP_ID, PASSWORD, connector.tokenUrl(), identity.openIdUrl(),
                    new OkHttpClient(), database, clock, limits,
                    budget != null ? budget : new dev.keepword.app.LocalSendBudget());
            serving = Serving.assemble(database, clock, Wiring.Policies.of(Agreement.DEFAULT), List.of(surface))
                    .open("127.0.0.1", 0, null);
        } else {
            serving = Serving.start(Settings.of(Map.of("TEAMS_APP_ID", APP_ID, "TEAMS_APP_PASSWORD", PASSWORD,
                    "TEAMS_TENANT_ID", TENANT, "PORT", "0", "KEEPWORD_TEAMS_OPENID_URL", identity.openIdUrl(),
                    "KEEPWORD_TEAMS_TOKEN_URL", connector.tokenUrl(), "KEEPWORD_CONFIG_DIR", configDir.toString())),
                    Optional.of(db), clock, null);
            database = serving.wiring().database();
        }
        TeamsSurface surface = serving.surface(TeamsSurface.class);
        wiring = serving.wiring();
        refs = surface.references();
        chat = surface.chat();
        bot = surface.bot();
        port = serving.port();
    }

    String token() {
        return identity.sign(FakeBotIdentity.claims(APP_ID, connector.serviceUrl(), clock.now()).build());
    }

    HttpResponse<String> post(JsonNode activity) throws Exception {
        return post("Bearer " + token(), activity);
    }

    HttpResponse<String> post(String authorization, JsonNode activity) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(activity.toString()));
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        bot.drain(); // the activity is handled after the answer, on the bot's inbox thread
        return response;
    }

    JsonNode parse(String body) throws Exception {
        return json.readTree(body);
    }

    /** The common shape of an activity from Teams: who, where, tenant, team. */
    ObjectNode activity(String type, String from, String fromName, String conversationId, String conversationType) {
        ObjectNode a = json.createObjectNode();
        a.put("type", type);
        a.put("id", "1" + String.format("%012d", ids.incrementAndGet()));
        a.put("timestamp", clock.now().toString());
        a.put("serviceUrl", connector.serviceUrl());
        a.put("channelId", "msteams");
        a.putObject("from").put("id", from).put("name", fromName).put("aadObjectId", UUID.nameUUIDFromBytes(from.getBytes()).toString());
        a.putObject("conversation").put("id", conversationId).put("conversationType", conversationType).put("tenantId", TENANT);
        a.putObject("recipient").put("id", BOT).put("name", "Keepword");
        ObjectNode channelData = a.putObject("channelData");
        channelData.putObject("tenant").put("id", TENANT);
        if ("channel".equals(conversationType)) {
            channelData.putObject("team").put("id", TEAM);
            channelData.putObject("channel").put("id", TeamsReferences.baseConversation(conversationId));
        }
        a.putArray("entities");
        return a;
    }

    /** A message; {@code mentions} alternate id, name ({@code <at>name</at>} must be in the text). */
    ObjectNode message(String from, String fromName, String conversationId, String conversationType, String text,
                       String... mentions) {
        ObjectNode a = activity("message", from, fromName, conversationId, conversationType);
        a.put("text", text);
        ArrayNode entities = (ArrayNode) a.get("entities");
        for (int i = 0; i < mentions.length; i += 2) {
            ObjectNode m = entities.addObject();
            m.put("type", "mention");
            m.put("text", "<at>" + mentions[i + 1] + "</at>");
            m.putObject("mentioned").put("id", mentions[i]).put("name", mentions[i + 1]);
        }
        return a;
    }

    ObjectNode inChannel(String from, String fromName, String text, String... mentions) {
        String[] all = new String[mentions.length + 2];
        all[0] = BOT;
        all[1] = "Keepword";
        System.arraycopy(mentions, 0, all, 2, mentions.length);
        return message(from, fromName, ACME + ";messageid=" + (1_700_000_000_000L + ids.get()), "channel",
                "<at>Keepword</at> " + text, all);
    }

    static String chatOf(String teamsUser) {
        return "a:chat-" + teamsUser;
    }

    /** The bot installed in the team, the connector knowing its channels and members. */
    void install() throws Exception {
        connector.channel(TEAM, TEAM, null).channel(TEAM, ACME, "Acme").channel(TEAM, INTERNAL, "Acme Internal");
        connector.member(TEAM, MAYA, "Maya Okafor", "aad-maya").member(TEAM, SAM, "Sam Rivera", "aad-sam")
                .member(TEAM, LEE, "Lee Becker", "aad-lee");
        ObjectNode install = activity("installationUpdate", MAYA, "Maya Okafor", TEAM, "channel");
        install.put("action", "add");
        post(install);
    }

    /** Maya sets up #Acme: Sam and Lee are the client, escalations go to "Acme Internal" (named, not mentioned). */
    HttpResponse<String> setup() throws Exception {
        ObjectNode m = inChannel(MAYA, "Maya Okafor", "commit setup client <at>Sam Rivera</at> <at>Lee Becker</at> owner "
                + "<at>Maya Okafor</at> escalate Acme Internal tz America/New_York", SAM, "Sam Rivera", LEE, "Lee Becker",
                MAYA, "Maya Okafor");
        m.put("localTimezone", "Europe/London");
        return post(m);
    }

    @Override
    public void close() {
        serving.close();
        connector.close();
        identity.close();
    }
}
