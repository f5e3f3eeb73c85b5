package dev.keepword.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP server every web-facing adapter shares: binds a port (0 picks a free one, for tests), serves
 * {@code GET /health} and {@code GET /health/live} (200 while the process serves) and {@code GET /health/ready} (200
 * while the caller says it is ready, 503 otherwise: starting or stopping), mounts the servlets it is given by path,
 * and stops cleanly, finishing requests in flight.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    /** How long a stop waits on a kept-alive connection that carries no request. */
    static final java.time.Duration SHUTDOWN_IDLE = java.time.Duration.ofMillis(100);

    private final Server server;
    private final int port;

    private WebServer(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts the server on {@code host:port} with {@code servlets} mounted by path spec (for example
     * {@code "/slack/events"}). Fails if the port is taken.
     */
    public static WebServer start(String host, int port, Map<String, HttpServlet> servlets) {
        return start(host, port, servlets, () -> null);
    }

    /**
     * As {@link #start(String, int, Map)}, with {@code notReady} answering {@code GET /health/ready}: null when ready,
     * otherwise why not (the 503's body).
     */
    public static WebServer start(String host, int port, Map<String, HttpServlet> servlets,
                                  java.util.function.Supplier<String> notReady) {
        return start(host, port, servlets, notReady, null, null);
    }

    /**
     * As {@link #start(String, int, Map, java.util.function.Supplier)}, with {@code GET /metrics} answering
     * {@code scrape}'s text (Prometheus format) and each request's time recorded in {@code registry} as
     * {@code http.server.requests} by mounted path and status, with a histogram for percentiles (the ack latency).
     */
    public static WebServer start(String host, int port, Map<String, HttpServlet> servlets,
                                  java.util.function.Supplier<String> notReady,
                                  io.micrometer.core.instrument.MeterRegistry registry,
                                  java.util.function.Supplier<String> scrape) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setStopTimeout(5_000); // graceful: requests in flight finish, new ones are refused
        // On stopping, a kept-alive connection with no request in it is closed after this much quiet (Jetty's default,
        // a second, held every stop up by a second); one with a request in flight is left to finish it.
        connector.setShutdownIdleTimeout(SHUTDOWN_IDLE.toMillis());
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.addServlet(new ServletHolder("health", new Health(() -> null)), "/health");
        context.addServlet(new ServletHolder("health-live", new Health(() -> null)), "/health/live");
        context.addServlet(new ServletHolder("health-ready", new Health(notReady)), "/health/ready");
        new LinkedHashMap<>(servlets).forEach((path, servlet) ->
                context.addServlet(new ServletHolder(path, servlet), path));
        if (scrape != null) {
            context.addServlet(new ServletHolder("metrics", new Text(scrape,
                    "text/plain; version=0.0.4; charset=utf-8")), "/metrics");
        }
        if (registry != null) {
            java.util.Set<String> paths = new java.util.HashSet<>(servlets.keySet());
            context.addFilter(new org.eclipse.jetty.servlet.FilterHolder(new Timing(registry, paths)), "/*",
                    java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
        }
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("could not start the HTTP server on port " + port + ": " + e.getMessage(), e);
        }
        int bound = connector.getLocalPort();
        LOG.info("Listening on http://{}:{} ({})", host == null ? "0.0.0.0" : host, bound,
                String.join(", ", servlets.keySet()));
        return new WebServer(server, bound);
    }

    /** Starts on every interface. */
    public static WebServer start(int port, Map<String, HttpServlet> servlets) {
        return start(null, port, servlets);
    }

    /** The port actually bound (the chosen one when started on port 0). */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("HTTP server did not stop cleanly: {}", e.getMessage());
        }
    }

    /** A text document made on each GET. */
    private static final class Text extends HttpServlet {
        private final transient java.util.function.Supplier<String> body;
        private final String type;

        Text(java.util.function.Supplier<String> body, String type) {
            this.body = body;
            this.type = type;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setStatus(200);
            resp.setContentType(type);
            resp.getOutputStream().write(body.get().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Times every request, tagged by the mounted path it went to (anything else is "other": no unbounded tags). */
    private static final class Timing implements jakarta.servlet.Filter {
        private final io.micrometer.core.instrument.MeterRegistry registry;
        private final java.util.Set<String> paths;

        Timing(io.micrometer.core.instrument.MeterRegistry registry, java.util.Set<String> paths) {
            this.registry = registry;
            this.paths = paths;
        }

        @Override
        public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response,
                             jakarta.servlet.FilterChain chain) throws IOException, jakarta.servlet.ServletException {
            long start = System.nanoTime();
            try {
                chain.doFilter(request, response);
            } finally {
                String uri = ((HttpServletRequest) request).getRequestURI();
                String path = paths.contains(uri) ? uri : uri.startsWith("/health") || uri.equals("/metrics") ? uri : "other";
                io.micrometer.core.instrument.Timer.builder("http.server.requests")
                        .description("HTTP requests to Keepword, by path and status")
                        .tag("path", path).tag("method", ((HttpServletRequest) request).getMethod())
                        .tag("status", String.valueOf(((HttpServletResponse) response).getStatus()))
                        .publishPercentileHistogram().register(registry)
                        .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        }
    }

    /** A health check: 200 "ok" when {@code problem} says null, otherwise 503 with the problem. */
    private static final class Health extends HttpServlet {
        private final transient java.util.function.Supplier<String> problem;

        Health(java.util.function.Supplier<String> problem) {
            this.problem = problem;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String why;
            try {
                why = problem.get();
            } catch (RuntimeException e) {
                why = "check failed";
            }
            resp.setStatus(why == null ? 200 : 503);
            resp.setContentType("text/plain; charset=utf-8");
            resp.getOutputStream().write((why == null ? "ok\n" : why + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
