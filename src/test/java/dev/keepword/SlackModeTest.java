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
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Keepword started for Slack as {@code Keepword.run} does, against a fake Slack: order of start and stop. */
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

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
