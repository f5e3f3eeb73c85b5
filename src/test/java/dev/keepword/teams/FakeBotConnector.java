package dev.keepword.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A fake Bot Connector on localhost, with the token endpoint beside it: create conversation, send, reply, update
 * activity, paged members, team channels. Records every call and can be told to answer the next calls (or every
 * matching call) with an error: 429 (with or without {@code Retry-After}), 403, 404, 412, 502…, each with the error body
 * Teams sends ({@link Failure}). Its {@link #serviceUrl()} is what test activities carry.
 */
public final class FakeBotConnector implements AutoCloseable {

    /** One recorded call: method, decoded path, JSON body (null for GET), bearer token. */
    public record Call(String method, String path, JsonNode body, String token) {
        public boolean is(String m, String pathStart) {
            return method.equals(m) && path.startsWith(pathStart);
        }

        /** The text of every TextBlock in the card this call carried. */
        public String cardText() {
            StringBuilder out = new StringBuilder();
            JsonNode card = body == null ? null : body.path("attachments").path(0).path("content");
            if (card != null) {
                card.path("body").forEach(b -> {
                    if ("TextBlock".equals(b.path("type").asText())) {
                        out.append(b.path("text").asText()).append('\n');
                    }
                });
            }
            return out.toString();
        }

        public JsonNode card() {
            return body.path("attachments").path(0).path("content");
        }
    }

    /**
     * An error answer, with the body the Bot Connector sends: {@code {"error":{"code":…,"message":…}}} (the Bot Framework
     * schema's {@code ErrorResponse}/{@code Error}, botbuilder-dotnet {@code libraries/Microsoft.Bot.Schema/ErrorResponse.cs}
     * and {@code Error.cs}; botbuilder-dotnet's own fake in {@code tests/Microsoft.Bot.Builder.Tests/Teams/TeamsInfoTests.cs}
     * answers {@code {"error":{"code":"BotNotInConversationRoster"}}} with 403). Codes and messages are those of
     * MicrosoftDocs/msteams-docs {@code msteams-platform/bots/build-conversational-capability.md}, "Status codes from
     * bot conversational APIs"; a status that table gives no code (503, 504) gets no body.
     */
    public record Failure(int status, String retryAfter, String code, String message) {
        /** The documented code and message for {@code status}. */
        public Failure(int status, String retryAfter) {
            this(status, retryAfter, documentedCode(status), documentedMessage(status));
        }

        /** The app was removed from the conversation: 403 BotNotInConversationRoster. */
        public static Failure botNotInConversationRoster() {
            return new Failure(403, null, "BotNotInConversationRoster", "The bot isn't part of the conversation roster.");
        }

        /** The conversation does not exist (any more): 404 ConversationNotFound. */
        public static Failure conversationNotFound() {
            return new Failure(404, null, "ConversationNotFound", "Conversation not found.");
        }

        private static String documentedCode(int status) {
            return switch (status) {
                case 400 -> "BadArgument";
                case 401 -> "BotNotRegistered";
                case 403 -> "ConversationBlockedByUser";
                case 404 -> "ConversationNotFound";
                case 412 -> "PreconditionFailed";
                case 413 -> "MessageSizeTooBig";
                case 429 -> "Throttled";
                case 500, 502 -> "ServiceError";
                default -> null;
            };
        }

        private static String documentedMessage(int status) {
            return switch (status) {
                case 400 -> "Bad argument.";
                case 401 -> "No registration found for this bot.";
                case 403 -> "User blocked the conversation with the bot.";
                case 404 -> "Conversation not found.";
                case 412 -> "Precondition failed, please try again.";
                case 413 -> "Message size too large.";
                case 429 -> "Too many requests.";
                case 500, 502 -> "Service error.";
                default -> null;
            };
        }

        String body() {
            if (code == null) {
                return "";
            }
            return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message.replace("\"", "\\\"") + "\"}}";
        }
    }

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Call> calls = new ArrayList<>();
    private final Deque<Failure> failures = new ArrayDeque<>();
    private final Map<String, List<Map<String, String>>> members = new LinkedHashMap<>();
    private final Map<String, List<Map<String, String>>> channels = new LinkedHashMap<>();
    private final AtomicInteger activityIds = new AtomicInteger();
    private final AtomicInteger tokens = new AtomicInteger();
    private volatile Predicate<Call> failWhen = c -> true;
    private final List<Map.Entry<Predicate<Call>, Failure>> always = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Limits limits;
    /** When each send the limits let through arrived: per conversation, and for the whole bot. */
    private final Map<String, Deque<java.time.Instant>> accepted = new LinkedHashMap<>();
    private final Deque<java.time.Instant> acceptedByBot = new ArrayDeque<>();
    private final AtomicInteger throttled = new AtomicInteger();

    /**
     * Rate limits the fake enforces on sends ({@code POST …/activities}, {@code PUT} of an activity): per conversation,
     * the per bot per thread windows of MicrosoftDocs/msteams-docs {@code msteams-platform/bots/how-to/rate-limit.md}
     * ("Send to conversation": 7 in 1 s, 8 in 2 s, 60 in 30 s, 1,800 in 3,600 s), and {@code botPerSecond} for the
     * whole bot. A send that would exceed one is answered 429 as the Bot Connector answers it ({@link #THROTTLED}) and
     * not counted. A window is the {@code T} seconds up to and including the send, {@code (t - T, t]}, on {@code clock}.
     */
    public record Limits(java.util.function.Supplier<java.time.Instant> clock, int botPerSecond) {
        static final int[][] PER_CONVERSATION = {{1, 7}, {2, 8}, {30, 60}, {3600, 1800}};

        /**
         * The limits on the real clock, for Keepword processes running on their own: a monotonic clock (the JVM's
         * nanosecond timer as an instant), so a step of the wall clock cannot open or close a window.
         */
        public static Limits realTime(int botPerSecond) {
            return new Limits(() -> java.time.Instant.EPOCH.plusNanos(System.nanoTime()), botPerSecond);
        }
    }

    /**
     * One send the enforced limits judged, in the order they arrived: its conversation (without any
     * {@code ;messageid=}), its path, the bearer token it carried (each process fetches its own), when it arrived on the
     * limits' clock, and whether it was let through (false: it was answered 429). The fake's own log of arrival times, from which a test measures how much of a rate was used.
     */
    public record Send(String conversation, String path, String token, java.time.Instant at, boolean accepted) {
    }

    private final List<Send> sends = new ArrayList<>();

    /** Every send the enforced limits judged so far, in arrival order. */
    public synchronized List<Send> sends() {
        return List.copyOf(sends);
    }

    /**
     * Waits until {@code done} holds for the sends judged so far, or {@code timeout} passes (then fails with what
     * arrived). Woken by each send, never sleeping blindly.
     */
    public synchronized List<Send> awaitSends(Predicate<List<Send>> done, java.time.Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(sends)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the sends awaited did not arrive within " + timeout + "; " + sends.size()
                        + " arrived, " + sends.stream().filter(Send::accepted).count() + " accepted");
            }
            wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
        return List.copyOf(sends);
    }

    /**
     * The 429 the Bot Connector sends: the Bot Framework schema's error body (microsoft/botbuilder-java
     * {@code libraries/bot-schema/src/main/java/com/microsoft/bot/schema/ErrorResponse.java} and {@code Error.java}:
     * {@code {"error":{"code":…,"message":…}}}) with the code and message msteams-docs gives 429 ("Status codes from bot
     * conversational APIs": {@code Throttled}, "Too many requests."), and a {@code Retry-After} in seconds, which Microsoft's
     * SDK samples honour (the docs give no value; 1 s here).
     */
    public static final Failure THROTTLED = new Failure(429, "1");

    /** Enforces {@code limits} from now on (null: none). */
    public FakeBotConnector enforce(Limits limits) {
        this.limits = limits;
        return this;
    }

    /** How many sends the enforced limits answered 429. */
    public int throttled() {
        return throttled.get();
    }

    /** Whether {@code call} fits the limits at this moment; if so it is counted against them. */
    private synchronized boolean admits(Call call) {
        Limits l = limits;
        boolean send = call.is("POST", "/v3/conversations/") && call.path().endsWith("/activities")
                || call.is("POST", "/v3/conversations/") && call.path().contains("/activities/")
                || call.is("PUT", "/v3/conversations/");
        if (l == null || !send) {
            return true;
        }
        java.time.Instant now = l.clock().get();
        String conversation = call.path().substring("/v3/conversations/".length()).split("/")[0].split(";")[0];
        Deque<java.time.Instant> mine = accepted.computeIfAbsent(conversation, k -> new ArrayDeque<>());
        boolean fits = within(acceptedByBot, now, 1) < l.botPerSecond();
        for (int[] window : Limits.PER_CONVERSATION) {
            fits = fits && within(mine, now, window[0]) < window[1];
        }
        sends.add(new Send(conversation, call.path(), call.token(), now, fits));
        notifyAll();
        if (!fits) {
            return false;
        }
        mine.addLast(now);
        acceptedByBot.addLast(now);
        return true;
    }

    private static long within(Deque<java.time.Instant> sends, java.time.Instant now, int seconds) {
        java.time.Instant from = now.minusSeconds(seconds);
        return sends.stream().filter(t -> t.isAfter(from)).count();
    }

    public FakeBotConnector() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    public String serviceUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/teams/";
    }

    public String tokenUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/oauth2/v2.0/token";
    }

    /** How many tokens the token endpoint handed out. */
    public int tokensIssued() {
        return tokens.get();
    }

    /** Adds a member to a conversation or team's {@code pagedmembers} (two per page, so paging is exercised). */
    public FakeBotConnector member(String conversationId, String id, String name, String aadObjectId) {
        synchronized (this) {
            members.computeIfAbsent(conversationId, k -> new ArrayList<>()).add(Map.of("id", id, "name", name,
                    "aadObjectId", aadObjectId));
        }
        return this;
    }

    /** Adds a channel to a team (a null name is the General channel). */
    public FakeBotConnector channel(String teamId, String id, String name) {
        synchronized (this) {
            Map<String, String> c = new LinkedHashMap<>();
            c.put("id", id);
            c.put("name", name);
            channels.computeIfAbsent(teamId, k -> new ArrayList<>()).add(c);
        }
        return this;
    }

    /** The next matching calls (in order) answer with these failures. */
    public synchronized FakeBotConnector failNext(Failure... next) {
        failures.addAll(List.of(next));
        return this;
    }

    /** Every call matching {@code which} answers {@code failure}, for good (a chat that is gone stays gone). */
    public FakeBotConnector failAlways(Predicate<Call> which, Failure failure) {
        always.add(Map.entry(which, failure));
        return this;
    }

    public synchronized FakeBotConnector failOnly(Predicate<Call> which) {
        this.failWhen = which;
        return this;
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<Call> calls(String method, String pathStart) {
        return calls.stream().filter(c -> c.is(method, pathStart)).toList();
    }

    public synchronized void clear() {
        calls.clear();
    }

    /** Waits (without sleeping blindly) until {@code n} calls match; the real server answers on its own threads. */
    public synchronized List<Call> await(String method, String pathStart, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (calls(method, pathStart).size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + n + " calls " + method + " " + pathStart + ", got " + calls());
            }
            wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
        return calls(method, pathStart);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String raw = ex.getRequestURI().getRawPath();
            String path = decode(raw);
            byte[] in = ex.getRequestBody().readAllBytes();
            if (path.equals("/oauth2/v2.0/token")) {
                String form = new String(in, StandardCharsets.UTF_8);
                if (!form.contains("grant_type=client_credentials") || !form.contains("scope=https%3A%2F%2Fapi.botframework.com%2F.default")) {
                    send(ex, 400, "{\"error\":\"invalid_request\"}", null);
                    return;
                }
                send(ex, 200, "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"tok-" + tokens.incrementAndGet()
                        + "\"}", null);
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            JsonNode body = in.length == 0 ? null : json.readTree(in);
            Call call = new Call(method, path.replaceFirst("^/teams", ""), body, auth == null ? null : auth.replaceFirst("^Bearer ", ""));
            Failure failure;
            synchronized (this) {
                calls.add(call);
                failure = !failures.isEmpty() && failWhen.test(call) ? failures.poll() : null;
                notifyAll();
            }
            if (auth == null || !auth.startsWith("Bearer tok-")) {
                send(ex, 401, "{}", null);
                return;
            }
            if (failure == null) {
                for (Map.Entry<Predicate<Call>, Failure> rule : always) {
                    if (rule.getKey().test(call)) {
                        failure = rule.getValue();
                        break;
                    }
                }
            }
            if (failure == null && !admits(call)) {
                throttled.incrementAndGet();
                failure = THROTTLED;
            }
            if (failure != null) {
                send(ex, failure.status(), failure.body(), failure.retryAfter());
                return;
            }
            String query = ex.getRequestURI().getRawQuery();
            send(ex, 200, answer(call, query == null ? "" : query), null);
        }
    }

    private String answer(Call c, String query) {
        String p = c.path();
        String[] seg = p.split("/");
        if (c.is("POST", "/v3/conversations") && seg.length == 3) {
            return "{\"id\":\"a:chat-" + c.body().path("members").path(0).path("id").asText() + "\"}";
        }
        if (c.is("GET", "/v3/teams/")) {
            String team = p.substring("/v3/teams/".length(), p.length() - "/conversations".length());
            ObjectNode out = json.createObjectNode();
            ArrayNode list = out.putArray("conversations");
            synchronized (this) {
                channels.getOrDefault(team, List.of()).forEach(ch -> {
                    ObjectNode o = list.addObject().put("id", ch.get("id"));
                    if (ch.get("name") == null) {
                        o.putNull("name");
                    } else {
                        o.put("name", ch.get("name"));
                    }
                });
            }
            return out.toString();
        }
        if (c.is("GET", "/v3/conversations/") && p.contains("/pagedmembers")) {
            String conversation = p.substring("/v3/conversations/".length(), p.indexOf("/pagedmembers"));
            int start = query.contains("continuationToken=") ? Integer.parseInt(query.replaceAll(".*continuationToken=(\\d+).*", "$1")) : 0;
            List<Map<String, String>> all;
            synchronized (this) {
                all = List.copyOf(members.getOrDefault(conversation, List.of()));
            }
            ObjectNode out = json.createObjectNode();
            ArrayNode list = out.putArray("members");
            for (int i = start; i < Math.min(all.size(), start + 2); i++) {
                ObjectNode m = list.addObject();
                all.get(i).forEach(m::put);
            }
            if (start + 2 < all.size()) {
                out.put("continuationToken", String.valueOf(start + 2));
            }
            return out.toString();
        }
        if (c.is("PUT", "/v3/conversations/")) {
            return "{\"id\":\"" + seg[seg.length - 1] + "\"}";
        }
        return "{\"id\":\"act-" + activityIds.incrementAndGet() + "\"}";
    }

    private static String decode(String raw) {
        List<String> parts = new ArrayList<>();
        for (String seg : raw.split("/", -1)) {
            parts.add(URLDecoder.decode(seg.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return String.join("/", parts);
    }

    private static void send(HttpExchange ex, int status, String body, String retryAfter) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (retryAfter != null) {
            ex.getResponseHeaders().set("Retry-After", retryAfter);
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length); // -1: no body (0 would mean chunked)
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
