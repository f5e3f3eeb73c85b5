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
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setStopTimeout(5_000); // graceful: requests in flight finish, new ones are refused
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.addServlet(new ServletHolder("health", new Health(() -> null)), "/health");
        context.addServlet(new ServletHolder("health-live", new Health(() -> null)), "/health/live");
        context.addServlet(new ServletHolder("health-ready", new Health(notReady)), "/health/ready");
        new LinkedHashMap<>(servlets).forEach((path, servlet) ->
                context.addServlet(new ServletHolder(path, servlet), path));
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
