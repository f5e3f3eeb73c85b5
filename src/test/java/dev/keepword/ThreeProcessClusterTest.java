package dev.keepword;

import dev.keepword.app.Clock;
import dev.keepword.domain.Agreement;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Party;
import dev.keepword.domain.WorkingHours;
import dev.keepword.slack.FakeSlackApi;
import dev.keepword.store.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three Keepword processes (JVMs of their own) on one embedded PostgreSQL against the fake Slack: commands sent to all
 * three at once are each stored and answered once; a rolling restart (each process stopped with a real SIGTERM and
 * started again, one after the other) under a steady stream of commands loses and doubles none; and a process killed
 * with a real {@code kill -9} holding a backlog of acked commands has them handled once by the other two within 30 s.
 * Each phase asserts one answer per command and one commitment per command.
 */
class ThreeProcessClusterTest {
    private static final String SECRET = "three-process-signing-secret";
    private static final String WS = FakeSlackApi.TEAM;
    private static final int AT_ONCE = 10; // per process

    @TempDir
    Path dir;

    @Test
    void commandsToThreeProcessesAtOnceAndThroughARollingRestartAreEachStoredAndAnsweredOnce() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             FakeSlackApi slack = new FakeSlackApi().user("UMAYA", "Maya Okafor", "Europe/London")
                     .user("USAM", "Sam Rivera", "America/New_York").user("UNEW", "Noor Haddad", "Asia/Dubai")) {
            String db = postgres.getJdbcUrl("postgres", "postgres");
            seed(db);
            responseBase = slack.hooksUrl();
            Map<String, String> env = Map.of("SLACK_BOT_TOKEN", "xoxb-test", "SLACK_SIGNING_SECRET", SECRET, "PORT", "0",
                    "KEEPWORD_SLACK_API_URL", slack.apiUrl(), "KEEPWORD_DB_URL", db, "KEEPWORD_DB_USER", "postgres",
                    "KEEPWORD_CONFIG_DIR", Path.of("config").toAbsolutePath().toString());
            KeepwordProcess[] nodes = new KeepwordProcess[3];
            AtomicReferenceArray<Integer> ports = new AtomicReferenceArray<>(3);
            int generation = 0;
            try {
                for (int n = 0; n < 3; n++) {
                    nodes[n] = KeepwordProcess.start(Files.createDirectories(dir.resolve("node" + n + "-" + generation)), env);
                }
                for (int n = 0; n < 3; n++) {
                    ports.set(n, nodes[n].awaitPort());
                }

                // (a) Commands to all three at once.
                long start = System.nanoTime();
                List<Thread> senders = new ArrayList<>();
                List<String> refused = java.util.Collections.synchronizedList(new ArrayList<>());
                for (int n = 0; n < 3; n++) {
                    int port = ports.get(n);
                    for (int i = 0; i < AT_ONCE; i++) {
                        String id = "burst-" + n + "-" + i;
                        Thread t = new Thread(() -> {
                            int status = send(port, id);
                            if (status != 200) {
                                refused.add(id + ": " + status);
                            }
                        });
                        senders.add(t);
                        t.start();
                    }
                }
                for (Thread t : senders) {
                    t.join(TimeUnit.SECONDS.toMillis(30));
                }
                assertEquals(List.of(), refused, "every command taken");
                slack.await("response_url", c -> c.param("path").startsWith("/hooks/three/burst-"), 3 * AT_ONCE,
                        Duration.ofSeconds(45));
                double burst = (System.nanoTime() - start) / 1e9;
                assertOnce(slack, postgres, "burst-", 3 * AT_ONCE);

                // (d) A rolling restart under a steady stream of commands: each node stopped with SIGTERM, started again.
                AtomicBoolean sending = new AtomicBoolean(true);
                AtomicInteger sent = new AtomicInteger();
                List<String> lost = java.util.Collections.synchronizedList(new ArrayList<>());
                Thread stream = new Thread(() -> {
                    for (int i = 0; sending.get(); i++) {
                        String id = "rolling-" + i;
                        boolean taken = false;
                        // Tried at each node in turn (the same trigger id: a repeat of a stored one changes nothing).
                        for (int attempt = 0; attempt < 60 && !taken; attempt++) {
                            Integer port = ports.get((i + attempt) % 3);
                            taken = port != null && send(port, id) == 200;
                            if (!taken) {
                                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                            }
                        }
                        if (!taken) {
                            lost.add(id);
                        }
                        sent.incrementAndGet();
                        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // ~20/s
                    }
                });
                stream.start();
                generation++;
                long rollStart = System.nanoTime();
                for (int n = 0; n < 3; n++) {
                    ports.set(n, null); // a load balancer stops sending to it first
                    nodes[n].process().destroy(); // SIGTERM
                    assertTrue(nodes[n].process().waitFor(40, TimeUnit.SECONDS), "node " + n + " stopped: " + nodes[n].log());
                    nodes[n] = KeepwordProcess.start(Files.createDirectories(dir.resolve("node" + n + "-" + generation)), env);
                    ports.set(n, nodes[n].awaitPort());
                }
                double rolled = (System.nanoTime() - rollStart) / 1e9;
                sending.set(false);
                stream.join(TimeUnit.SECONDS.toMillis(60));
                assertEquals(List.of(), lost, "every command taken by some node");
                int rolling = sent.get();
                slack.await("response_url", c -> c.param("path").startsWith("/hooks/three/rolling-"), rolling,
                        Duration.ofSeconds(60));
                assertOnce(slack, postgres, "rolling-", rolling);

                // (b) kill -9 of a node holding a backlog of stored commands: Noor is not stored yet, so the first of them
                // looks her up and users.info does not answer; the node is killed with all of them acked and unhandled.
                Runnable answerUsersInfo = slack.hold("users.info");
                int doomed = ports.get(0);
                for (int i = 0; i < AT_ONCE; i++) {
                    assertEquals(200, send(doomed, "backlog-" + i, "UNEW"), "acked backlog-" + i);
                }
                slack.awaitOne("users.info", c -> true);
                ports.set(0, null);
                nodes[0].process().destroyForcibly(); // kill -9
                assertTrue(nodes[0].process().waitFor(10, TimeUnit.SECONDS));
                long killed = System.nanoTime();
                answerUsersInfo.run();
                slack.await("response_url", c -> c.param("path").startsWith("/hooks/three/backlog-"), AT_ONCE,
                        Duration.ofSeconds(45));
                long tookOver = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                assertOnce(slack, postgres, "backlog-", AT_ONCE, "UNEW");
                assertTrue(tookOver <= 30_000, "taken over " + tookOver + " ms after the kill");
                System.out.printf("Three processes: %d commands sent to all three at once, each stored and answered once "
                        + "within %.1f s; a rolling restart (SIGTERM, start, one node after the other, %.1f s) under %d "
                        + "commands: each stored and answered once; %d commands acked by a node killed with kill -9: "
                        + "handled once by the other two %.1f s after the kill%n", 3 * AT_ONCE, burst, rolled, rolling,
                        AT_ONCE, tookOver / 1000.0);
            } finally {
                for (KeepwordProcess p : nodes) {
                    if (p != null) {
                        p.process().destroyForcibly();
                        p.process().waitFor(10, TimeUnit.SECONDS);
                    }
                }
            }
        }
    }

    /** Each command whose id starts with {@code prefix} answered once and recorded as one commitment. */
    private static void assertOnce(FakeSlackApi slack, EmbeddedPostgres postgres, String prefix, int count) throws Exception {
        assertOnce(slack, postgres, prefix, count, "USAM");
    }

    private static void assertOnce(FakeSlackApi slack, EmbeddedPostgres postgres, String prefix, int count, String owner)
            throws Exception {
        Map<String, Long> answers = slack.calls("response_url").stream()
                .filter(c -> c.param("path").startsWith("/hooks/three/" + prefix))
                .collect(Collectors.groupingBy(c -> c.param("path"), Collectors.counting()));
        Map<String, Long> created;
        try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection();
             java.sql.ResultSet rs = c.createStatement().executeQuery("select title from commitment where owner_id = '"
                     + owner + "'")) {
            List<String> titles = new ArrayList<>();
            while (rs.next()) {
                titles.add(rs.getString(1));
            }
            created = titles.stream().collect(Collectors.groupingBy(t -> t, Collectors.counting()));
        }
        for (int k = 0; k < count; k++) {
            String id = prefix.startsWith("burst") ? null : prefix + k;
            if (id != null) {
                assertEquals(1L, answers.getOrDefault("/hooks/three/" + id, 0L), "answers to " + id);
                assertEquals(1L, created.getOrDefault("deliver " + id, 0L), "commitments from " + id);
            }
        }
        if (prefix.startsWith("burst")) {
            for (int n = 0; n < 3; n++) {
                for (int i = 0; i < AT_ONCE; i++) {
                    String id = prefix + n + "-" + i;
                    assertEquals(1L, answers.getOrDefault("/hooks/three/" + id, 0L), "answers to " + id);
                    assertEquals(1L, created.getOrDefault("deliver " + id, 0L), "commitments from " + id);
                }
            }
        }
    }

    /**
     * A signed {@code /commit} "deliver ID by friday" with trigger id and response_url path ID: 200 only when it was
     * taken (an empty ack); an ack with text in it (not stored: try again) is -2, no answer at all -1.
     */
    private static int send(int port, String id) {
        return send(port, id, "USAM");
    }

    private static int send(int port, String id, String owner) {
        try {
            HttpResponse<String> r = KeepwordProcess.commandRequest(port, SECRET, WS, "C0ACME", "UMAYA",
                    "<@" + owner + "> deliver " + id + " by friday", responseBase + "three/" + id, "three." + id,
                    Duration.ofSeconds(10));
            return r.statusCode() != 200 ? r.statusCode() : r.body().isEmpty() ? 200 : -2;
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The fake Slack's hooks URL (set once it is up). */
    private static volatile String responseBase;

    /** Maya and Sam and their engagement, before any process starts. */
    private static void seed(String db) {
        try (Database database = Database.open(db, "postgres", null)) {
            Wiring wiring = new Wiring(database, Clock.system(), Agreement.DEFAULT, (ws, id) -> Optional.empty(),
                    (ws, target, message) -> new dev.keepword.app.Delivery.Sent("unused"));
            wiring.parties().save(new Party(WS, "UMAYA", "Maya Okafor", ZoneId.of("Europe/London"), WorkingHours.OFFICE));
            wiring.parties().save(new Party(WS, "USAM", "Sam Rivera", ZoneId.of("America/New_York"), WorkingHours.OFFICE));
            // Noor (a client too) is not stored as a person: a command that names her looks her up first.
            wiring.engagements().save(new Engagement(WS, "C0ACME", "acme", List.of("USAM", "UNEW"), List.of("UMAYA"),
                    "C0INTERNAL", ZoneId.of("Europe/London"), 2, Agreement.DEFAULT));
        }
    }
}
