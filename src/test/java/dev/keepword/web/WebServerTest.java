package dev.keepword.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesHealthAndTheMountedServletsOnAFreePortAndStopsCleanly() throws Exception {
        HttpServlet echo = new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setStatus(202);
                resp.getWriter().write("got " + new String(req.getInputStream().readAllBytes()));
            }
        };
        WebServer server = WebServer.start("127.0.0.1", 0, Map.of("/hooks/echo", echo));
        int port = server.port();

        HttpResponse<String> health = get(port, "/health");
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> missing = get(port, "/nothing-here");
        server.close();

        assertTrue(port > 0);
        assertEquals(200, health.statusCode());
        assertEquals("ok\n", health.body());
        assertEquals(202, posted.statusCode());
        assertEquals("got hello", posted.body());
        assertEquals(404, missing.statusCode());
        assertThrows(IOException.class, () -> get(port, "/health"));
    }

    /**
     * A stop closes a kept-alive connection that carries no request once {@link WebServer#SHUTDOWN_IDLE} has passed,
     * while a request in flight on another connection, quiet for longer than that, is still answered in full. Raw
     * sockets, so the test sees exactly when the server closes the idle one.
     */
    @Test
    void aStopClosesIdleConnectionsPromptlyAndLetsARequestInFlightFinish() throws Exception {
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        HttpServlet slow = new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                resp.getWriter().write("finished");
            }
        };
        WebServer server = WebServer.start("127.0.0.1", 0, Map.of("/hooks/slow", slow));
        try (java.net.Socket idle = new java.net.Socket("127.0.0.1", server.port());
             java.net.Socket busy = new java.net.Socket("127.0.0.1", server.port())) {
            write(idle, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
            String first = readResponse(idle);
            assertTrue(first.startsWith("HTTP/1.1 200"), first); // answered, and kept alive
            write(busy, "POST /hooks/slow HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
            assertTrue(entered.await(10, java.util.concurrent.TimeUnit.SECONDS));

            java.util.concurrent.CompletableFuture<Void> stopped = java.util.concurrent.CompletableFuture.runAsync(server::close);
            long closing = System.nanoTime();
            idle.setSoTimeout(10_000);
            assertEquals(-1, idle.getInputStream().read(), "the idle connection is closed by the server");
            long idleClosedAfter = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
            release.countDown(); // the busy connection has now been quiet for longer than the idle one

            busy.setSoTimeout(10_000);
            String answer = new String(busy.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.endsWith("finished"), answer);
            stopped.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(idleClosedAfter < 900, "idle connection closed " + idleClosedAfter + " ms into the stop");
        }
    }

    private static void write(java.net.Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Reads one response with a Content-Length body, leaving the connection open. */
    private static String readResponse(java.net.Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        java.io.InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
        int body = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return head + new String(in.readNBytes(body), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void aTakenPortIsAClearError() {
        try (WebServer first = WebServer.start("127.0.0.1", 0, Map.of())) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> WebServer.start("127.0.0.1", first.port(), Map.of()));
            assertTrue(e.getMessage().startsWith("could not start the HTTP server on port " + first.port()), e.getMessage());
        }
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
