package dev.keepword;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.keepword.app.Clock;
import dev.keepword.store.Database;
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

/**
 * What {@code GET /metrics} shows, in Prometheus text format (Micrometer): the JVM, the connection pool, HTTP requests
 * by path (the ack latency histogram, recorded by the web server), and Keepword's own state read from the database
 * at most every {@link #REFRESH}, so the figures are the cluster's, not this process's: outbox rows by state and the
 * age of the oldest due row (dispatch lag), the inbox backlog and the age of its oldest item by platform, weekly
 * summaries and messages sent or failed, and the processes whose clockwork checked in.
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

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text, Keepword's own figures read again when older than {@link #REFRESH}. */
    String scrape() {
        refreshed();
        return registry.scrape();
    }

    private synchronized Metrics refreshed() {
        Instant now = clock.now();
        if (Duration.between(readAt, now).compareTo(REFRESH) < 0 && !readAt.equals(Instant.EPOCH)) {
            return this;
        }
        readAt = now;
        try {
            var jdbc = database.jdbc();
            outboxRows.register(jdbc.query("select state, count(*) from outbox group by state",
                    rs -> row(Tags.of("state", rs.getString(1)), rs.getLong(2))), true);
            finished.register(jdbc.query("select case when step like 'SUMMARY%' then 'summary' else 'nudge' end, state, "
                    + "count(*) from outbox where state in ('SENT', 'FAILED', 'DROPPED') "
                    + "group by case when step like 'SUMMARY%' then 'summary' else 'nudge' end, state",
                    rs -> row(Tags.of("kind", rs.getString(1), "state", rs.getString(2)), rs.getLong(3))), true);
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
