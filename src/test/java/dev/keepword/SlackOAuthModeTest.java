package dev.keepword;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepword.app.MutableClock;
import dev.keepword.config.Settings;
import dev.keepword.slack.FakeSlackApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Keepword started for Slack in multi-workspace (OAuth) mode, as {@code Keepword.run} does. */
class SlackOAuthModeTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private static Map<String, String> oauth(FakeSlackApi slack) {
        Map<String, String> env = new HashMap<>(Map.of("SLACK_CLIENT_ID", "1111.2222", "SLACK_CLIENT_SECRET", "shh-client",
                "SLACK_SIGNING_SECRET", "s3cret", "PORT", "0", "KEEPWORD_SLACK_API_URL", slack.apiUrl()));
        env.put("KEEPWORD_SECRET_KEY", "0123456789abcdef0123456789abcdef-key");
        return env;
    }

    @Test
    void clientIdAndSecretWithoutABotTokenMeanOAuthMode() {
        Map<String, String> env = new HashMap<>(Map.of("SLACK_CLIENT_ID", "1", "SLACK_CLIENT_SECRET", "2",
                "SLACK_SIGNING_SECRET", "3"));
        assertTrue(Settings.of(env).hasSlackOAuth());
        assertFalse(Settings.of(env).hasSlack());
        env.put("SLACK_BOT_TOKEN", "xoxb-1");
        assertFalse(Settings.of(env).hasSlackOAuth(), "a bot token means one workspace");
        assertTrue(Settings.of(env).hasSlack());
    }

    @Test
    void startsWithoutCallingSlackAndServesTheInstallPageBesideTheEvents() throws Exception {
        try (FakeSlackApi slack = new FakeSlackApi()) {
            Serving running = Serving.start(Settings.of(oauth(slack)), memDb(), new MutableClock(Instant.parse(
                    "2026-11-23T10:00:00Z")), null);
            int port = running.port();
            HttpResponse<String> install = get(port, "/slack/install");
            HttpResponse<String> health = get(port, "/health");
            HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/slack/events")).POST(HttpRequest.BodyPublishers.ofString("command=/commit")).build(),
                    HttpResponse.BodyHandlers.ofString());
            running.close();

            assertEquals(302, install.statusCode());
            String location = install.headers().firstValue("Location").orElseThrow();
            assertTrue(location.startsWith("https://slack.com/oauth/v2/authorize?client_id=1111.2222&scope=commands%2Cchat%3Awrite"),
                    location);
            assertEquals(200, health.statusCode());
            assertEquals(401, unsigned.statusCode());
            assertEquals(0, slack.calls("auth.test").size(), "no token to check until a workspace installs");
        }
    }

    @Test
    void refusesToStartOAuthModeWithoutTheSecretKey() throws Exception {
        try (FakeSlackApi slack = new FakeSlackApi()) {
            Map<String, String> env = oauth(slack);
            env.remove("KEEPWORD_SECRET_KEY");

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Serving.start(Settings.of(env),
                    memDb(), new MutableClock(Instant.parse("2026-11-23T10:00:00Z")), null));

            assertTrue(e.getMessage().startsWith("Slack did not start: OAuth mode"), e.getMessage());
            assertTrue(e.getMessage().contains("KEEPWORD_SECRET_KEY"), e.getMessage());
            assertTrue(e.getMessage().contains("openssl rand -base64 32"), e.getMessage());
        }
    }

    @Test
    void refusesAShortSecretKey() throws Exception {
        try (FakeSlackApi slack = new FakeSlackApi()) {
            Map<String, String> env = oauth(slack);
            env.put("KEEPWORD_SECRET_KEY", "too-short");

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Serving.start(Settings.of(env),
                    memDb(), new MutableClock(Instant.parse("2026-11-23T10:00:00Z")), null));

            assertTrue(e.getMessage().contains("KEEPWORD_SECRET_KEY must be at least 32 characters"), e.getMessage());
            assertFalse(e.getMessage().contains("too-short"), "the secret is not repeated back");
        }
    }

    private static Optional<String> memDb() {
        return Optional.of("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
