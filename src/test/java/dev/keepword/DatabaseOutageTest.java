package dev.keepword;

import dev.keepword.app.Clock;
import dev.keepword.domain.Agreement;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Party;
import dev.keepword.domain.WorkingHours;
import dev.keepword.slack.FakeSlackApi;
import dev.keepword.slack.SlackBot;
import dev.keepword.slack.SlackSignature;
import dev.keepword.store.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real PostgreSQL stopped for 30 s under a running Keepword process (a JVM of its own, as an operator runs it) and
 * started again on the same data directory and port. Commands acked before the outage (three handled, three still
 * waiting in the inbox, one of them in the middle of being handled) are each handled once after it; commands during it
 * are answered at once, privately, that Keepword is catching up, and change nothing; commands after it are handled.
 * An event during it gets a 503 (Slack sends it again) and its retry after it is handled.
 * {@code /health/ready} says 503 and why during the outage and 200 after, and Quartz checks in again, all without a
 * restart. Two more processes run on the same database, and a steady stream of commands goes to all three from before
 * the outage until after it: each is either taken (acked, then handled and answered once) or told at once that Keepword
 * is catching up (and nothing of it kept); all three are ready again afterwards, none restarted.
 */
class DatabaseOutageTest {
    private static final String SECRET = "database-outage-signing-secret";
    private static final String WS = FakeSlackApi.TEAM;
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    /** Commands sent while the database is down. */
    private static final int DURING = 5;

    @TempDir
    Path dir;

    @Test
    void aThirtySecondOutageLosesNothingAckedAndCommandsMeanwhileAreToldToTryAgain() throws Exception {
        Path data = dir.resolve("pgdata");
        int pgPort = freePort();
        EmbeddedPostgres postgres = postgres(data, pgPort);
        KeepwordProcess keepword = null;
        List<KeepwordProcess> others = new ArrayList<>();
        FakeSlackApi slack = new FakeSlackApi().user("UMAYA", "Maya Okafor", "Europe/London")
                .user("UNEW", "Noor Haddad", "Asia/Dubai").user("ULATE", "Lena Park", "Europe/Berlin");
        try {
            String db = postgres.getJdbcUrl("postgres", "postgres");
            hooks = slack.hooksUrl();
            seed(db);
            Map<String, String> env = Map.of("SLACK_BOT_TOKEN", "xoxb-test", "SLACK_SIGNING_SECRET", SECRET,
                    "PORT", "0", "KEEPWORD_SLACK_API_URL", slack.apiUrl(), "KEEPWORD_DB_URL", db, "KEEPWORD_DB_USER",
                    "postgres", "KEEPWORD_CONFIG_DIR", Path.of("config").toAbsolutePath().toString());
            keepword = KeepwordProcess.start(dir, env);
            // Two more processes on the same database, under a steady stream of commands throughout.
            for (int n = 1; n <= 2; n++) {
                others.add(KeepwordProcess.start(java.nio.file.Files.createDirectories(dir.resolve("node" + n)), env));
            }
            int port = keepword.awaitPort();
            List<Integer> ports = new ArrayList<>(List.of(port));
            for (KeepwordProcess other : others) {
                ports.add(other.awaitPort());
            }
            List<Long> pids = java.util.stream.Stream.concat(java.util.stream.Stream.of(keepword), others.stream())
                    .map(k -> k.process().pid()).toList();
            for (int p : ports) {
                awaitReady(p, 200, Duration.ofSeconds(60));
            }

            // Before: three commands handled and answered.
            for (int i = 0; i < 3; i++) {
                assertEquals(new Ack(200, ""), command(port, "<@UNEW> deliver before " + i + " by friday", "before/" + i)
                        .ack(), "before " + i);
            }
            slack.await("response_url", c -> c.param("path").startsWith("/hooks/before/"), 3, Duration.ofSeconds(30));
            // Handled means answered and recorded as answered: an answer whose record the outage cuts off is sent again
            // once the database is back (an HTTP call and a commit cannot be one act), which is not what this measures.
            awaitAnswersRecorded(db, 3, Duration.ofSeconds(30));
            Load load = new Load(ports);
            load.start();

            // Three more acked but not handled when the database stops: the first waits on users.info (Lena is new).
            Runnable answerUsersInfo = slack.hold("users.info");
            for (int i = 0; i < 3; i++) {
                String who = i == 0 ? "<@ULATE>" : "<@UNEW>";
                assertEquals(new Ack(200, ""), command(port, who + " deliver waiting " + i + " by friday", "waiting/" + i)
                        .ack(), "waiting " + i);
            }
            slack.awaitOne("users.info", c -> "ULATE".equals(c.param("user")));

            postgres.close(); // pg_ctl stop: every connection ends, new ones are refused
            long stopped = System.nanoTime();
            answerUsersInfo.run(); // the command in hand now meets a database that does not answer

            Health during = awaitReady(port, 503, Duration.ofSeconds(10));
            assertEquals("database unreachable", during.body().strip());
            List<Timed> meanwhile = new ArrayList<>();
            for (int i = 0; i < DURING; i++) {
                meanwhile.add(command(port, "<@UNEW> deliver during " + i + " by friday", "during/" + i));
            }
            Ack eventMeanwhile = event(port, Map.of()); // not stored: Slack is to send it again
            Health stillDown = health(port);
            parkUntil(stopped + OUTAGE.toNanos()); // the outage itself: real time, inherent to the test

            postgres = postgres(data, pgPort);
            long started = System.nanoTime();
            long backAt = System.currentTimeMillis();
            awaitReady(port, 200, Duration.ofSeconds(60));
            long readyAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            long allReadyAfter = readyAfter;
            for (int p : ports) {
                awaitReady(p, 200, Duration.ofSeconds(60));
                allReadyAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            }
            load.stopAfter(3);

            List<Timed> after = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                after.add(command(port, "<@UNEW> deliver after " + i + " by friday", "after/" + i));
            }
            Ack eventRetried = event(port, Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_error"));
            slack.await("response_url", c -> c.param("path").startsWith("/hooks/waiting/")
                    || c.param("path").startsWith("/hooks/after/"), 6, Duration.ofSeconds(60));
            long handledAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            List<String> taken = load.taken();
            slack.await("response_url", c -> c.param("path").startsWith("/hooks/load/"), taken.size(), Duration.ofSeconds(60));
            long loadHandledAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            long[] quartzBack = awaitQuartz(db, backAt, Duration.ofSeconds(30));

            // Commands during the outage: a private "catching up" at once, nothing else, nothing stored.
            for (int i = 0; i < DURING; i++) {
                Timed t = meanwhile.get(i);
                assertEquals(200, t.ack().status(), "during " + i);
                assertTrue(t.ack().body().contains("\"response_type\":\"ephemeral\""), t.ack().body());
                assertTrue(t.ack().body().contains(SlackBot.CATCHING_UP), t.ack().body());
                assertFalse(t.ack().body().contains("Exception") || t.ack().body().contains("\tat "), t.ack().body());
                assertTrue(t.millis() < 3_000, "during " + i + " answered after " + t.millis() + " ms");
            }
            assertEquals(503, stillDown.status());
            assertEquals(new Ack(503, ""), eventMeanwhile, "an event that could not be stored");
            assertEquals(new Ack(200, ""), eventRetried, "Slack's retry of it");
            for (Timed t : after) {
                assertEquals(new Ack(200, ""), t.ack());
            }

            try (Database database = Database.open(db, "postgres", null)) {
                Map<String, Long> created = database.jdbc().query("select title from commitment", rs -> rs.getString(1))
                        .stream().collect(Collectors.groupingBy(t -> t, Collectors.counting()));
                Map<String, Long> answers = slack.calls("response_url").stream()
                        .collect(Collectors.groupingBy(c -> c.param("path"), Collectors.counting()));
                for (String phase : List.of("before", "waiting", "after")) {
                    for (int i = 0; i < 3; i++) {
                        assertEquals(1L, created.getOrDefault("deliver " + phase + " " + i, 0L), phase + " " + i + ": " + created);
                        assertEquals(1L, answers.getOrDefault("/hooks/" + phase + "/" + i, 0L), phase + " " + i + ": " + answers);
                    }
                }
                for (int i = 0; i < DURING; i++) {
                    assertEquals(0L, created.getOrDefault("deliver during " + i, 0L), "during " + i + " changed data");
                    assertEquals(0L, answers.getOrDefault("/hooks/during/" + i, 0L), "during " + i + " answered later");
                }
                assertEquals(0L, database.jdbc().one("select count(*) from inbound_event where payload like ?",
                        rs -> rs.getLong(1), "%during%").orElseThrow(), "a command during the outage was stored");
                awaitHandled(database, "event:" + EVENT_ID);
                assertTrue(database.jdbc().one("select last_at from heard_from where workspace_id = ? and user_id = ?",
                        rs -> rs.getTimestamp(1), WS, "UNEW").isPresent(), "the retried event handled");
                assertEquals(0L, database.jdbc().one("select count(*) from inbound_event where handled_at is null",
                        rs -> rs.getLong(1)).orElseThrow(), "an item left unhandled");
            }
            for (var c : slack.calls("response_url")) {
                String text = c.params().toString();
                assertFalse(text.contains("Exception") || text.contains("went wrong"), text);
            }
            assertTrue(keepword.process().isAlive(), keepword.log());
            // The stream to all three: each command taken (and then handled once) or told to try again, nothing else.
            assertEquals(List.of(), load.unclear(), "commands answered neither with an ack nor with \"catching up\"");
            for (int p : ports) {
                assertTrue(load.caughtUp(p) > 0, "no command to port " + p + " was told to try again");
            }
            try (Database database = Database.open(db, "postgres", null)) {
                Map<String, Long> created = database.jdbc().query("select title from commitment where title like "
                        + "'deliver load %'", rs -> rs.getString(1)).stream()
                        .collect(Collectors.groupingBy(t -> t, Collectors.counting()));
                Map<String, Long> answers = slack.calls("response_url").stream()
                        .filter(c -> c.param("path").startsWith("/hooks/load/"))
                        .collect(Collectors.groupingBy(c -> c.param("path"), Collectors.counting()));
                for (String id : taken) {
                    assertEquals(1L, created.getOrDefault("deliver load " + id, 0L), "commitments from load " + id);
                    assertEquals(1L, answers.getOrDefault("/hooks/load/" + id, 0L), "answers to load " + id);
                }
                assertEquals(taken.size(), created.size(), "a command told to try again changed data: " + created.keySet());
                assertEquals(taken.size(), answers.size(), "a command told to try again was answered later");
            }
            for (int i = 0; i < others.size(); i++) {
                assertTrue(others.get(i).process().isAlive(), others.get(i).log());
            }
            assertEquals(pids, java.util.stream.Stream.concat(java.util.stream.Stream.of(keepword), others.stream())
                    .map(k -> k.process().pid()).toList(), "no process restarted");
            long first = meanwhile.get(0).millis();
            long rest = meanwhile.stream().skip(1).mapToLong(Timed::millis).max().orElse(0);
            System.out.printf("Database outage: PostgreSQL stopped for %d s; the first command meanwhile answered "
                    + "\"catching up\" in %d ms, the next %d in at most %d ms; ready again %.1f s after PostgreSQL was "
                    + "back, the held and new commands all handled %.1f s after, Quartz checked in %.1f s after and a dispatch tick "
                    + "due %.1f s after fired%n", OUTAGE.toSeconds(), first, DURING - 1, rest, readyAfter / 1000.0, handledAfter / 1000.0,
                    quartzBack[0] / 1000.0, quartzBack[1] / 1000.0);
            System.out.printf("Database outage, three processes: %d commands streamed to all three, %d taken (each "
                    + "handled once, the last %.1f s after PostgreSQL was back), %d told \"catching up\" (none stored or "
                    + "answered later), none answered otherwise; all three ready again %.1f s after PostgreSQL was back, "
                    + "none restarted%n", load.sent(), taken.size(), loadHandledAfter / 1000.0, load.sent() - taken.size(),
                    allReadyAfter / 1000.0);
        } finally {
            if (keepword != null) {
                keepword.process().destroy();
                keepword.process().waitFor(30, TimeUnit.SECONDS);
                // Its log, for reading after the run (the temporary folder goes).
                java.nio.file.Files.writeString(Path.of("target", "DatabaseOutageTest-keepword.log"), keepword.log());
            }
            for (int i = 0; i < others.size(); i++) {
                others.get(i).process().destroy();
                others.get(i).process().waitFor(30, TimeUnit.SECONDS);
                java.nio.file.Files.writeString(Path.of("target", "DatabaseOutageTest-node" + (i + 1) + ".log"),
                        others.get(i).log());
            }
            slack.close(); // after Keepword: what it still sends as it stops lands
            postgres.close();
        }
    }

    /**
     * A steady stream of {@code /commit} commands, one every 200 ms, to each process in turn: each answer is an empty ack
     * (taken), the ephemeral "catching up" (not taken), or anything else (unclear, a failure of the test).
     */
    private final class Load extends Thread {
        private final List<Integer> ports;
        private final List<String> taken = java.util.Collections.synchronizedList(new ArrayList<>());
        private final List<String> unclear = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Map<Integer, java.util.concurrent.atomic.AtomicInteger> caughtUp = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        private volatile long stopAt = Long.MAX_VALUE;

        Load(List<Integer> ports) {
            super("outage-load");
            this.ports = List.copyOf(ports);
            setDaemon(true);
        }

        @Override
        public void run() {
            for (int i = 0; System.nanoTime() < stopAt; i++) {
                int p = ports.get(i % ports.size());
                String id = String.valueOf(i);
                try {
                    Ack a = command(p, "<@UNEW> deliver load " + id + " by friday", "load/" + id).ack();
                    if (a.status() == 200 && a.body().isEmpty()) {
                        taken.add(id);
                    } else if (a.status() == 200 && a.body().contains(SlackBot.CATCHING_UP)) {
                        caughtUp.computeIfAbsent(p, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                    } else {
                        unclear.add(id + " to " + p + ": " + a);
                    }
                } catch (IOException e) {
                    unclear.add(id + " to " + p + ": " + e);
                } catch (InterruptedException e) {
                    return;
                }
                sent.incrementAndGet();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200)); // the stream's pace, not a timing assertion
            }
        }

        /** Sends for {@code seconds} more, then waits for the stream to end. */
        void stopAfter(int seconds) throws InterruptedException {
            stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            join(TimeUnit.SECONDS.toMillis(seconds + 40));
        }

        List<String> taken() {
            return List.copyOf(taken);
        }

        List<String> unclear() {
            return List.copyOf(unclear);
        }

        int caughtUp(int port) {
            java.util.concurrent.atomic.AtomicInteger n = caughtUp.get(port);
            return n == null ? 0 : n.get();
        }

        int sent() {
            return sent.get();
        }
    }

    private static EmbeddedPostgres postgres(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private record Ack(int status, String body) {
    }

    private record Timed(Ack ack, long millis) {
    }

    private record Health(int status, String body) {
    }

    /** A signed {@code /commit} as Slack sends it; its answer and how long it took. */
    private Timed command(int port, String text, String hook) throws IOException, InterruptedException {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("team_id", WS);
        f.put("channel_id", "C0ACME");
        f.put("user_id", "UMAYA");
        f.put("command", "/commit");
        f.put("text", text);
        f.put("response_url", hooks + hook);
        f.put("trigger_id", "3000." + hook.replace('/', '.') + ".outage");
        byte[] body = f.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")).getBytes(StandardCharsets.UTF_8);
        String ts = String.valueOf(System.currentTimeMillis() / 1000);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slack/events"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", ts)
                .header("X-Slack-Signature", new SlackSignature(SECRET).sign(ts, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long t0 = System.nanoTime();
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Timed(new Ack(r.statusCode(), r.body()), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private String hooks;

    private static final String EVENT_ID = "Ev0OUTAGE1";

    /** Noor's message in the engagement channel, as an Events API callback (the same body each time, as Slack retries). */
    private String eventBody;

    private Ack event(int port, Map<String, String> headers) throws IOException, InterruptedException {
        if (eventBody == null) {
            long now = System.currentTimeMillis() / 1000;
            eventBody = "{\"token\":\"legacy\",\"team_id\":\"" + WS + "\",\"api_app_id\":\"A0KEEPWORD\",\"event\":"
                    + "{\"type\":\"message\",\"channel\":\"C0ACME\",\"user\":\"UNEW\",\"text\":\"here you go\","
                    + "\"ts\":\"" + now + ".000100\",\"channel_type\":\"channel\"},\"type\":\"event_callback\","
                    + "\"event_id\":\"" + EVENT_ID + "\",\"event_time\":" + now + ",\"authorizations\":[{\"team_id\":\""
                    + WS + "\",\"user_id\":\"UBOT\",\"is_bot\":true}]}";
        }
        byte[] body = eventBody.getBytes(StandardCharsets.UTF_8);
        String ts = String.valueOf(System.currentTimeMillis() / 1000);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slack/events"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Slack-Request-Timestamp", ts)
                .header("X-Slack-Signature", new SlackSignature(SECRET).sign(ts, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Ack(r.statusCode(), r.body());
    }

    private static void awaitHandled(Database database, String id) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (database.jdbc().one("select handled_at from inbound_event where event_id = ?", rs -> rs.getTimestamp(1),
                id).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(id + " not handled within 30 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // polling for a state
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Health health(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return new Health(r.statusCode(), r.body());
    }

    /** Polls the database until at least {@code n} commands are recorded as answered (bounded). */
    private static void awaitAnswersRecorded(String db, int n, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        try (Database database = Database.open(db, "postgres", null)) {
            while (System.nanoTime() < deadline) {
                long answered = database.jdbc().one("select count(*) from item_effect where answered_at is not null",
                        rs -> rs.getLong(1)).orElse(0L);
                if (answered >= n) {
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // polling for a state
            }
        }
        throw new AssertionError("fewer than " + n + " commands recorded as answered within " + atMost);
    }

    /** Polls {@code /health/ready} until it answers {@code status}. */
    private static Health awaitReady(int port, int status, Duration atMost) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        Health h = null;
        while (System.nanoTime() < deadline) {
            try {
                h = health(port);
            } catch (java.net.ConnectException e) { // not listening (yet): a state like any other while polling
                h = new Health(0, e.toString());
            }
            if (h.status() == status) {
                return h;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // polling for a state
        }
        throw new AssertionError("/health/ready did not answer " + status + " within " + atMost + ": " + h);
    }

    /**
     * Waits until Quartz checks in to the cluster and fires a dispatch tick due after {@code afterMillis}; how long after
     * that each was (times as Quartz records them).
     */
    private static long[] awaitQuartz(String db, long afterMillis, Duration atMost) {
        long checkIn = -1;
        long tick = -1;
        try (Database database = Database.open(db, "postgres", null)) {
            long deadline = System.nanoTime() + atMost.toNanos();
            while (System.nanoTime() < deadline) {
                long c = database.jdbc().one("select max(last_checkin_time) from qrtz_scheduler_state",
                        rs -> rs.getLong(1)).orElse(0L);
                long t = database.jdbc().one("select prev_fire_time from qrtz_triggers where trigger_name = 'dispatch-tick'",
                        rs -> rs.getLong(1)).orElse(0L);
                checkIn = checkIn < 0 && c > afterMillis ? c - afterMillis : checkIn;
                tick = tick < 0 && t > afterMillis ? t - afterMillis : tick;
                if (checkIn >= 0 && tick >= 0) {
                    return new long[]{checkIn, tick};
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // polling for a state
            }
        }
        throw new AssertionError("Quartz did not go on within " + atMost + ": checked in after " + checkIn
                + " ms, ticked after " + tick + " ms");
    }

    private static void parkUntil(long nanoTime) {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** Maya and an engagement whose clients are Noor and Lena (not stored as people yet). */
    private static void seed(String db) {
        try (Database database = Database.open(db, "postgres", null)) {
            Wiring wiring = new Wiring(database, Clock.system(), Agreement.DEFAULT, (ws, id) -> Optional.empty(),
                    (ws, target, message) -> new dev.keepword.app.Delivery.Sent("unused"));
            wiring.parties().save(new Party(WS, "UMAYA", "Maya Okafor", ZoneId.of("Europe/London"), WorkingHours.OFFICE));
            wiring.engagements().save(new Engagement(WS, "C0ACME", "acme", List.of("UNEW", "ULATE"), List.of("UMAYA"),
                    "C0INTERNAL", ZoneId.of("Europe/London"), 2, Agreement.DEFAULT));
        }
    }
}
