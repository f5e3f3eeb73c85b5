package dev.keepword;

import dev.keepword.app.Clock;
import dev.keepword.config.Settings;
import dev.keepword.domain.Agreement;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Party;
import dev.keepword.domain.WorkingHours;
import dev.keepword.slack.FakeSlackApi;
import dev.keepword.slack.SlackSignature;
import dev.keepword.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keepword served to Slack as a separate process on an H2 file, stopped with a real SIGTERM while /commit requests are
 * still arriving and its inbox still holds some: every command it acked is answered once (before the exit, or by the
 * next start), creates one commitment, and the stop logs no ERROR and no stack trace (H2's own shutdown hook used to
 * close the database under the inbox and Quartz).
 */
class StopUnderLoadTest {
    private static final String SECRET = "stop-under-load-signing-secret";
    private static final String WS = FakeSlackApi.TEAM;
    private static final int COMMANDS = 150;

    @TempDir
    Path dir;

    @Test
    void aSigtermUnderLoadAnswersEveryAckedCommandOnceAndLogsNoError() throws Exception {
        try (FakeSlackApi slack = new FakeSlackApi().user("UMAYA", "Maya Okafor", "Europe/London")
                .user("USAM", "Sam Rivera", "America/New_York")) {
            String db = "jdbc:h2:file:" + dir.resolve("keepword").toAbsolutePath();
            seed(db);
            Map<String, String> env = Map.of("SLACK_BOT_TOKEN", "xoxb-test", "SLACK_SIGNING_SECRET", SECRET, "PORT", "0",
                    "KEEPWORD_SLACK_API_URL", slack.apiUrl(), "KEEPWORD_DB_URL", db,
                    "KEEPWORD_CONFIG_DIR", Path.of("config").toAbsolutePath().toString());
            KeepwordProcess keepword = KeepwordProcess.start(dir, env);
            Process child = keepword.process();
            int port = keepword.awaitPort();

            List<Integer> acked = new ArrayList<>();
            ExecutorService clients = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> sent = new ArrayList<>();
                for (int i = 0; i < COMMANDS; i++) {
                    int n = i;
                    sent.add(clients.submit(() -> KeepwordProcess.command(port, SECRET, WS, "UMAYA",
                            "<@USAM> deliver item " + n + " by friday", slack.hooksUrl() + "stop/" + n, "1000." + n + ".stop")));
                }
                // Stop while commands are still arriving: some are refused (the server no longer takes requests).
                sent.get(COMMANDS / 3).get(30, TimeUnit.SECONDS);
                child.destroy(); // SIGTERM
                for (int i = 0; i < COMMANDS; i++) {
                    if (sent.get(i).get(60, TimeUnit.SECONDS) == 200) {
                        acked.add(i);
                    }
                }
            } finally {
                clients.shutdownNow();
            }
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "stopped within a minute: " + keepword.log());
            String log = keepword.log();
            assertTrue(acked.size() > COMMANDS / 3, "acked before the stop: " + acked.size());
            assertTrue(log.contains("Stopped"), log);
            assertFalse(log.contains(" ERROR "), log);
            assertFalse(log.contains("Exception") || log.contains("\tat "), log);
            assertFalse(log.contains("already closed"), log);

            int answeredBeforeExit = slack.calls("response_url").size();

            // The next start handles what the stopped one acked but did not get to.
            try (Serving next = Serving.start(Settings.of(env), Optional.empty(), Clock.system(), null)) {
                next.drain();
            }

            Map<String, Long> answers = slack.calls("response_url").stream()
                    .collect(Collectors.groupingBy(c -> c.param("path"), Collectors.counting()));
            Map<String, Long> created;
            try (Database database = Database.open(db)) {
                created = database.jdbc().query("select title from commitment", rs -> rs.getString(1)).stream()
                        .collect(Collectors.groupingBy(t -> t, Collectors.counting()));
            }
            for (int i : acked) {
                assertEquals(1L, answers.getOrDefault("/hooks/stop/" + i, 0L), "answers to acked command " + i);
                assertEquals(1L, created.getOrDefault("deliver item " + i, 0L), "commitments from acked command " + i + ": " + created);
            }
            assertTrue(created.values().stream().allMatch(c -> c == 1L), "no command created two: " + created);
            System.out.printf("Stop under load: %d of %d commands acked; %d answered before the exit, %d by the next start%n",
                    acked.size(), COMMANDS, answeredBeforeExit, slack.calls("response_url").size() - answeredBeforeExit);
        }
    }

    /** The people and the engagement, stored before Keepword starts. */
    private static void seed(String db) {
        try (Database database = Database.open(db)) {
            Wiring wiring = new Wiring(database, Clock.system(), Agreement.DEFAULT, (ws, id) -> Optional.empty(),
                    (ws, target, message) -> new dev.keepword.app.Delivery.Sent("unused"));
            wiring.parties().save(new Party(WS, "UMAYA", "Maya Okafor", ZoneId.of("Europe/London"), WorkingHours.OFFICE));
            wiring.parties().save(new Party(WS, "USAM", "Sam Rivera", ZoneId.of("America/New_York"), WorkingHours.OFFICE));
            wiring.engagements().save(new Engagement(WS, "C0ACME", "acme", List.of("USAM"), List.of("UMAYA"), "C0INTERNAL",
                    ZoneId.of("Europe/London"), 2, Agreement.DEFAULT));
        }
    }
}
