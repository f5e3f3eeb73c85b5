package dev.keepword.slack;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A fake Slack Web API on localhost that answers every method Keepword calls with Slack-shaped JSON, records each
 * call, and can be told to answer 429 with Retry-After, a 5xx, or {@code ok:false} errors. Point the SDK at
 * {@link #apiUrl()} ({@code KEEPWORD_SLACK_API_URL}).
 */
public final class FakeSlackApi implements AutoCloseable {
    public static final String TEAM = "T0001";
    public static final String BOT_USER = "UBOT";

    /** One recorded call: the method, its parameters (form or JSON, flattened to strings), and the bearer token. */
    public record Call(String method, Map<String, String> params, String token) {
        public String param(String name) {
            return params.get(name);
        }
    }

    /** A canned failure: HTTP status, headers and body. */
    public record Failure(int status, Map<String, String> headers, String body) {
    }

    private final HttpServer server;
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Deque<Failure>> failures = new ConcurrentHashMap<>();
    private final Map<String, String> refusedDms = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> users = new ConcurrentHashMap<>();
    private final AtomicLong ts = new AtomicLong(1_790_000_000_000_000L);
    private final AtomicLong views = new AtomicLong();
    private final Gson gson = new Gson();
    /** bot token -> the workspace it belongs to: team id, bot user, bot id (auth.test); unknown tokens are {@link #TEAM}'s. */
    private final Map<String, String[]> workspaces = new ConcurrentHashMap<>();
    /** OAuth code -> the oauth.v2.access answer it gets (once). */
    private final Map<String, Map<String, Object>> oauthCodes = new ConcurrentHashMap<>();
    private final Map<String, List<String>> channelMembers = new ConcurrentHashMap<>();
    /** bot id -> its bot user id, for {@code bots.info}; any other bot id is {@code bot_not_found} (a deleted bot). */
    private final Map<String, String> botIds = new ConcurrentHashMap<>(Map.of("B0BOT", BOT_USER));
    /** File uploads (files.getUploadURLExternal, then a POST to /upload/<file id>): the bytes that arrived, by file id. */
    private final Map<String, byte[]> uploads = new ConcurrentHashMap<>();
    private final AtomicLong fileIds = new AtomicLong();
    private volatile java.util.concurrent.CountDownLatch uploadGate = new java.util.concurrent.CountDownLatch(0);
    private volatile String[] oauthClient;
    private volatile String socketModeUrl = "ws://127.0.0.1:1/link";

    static {
        // The JDK server writes a response's headers and body apart; without TCP_NODELAY each answer on a kept-alive
        // connection waits ~40 ms for the client's delayed ACK (Nagle), which Slack's servers do not make anyone wait.
        // Read once, when the first server in this JVM starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public FakeSlackApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/", this::handle);
        server.createContext("/hooks/", this::hook);
        server.createContext("/upload/", this::upload);
        server.setExecutor(Executors.newFixedThreadPool(32));
        server.start();
    }

    /** The Web API base, with the trailing slash the SDK needs. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    /** Adds a person {@code users.info} knows. */
    public FakeSlackApi user(String id, String name, String tz) {
        return user(id, name, tz, TEAM);
    }

    /** Adds a person of team {@code team}: another workspace's member, or someone from another organisation (Slack Connect). */
    public FakeSlackApi user(String id, String name, String tz, String team) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("id", id);
        u.put("team_id", team);
        u.put("name", name.toLowerCase().replace(' ', '.'));
        u.put("real_name", name);
        u.put("tz", tz);
        u.put("tz_offset", -99999); // never to be used: a test fails loudly if a zone were derived from it
        u.put("profile", Map.of("real_name", name, "display_name", name));
        users.put(id, u);
        return this;
    }

    /** Someone Slack marks {@code is_stranger}: from another organisation, seen through a shared channel. */
    public FakeSlackApi stranger(String id, String name, String tz) {
        user(id, name, tz, TEAM);
        users.get(id).put("is_stranger", true);
        return this;
    }

    /** A bot user {@code users.info} knows (is_bot). */
    public FakeSlackApi bot(String id, String name) {
        user(id, name, "America/Los_Angeles");
        users.get(id).put("is_bot", true);
        return this;
    }

    /** A bot {@code bots.info} knows: {@code botId} (B…) belongs to bot user {@code userId}. */
    public FakeSlackApi botId(String botId, String userId) {
        botIds.put(botId, userId);
        return this;
    }

    /** Who {@code conversations.members} lists for {@code channel} (by default: everyone {@code users.info} knows). */
    public FakeSlackApi members(String channel, String... ids) {
        channelMembers.put(channel, List.of(ids));
        return this;
    }

    /**
     * A workspace that can install Keepword: the OAuth {@code code} Slack would hand its admin's browser answers
     * {@code oauth.v2.access} (once) with {@code botToken}, and {@code auth.test} with that token answers this team.
     */
    public FakeSlackApi workspace(String team, String teamName, String code, String botToken, String botUser, String installer) {
        workspaces.put(botToken, new String[]{team, botUser, "B" + team});
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", true);
        answer.put("app_id", "A0KEEPWORD");
        answer.put("authed_user", Map.of("id", installer));
        answer.put("scope", "commands,chat:write,im:write,users:read,channels:history,groups:history,channels:read,groups:read");
        answer.put("token_type", "bot");
        answer.put("access_token", botToken);
        answer.put("bot_user_id", botUser);
        answer.put("team", Map.of("id", team, "name", teamName));
        answer.put("enterprise", null);
        answer.put("is_enterprise_install", false);
        oauthCodes.put(code, answer);
        return this;
    }

    /** The client id and secret {@code oauth.v2.access} accepts (HTTP Basic, as Slack wants them). */
    public FakeSlackApi oauthClient(String clientId, String clientSecret) {
        oauthClient = new String[]{clientId, clientSecret};
        return this;
    }

    /** The WebSocket URL {@code apps.connections.open} hands out (a {@link FakeSocketModeServer}). */
    public FakeSlackApi socketModeUrl(String url) {
        socketModeUrl = url;
        return this;
    }

    /** The next call of {@code method} answers this failure (several queue up). */
    public void failNext(String method, Failure failure) {
        failures.computeIfAbsent(method, m -> new ArrayDeque<>()).add(failure);
    }

    /** One {@code chat.postMessage} as the rate limiter saw it: when (System.nanoTime), where, and whether it was taken. */
    public record Post(long nanos, String channel, boolean accepted) {
    }

    /** Slack's message rates, enforced on the wall clock: token buckets per channel and for the workspace. */
    private record Limits(double channelPerSecond, int channelBurst, double workspacePerSecond, int workspaceBurst) {
    }

    private volatile Limits limits;
    private final Map<String, double[]> buckets = new HashMap<>(); // {tokens, last nanos}
    private final List<Post> posts = new ArrayList<>();

    /**
     * From now on {@code chat.postMessage} is held to Slack's rates, as Slack holds it: {@code channelPerSecond} per
     * channel (bursts of {@code channelBurst}) and {@code workspacePerMinute} for the whole workspace (bursts of
     * {@code workspaceBurst}), token buckets on the wall clock (the processes posting run on it). A post over either is
     * answered HTTP 429 {@code ratelimited} with {@code Retry-After} in whole seconds and not delivered. Every post is
     * logged with its time ({@link #posts}).
     */
    public FakeSlackApi limitPosts(double channelPerSecond, int channelBurst, int workspacePerMinute, int workspaceBurst) {
        limits = new Limits(channelPerSecond, channelBurst, workspacePerMinute / 60.0, workspaceBurst);
        return this;
    }

    /** Every {@code chat.postMessage} since {@link #limitPosts}, in arrival order. */
    public synchronized List<Post> posts() {
        return List.copyOf(posts);
    }

    /** 0 when the post fits both buckets (and takes from them); otherwise the Retry-After in seconds. */
    private synchronized long admit(String channel) {
        Limits l = limits;
        long now = System.nanoTime();
        double ch = waitFor(buckets.computeIfAbsent("channel " + channel, k -> new double[]{l.channelBurst(), now}),
                l.channelBurst(), l.channelPerSecond(), now);
        double ws = waitFor(buckets.computeIfAbsent("workspace", k -> new double[]{l.workspaceBurst(), now}),
                l.workspaceBurst(), l.workspacePerSecond(), now);
        boolean accepted = ch == 0 && ws == 0;
        posts.add(new Post(now, channel, accepted));
        if (!accepted) {
            return Math.max(1, (long) Math.ceil(Math.max(ch, ws)));
        }
        buckets.get("channel " + channel)[0] -= 1;
        buckets.get("workspace")[0] -= 1;
        return 0;
    }

    /** Refills {@code bucket} to {@code now}; seconds until it holds a token (0: it holds one). */
    private static double waitFor(double[] bucket, int capacity, double perSecond, long now) {
        if (now > bucket[1]) {
            bucket[0] = Math.min(capacity, bucket[0] + (now - bucket[1]) / 1e9 * perSecond);
            bucket[1] = now;
        }
        return bucket[0] >= 1 ? 0 : (1 - bucket[0]) / perSecond;
    }

    private volatile long answerDelayMillis;

    /** Every Web API call and response_url post is answered only after {@code delay} (a Slack far away; benchmarks). */
    public FakeSlackApi answerAfter(Duration delay) {
        answerDelayMillis = delay.toMillis();
        return this;
    }

    private void delay() {
        long ms = answerDelayMillis;
        if (ms > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ms)); // a slow answer
        }
    }

    public void rateLimitNext(String method, int retryAfterSeconds) {
        failNext(method, new Failure(429, Map.of("Retry-After", String.valueOf(retryAfterSeconds)),
                "{\"ok\":false,\"error\":\"ratelimited\"}"));
    }

    public void serverErrorNext(String method) {
        failNext(method, new Failure(503, Map.of(), "<html>Service Unavailable</html>"));
    }

    public void errorNext(String method, String error) {
        failNext(method, new Failure(200, Map.of(), "{\"ok\":false,\"error\":\"" + error + "\"}"));
    }

    /** Every DM to this person ({@code chat.postMessage} with their id as channel) fails with {@code error}. */
    public void refuseDmsTo(String userId, String error) {
        refusedDms.put(userId, error);
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** Waits (up to {@code timeout}) until {@code count} calls of {@code method} match, and returns them. */
    public synchronized List<Call> await(String method, Predicate<Call> match, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Call> found = calls.stream().filter(c -> c.method().equals(method) && match.test(c)).toList();
            if (found.size() >= count) {
                return found;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " " + method + " call(s) within " + timeout + "; got "
                        + found.size() + ". All calls: " + calls);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    public Call awaitOne(String method, Predicate<Call> match) throws InterruptedException {
        return await(method, match, 1, Duration.ofSeconds(10)).get(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestURI().getPath().substring("/api/".length());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
            Map<String, String> params = contentType.startsWith("application/json") ? json(body) : form(body);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7)
                    : auth != null && auth.startsWith("Basic ") ? "basic:" + new String(java.util.Base64.getDecoder()
                    .decode(auth.substring(6)), StandardCharsets.UTF_8) : params.get("token");
            Call call = new Call(method, params, token);
            synchronized (this) {
                calls.add(call);
                notifyAll();
            }
            delay();
            java.util.concurrent.CountDownLatch gate = holds.get(method);
            if (gate != null) {
                try {
                    gate.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Deque<Failure> queued = failures.get(method);
            Failure failure = queued == null ? null : queued.poll();
            if (failure != null) {
                failure.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                respond(exchange, failure.status(), failure.body());
                return;
            }
            if (limits != null && "chat.postMessage".equals(method)) {
                long retryAfter = admit(String.valueOf(call.param("channel")));
                if (retryAfter > 0) {
                    exchange.getResponseHeaders().add("Retry-After", String.valueOf(retryAfter));
                    respond(exchange, 429, "{\"ok\":false,\"error\":\"ratelimited\"}");
                    return;
                }
            }
            respond(exchange, 200, gson.toJson(answer(call)));
        }
    }

    private Map<String, Object> answer(Call call) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", true);
        switch (call.method()) {
            case "auth.test" -> {
                String[] ws = call.token() == null ? null : workspaces.get(call.token());
                out.put("url", "https://keepword-test.slack.com/");
                out.put("team", "Keepword Test");
                out.put("user", "keepword");
                out.put("team_id", ws == null ? TEAM : ws[0]);
                out.put("user_id", ws == null ? BOT_USER : ws[1]);
                out.put("bot_id", ws == null ? "B0BOT" : ws[2]);
                out.put("is_enterprise_install", false);
            }
            case "oauth.v2.access" -> {
                String[] client = oauthClient;
                if (client != null && !("basic:" + client[0] + ":" + client[1]).equals(call.token())) {
                    return Map.of("ok", false, "error", "invalid_client_id");
                }
                Map<String, Object> answer = oauthCodes.remove(String.valueOf(call.param("code")));
                return answer != null ? answer : Map.of("ok", false, "error", "invalid_code");
            }
            case "chat.postMessage" -> {
                String channel = call.param("channel");
                String refused = channel == null ? null : refusedDms.get(channel);
                if (refused != null) {
                    return Map.of("ok", false, "error", refused);
                }
                String at = nextTs();
                out.put("channel", channel != null && channel.startsWith("U") ? "D" + channel.substring(1) : channel);
                out.put("ts", at);
                out.put("message", Map.of("type", "message", "text", String.valueOf(call.param("text")), "ts", at,
                        "user", BOT_USER));
            }
            case "chat.postEphemeral" -> out.put("message_ts", nextTs());
            case "chat.update" -> {
                out.put("channel", call.param("channel"));
                out.put("ts", call.param("ts"));
                out.put("text", String.valueOf(call.param("text")));
            }
            case "views.open", "views.publish", "views.update" -> out.put("view",
                    Map.of("id", "V" + views.incrementAndGet(), "type", call.method().equals("views.publish") ? "home" : "modal"));
            case "users.info" -> {
                Map<String, Object> user = users.get(String.valueOf(call.param("user")));
                if (user == null) {
                    return Map.of("ok", false, "error", "user_not_found");
                }
                out.put("user", user);
            }
            case "bots.info" -> {
                // Slack's answer: the bot's profile, or ok:false bot_not_found for an id it does not know (a deleted app)
                String id = String.valueOf(call.param("bot"));
                String userId = botIds.get(id);
                if (userId == null) {
                    return Map.of("ok", false, "error", "bot_not_found");
                }
                out.put("bot", Map.of("id", id, "deleted", false, "name", "bot " + id, "updated", 1_790_000_000L,
                        "app_id", "A" + id.substring(1), "user_id", userId,
                        "icons", Map.of("image_36", "https://example.com/36.png", "image_48", "https://example.com/48.png",
                                "image_72", "https://example.com/72.png")));
            }
            case "conversations.members" -> {
                out.put("members", channelMembers.getOrDefault(String.valueOf(call.param("channel")), List.copyOf(users.keySet())));
                out.put("response_metadata", Map.of("next_cursor", ""));
            }
            case "conversations.open" -> out.put("channel", Map.of("id", "D" + String.valueOf(call.param("users")).substring(1)));
            case "apps.connections.open" -> out.put("url", socketModeUrl);
            case "files.getUploadURLExternal" -> {
                String id = "F" + String.format("%04d", fileIds.incrementAndGet());
                out.put("upload_url", "http://127.0.0.1:" + server.getAddress().getPort() + "/upload/" + id);
                out.put("file_id", id);
            }
            case "files.completeUploadExternal" -> {
                List<Map<String, String>> shared = new ArrayList<>();
                for (com.google.gson.JsonElement f : JsonParser.parseString(String.valueOf(call.param("files"))).getAsJsonArray()) {
                    JsonObject file = f.getAsJsonObject();
                    shared.add(Map.of("id", file.get("id").getAsString(),
                            "title", file.has("title") ? file.get("title").getAsString() : ""));
                }
                out.put("files", shared);
            }
            default -> {
            }
        }
        return out;
    }

    /**
     * A post to a {@code response_url} ({@code /hooks/…} here), recorded as method {@code response_url} with its JSON
     * fields, {@code path} and the raw {@code body}; answered {@code ok:true}, or with a queued failure
     * ({@code failNext("response_url", …)}).
     */
    private void hook(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> params = new HashMap<>(body.isBlank() ? Map.of() : json(body));
            params.put("path", exchange.getRequestURI().getPath());
            params.put("body", body);
            delay();
            synchronized (this) {
                calls.add(new Call("response_url", params, null));
                notifyAll();
            }
            Deque<Failure> queued = failures.get("response_url");
            Failure failure = queued == null ? null : queued.poll();
            if (failure != null) {
                failure.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                respond(exchange, failure.status(), failure.body());
                return;
            }
            respond(exchange, 200, "{\"ok\":true}");
        }
    }

    /**
     * The bytes POSTed to an upload URL ({@code files.getUploadURLExternal}), recorded as method {@code upload} with
     * params {@code file_id} and {@code length}; while {@link #holdUploads} is in force the POST waits before answering.
     */
    private void upload(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestURI().getPath().substring("/upload/".length());
            try {
                uploadGate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            uploads.put(id, body);
            synchronized (this) {
                calls.add(new Call("upload", Map.of("file_id", id, "length", String.valueOf(body.length)), null));
                notifyAll();
            }
            byte[] ok = ("OK - " + body.length).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
        }
    }

    /** The bytes uploaded as file {@code fileId}, or null. */
    public byte[] uploaded(String fileId) {
        return uploads.get(fileId);
    }

    /** Calls to {@code method} held until released (see {@link #hold}). */
    private final Map<String, java.util.concurrent.CountDownLatch> holds = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Calls to {@code method} are recorded at once but answered only when the returned action runs (or after a minute):
     * a Slack that is slow to answer, for making a backlog wait behind one call.
     */
    public Runnable hold(String method) {
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        holds.put(method, gate);
        return () -> {
            holds.remove(method, gate);
            gate.countDown();
        };
    }

    /** Upload POSTs wait (up to 30 s) until the returned action runs: for proving nothing waits for them. */
    public Runnable holdUploads() {
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        uploadGate = gate;
        return gate::countDown;
    }

    /** The base for {@code response_url}s that land here. */
    public String hooksUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/";
    }

    private String nextTs() {
        long n = ts.incrementAndGet();
        return (n / 1_000_000) + "." + String.format("%06d", n % 1_000_000);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        if (body.isEmpty()) {
            return out;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static Map<String, String> json(String body) {
        Map<String, String> out = new HashMap<>();
        if (body.isBlank()) {
            return out;
        }
        JsonObject o = JsonParser.parseString(body).getAsJsonObject();
        o.entrySet().forEach(e -> out.put(e.getKey(), e.getValue().isJsonPrimitive() ? e.getValue().getAsString()
                : e.getValue().toString()));
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdown();
    }
}
