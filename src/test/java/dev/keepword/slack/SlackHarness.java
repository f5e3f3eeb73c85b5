package dev.keepword.slack;

import dev.keepword.Serving;
import dev.keepword.SlackSurface;
import dev.keepword.Wiring;
import dev.keepword.config.ConfigFiles;
import dev.keepword.app.Installations;
import dev.keepword.app.MutableClock;
import dev.keepword.domain.Agreement;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Party;
import dev.keepword.domain.WorkingHours;
import dev.keepword.store.Database;
import dev.keepword.store.JdbcInstallations;
import dev.keepword.store.TokenCipher;

import jakarta.servlet.http.HttpServlet;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The Slack adapter as it runs, for tests: the real Bolt app behind Keepword's own HTTP server on a free port, the
 * real SDK talking to a {@link FakeSlackApi}, and a Keepword on a fresh H2 database with a fixed clock. Workspace
 * {@code T0001}: engagement {@code C0ACME} with consultant Maya ({@code UMAYA}, London) and client members Sam
 * ({@code USAM}, New York) and Lee ({@code ULEE}, Berlin); escalations to {@code C0INTERNAL}.
 */
final class SlackHarness implements AutoCloseable {
    /** Monday 23 November 2026, 10:00 UTC. */
    static final Instant MONDAY = Instant.parse("2026-11-23T10:00:00Z");
    static final String WS = FakeSlackApi.TEAM;
    static final String CHANNEL = "C0ACME";
    static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

    /** OAuth mode: the app's client credentials and Keepword's secret key. */
    static final String CLIENT_ID = "1111111111.2222222222";
    static final String CLIENT_SECRET = "c1i3nt-s3cr3t-for-tests";
    static final String SECRET_KEY = "test-only-secret-key-0123456789-abcdefghij";

    final FakeSlackApi slack;
    final MutableClock clock = new MutableClock(MONDAY);
    final Wiring wiring;
    final SlackChat chat;
    final SlackBot bot;
    /** Keepword as it runs: the surface bound to one Wiring, served on a free port. */
    final Serving serving;
    /** The port Keepword listens on. */
    final int port;
    /** The installations table in OAuth mode; null with one bot token. */
    final JdbcInstallations installations;
    final SlackSignature signer = new SlackSignature(SECRET);
    private final HttpClient http = HttpClient.newHttpClient();

    SlackHarness() throws IOException {
        this(SlackChat.Limits.DEFAULT);
    }

    SlackHarness(SlackChat.Limits limits) throws IOException {
        this(limits, false);
    }

    /**
     * Multi-workspace mode: no bot token; workspaces install through {@code /slack/install} and their tokens are stored
     * encrypted. Workspace {@code T0001}'s engagement is there too, but nothing works for it until it is installed.
     */
    static SlackHarness oauth() throws IOException {
        return new SlackHarness(SlackChat.Limits.DEFAULT, true);
    }

    private SlackHarness(SlackChat.Limits limits, boolean oauth) throws IOException {
        slack = new FakeSlackApi()
                .user("UMAYA", "Maya Okafor", "Europe/London")
                .user("USAM", "Sam Rivera", "America/New_York")
                .user("ULEE", "Lee Becker", "Europe/Berlin")
                .user("UNEW", "Noor Haddad", "Asia/Dubai");
        var sdk = SlackBot.slack(slack.apiUrl());
        Database database = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        installations = oauth ? new JdbcInstallations(database.jdbc(), TokenCipher.fromSecret(SECRET_KEY)) : null;
        SlackBot.Authorization authorization = oauth
                ? new SlackBot.Authorization.OAuth(CLIENT_ID, CLIENT_SECRET, new ConfigFiles(Path.of("config")).slackBotScopes(),
                null, "https://keepword.example.com/slack/install", installations,
                TokenCipher.derive(SECRET_KEY, "slack-oauth-state", 32))
                : new SlackBot.Authorization.SingleWorkspace("xoxb-test");
        // Assembled as Keepword assembles it (Serving), with the parts pointed at the fake Slack.
        SlackSurface surface = SlackSurface.of(sdk, authorization, SECRET,
                oauth ? installations : Installations.single("xoxb-test"), clock, limits, null);
        serving = Serving.assemble(database, clock, Wiring.Policies.of(Agreement.DEFAULT), List.of(surface));
        wiring = serving.wiring();
        chat = surface.chat();
        for (String[] p : List.of(new String[]{"UMAYA", "Maya Okafor", "Europe/London"},
                new String[]{"USAM", "Sam Rivera", "America/New_York"}, new String[]{"ULEE", "Lee Becker", "Europe/Berlin"})) {
            wiring.parties().save(new Party(WS, p[0], p[1], ZoneId.of(p[2]), WorkingHours.OFFICE));
        }
        wiring.engagements().save(new Engagement(WS, CHANNEL, "acme", List.of("USAM", "ULEE"), List.of("UMAYA"),
                "C0INTERNAL", ZoneId.of("Europe/London"), 2, Agreement.DEFAULT));
        serving.open("127.0.0.1", 0, null);
        bot = surface.bot();
        port = serving.port();
    }

    /** A GET on Keepword's server (the OAuth pages), redirects not followed. */
    HttpResponse<String> get(String pathAndQuery, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).GET();
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a body signed for {@code timestamp} (epoch seconds). */
    HttpResponse<String> post(String contentType, String body, long timestamp, Map<String, String> extraHeaders)
            throws IOException, InterruptedException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return postRaw(contentType, bytes, String.valueOf(timestamp), signer.sign(String.valueOf(timestamp), bytes), extraHeaders);
    }

    HttpResponse<String> postRaw(String contentType, byte[] body, String timestamp, String signature,
                                 Map<String, String> extraHeaders) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slack/events"))
                .header("Content-Type", contentType)
                .header("X-Slack-Request-Timestamp", timestamp)
                .header("X-Slack-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        extraHeaders.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * What a {@code /commit} came to: the HTTP ack ({@code statusCode}, {@code ackBody}: empty when the command was
     * taken) and {@code answers}, the JSON bodies Keepword then posted to the command's {@code response_url}, in order.
     */
    record Answered(int statusCode, String ackBody, List<String> answers) {
        /** The last answer posted (null if none). */
        String answer() {
            return answers.isEmpty() ? null : answers.get(answers.size() - 1);
        }

        /** The last answer's {@code text} (null if none). */
        String text() {
            return answers.isEmpty() ? null : textOf(answer());
        }

        static String textOf(String json) {
            return com.google.gson.JsonParser.parseString(json).getAsJsonObject().get("text").getAsString();
        }
    }

    private final java.util.concurrent.atomic.AtomicInteger commands = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * A signed {@code /commit} as Slack sends it (form-encoded, mentions escaped), its {@code response_url} one of the
     * fake Slack's; waits until Keepword has handled it and returns the ack and the answer.
     */
    Answered command(String user, String channel, String text) throws IOException, InterruptedException {
        return command(WS, user, channel, text);
    }

    /** A {@code /commit} from workspace {@code team}, handled, see {@link #command(String, String, String)}. */
    Answered command(String team, String user, String channel, String text) throws IOException, InterruptedException {
        String path = "/hooks/commands/" + team + "/" + commands.incrementAndGet();
        HttpResponse<String> ack = post("application/x-www-form-urlencoded",
                commandBody(team, user, channel, text, slack.hooksUrl() + path.substring("/hooks/".length())), now(), Map.of());
        bot.drain();
        List<String> answers = slack.calls("response_url").stream().filter(c -> path.equals(c.param("path")))
                .map(c -> c.param("body")).toList();
        return new Answered(ack.statusCode(), ack.body(), answers);
    }

    /**
     * A signed {@code /commit} whose {@code response_url} is one of the fake Slack's, returning the ack alone (nothing
     * waited for; the answers arrive at the fake as {@code response_url} calls).
     */
    HttpResponse<String> commandAck(String user, String channel, String text) throws IOException, InterruptedException {
        return post("application/x-www-form-urlencoded", commandBody(WS, user, channel, text,
                slack.hooksUrl() + "commands/" + WS + "/" + commands.incrementAndGet()), now(), Map.of());
    }

    static String commandBody(String user, String channel, String text) {
        return commandBody(WS, user, channel, text, "https://hooks.slack.com/commands/T0001/1/abc");
    }

    /** A {@code /commit} body with a trigger id of its own (Slack gives every invocation one). */
    static String commandBody(String team, String user, String channel, String text, String responseUrl) {
        return commandBody(team, user, channel, text, responseUrl,
                "13345224609.738474920." + UUID.randomUUID().toString().replace("-", "").substring(0, 19));
    }

    static String commandBody(String team, String user, String channel, String text, String responseUrl, String triggerId) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("token", "legacy-verification-token");
        f.put("team_id", team);
        f.put("team_domain", "keepword-test");
        f.put("channel_id", channel);
        f.put("channel_name", "acme");
        f.put("user_id", user);
        f.put("user_name", user.toLowerCase());
        f.put("command", "/commit");
        f.put("text", text);
        f.put("api_app_id", "A0KEEPWORD");
        f.put("is_enterprise_install", "false");
        f.put("response_url", responseUrl);
        f.put("trigger_id", triggerId);
        return form(f);
    }

    /** An interactive payload (block_actions, view_submission) as Slack posts it: form field {@code payload}. */
    HttpResponse<String> interaction(String payloadJson) throws IOException, InterruptedException {
        return post("application/x-www-form-urlencoded", "payload=" + URLEncoder.encode(payloadJson, StandardCharsets.UTF_8),
                now(), Map.of());
    }

    /**
     * An Events API callback wrapping {@code eventJson}; waits until Keepword has handled it (events are stored, acked,
     * and handled on the inbox thread) and returns the ack.
     */
    HttpResponse<String> event(String eventId, String eventJson, Map<String, String> headers)
            throws IOException, InterruptedException {
        return event(WS, eventId, eventJson, headers);
    }

    /** An Events API callback from workspace {@code team}, handled, see {@link #event(String, String, Map)}. */
    HttpResponse<String> event(String team, String eventId, String eventJson, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpResponse<String> ack = eventAck(team, eventId, eventJson, headers);
        bot.drain();
        return ack;
    }

    /** An Events API callback, returning the ack alone (nothing waited for). */
    HttpResponse<String> eventAck(String team, String eventId, String eventJson, Map<String, String> headers)
            throws IOException, InterruptedException {
        return post("application/json", eventBody(team, eventId, eventJson), now(), headers);
    }

    /** The {@code event_callback} Slack posts for {@code eventJson}. */
    String eventBody(String team, String eventId, String eventJson) {
        return "{\"token\":\"legacy\",\"team_id\":\"" + team + "\",\"api_app_id\":\"A0KEEPWORD\",\"event\":" + eventJson
                + ",\"type\":\"event_callback\",\"event_id\":\"" + eventId + "\",\"event_time\":" + now()
                + ",\"authorizations\":[{\"team_id\":\"" + team + "\",\"user_id\":\"UBOT\",\"is_bot\":true}]}";
    }

    long now() {
        return clock.now().getEpochSecond();
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    @Override
    public void close() {
        serving.close();
        slack.close();
    }
}
