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
            Settings settings = Settings.of(Map.of("TEAMS_APP_ID", "app", "TEAMS_APP_PASSWORD", "secret",
                    "TEAMS_TENANT_ID", "tenant", "PORT", "0", "KEEPWORD_TEAMS_OPENID_URL", identity.openIdUrl(),
                    "KEEPWORD_TEAMS_TOKEN_URL", connector.tokenUrl()));
            assertTrue(settings.hasTeams());
            assertFalse(Settings.of(Map.of("TEAMS_APP_ID", "app", "TEAMS_APP_PASSWORD", "secret")).hasTeams());

            try (TeamsMode teams = TeamsMode.start(settings, Optional.of("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"),
                    new MutableClock(Instant.parse("2026-11-23T09:00:00Z")), null)) {
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
}
