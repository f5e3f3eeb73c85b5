package dev.keepword.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keepword.store.Database;
import dev.keepword.store.JdbcSendBudget;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Teams while the database does not answer, through the real servlet ({@code POST /api/messages}, real JWT checks) of
 * a process as a cluster runs it: on a real PostgreSQL, its send rates in the database ({@link JdbcSendBudget}). The
 * PostgreSQL is stopped ({@code pg_ctl stop}: connections end, new ones are refused) and started again on the same data
 * directory and port. The activities are the fixtures of {@code src/test/resources/teams} ({@code message-personal.json},
 * {@code invoke-adaptiveCard-action.json}; see SOURCES.md for the Microsoft samples they follow).
 */
class TeamsOutageTest {
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aMessageAndAClickWhileTheDatabaseIsDownAreToldKeepwordIsCatchingUpAndNothingIsKept() throws Exception {
        Path data = dir.resolve("pgdata");
        int port = freePort();
        EmbeddedPostgres postgres = postgres(data, port);
        Database database = Database.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null);
        TeamsHarness h = new TeamsHarness(database, new JdbcSendBudget(database));
        try {
            ObjectNode before = fixture(h, "message-personal", "1763888400001");
            assertEquals(200, h.post(before).statusCode());
            assertTrue(replies(h, "1763888400001").get(0).cardText().contains("/commit"), "answered before the outage");

            postgres.close();
            ObjectNode during = fixture(h, "message-personal", "1763888400002");
            long start = System.nanoTime();
            HttpResponse<String> answered = postOnly(h, during);
            long answeredMs = (System.nanoTime() - start) / 1_000_000;
            ObjectNode click = fixture(h, "invoke-adaptiveCard-action", "f:outage-click-1");
            start = System.nanoTime();
            HttpResponse<String> clicked = postOnly(h, click);
            long clickedMs = (System.nanoTime() - start) / 1_000_000;
            start = System.nanoTime();
            List<FakeBotConnector.Call> catchingUp = replies(h, "1763888400002");
            long repliedMs = (System.nanoTime() - start) / 1_000_000;

            assertEquals(200, answered.statusCode(), "no 500, no silence: " + answered.body());
            assertTrue(answeredMs < 5_000, "answered after " + answeredMs + " ms");
            assertEquals(1, catchingUp.size());
            assertTrue(repliedMs < 5_000, "the reply went out " + repliedMs + " ms later: it must not wait for the database");
            assertEquals(TeamsBot.CATCHING_UP + "\n", catchingUp.get(0).cardText());
            assertEquals(200, clicked.statusCode(), "the click: " + clicked.body());
            assertTrue(clickedMs < 5_000, "the click answered after " + clickedMs + " ms");
            assertEquals(TeamsBot.CATCHING_UP, h.parse(clicked.body()).path("value").path("body").path(0).path("text")
                    .asText(), clicked.body());

            postgres = postgres(data, port);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!database.reachable()) {
                assertTrue(System.nanoTime() < deadline, "the pool never found the database again");
            }
            ObjectNode after = fixture(h, "message-personal", "1763888400003");
            assertEquals(200, h.post(after).statusCode());
            assertTrue(replies(h, "1763888400003").get(0).cardText().contains("/commit"), "answered after the outage");
            assertEquals(1, replies(h, "1763888400002").size(), "the message during the outage was not kept");
            assertEquals(0, database.jdbc().one("select count(*) from inbound_event where event_id = ?",
                    rs -> rs.getInt(1), "1763888400002").orElse(0));
        } finally {
            h.close();
            postgres.close();
        }
    }

    /** Posts as the Bot Connector does and returns its answer, without waiting for what the bot does after it. */
    private static HttpResponse<String> postOnly(TeamsHarness h, ObjectNode activity) throws Exception {
        java.net.http.HttpRequest r = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + h.port
                        + "/api/messages")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + h.token())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(activity.toString())).build();
        return java.net.http.HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString());
    }

    /** A fixture as Teams posts it, with the fake connector's address and its own activity id. */
    private ObjectNode fixture(TeamsHarness h, String name, String id) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/teams/" + name + ".json")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{serviceUrl}}",
                    h.connector.serviceUrl());
            ObjectNode a = (ObjectNode) json.readTree(text);
            a.put("id", id);
            return a;
        }
    }

    /**
     * The replies Keepword sent to one activity ({@code POST …/activities/{id}}), once they have arrived: the clock moves
     * on 100 ms a look, as time passes for a real process (within 20 s of real time).
     */
    private static List<FakeBotConnector.Call> replies(TeamsHarness h, String activityId) throws Exception {
        String path = "/activities/" + activityId;
        long deadline = System.nanoTime() + 20_000_000_000L;
        List<FakeBotConnector.Call> found;
        do {
            h.bot.drain();
            h.clock.advance(java.time.Duration.ofMillis(100));
            found = h.connector.calls().stream().filter(c -> c.method().equals("POST") && c.path().endsWith(path)).toList();
        } while (found.isEmpty() && System.nanoTime() < deadline);
        return found;
    }

    private static EmbeddedPostgres postgres(Path data, int port) throws java.io.IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
