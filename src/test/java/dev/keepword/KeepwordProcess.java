package dev.keepword;

import dev.keepword.slack.SlackSignature;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Keepword.main} in a JVM of its own, as an operator runs it: started in an empty folder (no .env) with only the
 * given variables of ours, its log in {@code keepword.log} there. For tests that stop it with a real SIGTERM or kill it
 * with a real {@code kill -9}. The JVM runs with the client compiler only and the serial collector: three of them start
 * side by side on two cores, and that halves their start-up work (the tests measure rates and takeovers, not peak speed).
 */
final class KeepwordProcess {
    private final Process process;
    private final Path log;

    private KeepwordProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static KeepwordProcess start(Path dir, Map<String, String> env) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath, Keepword.class.getName());
        builder.environment().keySet().removeIf(k -> k.startsWith("SLACK_") || k.startsWith("TEAMS_")
                || k.startsWith("KEEPWORD_"));
        builder.environment().putAll(env);
        builder.directory(dir.toFile());
        builder.redirectErrorStream(true);
        Path log = dir.resolve("keepword.log");
        builder.redirectOutput(log.toFile());
        return new KeepwordProcess(builder.start(), log);
    }

    Process process() {
        return process;
    }

    /** Sends each a SIGTERM, then waits for each to end (up to 20 s apiece): they drain side by side. */
    static void stopAll(java.util.List<KeepwordProcess> processes) throws InterruptedException {
        for (KeepwordProcess p : processes) {
            p.process().destroy();
        }
        for (KeepwordProcess p : processes) {
            p.process().waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** The port from the "Listening on" line, waiting up to a minute for it. */
    int awaitPort() throws InterruptedException {
        Pattern listening = Pattern.compile("Listening on http://[^:]+:(\\d+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = listening.matcher(log());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            assertTrue(process.isAlive(), "Keepword ended: " + log());
            process.waitFor(20, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("Keepword did not listen within a minute: " + log());
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * A {@code /commit} signed with {@code secret} as Slack sends it, its {@code response_url} {@code responseUrl}; the
     * status (200 only for an empty ack: the command was taken), or -1 when nothing answers any more.
     */
    static int command(int port, String secret, String team, String user, String text, String responseUrl,
                       String triggerId) throws InterruptedException {
        return command(port, secret, team, "C0ACME", user, text, responseUrl, triggerId);
    }

    /** The same, typed in {@code channel}. */
    static int command(int port, String secret, String team, String channel, String user, String text, String responseUrl,
                       String triggerId) throws InterruptedException {
        try {
            HttpResponse<String> r = commandRequest(port, secret, team, channel, user, text, responseUrl, triggerId,
                    Duration.ofMinutes(5));
            return r.statusCode() == 200 && r.body().isEmpty() ? 200 : r.statusCode();
        } catch (IOException refused) {
            return -1;
        }
    }

    /** A signed {@code /commit} slash command as Slack posts it, and the process's answer (within {@code timeout}). */
    static HttpResponse<String> commandRequest(int port, String secret, String team, String channel, String user,
                                               String text, String responseUrl, String triggerId, Duration timeout)
            throws IOException, InterruptedException {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("team_id", team);
        f.put("channel_id", channel);
        f.put("user_id", user);
        f.put("command", "/commit");
        f.put("text", text);
        f.put("response_url", responseUrl);
        f.put("trigger_id", triggerId);
        byte[] body = f.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")).getBytes(StandardCharsets.UTF_8);
        String ts = String.valueOf(System.currentTimeMillis() / 1000);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slack/events"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", ts)
                .header("X-Slack-Signature", new SlackSignature(secret).sign(ts, body))
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
