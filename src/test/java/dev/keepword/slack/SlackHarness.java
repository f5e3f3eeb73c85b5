package dev.keepword.slack;

import dev.keepword.Wiring;
import dev.keepword.app.Installations;
import dev.keepword.app.MutableClock;
import dev.keepword.domain.Agreement;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Party;
import dev.keepword.domain.WorkingHours;
import dev.keepword.store.Database;
import dev.keepword.web.WebServer;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

    final FakeSlackApi slack;
    final MutableClock clock = new MutableClock(MONDAY);
    final Wiring wiring;
    final SlackChat chat;
    final SlackBot bot;
    final WebServer web;
    final SlackSignature signer = new SlackSignature(SECRET);
    private final HttpClient http = HttpClient.newHttpClient();

    SlackHarness() throws IOException {
        this(SlackChat.Limits.DEFAULT);
    }

    SlackHarness(SlackChat.Limits limits) throws IOException {
        slack = new FakeSlackApi()
                .user("UMAYA", "Maya Okafor", "Europe/London")
                .user("USAM", "Sam Rivera", "America/New_York")
                .user("ULEE", "Lee Becker", "Europe/Berlin")
                .user("UNEW", "Noor Haddad", "Asia/Dubai");
        var sdk = SlackBot.slack(slack.apiUrl());
        chat = new SlackChat(sdk, Installations.single("xoxb-test"), clock, limits);
        SlackDirectory directory = new SlackDirectory(chat, clock);
        Database database = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        wiring = new Wiring(database, clock, Agreement.DEFAULT, directory, chat);
        for (String[] p : List.of(new String[]{"UMAYA", "Maya Okafor", "Europe/London"},
                new String[]{"USAM", "Sam Rivera", "America/New_York"}, new String[]{"ULEE", "Lee Becker", "Europe/Berlin"})) {
            wiring.parties().save(new Party(WS, p[0], p[1], ZoneId.of(p[2]), WorkingHours.OFFICE));
        }
        wiring.engagements().save(new Engagement(WS, CHANNEL, "acme", List.of("USAM", "ULEE"), List.of("UMAYA"),
                "C0INTERNAL", ZoneId.of("Europe/London"), 2, Agreement.DEFAULT));
        bot = new SlackBot(sdk, "xoxb-test", SECRET, chat, directory, new SlackBot.Uses(wiring.commands(),
                wiring.commitments(), wiring.engagements(), wiring.parties(), wiring.sightings(), wiring.planner(),
                database.jdbc(), wiring.home(), wiring.seenEvents(), clock));
        bot.start();
        web = WebServer.start("127.0.0.1", 0, Map.of("/slack/events", bot.servlet()));
    }

    /** Posts a body signed for {@code timestamp} (epoch seconds). */
    HttpResponse<String> post(String contentType, String body, long timestamp, Map<String, String> extraHeaders)
            throws IOException, InterruptedException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return postRaw(contentType, bytes, String.valueOf(timestamp), signer.sign(String.valueOf(timestamp), bytes), extraHeaders);
    }

    HttpResponse<String> postRaw(String contentType, byte[] body, String timestamp, String signature,
                                 Map<String, String> extraHeaders) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + "/slack/events"))
                .header("Content-Type", contentType)
                .header("X-Slack-Request-Timestamp", timestamp)
                .header("X-Slack-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        extraHeaders.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A signed {@code /commit} as Slack sends it (form-encoded, mentions escaped). */
    HttpResponse<String> command(String user, String channel, String text) throws IOException, InterruptedException {
        return post("application/x-www-form-urlencoded", commandBody(user, channel, text), now(), Map.of());
    }

    static String commandBody(String user, String channel, String text) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("token", "legacy-verification-token");
        f.put("team_id", WS);
        f.put("team_domain", "keepword-test");
        f.put("channel_id", channel);
        f.put("channel_name", "acme");
        f.put("user_id", user);
        f.put("user_name", user.toLowerCase());
        f.put("command", "/commit");
        f.put("text", text);
        f.put("api_app_id", "A0KEEPWORD");
        f.put("is_enterprise_install", "false");
        f.put("response_url", "https://hooks.slack.com/commands/T0001/1/abc");
        f.put("trigger_id", "13345224609.738474920.8088930838d88f008e0");
        return form(f);
    }

    /** An interactive payload (block_actions, view_submission) as Slack posts it: form field {@code payload}. */
    HttpResponse<String> interaction(String payloadJson) throws IOException, InterruptedException {
        return post("application/x-www-form-urlencoded", "payload=" + URLEncoder.encode(payloadJson, StandardCharsets.UTF_8),
                now(), Map.of());
    }

    /** An Events API callback wrapping {@code eventJson}. */
    HttpResponse<String> event(String eventId, String eventJson, Map<String, String> headers)
            throws IOException, InterruptedException {
        String body = "{\"token\":\"legacy\",\"team_id\":\"" + WS + "\",\"api_app_id\":\"A0KEEPWORD\",\"event\":" + eventJson
                + ",\"type\":\"event_callback\",\"event_id\":\"" + eventId + "\",\"event_time\":" + now()
                + ",\"authorizations\":[{\"team_id\":\"" + WS + "\",\"user_id\":\"UBOT\",\"is_bot\":true}]}";
        return post("application/json", body, now(), headers);
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
        web.close();
        bot.close();
        wiring.close();
        slack.close();
    }
}
