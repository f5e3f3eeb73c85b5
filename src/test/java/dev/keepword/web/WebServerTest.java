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
