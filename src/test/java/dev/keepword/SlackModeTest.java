package dev.keepword;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepword.app.MutableClock;
import dev.keepword.config.Settings;
import dev.keepword.slack.FakeSlackApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import dev.keepword.app.Inbound;
import dev.keepword.domain.Agreement;
import dev.keepword.domain.Engagement;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keepword started for Slack as {@code Keepword.run} does, against a fake Slack: order of start and stop, the operator's policies. */
class SlackModeTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void startsSlackInHttpModeChecksTheTokenFirstServesHealthAndStopsCleanly() throws Exception {
        try (FakeSlackApi slack = new FakeSlackApi()) {
            Settings settings = Settings.of(Map.of("SLACK_BOT_TOKEN", "xoxb-test", "SLACK_SIGNING_SECRET", "s3cret",
                    "PORT", "0", "KEEPWORD_SLACK_API_URL", slack.apiUrl()));

            Serving running = Serving.start(settings, Optional.of("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"),
                    new MutableClock(Instant.parse("2026-11-23T10:00:00Z")), "slack-mode-" + UUID.randomUUID());
            int port = running.port();
            HttpResponse<String> health = get(port, "/health");
            HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/slack/events")).POST(HttpRequest.BodyPublishers.ofString("command=/commit")).build(),
                    HttpResponse.BodyHandlers.ofString());
            running.close();

            assertEquals("auth.test", slack.calls().get(0).method());
            assertEquals("xoxb-test", slack.calls().get(0).token());
            assertEquals(200, health.statusCode());
            assertEquals(401, unsigned.statusCode());
            assertThrows(IOException.class, () -> get(port, "/health"));
        }
    }

    @Test
    void aTokenSlackRefusesStopsStartupWithAClearErrorAndLeavesNothingRunning() throws Exception {
        try (FakeSlackApi slack = new FakeSlackApi()) {
            slack.errorNext("auth.test", "invalid_auth");
            Settings settings = Settings.of(Map.of("SLACK_BOT_TOKEN", "xoxb-wrong", "SLACK_SIGNING_SECRET", "s3cret",
                    "PORT", "0", "KEEPWORD_SLACK_API_URL", slack.apiUrl()));

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Serving.start(settings,
                    Optional.of("jdbc:h2:mem:" + UUID.randomUUID()), new MutableClock(Instant.parse("2026-11-23T10:00:00Z")),
                    "slack-mode-" + UUID.randomUUID()));

            assertTrue(e.getMessage().startsWith("Slack did not start"), e.getMessage());
        }
    }

    @Test
    void readinessSaysWhyNotWhileLivenessStaysUp() throws Exception {
        try (FakeSlackApi slack = new FakeSlackApi()) {
            Settings settings = Settings.of(Map.of("SLACK_BOT_TOKEN", "xoxb-test", "SLACK_SIGNING_SECRET", "s3cret",
                    "PORT", "0", "KEEPWORD_SLACK_API_URL", slack.apiUrl()));
            String clockwork = "slack-ready-" + UUID.randomUUID();
            try (Serving running = Serving.start(settings, Optional.of("jdbc:h2:mem:" + UUID.randomUUID()
                    + ";DB_CLOSE_DELAY=-1"), new MutableClock(Instant.parse("2026-11-23T10:00:00Z")), clockwork)) {
                int port = running.port();
                HttpResponse<String> ready = get(port, "/health/ready");

                running.wiring().startClockwork(clockwork, java.time.Duration.ofSeconds(10)).close(); // Quartz stopped
                HttpResponse<String> withoutClockwork = get(port, "/health/ready");
                running.wiring().database().close();
                HttpResponse<String> withoutDatabase = get(port, "/health/ready");
                HttpResponse<String> live = get(port, "/health/live");

                assertEquals(200, ready.statusCode());
                assertEquals("ok\n", ready.body());
                assertEquals(503, withoutClockwork.statusCode());
                assertEquals("clockwork not running\n", withoutClockwork.body());
                assertEquals(503, withoutDatabase.statusCode());
                assertEquals("database unreachable\n", withoutDatabase.body());
                assertEquals(200, live.statusCode());
            }
        }
    }

    @Test
    void anOperatorsOwnLaddersAndTemplatesFromTheConfigFolderWordAndClimbInSlack(@TempDir Path config) throws Exception {
        CustomPolicies.write(config);
        try (FakeSlackApi slack = new FakeSlackApi().user("UMAYA", "Maya Okafor", "Europe/London")
                .user("USAM", "Sam Rivera", "America/New_York")) {
            Settings settings = Settings.of(Map.of("SLACK_BOT_TOKEN", "xoxb-test", "SLACK_SIGNING_SECRET", "s3cret",
                    "PORT", "0", "KEEPWORD_SLACK_API_URL", slack.apiUrl(), "KEEPWORD_CONFIG_DIR", config.toString()));
            MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z")); // a Monday
            try (Serving running = Serving.start(settings, Optional.of("jdbc:h2:mem:" + UUID.randomUUID()
                    + ";DB_CLOSE_DELAY=-1"), clock, null)) {
                Wiring wiring = running.wiring();
                wiring.engagements().save(new Engagement(FakeSlackApi.TEAM, "C0ACME", "acme", List.of("USAM"),
                        List.of("UMAYA"), "C0INTERNAL", ZoneId.of("Europe/London"), 2, Agreement.DEFAULT));
                wiring.commands().handle(new Inbound(FakeSlackApi.TEAM, "C0ACME", "UMAYA",
                        "<@USAM> send the logo files by wednesday kind:input"));

                wiring.simulatedTime().advanceTo(Instant.parse("2026-11-30T15:00:00Z")); // Monday (Maya heard Sam went quiet on Friday, so the check-in waits for her Monday message): due Wednesday; the +1 rung waits
                // until Sam had 2 working days to answer his "due today" reminder: Fri 09:30 New York

                List<String> toSam = texts(slack, "USAM");
                List<String> toMaya = texts(slack, "UMAYA");
                assertTrue(toSam.stream().anyMatch(t -> t.startsWith(CustomPolicies.DUE_TODAY + " *#1 send the logo files*")),
                        toSam.toString());
                assertTrue(toMaya.stream().anyMatch(t -> t.startsWith(CustomPolicies.CHECK_IN + " <@USAM> still owes *#1 send the logo files*")),
                        toMaya.toString());
                assertTrue(toMaya.stream().noneMatch(t -> t.contains("hasn't answered about")), toMaya.toString());
            }
        }
    }

    /** The text of every chat.postMessage to one person's DM. */
    private static List<String> texts(FakeSlackApi slack, String user) {
        return slack.calls("chat.postMessage").stream().filter(c -> user.equals(c.param("channel")))
                .map(c -> c.param("text")).toList();
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
