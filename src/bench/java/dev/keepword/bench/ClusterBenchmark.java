package dev.keepword.bench;

import dev.keepword.Wiring;
import dev.keepword.app.Clock;
import dev.keepword.domain.Agreement;
import dev.keepword.domain.Engagement;
import dev.keepword.domain.Party;
import dev.keepword.domain.WorkingHours;
import dev.keepword.slack.FakeSlackApi;
import dev.keepword.slack.SlackSignature;
import dev.keepword.store.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keepword as a cluster: 1, 2 and 3 real Keepword processes (each {@code Keepword.main} in a JVM of its own, as an
 * operator runs it) on one embedded PostgreSQL, and one process on an H2 file, each run against a fresh database and
 * the same fake Slack that answers every call after {@code --delay-ms} (default 50) and enforces one workspace's
 * {@code chat.postMessage} rate ({@code --per-minute}, default 600, bursts of 10; 1 a second per channel) with 429 and
 * {@code Retry-After}. The processes pace themselves just under it (bursts of 5), on the shared budget on PostgreSQL.
 * Each run sends {@code --commands} signed {@code /commit} commands (default 300, round robin over the processes, 16
 * clients), each recording a commitment for another client member: the command's answer goes to its
 * {@code response_url} at once, and the owner's "recorded for you" notice goes through the outbox and the dispatcher,
 * paced; the benchmark makes those due at once when the commands are answered (on PostgreSQL; the H2 run measures the
 * commands only, its file being the process's alone). Printed side by side: commands answered per second, notices delivered per second, 429s, and the share of the
 * workspace's budget the notices used. Not a test: a main, run with
 *
 * <pre>
 * mvn -q test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *     -Dexec.args="-cp %classpath dev.keepword.bench.ClusterBenchmark --commands 300"
 * </pre>
 */
public final class ClusterBenchmark {
    static final String WS = FakeSlackApi.TEAM;
    static final String SECRET = "cluster-benchmark-signing-secret";
    static final ZoneId LONDON = ZoneId.of("Europe/London");

    private ClusterBenchmark() {
    }

    record Options(int commands, int perMinute, int delayMs, List<String> runs) {
        static Options parse(String[] args) {
            Map<String, String> m = BenchArgs.parse(args);
            Set<String> known = Set.of("commands", "per-minute", "delay-ms", "runs");
            for (String k : m.keySet()) {
                if (!known.contains(k)) {
                    throw new IllegalArgumentException("unknown option --" + k + "; known: " + known);
                }
            }
            return new Options(Integer.parseInt(m.getOrDefault("commands", "300")),
                    Integer.parseInt(m.getOrDefault("per-minute", "600")),
                    Integer.parseInt(m.getOrDefault("delay-ms", "50")),
                    List.of(m.getOrDefault("runs", "h2:1,postgres:1,postgres:2,postgres:3").split(",")));
        }
    }

    record Result(String run, double commandsPerSecond, double lastAnswerSeconds, int posts, int accepted,
                  int refused, double postsPerSecond, double budgetUsed) {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        System.out.printf("Cluster benchmark: %d /commit commands per run; fake Slack answers after %d ms and allows "
                        + "%d posts/min per workspace (bursts of 10), 1/s per channel; Keepword paces at the same rate, "
                        + "bursts of 5; %d cores, load average %.1f%n", o.commands(), o.delayMs(), o.perMinute(),
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        List<Result> results = new ArrayList<>();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            int n = 0;
            for (String run : o.runs()) {
                String[] kind = run.split(":");
                Path dir = Files.createTempDirectory("keepword-clusterbench");
                String url;
                if (kind[0].equals("postgres")) {
                    String name = "bench" + (n++);
                    try (var c = postgres.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
                        st.execute("create database " + name);
                    }
                    url = postgres.getJdbcUrl("postgres", name);
                } else {
                    url = "jdbc:h2:file:" + dir.resolve("keepword").toAbsolutePath();
                }
                results.add(run(o, run, url, Integer.parseInt(kind[1]), dir));
            }
        }
        System.out.println();
        System.out.printf("%-12s %14s %14s %10s %8s %14s %12s%n", "run", "commands/s", "last answer", "posts",
                "429s", "notices/s", "budget used");
        for (Result r : results) {
            System.out.printf("%-12s %14.1f %12.1f s %10d %8d %14.2f %11.1f%%%n", r.run(), r.commandsPerSecond(),
                    r.lastAnswerSeconds(), r.accepted(), r.refused(), r.postsPerSecond(), 100 * r.budgetUsed());
        }
        System.exit(0);
    }

    static Result run(Options o, String name, String url, int processes, Path dir) throws Exception {
        boolean postgres = url.startsWith("jdbc:postgresql:");
        seed(url, postgres, o.commands());
        try (FakeSlackApi slack = new FakeSlackApi().user("UMAYA", "Maya Okafor", "Europe/London")) {
            slack.answerAfter(Duration.ofMillis(o.delayMs())).limitPosts(1, 3, o.perMinute(), 10);
            Map<String, String> env = new LinkedHashMap<>(Map.of("SLACK_BOT_TOKEN", "xoxb-bench",
                    "SLACK_SIGNING_SECRET", SECRET, "PORT", "0", "KEEPWORD_SLACK_API_URL", slack.apiUrl(),
                    "KEEPWORD_DB_URL", url, "KEEPWORD_CONFIG_DIR", Path.of("config").toAbsolutePath().toString(),
                    "KEEPWORD_SLACK_PER_MINUTE", String.valueOf(o.perMinute()), "KEEPWORD_SLACK_BURST", "5"));
            if (postgres) {
                env.put("KEEPWORD_DB_USER", "postgres");
            }
            List<Process> started = new ArrayList<>();
            ExecutorService clients = Executors.newFixedThreadPool(16);
            try {
                List<Path> logs = new ArrayList<>();
                for (int p = 0; p < processes; p++) {
                    Path d = Files.createDirectories(dir.resolve("p" + p));
                    logs.add(d.resolve("keepword.log"));
                    started.add(start(d, env));
                }
                int[] ports = new int[processes];
                for (int p = 0; p < processes; p++) {
                    ports[p] = awaitPort(started.get(p), logs.get(p));
                }
                long t0 = System.nanoTime();
                List<Future<Integer>> acks = new ArrayList<>();
                for (int i = 0; i < o.commands(); i++) {
                    int k = i;
                    acks.add(clients.submit(() -> command(ports[k % processes], "<@" + client(k) + "> item " + k
                            + " by 2030-06-28", slack.hooksUrl() + "bench/" + k)));
                }
                for (Future<Integer> a : acks) {
                    if (a.get(2, TimeUnit.MINUTES) != 200) {
                        throw new IllegalStateException("a command was not acked");
                    }
                }
                slack.await("response_url", c -> c.param("path").startsWith("/hooks/bench/"), o.commands(),
                        Duration.ofMinutes(5));
                double answered = (System.nanoTime() - t0) / 1e9;
                if (!postgres) {
                    // The H2 file is the process's alone (no second connection to make the notices due): commands only.
                    System.out.printf("%s: %d commands answered in %.1f s (%.1f/s)%n", name, o.commands(), answered,
                            o.commands() / answered);
                    return new Result(name, o.commands() / answered, answered, 0, 0, 0, Double.NaN, Double.NaN);
                }
                // The owners' notices wait 3 minutes for more to batch with; make them due now, as a burst.
                try (Database db = Database.open(url, "postgres", null)) {
                    db.jdbc().update("update outbox set due_at = ? where state = 'PLANNED' and step = 'RECORDED'",
                            java.time.Instant.now());
                }
                // The notices: wait until the posts stop (nothing new for 15 s: past the next dispatcher tick).
                int seen = -1;
                long quietSince = System.nanoTime();
                while (System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(15)) {
                    int now = slack.posts().size();
                    if (now != seen) {
                        seen = now;
                        quietSince = System.nanoTime();
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
                }
                List<FakeSlackApi.Post> posts = slack.posts();
                List<FakeSlackApi.Post> accepted = posts.stream().filter(FakeSlackApi.Post::accepted).toList();
                double seconds = accepted.isEmpty() ? 0
                        : (accepted.get(accepted.size() - 1).nanos() - accepted.get(0).nanos()) / 1e9;
                double allowed = 10 + o.perMinute() / 60.0 * seconds;
                Result r = new Result(name, o.commands() / answered, answered, posts.size(), accepted.size(),
                        posts.size() - accepted.size(), seconds == 0 ? 0 : accepted.size() / seconds,
                        accepted.size() / allowed);
                System.out.printf("%s: %d commands answered in %.1f s (%.1f/s); %d posts accepted in %.1f s, %d answered "
                                + "429, budget used %.1f %%%n", name, o.commands(), answered, r.commandsPerSecond(),
                        accepted.size(), seconds, r.refused(), 100 * r.budgetUsed());
                return r;
            } finally {
                clients.shutdownNow();
                started.forEach(Process::destroy);
                for (Process p : started) {
                    p.waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    static String client(int i) {
        return String.format("UC%04d", i);
    }

    /** Maya and one engagement whose client members are the commitments' owners, one each. */
    static void seed(String url, boolean postgres, int commands) {
        try (Database database = postgres ? Database.open(url, "postgres", null) : Database.open(url)) {
            Wiring wiring = new Wiring(database, Clock.system(), Agreement.DEFAULT, (ws, id) -> Optional.empty(),
                    (ws, target, message) -> new dev.keepword.app.Delivery.Sent("unused"));
            wiring.parties().save(new Party(WS, "UMAYA", "Maya Okafor", LONDON, WorkingHours.OFFICE));
            List<String> clients = new ArrayList<>();
            for (int i = 0; i < commands; i++) {
                wiring.parties().save(new Party(WS, client(i), "Client " + i, LONDON, new WorkingHours(java.util.EnumSet.allOf(java.time.DayOfWeek.class), java.time.LocalTime.MIN, java.time.LocalTime.of(23, 59))));
                clients.add(client(i));
            }
            wiring.engagements().save(new Engagement(WS, "C0ACME", "acme", clients, List.of("UMAYA"), "C0INTERNAL",
                    LONDON, 2, Agreement.DEFAULT));
        }
    }

    static Process start(Path dir, Map<String, String> env) throws IOException {
        ProcessBuilder b = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.keepword.Keepword");
        b.environment().keySet().removeIf(k -> k.startsWith("SLACK_") || k.startsWith("TEAMS_") || k.startsWith("KEEPWORD_"));
        b.environment().putAll(env);
        b.directory(dir.toFile());
        b.redirectErrorStream(true);
        b.redirectOutput(dir.resolve("keepword.log").toFile());
        return b.start();
    }

    static int awaitPort(Process p, Path log) throws Exception {
        Pattern listening = Pattern.compile("Listening on http://[^:]+:(\\d+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            Matcher m = listening.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("Keepword ended: " + Files.readString(log));
            }
            p.waitFor(50, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("Keepword did not listen within 90 s");
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A signed {@code /commit} from Maya in #acme; the status (200 for the empty ack). */
    static int command(int port, String text, String responseUrl) throws Exception {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("team_id", WS);
        f.put("channel_id", "C0ACME");
        f.put("user_id", "UMAYA");
        f.put("command", "/commit");
        f.put("text", text);
        f.put("response_url", responseUrl);
        f.put("trigger_id", "5000." + responseUrl.hashCode());
        byte[] body = f.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")).getBytes(StandardCharsets.UTF_8);
        String ts = String.valueOf(System.currentTimeMillis() / 1000);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slack/events"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", ts)
                .header("X-Slack-Signature", new SlackSignature(SECRET).sign(ts, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 && r.body().isEmpty() ? 200 : r.statusCode();
    }
}
