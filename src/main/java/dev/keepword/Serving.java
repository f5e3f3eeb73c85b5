package dev.keepword;

import dev.keepword.app.Chat;
import dev.keepword.app.Clock;
import dev.keepword.app.Delivery;
import dev.keepword.app.Directory;
import dev.keepword.app.DispatchDueNudges;
import dev.keepword.app.Message;
import dev.keepword.app.Target;
import dev.keepword.config.ConfigFiles;
import dev.keepword.config.Settings;
import dev.keepword.domain.Party;
import dev.keepword.store.Database;
import dev.keepword.web.WebServer;
import jakarta.servlet.http.HttpServlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place chat surfaces are composed. {@link #assemble} builds one {@link Wiring} over the surfaces' chats and
 * directories (messages for a workspace go to the first surface that serves it) with the configured policies, and
 * binds every surface to its use cases; {@link #open} starts the surfaces, mounts all their servlets on one web
 * server and starts the clockwork; {@link #close} stops them in reverse order. {@link #start} does all of it as the
 * environment configures it: Teams when its variables are set, Slack when its are, both in one process.
 *
 * <p>The stop: the health check says "stopping", the web server stops taking requests (those in flight finish),
 * each surface finishes what its inbox holds, the clockwork stops (waiting for a running tick), and only then the
 * database closes. H2 is opened with {@code DB_CLOSE_ON_EXIT=FALSE} so that its own shutdown hook does not close it
 * under the work still finishing.
 */
public final class Serving implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Serving.class);
    static final int DEFAULT_PORT = 3000;
    static final Duration TICK = Duration.ofSeconds(10);

    private final Wiring wiring;
    private final List<ChatSurface> surfaces;
    private final Metrics metrics;
    private volatile boolean ready;
    private WebServer web;
    private volatile boolean closed;

    private Serving(Wiring wiring, List<ChatSurface> surfaces, Metrics metrics) {
        this.wiring = wiring;
        this.surfaces = List.copyOf(surfaces);
        this.metrics = metrics;
        this.metrics.chats(this.surfaces);
    }

    /**
     * Builds one {@link Wiring} on {@code database} over {@code surfaces} (in routing order) and binds each surface to
     * the use cases. Nothing is started yet; a failure closes the database.
     */
    public static Serving assemble(Database database, Clock clock, Wiring.Policies policies, List<ChatSurface> surfaces,
                                   String node, DispatchDueNudges.Tuning tuning) {
        if (surfaces.isEmpty()) {
            throw new IllegalArgumentException("no chat surface to serve");
        }
        Metrics metrics = new Metrics(database, clock);
        try {
            Wiring wiring = new Wiring(database, clock, policies, new RoutedDirectory(surfaces),
                    new RoutedChat(surfaces, metrics), node, tuning);
            surfaces.forEach(s -> s.bind(wiring));
            return new Serving(wiring, surfaces, metrics);
        } catch (RuntimeException e) {
            metrics.close();
            database.close();
            throw e;
        }
    }

    /** {@link #assemble} with this process's node name and the default dispatch tuning. */
    public static Serving assemble(Database database, Clock clock, Wiring.Policies policies, List<ChatSurface> surfaces) {
        return assemble(database, clock, policies, surfaces, Wiring.defaultNode(), DispatchDueNudges.Tuning.DEFAULT);
    }

    /**
     * Starts Keepword as the environment configures it, on the database {@code dbOverride} names (or
     * {@code DATABASE_URL}, or the default file), with the policies in {@code KEEPWORD_CONFIG_DIR}, listening on
     * {@code PORT}. {@code clockworkName} names the Quartz instance; null starts none (tests that drive the dispatcher).
     */
    public static Serving start(Settings settings, Optional<String> dbOverride, Clock clock, String clockworkName) {
        ConfigFiles config = new ConfigFiles(settings.configDir());
        Wiring.Policies policies = Wiring.Policies.from(config); // read before anything opens: a bad file stops here
        int port = settings.get("PORT").map(Integer::parseInt).orElse(DEFAULT_PORT);
        Database database = Database.open(dbOverride.or(settings::databaseUrl).orElse(Database.DEFAULT_URL),
                settings.databaseUser().orElse(null), settings.databasePassword().orElse(null));
        List<ChatSurface> surfaces = new ArrayList<>();
        try {
            dev.keepword.app.SendBudget budget = sendBudget(settings, database);
            if (settings.hasTeams()) {
                surfaces.add(TeamsSurface.configured(settings, database, clock, budget));
            }
            if (settings.hasSlack() || settings.hasSlackOAuth()) {
                surfaces.add(SlackSurface.configured(settings, config, database, clock, budget));
            }
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        Serving serving = assemble(database, clock, policies, surfaces, Wiring.defaultNode(), dispatchTuning(database));
        serving.open(null, port, clockworkName);
        return serving;
    }

    /**
     * How long a dispatcher holds the outbox rows it claimed on PostgreSQL, where several processes share them: a process
     * killed in the middle of a batch leaves its rows leased this long, so it bounds (with Quartz's failover, which
     * blocks the dispatch job for up to about 17.5 s after the kill) how soon the others send them. A live batch renews
     * its lease every third of it, so a long burst or a slow send does not outlive it.
     */
    static final Duration CLUSTER_LEASE = Duration.ofSeconds(15);

    /**
     * The dispatch tuning for {@code database}: on PostgreSQL (a cluster) the outbox lease is {@link #CLUSTER_LEASE}, so a
     * dead process's leased nudges are taken over within 30 s; on H2 (one process, whose leased rows wait for its own
     * restart) the default two minutes.
     */
    static DispatchDueNudges.Tuning dispatchTuning(Database database) {
        DispatchDueNudges.Tuning d = DispatchDueNudges.Tuning.DEFAULT;
        return database.isPostgres() ? new DispatchDueNudges.Tuning(d.batchSize(), CLUSTER_LEASE, d.batchWindow(),
                d.maxAttempts()) : d;
    }

    /**
     * Where the platforms' send rates are kept: in the database on PostgreSQL, so they hold for every process of the
     * cluster together; in memory on H2, which serves one process (no round trip per send).
     * {@code KEEPWORD_SEND_BUDGET=database} or {@code local} overrides the choice.
     */
    static dev.keepword.app.SendBudget sendBudget(Settings settings, Database database) {
        String choice = settings.get("KEEPWORD_SEND_BUDGET").orElse(database.isPostgres() ? "database" : "local");
        return switch (choice) {
            case "database" -> new dev.keepword.store.JdbcSendBudget(database);
            case "local" -> new dev.keepword.app.LocalSendBudget();
            default -> throw new IllegalStateException("KEEPWORD_SEND_BUDGET must be database or local, not " + choice);
        };
    }

    /**
     * Starts every surface (credentials checked first: a refused one stops here, before anything listens), then the
     * web server with all their servlets on {@code host:port} (null: every interface; port 0: a free one), then the
     * clockwork named {@code clockworkName} (null: none). A failure closes everything started and is thrown.
     */
    public Serving open(String host, int port, String clockworkName) {
        try {
            for (ChatSurface s : surfaces) {
                s.start(wiring.clock().now());
            }
            Map<String, HttpServlet> servlets = new LinkedHashMap<>();
            surfaces.forEach(s -> servlets.putAll(s.servlets()));
            if (!servlets.isEmpty()) {
                web = WebServer.start(host, port, servlets, this::notReady, metrics.registry(), metrics::scrape);
            }
            if (clockworkName != null) {
                wiring.startClockwork(clockworkName, TICK);
            }
            ready = true;
            return this;
        } catch (Exception e) {
            close();
            throw e instanceof IllegalStateException ise ? ise
                    : new IllegalStateException(surfaces.get(0).name() + " did not start: " + e.getMessage(), e);
        }
    }

    /** The HTTP port bound, or -1 when nothing listens (Socket Mode alone). */
    public int port() {
        return web == null ? -1 : web.port();
    }

    public Wiring wiring() {
        return wiring;
    }

    /** The surfaces, in routing order. */
    public List<ChatSurface> surfaces() {
        return surfaces;
    }

    /** The surface of this type. */
    public <S extends ChatSurface> S surface(Class<S> type) {
        return surfaces.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + type.getSimpleName() + " configured"));
    }

    /** Waits until every surface has handled what it took so far (tests, benchmarks). */
    public void drain() {
        surfaces.forEach(ChatSurface::drain);
    }

    /**
     * Why Keepword should not be sent traffic now, or null when it is ready: what {@code GET /health/ready} says. Ready
     * means started (every surface's credentials checked, the web server listening), not stopping, the database
     * answering, and the clockwork firing when one was started.
     */
    public String notReady() {
        if (!ready) {
            return closed ? "stopping" : "starting";
        }
        if (!wiring.database().reachable()) {
            return "database unreachable";
        }
        if (!wiring.clockworkRunning()) {
            return "clockwork not running";
        }
        return null;
    }

    /** Stops taking requests, finishes the surfaces' inboxes, stops the clockwork, then closes the database. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ready = false;
        List<AutoCloseable> parts = new ArrayList<>();
        parts.add(web);
        List<ChatSurface> reversed = new ArrayList<>(surfaces);
        java.util.Collections.reverse(reversed);
        parts.addAll(reversed);
        parts.add(wiring); // the clockwork, then the database
        parts.add(metrics);
        closeQuietly(parts.toArray(AutoCloseable[]::new));
    }

    /** Closes each part that is there, in order; a failing one is logged and the rest still close. */
    static void closeQuietly(AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /**
     * Sends through the first surface that serves the workspace, or the last surface, and counts what became of each
     * message by platform ({@link Metrics#delivered}).
     */
    private record RoutedChat(List<ChatSurface> surfaces, Metrics metrics) implements Chat {
        @Override
        public Delivery send(String workspaceId, Target target, Message message) {
            ChatSurface s = route(surfaces, workspaceId);
            return metrics.delivered(s.name(), s.chat().send(workspaceId, target, message));
        }

        @Override
        public Delivery upload(String workspaceId, Target target, String filename, byte[] content, String title) {
            ChatSurface s = route(surfaces, workspaceId);
            return metrics.delivered(s.name(), s.chat().upload(workspaceId, target, filename, content, title));
        }

        /** As many sends at once as every surface allows. */
        @Override
        public int parallelSends() {
            return surfaces.stream().mapToInt(s -> s.chat().parallelSends()).min().orElse(1);
        }
    }

    /** Looks people up where their workspace is served. */
    private record RoutedDirectory(List<ChatSurface> surfaces) implements Directory {
        @Override
        public Optional<Party> lookup(String workspaceId, String userId) {
            return route(surfaces, workspaceId).directory().lookup(workspaceId, userId);
        }
    }

    private static ChatSurface route(List<ChatSurface> surfaces, String workspaceId) {
        for (ChatSurface s : surfaces) {
            if (s.serves(workspaceId)) {
                return s;
            }
        }
        return surfaces.get(surfaces.size() - 1);
    }
}
