package dev.keepword.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keepword.Wiring;
import dev.keepword.app.Clock;
import dev.keepword.domain.Agreement;
import dev.keepword.store.Database;
import dev.keepword.teams.FakeBotConnector;
import dev.keepword.teams.FakeBotIdentity;
import dev.keepword.teams.TeamsAuth;
import dev.keepword.teams.TeamsBot;
import dev.keepword.teams.TeamsChat;
import dev.keepword.teams.TeamsConnector;
import dev.keepword.teams.TeamsDirectory;
import dev.keepword.teams.TeamsReferences;
import dev.keepword.teams.TeamsToken;
import dev.keepword.web.WebServer;
import dev.keepword.Serving;
import dev.keepword.TeamsSurface;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Response time of {@code POST /api/messages} under 50 concurrent clients posting signed activities, next to a bare
 * handler on the same Jetty server that only validates the bearer JWT (the same {@link TeamsAuth}: RS256, issuer,
 * audience, lifetime, key by {@code kid}), reads the body and answers 200. Not a test: a main, compiled with the tests
 * and run with
 *
 * <pre>
 * mvn test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *     -Dexec.args="-cp %classpath dev.keepword.bench.TeamsActivityBenchmark --clients 50 --requests 100 --kind chatter"
 * </pre>
 *
 * Keepword is wired as in production (H2 in memory, the real {@link TeamsBot} behind the real servlet, the real JWT
 * checks) against the fake Bot Connector and identity service on localhost. Each client is its own Teams user with its
 * own HTTP connection and its own signed token (the Bot Framework reuses a token for up to an hour). The two handlers
 * are measured in alternating rounds of {@code --round} requests per client, so machine load falls on both alike;
 * {@code --warmup} requests per client go to each first and are not counted.
 *
 * <p>{@code --kind}: {@code chatter} (default): messages in an engagement's channel not addressed to the bot, which
 * Keepword verifies, de-duplicates and records as "heard from" (most of a channel's traffic);
 * {@code command}: {@code list} in each user's personal chat, answered with a reply card posted to the fake connector
 * before the HTTP response; {@code mixed}: alternately.
 */
public final class TeamsActivityBenchmark {
    static final String APP_ID = "5b6a1c3e-0d1f-4b7a-9a31-6c2d9e8f7a10";
    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String BOT = "28:" + APP_ID;
    static final String TEAM = "19:general-bench-team@thread.tacv2";
    static final String CHANNEL = "19:bench-channel@thread.tacv2";
    static final String INTERNAL = "19:bench-internal@thread.tacv2";

    private TeamsActivityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        run(args);
        System.exit(0); // the fakes' HTTP servers leave worker threads behind
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> o = options(args, Set.of("clients", "requests", "round", "warmup", "kind"));
        int clients = Integer.parseInt(o.getOrDefault("clients", "50"));
        int requests = Integer.parseInt(o.getOrDefault("requests", "100"));
        int round = Integer.parseInt(o.getOrDefault("round", "20"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "20"));
        String kind = o.getOrDefault("kind", "chatter");
        if (!Set.of("chatter", "command", "mixed").contains(kind)) {
            throw new IllegalArgumentException("--kind chatter|command|mixed");
        }
        System.out.printf("Keepword Teams activity benchmark: %d clients, %d measured requests each per handler "
                        + "(rounds of %d, %d warm-up), kind %s, %d cores%n", clients, requests, round, warmup, kind,
                Runtime.getRuntime().availableProcessors());

        Clock clock = Clock.system();
        ObjectMapper json = new ObjectMapper();
        try (FakeBotConnector connector = new FakeBotConnector(); FakeBotIdentity identity = new FakeBotIdentity()) {
            OkHttpClient ok = new OkHttpClient();
            Database database = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            // Keepword assembled as it runs (Serving); the bare handler on a server of the same class beside it.
            TeamsSurface surface = TeamsSurface.of(APP_ID, "bench-password", connector.tokenUrl(), identity.openIdUrl(), ok,
                    database, clock, TeamsChat.Limits.DEFAULT);
            Serving serving = Serving.assemble(database, clock, Wiring.Policies.of(Agreement.DEFAULT), List.of(surface))
                    .open("127.0.0.1", 0, null);
            TeamsBot bot = surface.bot();
            WebServer bareServer = WebServer.start("127.0.0.1", 0, Map.of("/bare/messages",
                    new BareHandler(new TeamsAuth(APP_ID, identity.openIdUrl(), ok, clock))));
            int port = serving.port();
            int barePort = bareServer.port();
            try {
                Activities a = new Activities(json, connector.serviceUrl(), clients);
                // The bot in the team; an engagement in the channel with every client user as a client.
                connector.channel(TEAM, TEAM, null).channel(TEAM, CHANNEL, "Bench").channel(TEAM, INTERNAL, "Bench Internal");
                connector.member(TEAM, a.user(0), "Owner", "aad-owner");
                String signed = identity.sign(FakeBotIdentity.claims(APP_ID, connector.serviceUrl(), clock.now()).build());
                HttpClient setupClient = HttpClient.newHttpClient();
                ObjectNode install = a.activity("installationUpdate", 0, TEAM, "channel");
                install.put("action", "add");
                expect200(post(setupClient, port, "/api/messages", signed, install.toString()));
                StringBuilder setup = new StringBuilder("<at>Keepword</at> commit setup client");
                ObjectNode m = a.activity("message", 0, CHANNEL + ";messageid=1", "channel");
                a.mention(m, BOT, "Keepword");
                for (int c = 1; c < clients + 1; c++) {
                    setup.append(" <at>User ").append(c).append("</at>");
                    a.mention(m, a.user(c), "User " + c);
                }
                setup.append(" owner <at>User 0</at> escalate Bench Internal tz Europe/London");
                a.mention(m, a.user(0), "User 0");
                m.put("text", setup.toString());
                expect200(post(setupClient, port, "/api/messages", signed, m.toString()));
                bot.drain(); // activities are handled right after their answer, on the bot's inbox thread
                if (serving.wiring().engagements().byChannel(TENANT, TeamsReferences.channelKey(CHANNEL)).isEmpty()) {
                    throw new IllegalStateException("setup failed: " + connector.calls());
                }

                Result bare = new Result("bare JWT handler");
                Result real = new Result("Keepword /api/messages");
                String[] tokens = new String[clients];
                for (int c = 0; c < clients; c++) {
                    tokens[c] = identity.sign(FakeBotIdentity.claims(APP_ID, connector.serviceUrl(), clock.now()).build());
                }
                // Warm-up (not counted), then alternating rounds.
                run(clients, warmup, barePort, "/bare/messages", tokens, a, kind, null);
                run(clients, warmup, port, "/api/messages", tokens, a, kind, null);
                bot.drain();
                // Keepword answers once an activity is stored and handles it right after: each of its rounds ends when
                // the last one is handled (the lag is reported), so its handling never runs into a bare round.
                long lagMax = 0;
                long lagTotal = 0;
                for (int done = 0; done < requests; done += round) {
                    int n = Math.min(round, requests - done);
                    run(clients, n, barePort, "/bare/messages", tokens, a, kind, bare);
                    run(clients, n, port, "/api/messages", tokens, a, kind, real);
                    long t0 = System.nanoTime();
                    bot.drain();
                    long lag = System.nanoTime() - t0;
                    lagMax = Math.max(lagMax, lag);
                    lagTotal += lag;
                }
                System.out.println();
                bare.print();
                real.print();
                System.out.printf("%nRatio Keepword / bare: p50 %.2fx, p99 %.2fx (target p99 <= 1.25x: %s)%n",
                        real.p(50) / bare.p(50), real.p(99) / bare.p(99), real.p(99) <= 1.25 * bare.p(99) ? "met" : "NOT met");
                System.out.printf("Non-200 answers: bare %d, Keepword %d; replies posted to the fake connector: %d%n",
                        bare.errors.get(), real.errors.get(), connector.calls("POST", "/v3/conversations/").size());
                System.out.printf("Keepword's handling after the answers: the last activity of a round was handled at most "
                        + "%.1f ms (total %.1f ms over %d rounds) after the round's last answer%n", lagMax / 1e6,
                        lagTotal / 1e6, (requests + round - 1) / round);
            } finally {
                bareServer.close();
                serving.close();
            }
        }
    }

    /** Validates the bearer JWT exactly as {@code /api/messages} does (and the activity's channel and service URL), then 200. */
    static final class BareHandler extends HttpServlet {
        private final transient TeamsAuth auth;
        private final transient ObjectMapper json = new ObjectMapper();

        BareHandler(TeamsAuth auth) {
            this.auth = auth;
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            TeamsAuth.Verdict verdict = auth.verify(req.getHeader("Authorization"));
            if (!verdict.valid()) {
                resp.setStatus(401);
                return;
            }
            var activity = json.readTree(req.getInputStream().readNBytes(1 << 20));
            if (verdict.refusal(activity.path("channelId").asText(null), activity.path("serviceUrl").asText(null)) != null) {
                resp.setStatus(401);
                return;
            }
            resp.setStatus(200);
        }
    }

    /** Builds activities; user {@code c} is client {@code c} (0 is the engagement's owner). */
    static final class Activities {
        private final ObjectMapper json;
        private final String serviceUrl;
        private final AtomicLong ids = new AtomicLong();

        Activities(ObjectMapper json, String serviceUrl, int clients) {
            this.json = json;
            this.serviceUrl = serviceUrl;
        }

        String user(int c) {
            return "29:1BenchUser" + c + "-aBcDeFgHiJkLmNoPqRsTuVwXyZ_0123456789";
        }

        ObjectNode activity(String type, int c, String conversationId, String conversationType) {
            ObjectNode a = json.createObjectNode();
            a.put("type", type);
            a.put("id", "1" + String.format("%015d", ids.incrementAndGet()));
            a.put("timestamp", java.time.Instant.now().toString());
            a.put("serviceUrl", serviceUrl);
            a.put("channelId", "msteams");
            a.putObject("from").put("id", user(c)).put("name", "User " + c).put("aadObjectId", "aad-" + c);
            a.putObject("conversation").put("id", conversationId).put("conversationType", conversationType).put("tenantId", TENANT);
            a.putObject("recipient").put("id", BOT).put("name", "Keepword");
            ObjectNode channelData = a.putObject("channelData");
            channelData.putObject("tenant").put("id", TENANT);
            if ("channel".equals(conversationType)) {
                channelData.putObject("team").put("id", TEAM);
                channelData.putObject("channel").put("id", TeamsReferences.baseConversation(conversationId));
            }
            a.putArray("entities");
            a.put("localTimezone", "Europe/London");
            return a;
        }

        void mention(ObjectNode a, String id, String name) {
            ObjectNode m = a.withArray("entities").addObject();
            m.put("type", "mention");
            m.put("text", "<at>" + name + "</at>");
            m.putObject("mentioned").put("id", id).put("name", name);
        }

        String next(int client, String kind, int i) {
            boolean command = kind.equals("command") || (kind.equals("mixed") && i % 2 == 1);
            ObjectNode a;
            if (command) {
                a = activity("message", client, "a:chat-" + user(client), "personal");
                a.put("text", "list");
            } else {
                a = activity("message", client, CHANNEL + ";messageid=" + (1_800_000_000_000L + ids.get()), "channel");
                a.put("text", "Morning all, the staging build is up " + i);
            }
            return a.toString();
        }
    }

    /** Every client sends {@code n} requests one after another; all start together. */
    private static void run(int clients, int n, int port, String path, String[] tokens, Activities a, String kind,
                            Result into) throws Exception {
        CyclicBarrier start = new CyclicBarrier(clients);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c + 1;
            String token = tokens[c];
            Thread t = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                try {
                    start.await();
                    for (int i = 0; i < n; i++) {
                        String body = a.next(client, kind, i);
                        long t0 = System.nanoTime();
                        int status = post(http, port, path, token, body).statusCode();
                        long took = System.nanoTime() - t0;
                        if (into != null) {
                            into.add(took, status);
                        }
                    }
                } catch (Exception e) {
                    if (into != null) {
                        into.errors.incrementAndGet();
                    }
                }
            }, "bench-client-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    static HttpResponse<String> post(HttpClient http, int port, String path, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect200(HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
        }
    }

    static final class Result {
        final String name;
        private final List<Long> nanos = new ArrayList<>();
        final AtomicInteger errors = new AtomicInteger();

        Result(String name) {
            this.name = name;
        }

        synchronized void add(long took, int status) {
            nanos.add(took);
            if (status != 200) {
                errors.incrementAndGet();
            }
        }

        synchronized double p(double pct) {
            long[] s = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
            int i = (int) Math.ceil(pct / 100.0 * s.length) - 1;
            return s[Math.max(0, Math.min(s.length - 1, i))] / 1e6;
        }

        synchronized void print() {
            double mean = nanos.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
            System.out.printf("%-24s n=%d  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms  mean %.2f ms%n",
                    name, nanos.size(), p(50), p(90), p(99), p(100), mean);
        }
    }

    static Map<String, String> options(String[] args, Set<String> known) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || !known.contains(a.substring(2))) {
                throw new IllegalArgumentException("unknown argument " + a + "; known: " + known + " " + Arrays.toString(args));
            }
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            m.put(a.substring(2), flag ? "true" : args[++i]);
        }
        return m;
    }
}
