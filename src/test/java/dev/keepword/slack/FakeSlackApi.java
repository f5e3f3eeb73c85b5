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

    public FakeSlackApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    /** The Web API base, with the trailing slash the SDK needs. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    /** Adds a person {@code users.info} knows. */
    public FakeSlackApi user(String id, String name, String tz) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("id", id);
        u.put("team_id", TEAM);
        u.put("name", name.toLowerCase().replace(' ', '.'));
        u.put("real_name", name);
        u.put("tz", tz);
        u.put("tz_offset", -99999); // never to be used: a test fails loudly if a zone were derived from it
        u.put("profile", Map.of("real_name", name, "display_name", name));
        users.put(id, u);
        return this;
    }

    /** The next call of {@code method} answers this failure (several queue up). */
    public void failNext(String method, Failure failure) {
        failures.computeIfAbsent(method, m -> new ArrayDeque<>()).add(failure);
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
            String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : params.get("token");
            Call call = new Call(method, params, token);
            synchronized (this) {
                calls.add(call);
                notifyAll();
            }
            Deque<Failure> queued = failures.get(method);
            Failure failure = queued == null ? null : queued.poll();
            if (failure != null) {
                failure.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                respond(exchange, failure.status(), failure.body());
                return;
            }
            respond(exchange, 200, gson.toJson(answer(call)));
        }
    }

    private Map<String, Object> answer(Call call) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", true);
        switch (call.method()) {
            case "auth.test" -> {
                out.put("url", "https://keepword-test.slack.com/");
                out.put("team", "Keepword Test");
                out.put("user", "keepword");
                out.put("team_id", TEAM);
                out.put("user_id", BOT_USER);
                out.put("bot_id", "B0BOT");
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
            case "conversations.members" -> {
                out.put("members", List.copyOf(users.keySet()));
                out.put("response_metadata", Map.of("next_cursor", ""));
            }
            case "conversations.open" -> out.put("channel", Map.of("id", "D" + String.valueOf(call.param("users")).substring(1)));
            case "apps.connections.open" -> out.put("url", "ws://127.0.0.1:1/link");
            default -> {
            }
        }
        return out;
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
