package dev.keepword.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.keepword.Wiring;
import dev.keepword.app.Clock;
import dev.keepword.app.Inbound;
import dev.keepword.app.Outgoing;
import dev.keepword.domain.Agreement;
import dev.keepword.domain.Party;
import dev.keepword.domain.WorkingHours;
import dev.keepword.store.Database;
import dev.keepword.teams.FakeBotConnector;
import dev.keepword.teams.TeamsChat;
import dev.keepword.teams.TeamsConnector;
import dev.keepword.teams.TeamsDirectory;
import dev.keepword.teams.TeamsReferences;
import dev.keepword.teams.TeamsToken;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A burst of nudges through the real {@link TeamsChat} sender, driven by the real dispatcher
 * ({@code DispatchDueNudges} via {@link Wiring}), against the fake Bot Connector behind a limiter that enforces Teams'
 * send limits with 429s: at most {@code --per-conversation} messages in any one second in one conversation (Teams:
 * about 7) and at most {@code --bot-limit} in any one second across the bot (the per-bot budget). Every refusal is a
 * 429, every other one with {@code Retry-After: 1}. Not a test: a main, compiled with the tests and run with
 *
 * <pre>
 * mvn test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *     -Dexec.args="-cp %classpath dev.keepword.bench.TeamsBurstBenchmark --recipients 300"
 * </pre>
 *
 * {@code --recipients} clients (in engagements of 20, one consultant each, all in London) each owe one commitment due on
 * Wednesday, recorded through the real commands on Monday 08:00; their 1:1 chats with the bot are known. Then the clock
 * (wall-clock speed, offset) jumps to the moment the first heads-up nudges fall due, Monday 09:30, when all of them are
 * due at once, and the dispatcher is run as the clockwork would run it: again as soon as something is due. The run
 * ends when every recipient has a nudge or after {@code --max-seconds}.
 *
 * <p>Printed: messages accepted by the connector, 429s, and the share of the allowed budget used: accepted messages
 * over what the binding limit allowed between the first and last accepted message (a sliding window of L per second
 * allows L x (floor(T) + 1) in T seconds); lost (a recipient with no nudge) and doubled (more than one) recipients.
 * The dispatcher sends one message per recipient per batch (all that is due for a person goes in one card), so in a
 * burst of nudges the per-bot budget binds and the per-conversation limit guards each chat.
 */
public final class TeamsBurstBenchmark {
    static final String APP_ID = "5b6a1c3e-0d1f-4b7a-9a31-6c2d9e8f7a10";
    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final Instant MONDAY_8AM = Instant.parse("2026-11-23T08:00:00Z");

    private TeamsBurstBenchmark() {
    }

    /** A clock at wall-clock speed that can be moved forward. */
    static final class OffsetClock implements Clock {
        private volatile Duration offset;

        OffsetClock(Instant start) {
            offset = Duration.between(Instant.now(), start);
        }

        @Override
        public Instant now() {
            return Instant.now().plus(offset);
        }

        void jumpTo(Instant at) {
            offset = Duration.between(Instant.now(), at);
        }
    }

    public static void main(String[] args) throws Exception {
        run(args);
        System.exit(0); // the fakes' HTTP servers leave worker threads behind
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> o = TeamsActivityBenchmark.options(args, Set.of("recipients", "per-conversation", "bot-limit",
                "max-seconds", "per-engagement"));
        int recipients = Integer.parseInt(o.getOrDefault("recipients", "300"));
        int perConversation = Integer.parseInt(o.getOrDefault("per-conversation", "7"));
        int botLimit = Integer.parseInt(o.getOrDefault("bot-limit", String.valueOf(TeamsChat.Limits.DEFAULT.botPerSecond())));
        int maxSeconds = Integer.parseInt(o.getOrDefault("max-seconds", "180"));
        int perEngagement = Integer.parseInt(o.getOrDefault("per-engagement", "20"));
        System.out.printf("Keepword Teams burst benchmark: %d recipients, connector limits %d/s per conversation and %d/s "
                        + "per bot (429 when over), Keepword's sender limits %s, %d cores%n", recipients, perConversation,
                botLimit, TeamsChat.Limits.DEFAULT, Runtime.getRuntime().availableProcessors());

        OffsetClock clock = new OffsetClock(MONDAY_8AM);
        try (FakeBotConnector connector = new FakeBotConnector();
             Limiter limiter = new Limiter(connector, perConversation, botLimit)) {
            OkHttpClient ok = new OkHttpClient();
            TeamsToken token = new TeamsToken(connector.tokenUrl(), APP_ID, "bench-password", ok, clock);
            TeamsConnector rest = new TeamsConnector(ok, token, APP_ID);
            Database database = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            TeamsReferences refs = new TeamsReferences(database.dataSource());
            TeamsChat chat = new TeamsChat(rest, refs, clock, TeamsChat.Limits.DEFAULT);
            Wiring wiring = new Wiring(database, clock, Agreement.DEFAULT, new TeamsDirectory(refs, rest), chat);
            try {
                long t0 = System.nanoTime();
                Map<String, String> chatOf = new HashMap<>(); // Keepword user id -> 1:1 chat id
                int engagements = (recipients + perEngagement - 1) / perEngagement;
                int made = 0;
                for (int e = 0; e < engagements; e++) {
                    String channel = TeamsReferences.channelKey("19:bench-" + e + "@thread.tacv2");
                    String owner = person(refs, wiring, "29:consultant-" + e, "Consultant " + e, limiter.serviceUrl(), clock);
                    List<String> clients = new ArrayList<>();
                    for (int c = 0; c < perEngagement && made + c < recipients; c++) {
                        String teamsId = "29:client-" + e + "-" + c;
                        String user = person(refs, wiring, teamsId, "Client " + e + "-" + c, limiter.serviceUrl(), clock);
                        refs.chatOpened(TENANT, user, "a:chat-" + teamsId, clock.now());
                        chatOf.put(user, "a:chat-" + teamsId);
                        clients.add(user);
                    }
                    StringBuilder setup = new StringBuilder("setup client");
                    clients.forEach(c -> setup.append(" <@").append(c).append('>'));
                    setup.append(" owner <@").append(owner).append("> escalate <#")
                            .append(TeamsReferences.channelKey("19:bench-internal-" + e + "@thread.tacv2")).append("> tz Europe/London");
                    command(wiring, channel, owner, setup.toString());
                    if (wiring.engagements().byChannel(TENANT, channel).isEmpty()) {
                        throw new IllegalStateException("no engagement after: " + setup);
                    }
                    for (String c : clients) {
                        command(wiring, channel, owner, "<@" + c + "> send the weekly figures by wednesday kind:input");
                    }
                    made += clients.size();
                }
                Instant due = wiring.outbox().nextDue().orElseThrow();
                System.out.printf("Set up %d engagements, %d commitments in %.1f s; the first nudges are due at %s%n",
                        engagements, made, (System.nanoTime() - t0) / 1e9, due);
                connector.clear();
                // What setup sent was, on the run's clock, an hour and a half before the burst: out of every window.
                limiter.forgetWindows();

                clock.jumpTo(due);
                long start = System.nanoTime();
                long deadline = start + Duration.ofSeconds(maxSeconds).toNanos();
                int runs = 0;
                while (System.nanoTime() < deadline && limiter.accepted() < recipients) {
                    int n = wiring.dispatcher().runDue(clock.now());
                    runs++;
                    if (n == 0) {
                        Instant next = wiring.outbox().nextDue().orElse(null);
                        long sleep = next == null ? 50 : Math.max(1, Math.min(50, Duration.between(clock.now(), next).toMillis()));
                        Thread.sleep(sleep);
                    }
                }
                double wall = (System.nanoTime() - start) / 1e9;
                // Anything still in flight settles, then nothing more may arrive: a double would show here.
                Thread.sleep(500);
                wiring.dispatcher().runDue(clock.now());

                Map<String, Integer> perChat = new HashMap<>();
                for (FakeBotConnector.Call c : connector.calls("POST", "/v3/conversations/")) {
                    if (c.path().endsWith("/activities")) {
                        String conv = c.path().substring("/v3/conversations/".length(), c.path().length() - "/activities".length());
                        perChat.merge(conv, 1, Integer::sum);
                    }
                }
                int missing = 0;
                int doubled = 0;
                for (String chatId : chatOf.values()) {
                    int n = perChat.getOrDefault(chatId, 0);
                    missing += n == 0 ? 1 : 0;
                    doubled += n > 1 ? 1 : 0;
                }
                long failed = wiring.outbox().count("FAILED");
                double span = limiter.span().toNanos() / 1e9;
                long allowedBot = (long) botLimit * ((long) Math.floor(span) + 1);
                long allowedConversations = (long) perConversation * ((long) Math.floor(span) + 1) * chatOf.size();
                long allowed = Math.min(allowedBot, allowedConversations);
                int accepted = limiter.accepted();
                System.out.println();
                System.out.printf("Dispatcher runs: %d; wall time to the last nudge: %.2f s%n", runs, wall);
                System.out.printf("Accepted by the connector: %d messages in %.2f s (first to last), %.1f msg/s; 429s: %d%n",
                        accepted, span, span > 0 ? accepted / span : 0.0, limiter.refused());
                System.out.println("429s at (s after the first accepted send): " + limiter.refusalTimes());
                System.out.printf("Allowed in that span: %d (per-bot %d/s binds; per conversation %d/s)%n", allowed, botLimit,
                        perConversation);
                System.out.printf("Share of the allowed budget used: %.1f %% (target >= 95 %%: %s)%n", 100.0 * accepted / allowed,
                        accepted >= 0.95 * allowed ? "met" : "NOT met");
                System.out.printf("Recipients: %d; without their nudge at the end of the run: %d (given up: %d, the rest still "
                        + "planned for a retry); doubled (more than one): %d%n", chatOf.size(), missing, failed, doubled);
                System.out.printf("Outbox: next planned row due at %s (the burst was due at %s)%n",
                        wiring.outbox().nextDue().map(Instant::toString).orElse("-"), due);
            } finally {
                wiring.close();
            }
        }
    }

    private static String person(TeamsReferences refs, Wiring wiring, String teamsId, String name, String serviceUrl, Clock clock) {
        String user = refs.rememberUser(TENANT, teamsId, name, "aad-" + teamsId, serviceUrl, clock.now()).userId();
        wiring.parties().save(new Party(TENANT, user, name, LONDON, WorkingHours.OFFICE));
        return user;
    }

    private static void command(Wiring wiring, String channel, String user, String text) {
        List<Outgoing> out = wiring.commands().handle(new Inbound(TENANT, channel, user, text));
        if (out.isEmpty()) {
            throw new IllegalStateException("no answer to " + text);
        }
        if (text.contains(" by ") && out.stream().noneMatch(x -> x.message().plain().startsWith("Recorded"))) {
            throw new IllegalStateException(text + " -> " + out);
        }
    }

    /**
     * Teams' send limits in front of the fake connector: sends (POST …/activities) over either sliding one-second window
     * get a 429; the rest are forwarded to the fake, which records them. Everything else is forwarded as is.
     */
    static final class Limiter implements AutoCloseable {
        private final HttpServer server;
        private final String target;
        private final int perConversation;
        private final int botLimit;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final Map<String, Deque<Long>> conversations = new HashMap<>();
        private final Deque<Long> bot = new ArrayDeque<>();
        private final AtomicInteger accepted = new AtomicInteger();
        private final AtomicInteger refused = new AtomicInteger();
        private final java.util.Queue<Long> refusedAt = new java.util.concurrent.ConcurrentLinkedQueue<>();

        /** When the 429s were answered, in seconds after the first accepted send. */
        List<String> refusalTimes() {
            return refusedAt.stream().map(t -> String.format("%.3f", (t - first) / 1e9)).toList();
        }
        private volatile long first;
        private volatile long last;

        Limiter(FakeBotConnector connector, int perConversation, int botLimit) throws IOException {
            this.target = connector.serviceUrl();
            this.perConversation = perConversation;
            this.botLimit = botLimit;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::handle);
            server.setExecutor(Executors.newFixedThreadPool(8));
            server.start();
        }

        String serviceUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/teams/";
        }

        int accepted() {
            return accepted.get();
        }

        int refused() {
            return refused.get();
        }

        Duration span() {
            return first == 0 ? Duration.ZERO : Duration.ofNanos(last - first);
        }

        /** Forgets the sends counted so far (the clock is about to jump past them). */
        synchronized void forgetWindows() {
            conversations.clear();
            bot.clear();
        }

        /** True when this send fits both windows (and is then counted in them). */
        private synchronized boolean admit(String conversation) {
            long now = System.nanoTime();
            long windowStart = now - 1_000_000_000L;
            Deque<Long> c = conversations.computeIfAbsent(conversation, k -> new ArrayDeque<>());
            while (!c.isEmpty() && c.peekFirst() <= windowStart) {
                c.pollFirst();
            }
            while (!bot.isEmpty() && bot.peekFirst() <= windowStart) {
                bot.pollFirst();
            }
            if (c.size() >= perConversation || bot.size() >= botLimit) {
                return false;
            }
            c.addLast(now);
            bot.addLast(now);
            if (first == 0) {
                first = now;
            }
            last = now;
            return true;
        }

        private void handle(HttpExchange ex) throws IOException {
            try (ex) {
                String path = ex.getRequestURI().getRawPath();
                String rest = path.substring("/teams/".length());
                byte[] body = ex.getRequestBody().readAllBytes();
                boolean send = ex.getRequestMethod().equals("POST") && rest.startsWith("v3/conversations/")
                        && rest.endsWith("/activities");
                if (send && !admit(rest.substring("v3/conversations/".length(), rest.length() - "/activities".length()))) {
                    int n = refused.incrementAndGet();
                    refusedAt.add(System.nanoTime());
                    if (n % 2 == 0) {
                        ex.getResponseHeaders().set("Retry-After", "1");
                    }
                    byte[] out = "{\"error\":{\"code\":\"TooManyRequests\"}}".getBytes();
                    ex.sendResponseHeaders(429, out.length);
                    ex.getResponseBody().write(out);
                    return;
                }
                HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + rest
                        + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery())))
                        .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                if (auth != null) {
                    forward.header("Authorization", auth);
                }
                forward.header("Content-Type", "application/json");
                HttpResponse<byte[]> r;
                try {
                    r = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
                if (send && r.statusCode() == 200) {
                    accepted.incrementAndGet();
                }
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
                ex.getResponseBody().write(r.body());
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
