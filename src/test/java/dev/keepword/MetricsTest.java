package dev.keepword;

import dev.keepword.app.Inbound;
import dev.keepword.app.MutableClock;
import dev.keepword.config.Settings;
import dev.keepword.domain.Agreement;
import dev.keepword.domain.Engagement;
import dev.keepword.slack.FakeSlackApi;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /metrics}: Prometheus text with the JVM, the pool, request timings and Keepword's own figures. */
class MetricsTest {

    @Test
    void metricsShowTheOutboxTheRequestsAndTheJvmInPrometheusFormat() throws Exception {
        try (FakeSlackApi slack = new FakeSlackApi().user("UMAYA", "Maya Okafor", "Europe/London")
                .user("USAM", "Sam Rivera", "America/New_York")) {
            Settings settings = Settings.of(Map.of("SLACK_BOT_TOKEN", "xoxb-test", "SLACK_SIGNING_SECRET", "s3cret",
                    "PORT", "0", "KEEPWORD_SLACK_API_URL", slack.apiUrl()));
            MutableClock clock = new MutableClock(Instant.now());
            try (Serving running = Serving.start(settings, Optional.of("jdbc:h2:mem:" + UUID.randomUUID()
                    + ";DB_CLOSE_DELAY=-1"), clock, null)) {
                running.wiring().engagements().save(new Engagement(FakeSlackApi.TEAM, "C0ACME", "acme", List.of("USAM"),
                        List.of("UMAYA"), "C0INTERNAL", ZoneId.of("Europe/London"), 2, Agreement.DEFAULT));
                assertEquals(200, KeepwordProcess.command(running.port(), "s3cret", FakeSlackApi.TEAM, "UMAYA",
                        "<@USAM> send the logo files by friday", slack.hooksUrl() + "m/1", "3000.1.metrics"));
                running.drain();
                running.wiring().commands().handle(new Inbound(FakeSlackApi.TEAM, "C0ACME", "UMAYA",
                        "<@USAM> send the brand guidelines by next tuesday"));
                // Slack answers one post 429 (Retry-After 30 s); the next post waits for that pause without trying.
                dev.keepword.slack.SlackChat chat = running.surface(SlackSurface.class).chat();
                slack.rateLimitNext("chat.postMessage", 30);
                chat.send(FakeSlackApi.TEAM, new dev.keepword.app.Target.Channel("C0ACME"), dev.keepword.app.Message.text("one"));
                chat.send(FakeSlackApi.TEAM, new dev.keepword.app.Target.Channel("C0OTHER"), dev.keepword.app.Message.text("two"));

                HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + running.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());

                assertEquals(200, metrics.statusCode());
                assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
                String text = metrics.body();
                assertTrue(java.util.regex.Pattern.compile("keepword_outbox_rows\\{state=\"PLANNED\"} [1-9]").matcher(text)
                        .find(), text);
                assertTrue(text.contains("keepword_dispatch_lag_seconds 0.0"), text);
                assertTrue(text.contains("http_server_requests_seconds_count{method=\"POST\",path=\"/slack/events\","
                        + "status=\"200\"} 1"), text);
                assertTrue(text.contains("http_server_requests_seconds_bucket{method=\"POST\",path=\"/slack/events\""), text);
                assertTrue(text.contains("jvm_memory_used_bytes"), text);
                assertTrue(text.contains("hikaricp_connections"), text);
                assertTrue(text.contains("keepword_chat_refused_total{platform=\"slack\",status=\"429\"} 1.0"), text);
                assertTrue(java.util.regex.Pattern.compile("keepword_pacing_waits_total\\{platform=\"slack\"} [1-9]")
                        .matcher(text).find(), text);
                assertTrue(java.util.regex.Pattern.compile("keepword_pacing_wait_seconds_total\\{platform=\"slack\"} (29|30)\\.")
                        .matcher(text).find(), text);
            }
        }
    }
}
