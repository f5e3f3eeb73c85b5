package dev.keepword;

import dev.keepword.app.Clock;
import dev.keepword.config.Settings;
import dev.keepword.domain.Agreement;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Party;
import dev.keepword.domain.WorkingHours;
import dev.keepword.slack.FakeSlackApi;
import dev.keepword.store.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Keepword processes on one PostgreSQL. The first takes a burst of /commit commands and is killed with a real
 * {@code kill -9} while its inbox still holds them (stuck behind a Slack call that does not answer); the second, already
 * running, takes them over once the dead one's claims run out, with no restart: each command is recorded and answered
 * once, within 30 s of the kill.
 */
class ClusterTakeoverTest {
    private static final String SECRET = "cluster-takeover-signing-secret";
    private static final String WS = FakeSlackApi.TEAM;
    private static final int COMMANDS = 10;

    @TempDir
    Path dir;

    @Test
    void aKilledProcesssAckedCommandsAreHandledOnceByAnotherWithinThirtySeconds() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             FakeSlackApi slack = new FakeSlackApi().user("UMAYA", "Maya Okafor", "Europe/London")
                     .user("UNEW", "Noor Haddad", "Asia/Dubai")) {
            String db = postgres.getJdbcUrl("postgres", "postgres");
            seed(db);
            Map<String, String> env = Map.of("SLACK_BOT_TOKEN", "xoxb-test", "SLACK_SIGNING_SECRET", SECRET, "PORT", "0",
                    "KEEPWORD_SLACK_API_URL", slack.apiUrl(), "KEEPWORD_DB_URL", db, "KEEPWORD_DB_USER", "postgres",
                    "KEEPWORD_CONFIG_DIR", Path.of("config").toAbsolutePath().toString());
            // The second process is running before the first takes anything: what it handles, it takes over while running.
            try (Serving second = Serving.start(Settings.of(env), Optional.empty(), Clock.system(), "keepword")) {
                // Noor is not stored yet: the first command looks her up, and users.info does not answer.
                Runnable answerUsersInfo = slack.hold("users.info");
                KeepwordProcess first = KeepwordProcess.start(dir, env);
                int port = first.awaitPort();
                for (int i = 0; i < COMMANDS; i++) {
                    assertEquals(200, KeepwordProcess.command(port, SECRET, WS, "UMAYA", "<@UNEW> deliver item " + i
                            + " by friday", slack.hooksUrl() + "takeover/" + i, "2000." + i + ".takeover"), "acked " + i);
                }
                slack.awaitOne("users.info", c -> true); // the first process is stuck on the first command
                awaitQuartzNodes(second.wiring().database(), 2, Duration.ofSeconds(30)); // both clockworks checked in

                first.process().destroyForcibly(); // kill -9
                assertTrue(first.process().waitFor(10, TimeUnit.SECONDS));
                long killed = System.nanoTime();
                answerUsersInfo.run();

                awaitQuartzNodes(second.wiring().database(), 1, Duration.ofSeconds(45));
                long quartzFailover = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                slack.await("response_url", c -> c.param("path").startsWith("/hooks/takeover/"), COMMANDS,
                        Duration.ofSeconds(45));
                long tookOver = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                second.drain();

                Map<String, Long> answers = slack.calls("response_url").stream()
                        .collect(Collectors.groupingBy(c -> c.param("path"), Collectors.counting()));
                Map<String, Long> created = titles(second.wiring().database());
                for (int i = 0; i < COMMANDS; i++) {
                    assertEquals(1L, answers.getOrDefault("/hooks/takeover/" + i, 0L), "answers to command " + i);
                    assertEquals(1L, created.getOrDefault("deliver item " + i, 0L), "commitments from command " + i);
                }
                assertTrue(tookOver <= 30_000, "taken over " + tookOver + " ms after the kill");
                // Quartz: the dead node's last check-in + the interval + 7.5 s, noticed at the next check-in.
                long bound = 2 * dev.keepword.schedule.Clockwork.CLUSTER_CHECKIN.toMillis() + 7_500 + 2_000;
                assertTrue(quartzFailover <= bound, "Quartz noticed the dead node " + quartzFailover + " ms after the kill");
                System.out.printf("Cluster takeover: %d commands acked by a process killed with kill -9, all handled "
                        + "once by the other %.1f s after the kill; its Quartz node recovered after %.1f s%n", COMMANDS,
                        tookOver / 1000.0, quartzFailover / 1000.0);
            }
        }
    }

    /** Waits (up to {@code atMost}) until exactly {@code nodes} Quartz nodes are checked in to the cluster. */
    private static void awaitQuartzNodes(Database database, long nodes, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            seen = database.jdbc().one("select count(*) from qrtz_scheduler_state", rs -> rs.getLong(1)).orElse(0L);
            if (seen == nodes) {
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // polling for a state
        }
        throw new AssertionError(seen + " Quartz nodes checked in, not " + nodes + ", after " + atMost);
    }

    private static Map<String, Long> titles(Database database) {
        return database.jdbc().query("select title from commitment", rs -> rs.getString(1)).stream()
                .collect(Collectors.groupingBy(t -> t, Collectors.counting()));
    }

    /** Maya and an engagement whose client is Noor (not stored as a person yet), before either process starts. */
    private static void seed(String db) {
        try (Database database = Database.open(db, "postgres", null)) {
            Wiring wiring = new Wiring(database, Clock.system(), Agreement.DEFAULT, (ws, id) -> Optional.empty(),
                    (ws, target, message) -> new dev.keepword.app.Delivery.Sent("unused"));
            wiring.parties().save(new Party(WS, "UMAYA", "Maya Okafor", ZoneId.of("Europe/London"), WorkingHours.OFFICE));
            wiring.engagements().save(new Engagement(WS, "C0ACME", "acme", List.of("UNEW"), List.of("UMAYA"),
                    "C0INTERNAL", ZoneId.of("Europe/London"), 2, Agreement.DEFAULT));
        }
    }
}
