package dev.keepword.teams;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.keepword.teams.TeamsHarness.ACME;
import static dev.keepword.teams.TeamsHarness.MAYA;
import static dev.keepword.teams.TeamsHarness.SAM;
import static dev.keepword.teams.TeamsHarness.TEAM;
import static dev.keepword.teams.TeamsHarness.TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every activity fixture under {@code src/test/resources/teams/} (each shaped field for field after a Microsoft sample,
 * see {@code SOURCES.md} there) goes through the real {@code POST /api/messages} with a token shaped as the Bot
 * Connector's: each is answered 200 (invokes with a JSON body) well inside Teams' time limits, nothing answers 5xx or
 * logs a warning, the kinds Keepword acts on take effect, the others are acknowledged with one debug line and leave no
 * trace, and the bot still serves afterwards.
 */
class TeamsConformanceTest {
    /** Teams gives a bot 15 s for an activity and expects invokes far sooner; an answer should take a fraction. */
    private static final Duration PROMPTLY = Duration.ofSeconds(3);
    private static final String SAM_AAD = "8d2e4b61-0a3f-4c95-b7e8-1f6a9c3d5e20";
    private static final String LAUNCH = "19:acme-launch-0123456789abcdef@thread.tacv2";

    /** The order a team's life would send them in; every fixture in the folder must be listed here. */
    private static final List<String> STORY = List.of(
            "installationUpdate-add",
            "conversationUpdate-bot-added-to-team",
            "conversationUpdate-bot-added-personal",
            "conversationUpdate-member-added",
            "message-personal",
            "message-channel-mention",
            "conversationUpdate-channel-created",
            "conversationUpdate-channel-renamed",
            "conversationUpdate-channel-deleted",
            "conversationUpdate-team-renamed",
            "conversationUpdate-team-archived",
            "conversationUpdate-member-removed",
            "messageReaction-added",
            "messageReaction-removed",
            "invoke-adaptiveCard-action",
            "invoke-task-fetch",
            "invoke-task-submit",
            "invoke-composeExtension-query",
            "invoke-composeExtension-fetchTask",
            "invoke-composeExtension-submitAction",
            "invoke-composeExtension-fetchTask-message",
            "invoke-composeExtension-submitAction-message",
            "invoke-signin-verifyState",
            "invoke-signin-tokenExchange",
            "invoke-fileConsent",
            "invoke-config-fetch",
            "typing",
            "messageUpdate-edit",
            "messageUpdate-undelete",
            "messageDelete-softDelete",
            "endOfConversation",
            "event-readReceipt",
            "conversationUpdate-bot-removed",
            "installationUpdate-remove");

    /** The kinds Keepword does not act on: 200, one debug line, nothing stored or sent. */
    private static final Set<String> IGNORED = Set.of("messageReaction-added", "messageReaction-removed",
            "invoke-task-fetch", "invoke-task-submit", "invoke-composeExtension-query", "invoke-composeExtension-fetchTask",
            "invoke-composeExtension-submitAction", "invoke-signin-verifyState", "invoke-signin-tokenExchange",
            "invoke-fileConsent", "invoke-config-fetch", "typing", "messageUpdate-edit", "messageUpdate-undelete",
            "messageDelete-softDelete", "endOfConversation", "event-readReceipt");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private TeamsHarness h;
    private ListAppender<ILoggingEvent> logs;
    private Logger keepwordLog;
    private Logger botLog;
    private Level keepwordLevel;
    private Level botLevel;

    @BeforeEach
    void start() throws Exception {
        h = new TeamsHarness();
        h.connector.channel(TEAM, TEAM, null).channel(TEAM, ACME, "Acme");
        // The same people as in the fixtures, with the same AAD object ids.
        h.connector.member(TEAM, MAYA, "Maya Okafor", "3f1c2a9e-5b7d-4e21-9c40-8a6f0d2b1e73")
                .member(TEAM, SAM, "Sam Rivera", SAM_AAD);
        logs = new ListAppender<>();
        logs.start();
        keepwordLog = (Logger) LoggerFactory.getLogger("dev.keepword");
        botLog = (Logger) LoggerFactory.getLogger(TeamsBot.class);
        keepwordLevel = keepwordLog.getLevel();
        botLevel = botLog.getLevel();
        botLog.setLevel(Level.DEBUG);
        keepwordLog.addAppender(logs);
    }

    @AfterEach
    void stop() {
        keepwordLog.detachAppender(logs);
        keepwordLog.setLevel(keepwordLevel);
        botLog.setLevel(botLevel);
        h.close();
    }

    private ObjectNode fixture(String name) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/teams/" + name + ".json")) {
            assertTrue(in != null, "no fixture " + name);
            // The one value a fixture cannot carry: the fake connector's port, which the token vouches for.
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{serviceUrl}}", h.connector.serviceUrl());
            return (ObjectNode) json.readTree(text);
        }
    }

    /** Posts with a genuine-shaped token, times only the HTTP answer, then lets the inbox handle it. */
    private HttpResponse<String> send(JsonNode activity) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.port + "/api/messages"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + h.token())
                .POST(HttpRequest.BodyPublishers.ofString(activity.toString())).build();
        long started = System.nanoTime();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(PROMPTLY) < 0, activity.path("type").asText() + " answered after " + took);
        h.bot.drain();
        return r;
    }

    private long stored(String activityId) {
        return h.wiring.database().jdbc().one("select count(*) from inbound_event where platform = 'teams' and event_id = ?",
                rs -> rs.getLong(1), activityId).orElseThrow();
    }

    private List<ILoggingEvent> logged(Level atLeast) {
        return logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(atLeast)).toList();
    }

    @Test
    void everyFixtureInTheFolderIsInTheStory() throws Exception {
        Path folder = Path.of(getClass().getResource("/teams").toURI());
        Set<String> present;
        try (Stream<Path> files = Files.list(folder)) {
            present = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).collect(Collectors.toCollection(TreeSet::new));
        }

        assertEquals(new TreeSet<>(STORY), present, "a fixture that is not sent would prove nothing");
    }

    @Test
    void everyFixtureIsAnswered200PromptlyTakesEffectOrIsIgnoredQuietlyAndTheBotStillServes() throws Exception {
        Map<String, Consumer<HttpResponse<String>>> effects = effects();
        for (String name : STORY) {
            ObjectNode activity = fixture(name);
            h.connector.clear();
            int debugBefore = logs.list.size();
            long storedBefore = stored(activity.path("id").asText());

            HttpResponse<String> r = send(activity);

            assertEquals(200, r.statusCode(), name + " answered " + r.statusCode() + ": " + r.body());
            if ("invoke".equals(activity.path("type").asText())) {
                assertTrue(json.readTree(r.body()).isObject(), name + ": an invoke is answered with a JSON body: " + r.body());
            }
            if (IGNORED.contains(name)) {
                List<ILoggingEvent> lines = logs.list.subList(debugBefore, logs.list.size());
                assertEquals(1, lines.size(), name + ": one line, no more: " + lines);
                assertEquals(Level.DEBUG, lines.get(0).getLevel(), name);
                assertTrue(lines.get(0).getFormattedMessage().contains("acknowledged and ignored"), lines.get(0).getFormattedMessage());
                assertEquals(List.of(), h.connector.calls(), name + " made Keepword call Teams");
                // (A messageUpdate or messageDelete carries the id of the message it changes, already stored.)
                assertEquals(storedBefore, stored(activity.path("id").asText()), name + " was stored");
            } else {
                effects.getOrDefault(name, x -> { }).accept(r);
            }
        }
        assertEquals(List.of(), logged(Level.WARN), "no warning or error for any fixture");

        // Still serving: a new command in Maya's personal chat is answered.
        ObjectNode help = fixture("message-personal");
        help.put("id", "1763889000099").put("text", "help");
        assertEquals(200, send(help).statusCode());
        assertFalse(h.connector.calls("POST", "/v3/conversations/" + TeamsHarness.chatOf(MAYA) + "/activities/1763889000099")
                .isEmpty(), "answered after every fixture: " + h.connector.calls());
    }

    /** What each subscribed fixture must have done. */
    private Map<String, Consumer<HttpResponse<String>>> effects() {
        Map<String, Consumer<HttpResponse<String>>> e = new LinkedHashMap<>();
        String acme = TeamsReferences.channelKey(ACME);
        String sam = TeamsReferences.userKey(SAM);
        e.put("installationUpdate-add", r -> {
            assertTrue(h.refs.conversation(TENANT, acme).orElseThrow().active());
            assertFalse(h.connector.calls("GET", "/v3/conversations/" + TEAM + "/pagedmembers").isEmpty(), "members listed");
            assertTrue(h.refs.user(TENANT, sam).isPresent(), "the team's members are recorded");
        });
        e.put("conversationUpdate-bot-added-to-team", r -> {
            assertEquals(TEAM, h.refs.conversation(TENANT, acme).orElseThrow().teamId());
            assertFalse(h.connector.calls("GET", "/v3/conversations/" + TEAM + "/pagedmembers").isEmpty(), "members listed");
        });
        e.put("conversationUpdate-bot-added-personal", r ->
                assertEquals(TeamsHarness.chatOf(SAM), h.refs.user(TENANT, sam).orElseThrow().chatId(),
                        "Sam's personal chat is stored: reminders can reach him"));
        e.put("conversationUpdate-member-added", r ->
                assertEquals(SAM_AAD, h.refs.user(TENANT, sam).orElseThrow().aadObjectId()));
        e.put("message-personal", r -> {
            List<FakeBotConnector.Call> replies = h.connector.calls("POST",
                    "/v3/conversations/" + TeamsHarness.chatOf(MAYA) + "/activities/1763888400001");
            assertEquals(1, replies.size(), "the command's answer, as a reply: " + h.connector.calls());
        });
        e.put("message-channel-mention", r -> {
            List<FakeBotConnector.Call> replies = h.connector.calls("POST",
                    "/v3/conversations/" + ACME + ";messageid=1763888460002/activities/1763888460002");
            assertEquals(1, replies.size(), "answered in the thread: " + h.connector.calls());
            assertTrue(replies.get(0).cardText().contains("commit"), replies.get(0).cardText());
        });
        e.put("conversationUpdate-channel-created", r ->
                assertEquals("Acme Launch", h.refs.conversation(TENANT, TeamsReferences.channelKey(LAUNCH)).orElseThrow().name()));
        e.put("conversationUpdate-channel-renamed", r ->
                assertEquals("Acme Go-Live", h.refs.conversation(TENANT, TeamsReferences.channelKey(LAUNCH)).orElseThrow().name()));
        e.put("conversationUpdate-channel-deleted", r ->
                assertFalse(h.refs.conversation(TENANT, TeamsReferences.channelKey(LAUNCH)).orElseThrow().active()));
        e.put("invoke-adaptiveCard-action", r -> {
            try {
                JsonNode answer = json.readTree(r.body());
                assertEquals(200, answer.path("statusCode").asInt(), r.body());
                assertEquals(TeamsCards.CONTENT_TYPE, answer.path("type").asText(), r.body());
            } catch (java.io.IOException ex) {
                throw new AssertionError(ex);
            }
        });
        // "Track as commitment" on a message in #Acme, which has no engagement in this story: refused privately, in the
        // dialog's own answer, and nothing recorded.
        for (String track : List.of("invoke-composeExtension-fetchTask-message", "invoke-composeExtension-submitAction-message")) {
            e.put(track, r -> {
                try {
                    JsonNode task = json.readTree(r.body()).path("task");
                    assertEquals("message", task.path("type").asText(), r.body());
                    assertTrue(task.path("value").asText().contains("no engagement"), r.body());
                    assertEquals(List.of(), h.connector.calls(), track + " made Keepword call Teams");
                } catch (java.io.IOException ex) {
                    throw new AssertionError(ex);
                }
            });
        }
        e.put("conversationUpdate-bot-removed", r ->
                assertFalse(h.refs.conversation(TENANT, acme).orElseThrow().active(), "retired with its team"));
        e.put("installationUpdate-remove", r ->
                assertFalse(h.refs.conversation(TENANT, acme).orElseThrow().active()));
        return e;
    }
}
