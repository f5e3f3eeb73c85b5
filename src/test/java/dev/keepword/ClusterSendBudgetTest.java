package dev.keepword;

import dev.keepword.app.Clock;
import dev.keepword.app.Inbound;
import dev.keepword.domain.Agreement;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Party;
import dev.keepword.domain.WorkingHours;
import dev.keepword.slack.FakeSlackApi;
import dev.keepword.store.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three Keepword processes (three JVMs) on one PostgreSQL send for one Slack workspace at once, against a fake Slack
 * that holds {@code chat.postMessage} to the workspace's and each channel's rate as Slack does (429 with
 * {@code Retry-After} beyond them). A burst of {@code /commit setup} commands in 200 channels, spread over the three,
 * makes each process post once per command in that channel ("Keepword is set up here.", sent after the ack; what people
 * hear of each other's doings goes through the outbox and its one dispatcher at a time, so it would not spread the
 * load); the send budget in the database keeps the three together within the workspace's
 * rate: at most 1 % of the posts are answered 429, and the burst still uses at least 90 % of the rate, measured from
 * the fake's own log of when each post arrived.
 */
class ClusterSendBudgetTest {
    private static final String SECRET = "cluster-budget-signing-secret";
    private static final String WS = FakeSlackApi.TEAM;
    private static final int PROCESSES = 3;
    private static final int COMMANDS = 200; // one channel post each: 200 posts, about 20 s at 10 a second
    /** Below what three processes on two cores can ask for while the burst's commands arrive, so the rate binds. */
    private static final int PER_MINUTE = 600;
    private static final int SLACK_BURST = 10;
    /** Keepword's burst is smaller than Slack's: what a late-arriving request needs to stay clear of a 429. */
    private static final int SENDER_BURST = 5;
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    @TempDir
    Path dir;

    @Test
    void threeProcessesSendingForOneWorkspaceStayWithinItsRateAndUseIt() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             FakeSlackApi slack = new FakeSlackApi().user("UMAYA", "Maya Okafor", "Europe/London")) {
            String db = postgres.getJdbcUrl("postgres", "postgres");
            seed(db);
            Map<String, String> env = Map.of("SLACK_BOT_TOKEN", "xoxb-test", "SLACK_SIGNING_SECRET", SECRET, "PORT", "0",
                    "KEEPWORD_SLACK_API_URL", slack.apiUrl(), "KEEPWORD_DB_URL", db, "KEEPWORD_DB_USER", "postgres",
                    "KEEPWORD_CONFIG_DIR", Path.of("config").toAbsolutePath().toString(),
                    "KEEPWORD_SLACK_PER_MINUTE", String.valueOf(PER_MINUTE),
                    "KEEPWORD_SLACK_BURST", String.valueOf(SENDER_BURST));
            List<KeepwordProcess> processes = new ArrayList<>();
            ExecutorService clients = Executors.newFixedThreadPool(6);
            try {
                for (int p = 0; p < PROCESSES; p++) {
                    processes.add(KeepwordProcess.start(Files.createDirectories(dir.resolve("p" + p)), env));
                }
                int[] ports = new int[PROCESSES];
                for (int p = 0; p < PROCESSES; p++) {
                    ports[p] = processes.get(p).awaitPort();
                }
                slack.limitPosts(1, 3, PER_MINUTE, SLACK_BURST);

                List<Future<Integer>> acks = new ArrayList<>();
                for (int i = 0; i < COMMANDS; i++) {
                    int n = i;
                    acks.add(clients.submit(() -> KeepwordProcess.command(ports[n % PROCESSES], SECRET, WS, channel(n), "UMAYA",
                            "setup client <@UCLIENT> owner <@UMAYA> escalate <#C0INTERNAL>", slack.hooksUrl() + "budget/" + n,
                            "4000." + n + ".budget")));
                }
                for (int i = 0; i < COMMANDS; i++) {
                    assertEquals(200, acks.get(i).get(30, TimeUnit.SECONDS), "acked " + i);
                }
                long ackedAt = System.nanoTime();
                slack.await("chat.postMessage", c -> String.valueOf(c.param("text")).contains("set up here"), COMMANDS,
                        Duration.ofSeconds(60));
                long pacedEverywhere = 0;
                for (int p = 0; p < PROCESSES; p++) {
                    pacedEverywhere += metric(ports[p], "keepword_pacing_waits_total{platform=\"slack\"}") > 0 ? 1 : 0;
                }

                List<FakeSlackApi.Post> posts = slack.posts();
                List<FakeSlackApi.Post> accepted = posts.stream().filter(FakeSlackApi.Post::accepted).toList();
                long refused = posts.size() - accepted.size();
                double seconds = (accepted.get(accepted.size() - 1).nanos() - accepted.get(0).nanos()) / 1e9;
                double allowed = SLACK_BURST + PER_MINUTE / 60.0 * seconds;
                double used = accepted.size() / allowed;
                Map<String, Long> gave = slack.calls("chat.postMessage").stream()
                        .filter(c -> String.valueOf(c.param("text")).contains("set up here"))
                        .collect(Collectors.groupingBy(c -> c.param("channel"), Collectors.counting()));
                System.out.printf("Cluster send budget: %d processes, %d commands, %d posts to Slack in %.1f s: %d "
                                + "accepted, %d answered 429 (%.2f %%); budget used %.1f %% (%d of %.0f allowed at %d/min, "
                                + "bursts of %d)%n", PROCESSES, COMMANDS, posts.size(), seconds, accepted.size(), refused,
                        100.0 * refused / posts.size(), 100 * used, accepted.size(), allowed, PER_MINUTE, SLACK_BURST);

                long t0 = accepted.get(0).nanos();
                System.out.println("accepted per 500 ms: " + accepted.stream().collect(Collectors.groupingBy(
                        a -> (a.nanos() - t0) / 500_000_000L, java.util.TreeMap::new, Collectors.counting())));
                System.out.printf("last ack %.2f s after the first accepted post%n", (ackedAt - t0) / 1e9);
                assertTrue(refused <= posts.size() / 100, refused + " of " + posts.size() + " posts answered 429");
                assertTrue(used >= 0.90, "budget used " + used);
                assertEquals(PROCESSES, pacedEverywhere, "every process waited for the shared budget");
                for (int i = 0; i < COMMANDS; i++) {
                    assertEquals(1L, gave.getOrDefault(channel(i), 0L), "posts in the channel of command " + i);
                }
            } finally {
                clients.shutdownNow();
                KeepwordProcess.stopAll(processes);
            }
        }
    }

    private static String channel(int i) {
        return String.format("C0B%03d", i);
    }

    /**
     * Maya, an engagement with everyone in it, and one commitment per command, owned by its old owner and due far
     * ahead; the reminders they planned are removed, so only the burst posts anything. The commitments' ids by index.
     */
    /** The people the setups name; the engagements are what the burst creates. */
    private static void seed(String db) {
        try (Database database = Database.open(db, "postgres", null)) {
            Wiring wiring = new Wiring(database, Clock.system(), Agreement.DEFAULT, (ws, id) -> Optional.empty(),
                    (ws, target, message) -> new dev.keepword.app.Delivery.Sent("unused"));
            wiring.parties().save(new Party(WS, "UMAYA", "Maya Okafor", LONDON, WorkingHours.OFFICE));
            wiring.parties().save(new Party(WS, "UCLIENT", "Casey Client", LONDON, WorkingHours.OFFICE));
        }
    }

    /** A counter from the process's {@code GET /metrics}. */
    private static double metric(int port, String name) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(r.body());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
