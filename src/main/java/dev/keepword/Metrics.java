package dev.keepword;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.keepword.app.Clock;
import dev.keepword.app.Delivery;
import dev.keepword.store.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code GET /metrics} shows, in Prometheus text format (Micrometer): the JVM, the connection pool, HTTP requests
 * by path (the ack latency histogram, recorded by the web server), and Keepword's own state read from the database
 * at most every {@link #REFRESH}, so the figures are the cluster's, not this process's: outbox rows by state and the
 * age of the oldest due row (dispatch lag), the inbox backlog and the age of its oldest item by platform, weekly
 * summaries and messages sent or failed, and the processes whose clockwork checked in. Counted by this process as it
 * sends (Prometheus sums them over the cluster): each message's outcome by platform and reason ({@link #delivered}),
 * rate-limit answers and pacing waits ({@link #chats}).
 */
final class Metrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);
    static final Duration REFRESH = Duration.ofSeconds(5);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Database database;
    private final Clock clock;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final MultiGauge outboxRows;
    private final MultiGauge inboxBacklog;
    private final MultiGauge inboxLag;
    private final MultiGauge finished;
    private volatile double dispatchLag;
    private volatile double members;
    private Instant readAt = Instant.EPOCH;

    Metrics(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        if (database.dataSource() instanceof HikariDataSource hikari) {
            hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
        outboxRows = MultiGauge.builder("keepword.outbox.rows").description("planned messages by state").register(registry);
        finished = MultiGauge.builder("keepword.outbox.finished").description("messages finished, by kind and state")
                .register(registry);
        inboxBacklog = MultiGauge.builder("keepword.inbox.backlog").description("stored inbound items not yet handled")
                .register(registry);
        inboxLag = MultiGauge.builder("keepword.inbox.lag").baseUnit("seconds")
                .description("age of the oldest inbound item not yet handled").register(registry);
        Gauge.builder("keepword.dispatch.lag", this, m -> m.refreshed().dispatchLag).baseUnit("seconds")
                .description("how long the oldest due message has been waiting").register(registry);
        Gauge.builder("keepword.cluster.members", this, m -> m.refreshed().members)
                .description("processes whose clockwork checked in (PostgreSQL cluster)").register(registry);
    }

    /**
     * Each chat surface's own figures, counted by this process (Prometheus sums them over the cluster):
     * {@code keepword_chat_refused_total{platform,status="429"}}, the platform's rate-limit answers, and
     * {@code keepword_pacing_waits_total{platform}} and {@code keepword_pacing_wait_seconds_total{platform}}, the sends
     * Keepword's own pacing held back and the waits it asked for.
     */
    void chats(List<ChatSurface> surfaces) {
        for (ChatSurface s : surfaces) {
            if (s.chat() instanceof dev.keepword.slack.SlackChat slack) {
                chat("slack", slack, c -> c.stats().rateLimited(), c -> c.stats().paced(), c -> c.stats().pacedSeconds());
            } else if (s.chat() instanceof dev.keepword.teams.TeamsChat teams) {
                chat("teams", teams, c -> c.stats().rateLimited(), c -> c.stats().paced(), c -> c.stats().pacedSeconds());
            }
        }
    }

    private <C> void chat(String platform, C chat, java.util.function.ToDoubleFunction<C> refused,
                          java.util.function.ToDoubleFunction<C> paced, java.util.function.ToDoubleFunction<C> seconds) {
        FunctionCounter.builder("keepword.chat.refused", chat, refused).tags("platform", platform, "status", "429")
                .description("sends the platform refused with a rate limit (HTTP 429)").register(registry);
        FunctionCounter.builder("keepword.pacing.waits", chat, paced).tags("platform", platform)
                .description("sends held back by Keepword's own pacing (the send budget)").register(registry);
        FunctionCounter.builder("keepword.pacing.wait", chat, seconds).tags("platform", platform).baseUnit("seconds")
                .description("waits Keepword's own pacing asked for, in all").register(registry);
    }

    /**
     * Counts what became of one message Keepword sent (a nudge, an escalation, a summary, a note, an announcement) in
     * {@code keepword_messages_total{platform,outcome,reason}}, and returns {@code delivery} unchanged. Outcomes:
     * {@code sent}; {@code rerouted} (a DM the platform refused, posted in the fallback channel); {@code retried} (the
     * platform failed it for now); {@code failed} (it can never go as addressed). A send Keepword's own pacing held
     * back is no outcome: it is counted in {@code keepword_pacing_waits_total}. The reason is one of a bounded set
     * ({@link #reason}), never the free text, which names people and conversations.
     */
    Delivery delivered(String platform, Delivery delivery) {
        String outcome;
        String reason;
        if (delivery instanceof Delivery.Sent) {
            outcome = "sent";
            reason = "delivered";
        } else if (delivery instanceof Delivery.Rerouted) {
            outcome = "rerouted";
            reason = "dm_refused";
        } else if (delivery instanceof Delivery.Retry retry) {
            if (retry.paced()) {
                return delivery;
            }
            outcome = "retried";
            reason = reason(retry.reason());
        } else if (delivery instanceof Delivery.Undeliverable u) {
            outcome = "failed";
            reason = reason(u.reason());
        } else {
            return delivery;
        }
        Counter.builder("keepword.messages").tags("platform", platform, "outcome", outcome, "reason", reason)
                .description("messages sent to Slack or Teams, by what became of them").register(registry).increment();
        return delivery;
    }

    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final Pattern HTTP = Pattern.compile("answered HTTP (\\d{3})(?: ([A-Za-z][A-Za-z0-9_]{0,39}))?");

    /**
     * A send's failure as a label from a bounded set: a platform's own error code (Slack's {@code channel_not_found},
     * Teams' {@code ConversationNotFound}) or {@code http_NNN}; {@code rate_limited}; {@code network}; Keepword's own
     * findings ({@code bot_removed}, {@code no_conversation}, {@code not_in_conversation}); otherwise {@code other}.
     */
    static String reason(String text) {
        if (text == null || text.isBlank()) {
            return "other";
        }
        if (CODE.matcher(text).matches()) {
            return text;
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("429") || lower.contains("rate limited")) {
            return "rate_limited";
        }
        if (lower.contains("blocked or removed") || lower.contains("bot was removed")) {
            return "bot_removed";
        }
        Matcher http = HTTP.matcher(text);
        if (http.find()) {
            return http.group(2) != null ? http.group(2) : "http_" + http.group(1);
        }
        if (lower.startsWith("network")) {
            return "network";
        }
        if (lower.contains("conversation reference") || lower.contains("no teams chat") || lower.contains("open a chat")
                || lower.contains("created no conversation")) {
            return "no_conversation";
        }
        if (lower.contains("not in teams conversation")) {
            return "not_in_conversation";
        }
        return "other";
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text, Keepword's own figures read again when older than {@link #REFRESH}. */
    String scrape() {
        refreshed();
        return registry.scrape();
    }

    /** The outbox states a message ends in. */
    private static final java.util.Set<String> FINISHED = java.util.Set.of("SENT", "FAILED", "DROPPED");

    private synchronized Metrics refreshed() {
        Instant now = clock.now();
        if (Duration.between(readAt, now).compareTo(REFRESH) < 0 && !readAt.equals(Instant.EPOCH)) {
            return this;
        }
        readAt = now;
        try {
            var jdbc = database.jdbc();
            List<Count> counts = outboxCounts(database);
            Map<String, Long> byState = new java.util.TreeMap<>();
            counts.forEach(c -> byState.merge(c.state(), c.rows(), Long::sum));
            outboxRows.register(byState.entrySet().stream().map(e -> row(Tags.of("state", e.getKey()), e.getValue()))
                    .toList(), true);
            finished.register(counts.stream().filter(c -> FINISHED.contains(c.state()))
                    .map(c -> row(Tags.of("kind", c.kind(), "state", c.state()), c.rows())).toList(), true);
            dispatchLag = jdbc.one("select min(due_at) from outbox where state = 'PLANNED' and due_at <= ?",
                    rs -> rs.getTimestamp(1) == null ? 0.0 : seconds(rs.getTimestamp(1).toInstant(), now), now).orElse(0.0);
            record Backlog(String platform, long items, Instant oldest) {
            }
            List<Backlog> backlog = jdbc.query("select platform, count(*), min(received_at) from inbound_event "
                            + "where handled_at is null and payload is not null group by platform",
                    rs -> new Backlog(rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant()));
            inboxBacklog.register(backlog.stream().map(b -> row(Tags.of("platform", b.platform()), b.items())).toList(),
                    true);
            inboxLag.register(backlog.stream().map(b -> row(Tags.of("platform", b.platform()), seconds(b.oldest(), now)))
                    .toList(), true);
            members = jdbc.one("select count(*) from qrtz_scheduler_state", rs -> (double) rs.getLong(1)).orElse(0.0);
        } catch (RuntimeException e) {
            LOG.debug("Metrics not read from the database: {}", e.getMessage());
        }
        return this;
    }

    /** Outbox rows in one state and of one kind ({@code nudge} or {@code summary}). */
    record Count(String state, String kind, long rows) {
    }

    /** The states an outbox row can be in; {@code SENT} last (on H2 it is what the others leave of the row count). */
    private static final List<String> STATES = List.of("PLANNED", "SENDING", "FAILED", "DROPPED", "SENT");

    /**
     * The outbox's rows by state and kind, for both gauges. On PostgreSQL one pass over the table. On H2 that pass read
     * every row kept (sent ones stay 30 days): 4.2–7.1 CPU-s a refresh on an outbox of 2,200,000 rows, most of a core
     * taken from the dispatcher whenever Prometheus scraped every 5 s. There, no row is read but the unsent ones' index
     * entries and the summaries: the planned, leased, failed and dropped rows are counted on the {@code (state,
     * due_at)} index, the sent ones are what they leave of the table's row count (which H2 keeps), and the summaries
     * (no commitment: id 0) are counted on the {@code (workspace, commitment)} index, workspace by workspace. The same
     * figures, 60–420 ms on that outbox ({@code MetricsBenchmark}). Counted in one transaction; should a row be planned
     * or purged between two of the counts, the next refresh has it right.
     */
    static List<Count> outboxCounts(Database database) {
        var jdbc = database.jdbc();
        if (database.isPostgres()) {
            return countedInOnePass(jdbc);
        }
        return jdbc.inTransaction(() -> {
            Map<String, Long> byState = new java.util.HashMap<>();
            jdbc.query("select state, count(*) from outbox where state in ('PLANNED', 'SENDING', 'FAILED', 'DROPPED') "
                    + "group by state", rs -> byState.put(rs.getString(1), rs.getLong(2)));
            long all = jdbc.one("select count(*) from outbox", rs -> rs.getLong(1)).orElse(0L);
            byState.put("SENT", Math.max(0, all - byState.values().stream().mapToLong(Long::longValue).sum()));
            Map<String, Long> summaries = new java.util.HashMap<>();
            for (String ws : jdbc.query("select distinct workspace_id from outbox", rs -> rs.getString(1))) {
                jdbc.query("select state, count(*) from outbox where workspace_id = ? and commitment_id = 0 "
                                + "and step like 'SUMMARY%' group by state",
                        rs -> summaries.merge(rs.getString(1), rs.getLong(2), Long::sum), ws);
            }
            List<Count> counts = new java.util.ArrayList<>();
            for (String state : STATES) {
                long rows = byState.getOrDefault(state, 0L);
                long summary = Math.min(rows, summaries.getOrDefault(state, 0L));
                if (rows - summary > 0) {
                    counts.add(new Count(state, "nudge", rows - summary));
                }
                if (summary > 0) {
                    counts.add(new Count(state, "summary", summary));
                }
            }
            return counts;
        });
    }

    /** The outbox's rows by state and kind, read in one pass over every row. */
    static List<Count> countedInOnePass(dev.keepword.store.Jdbc jdbc) {
        return jdbc.query("select state, case when step like 'SUMMARY%' then 'summary' else 'nudge' end, "
                + "count(*) from outbox group by state, case when step like 'SUMMARY%' then 'summary' else 'nudge' end",
                rs -> new Count(rs.getString(1), rs.getString(2), rs.getLong(3)));
    }

    /**
     * A gauge row holding its value in the function (gauges keep only a weak reference to their object: a boxed number
     * would be collected and read as NaN); the object is this, alive as long as Keepword serves.
     */
    private MultiGauge.Row<Metrics> row(Tags tags, double value) {
        return MultiGauge.Row.of(tags, this, m -> value);
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis() / 1000.0);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
