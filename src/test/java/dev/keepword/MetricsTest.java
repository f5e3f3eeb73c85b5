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
                // The owner's "recorded for you" notice, through the dispatcher: Slack answers 503 (tried again
                // later), then refuses it with an error no fallback channel helps with; the consultant is told of that.
                var dispatcher = running.wiring().dispatcher();
                untilDue(running, clock);
                slack.serverErrorNext("chat.postMessage");
                dispatcher.runDue(clock.now());
                untilDue(running, clock);
                slack.errorNext("chat.postMessage", "account_inactive");
                dispatcher.runDue(clock.now());
                untilDue(running, clock);
                dispatcher.runDue(clock.now());
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
                // Finished messages by kind, read in the same pass as the rows by state: the two agree.
                assertFinishedNudgesMatchRows(text, "SENT");
                assertFinishedNudgesMatchRows(text, "FAILED"); // the rows of the message refused account_inactive
                assertTrue(!text.contains("keepword_outbox_finished{kind=\"nudge\",state=\"PLANNED\"}"), text);
                assertTrue(text.contains("http_server_requests_seconds_count{method=\"POST\",path=\"/slack/events\","
                        + "status=\"200\"} 1"), text);
                assertTrue(text.contains("http_server_requests_seconds_bucket{method=\"POST\",path=\"/slack/events\""), text);
                assertTrue(text.contains("jvm_memory_used_bytes"), text);
                assertTrue(text.contains("hikaricp_connections"), text);
                assertTrue(text.contains("keepword_chat_refused_total{platform=\"slack\",status=\"429\"} 1.0"), text);
                // What became of the messages the dispatcher sent, by platform, outcome and a bounded reason.
                assertTrue(text.contains("keepword_messages_total{outcome=\"retried\",platform=\"slack\",reason=\"http_503\"} 1.0"), text);
                assertTrue(text.contains("keepword_messages_total{outcome=\"sent\",platform=\"slack\",reason=\"delivered\"} 1.0"), text);
                assertTrue(text.contains("keepword_messages_total{outcome=\"failed\",platform=\"slack\",reason=\"account_inactive\"} 1.0"), text);
                assertTrue(!text.contains("keepword_messages_total{outcome=\"retried\",platform=\"slack\",reason=\"rate_limited\"}"),
                        "the 429 above was a direct send, not through the routed chat: " + text);
                assertTrue(java.util.regex.Pattern.compile("keepword_pacing_waits_total\\{platform=\"slack\"} [1-9]")
                        .matcher(text).find(), text);
                assertTrue(java.util.regex.Pattern.compile("keepword_pacing_wait_seconds_total\\{platform=\"slack\"} (29|30)\\.")
                        .matcher(text).find(), text);
            }
        }
    }

    /**
     * On H2 the outbox is counted from its indexes and its row count, without reading the rows (one pass over them cost
     * seconds a refresh on a large outbox): the figures are those one pass would give, summaries (commitment 0, in two
     * workspaces) told from nudges, and a commitment-0 row that is no summary (a notice about a person) counted as a nudge.
     */
    @Test
    void onH2TheOutboxIsCountedFromItsIndexesAsOnePassOverItWould() {
        try (dev.keepword.store.Database db = dev.keepword.store.Database.open("jdbc:h2:mem:" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1")) {
            int[] key = {0};
            java.util.function.BiConsumer<String, String[]> rows = (ws, spec) -> {
                // spec: commitment id, step, state, how many
                for (int i = 0; i < Integer.parseInt(spec[3]); i++) {
                    Instant at = Instant.parse("2026-11-23T09:30:00Z").plusSeconds(key[0]);
                    db.jdbc().update("""
                            insert into outbox (workspace_id, commitment_id, commitment_due, recipient, step, occurrence,
                              dedupe_key, planned_for, due_at, state, attempts, detail)
                            values (?, ?, ?, 'U1', ?, 0, ?, ?, ?, ?, 0, '')""",
                            ws, Long.parseLong(spec[0]), at, spec[1], "k" + key[0]++, at, at, spec[2]);
                }
            };
            rows.accept("T1", new String[]{"1", "HEADS_UP", "PLANNED", "3"});
            rows.accept("T1", new String[]{"2", "OVERDUE", "SENDING", "1"});
            rows.accept("T1", new String[]{"1", "DUE_TODAY", "SENT", "5"});
            rows.accept("T1", new String[]{"3", "RUNG", "FAILED", "2"});
            rows.accept("T1", new String[]{"4", "OVERDUE", "DROPPED", "1"});
            rows.accept("T1", new String[]{"0", "SUMMARY", "SENT", "2"});
            rows.accept("T1", new String[]{"0", "SUMMARY_INTERNAL", "PLANNED", "1"});
            rows.accept("T1", new String[]{"0", "STANDING", "SENT", "1"});
            rows.accept("T2", new String[]{"7", "OVERDUE", "SENT", "3"});
            rows.accept("T2", new String[]{"0", "SUMMARY", "SENT", "1"});
            rows.accept("T2", new String[]{"0", "SUMMARY", "FAILED", "1"});

            List<Metrics.Count> onePass = Metrics.countedInOnePass(db.jdbc());
            java.util.Comparator<Metrics.Count> order = java.util.Comparator.comparing(Metrics.Count::state)
                    .thenComparing(Metrics.Count::kind);
            assertEquals(onePass.stream().sorted(order).toList(),
                    Metrics.outboxCounts(db).stream().sorted(order).toList());
            assertTrue(onePass.contains(new Metrics.Count("SENT", "summary", 3)), onePass.toString());
            assertTrue(onePass.contains(new Metrics.Count("SENT", "nudge", 9)), onePass.toString());
            assertTrue(onePass.contains(new Metrics.Count("FAILED", "summary", 1)), onePass.toString());
        }
    }

    /** The reason label comes from a bounded set, whatever the adapters' texts name (people, conversations). */
    @Test
    void aFailuresReasonIsABoundedLabelNeverTheTextThatNamesPeople() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("channel_not_found", "channel_not_found"); // Slack's error code, as SlackChat passes it on
        cases.put("Slack answered HTTP 503", "http_503");
        cases.put("rate limited by Slack", "rate_limited");
        cases.put("Teams answered HTTP 429", "rate_limited");
        cases.put("Teams answered HTTP 404 ConversationNotFound: Conversation not found", "ConversationNotFound");
        cases.put("Teams answered HTTP 400", "http_400");
        cases.put("the bot was blocked or removed (HTTP 403)", "bot_removed");
        cases.put("the bot was blocked or removed by 29:1ABC", "bot_removed");
        cases.put("Keepword has no Teams conversation reference for 29:1ABC", "no_conversation");
        cases.put("Keepword is not in Teams conversation 19:abc@thread.tacv2", "not_in_conversation");
        cases.put("network: SocketTimeoutException", "network");
        cases.put("still failing after 5 attempts (Sam <@U1> said no)", "other");
        cases.put("", "other");
        cases.forEach((text, label) -> assertEquals(label, Metrics.reason(text), text));
    }

    /** Some nudges finished in {@code state}, as many as the outbox rows in that state (all of them nudges here). */
    private static void assertFinishedNudgesMatchRows(String text, String state) {
        java.util.regex.Matcher finished = java.util.regex.Pattern.compile(
                "keepword_outbox_finished\\{kind=\"nudge\",state=\"" + state + "\"} ([1-9][0-9]*)\\.0").matcher(text);
        assertTrue(finished.find(), text);
        assertTrue(text.contains("keepword_outbox_rows{state=\"" + state + "\"} " + finished.group(1) + ".0"), text);
    }

    /** Moves the clock to the next planned message, if it is not due yet. */
    private static void untilDue(Serving running, MutableClock clock) {
        Instant next = running.wiring().outbox().nextDue().orElseThrow();
        if (next.isAfter(clock.now())) {
            clock.advance(java.time.Duration.between(clock.now(), next));
        }
    }
}
