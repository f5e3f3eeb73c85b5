package dev.keepword;

import dev.keepword.app.MutableClock;
import dev.keepword.config.Settings;
import dev.keepword.teams.FakeBotConnector;
import dev.keepword.teams.FakeBotIdentity;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TeamsModeTest {

    @Test
    void theThreeTeamsVariablesStartTeamsOnTheHttpServer() throws Exception {
        try (FakeBotConnector connector = new FakeBotConnector(); FakeBotIdentity identity = new FakeBotIdentity()) {
            Settings settings = Settings.of(teamsEnv(connector, identity));
            assertTrue(settings.hasTeams());
            assertFalse(Settings.of(Map.of("TEAMS_APP_ID", "app", "TEAMS_APP_PASSWORD", "secret")).hasTeams());

            try (Serving teams = start(settings)) {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + teams.port();

                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create(base + "/api/messages"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"message\"}")).build(), HttpResponse.BodyHandlers.ofString());

                assertEquals(200, health.statusCode());
                assertEquals(401, unsigned.statusCode());
                assertTrue(connector.calls().isEmpty());
            }
        }
    }

    @Test
    void teamsAndSlackDistributedWithOAuthRunInOneProcess() throws Exception {
        try (FakeBotConnector connector = new FakeBotConnector(); FakeBotIdentity identity = new FakeBotIdentity();
             dev.keepword.slack.FakeSlackApi slack = new dev.keepword.slack.FakeSlackApi()) {
            Map<String, String> env = new java.util.HashMap<>(teamsEnv(connector, identity));
            env.putAll(Map.of("SLACK_CLIENT_ID", "1111.2222", "SLACK_CLIENT_SECRET", "shh-client",
                    "SLACK_SIGNING_SECRET", "s3cret", "KEEPWORD_SLACK_API_URL", slack.apiUrl(),
                    "KEEPWORD_SECRET_KEY", "0123456789abcdef0123456789abcdef-key"));
            Settings settings = Settings.of(env);
            assertTrue(settings.hasTeams() && settings.hasSlackOAuth());

            try (Serving both = start(settings)) {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + both.port();

                HttpResponse<String> install = http.send(HttpRequest.newBuilder(URI.create(base + "/slack/install")).build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> slackUnsigned = http.send(HttpRequest.newBuilder(URI.create(base + "/slack/events"))
                        .POST(HttpRequest.BodyPublishers.ofString("command=%2Fcommit&text=list")).build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> teamsUnsigned = http.send(HttpRequest.newBuilder(URI.create(base + "/api/messages"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"message\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertEquals(302, install.statusCode());
                assertTrue(install.headers().firstValue("Location").orElse("")
                        .startsWith("https://slack.com/oauth/v2/authorize?client_id=1111.2222"), install.headers().map().toString());
                assertEquals(401, slackUnsigned.statusCode());
                assertEquals(401, teamsUnsigned.statusCode());
            }
        }
    }

    /** The three Teams variables, a free port, and the fakes' identity and token URLs. */
    private static Map<String, String> teamsEnv(FakeBotConnector connector, FakeBotIdentity identity) {
        return Map.of("TEAMS_APP_ID", "app", "TEAMS_APP_PASSWORD", "secret", "TEAMS_TENANT_ID", "tenant", "PORT", "0",
                "KEEPWORD_TEAMS_OPENID_URL", identity.openIdUrl(), "KEEPWORD_TEAMS_TOKEN_URL", connector.tokenUrl());
    }

    /** Teams mode (and Slack when configured) on a fresh in-memory database, no clockwork. */
    private static Serving start(Settings settings) {
        return Serving.start(settings, Optional.of("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"),
                new MutableClock(Instant.parse("2026-11-23T09:00:00Z")), null);
    }
}
