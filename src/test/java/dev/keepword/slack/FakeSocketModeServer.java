package dev.keepword.slack;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.WebSocketListener;
import org.eclipse.jetty.websocket.server.config.JettyWebSocketServletContainerInitializer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Slack's side of Socket Mode on localhost: a WebSocket server (Jetty 11) that greets every connection with a
 * {@code hello} as Slack does, lets a test push envelopes ({@code slash_commands}, {@code interactive},
 * {@code events_api}) to the client, and records what the client sends back (the acks, with their {@code envelope_id}).
 * Hand {@link #url()} to {@link FakeSlackApi#socketModeUrl(String)} so {@code apps.connections.open} returns it.
 */
final class FakeSocketModeServer implements AutoCloseable {
    static final String HELLO = """
            {"type":"hello","num_connections":1,"debug_info":{"host":"applink-7fc4fdbb64-4x5xq","build_number":10,\
            "approximate_connection_time":18060},"connection_info":{"app_id":"A0KEEPWORD"}}""";

    private final Server server;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final List<String> received = new ArrayList<>();

    FakeSocketModeServer() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        JettyWebSocketServletContainerInitializer.configure(context, (servletContext, container) ->
                container.addMapping("/link/", (req, resp) -> new SlackSide()));
        server.setHandler(context);
        server.start();
    }

    /** What {@code apps.connections.open} answers: {@code ws://127.0.0.1:PORT/link/?ticket=…&app_id=…}, like Slack's wss URL. */
    String url() {
        return "ws://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort()
                + "/link/?ticket=5e9b3c27-5c8e-4d3a-a5f3-6a0c1b2d3e4f&app_id=A0KEEPWORD";
    }

    /** Waits until a client is connected (and was sent its hello). */
    Session awaitConnection(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Session open = latest();
            if (open != null) {
                return open;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("no Socket Mode client connected within " + timeout);
    }

    int connections() {
        return sessions.size();
    }

    /** Sends an envelope to the connected client, as Slack pushes one. */
    void send(String envelopeJson) throws IOException {
        Session open = latest();
        if (open == null) {
            throw new IllegalStateException("no client connected");
        }
        open.getRemote().sendString(envelopeJson);
    }

    /** Waits for the client's message that carries {@code envelopeId} (its ack), parsed. */
    JsonObject awaitAck(String envelopeId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                for (String message : received) {
                    JsonObject o = JsonParser.parseString(message).getAsJsonObject();
                    if (o.has("envelope_id") && envelopeId.equals(o.get("envelope_id").getAsString())) {
                        return o;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no ack for envelope " + envelopeId + " within " + timeout + "; received "
                            + received);
                }
                TimeUnit.NANOSECONDS.timedWait(received, left);
            }
        }
    }

    List<String> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    private Session latest() {
        for (int i = sessions.size() - 1; i >= 0; i--) {
            if (sessions.get(i).isOpen()) {
                return sessions.get(i);
            }
        }
        return null;
    }

    /** One client connection, Slack's end of it. */
    private final class SlackSide implements WebSocketListener {
        private Session session;

        @Override
        public void onWebSocketConnect(Session session) {
            this.session = session;
            try {
                session.getRemote().sendString(HELLO);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            sessions.add(session);
        }

        @Override
        public void onWebSocketText(String message) {
            synchronized (received) {
                received.add(message);
                received.notifyAll();
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            sessions.remove(session);
        }
    }

    @Override
    public void close() throws Exception {
        for (Session s : sessions) {
            s.close();
        }
        server.stop();
    }
}
