package dev.keepword.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.jakarta_servlet.SlackAppServletAdapter;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import dev.keepword.app.Clock;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * {@code POST /slack/events}: commands, interactivity and events in HTTP mode. Verifies the request's v0 signature
 * and timestamp (both directions) on the raw bytes <em>before</em> anything is parsed; a refused request gets a bare
 * 401 and touches nothing. Verified requests are handed to the Bolt app; one whose handling throws is answered by
 * {@code failed} (logged once, 200), never with a 5xx, which Slack would retry and count against the app.
 */
final class SlackEndpoint extends HttpServlet {
    private static final Logger LOG = LoggerFactory.getLogger(SlackEndpoint.class);
    /** Slack's payloads are a few kilobytes; anything far larger is not from Slack. */
    static final int MAX_BODY = 1 << 20;

    private final transient App app;
    private final transient SlackSignature signature;
    private final transient Clock clock;
    private final transient SlackRequestParser parser;
    private final transient SlackAppServletAdapter adapter;
    private final transient BiFunction<Request<?>, Exception, Response> failed;

    SlackEndpoint(App app, SlackSignature signature, Clock clock, BiFunction<Request<?>, Exception, Response> failed) {
        this.app = app;
        this.failed = failed;
        this.signature = signature;
        this.clock = clock;
        this.parser = new SlackRequestParser(app.config());
        this.adapter = new SlackAppServletAdapter(app.config());
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] body = read(req.getInputStream());
        if (body == null) {
            resp.sendError(413);
            return;
        }
        SlackSignature.Verdict verdict = signature.verify(req.getHeader("X-Slack-Request-Timestamp"),
                req.getHeader("X-Slack-Signature"), body, clock.now());
        if (verdict != SlackSignature.Verdict.VALID) {
            LOG.warn("Refused a request to {} from {}: {}", req.getRequestURI(), req.getRemoteAddr(), verdict);
            resp.setStatus(401);
            return;
        }
        Request<?> request = null;
        Response response;
        try {
            // Bolt's parser reads the event's fields itself and can throw on a payload it does not expect.
            request = parser.parse(SlackRequestParser.HttpRequest.builder()
                    .requestUri(req.getRequestURI())
                    .queryString(query(req))
                    .headers(new RequestHeaders(headers(req)))
                    .requestBody(new String(body, StandardCharsets.UTF_8))
                    .remoteAddress(req.getRemoteAddr())
                    .build());
            if (request == null) {
                resp.setStatus(400);
                return;
            }
            response = app.run(request);
        } catch (Exception e) {
            response = failed.apply(request, e);
        }
        adapter.writeResponse(resp, response);
    }

    private static byte[] read(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : body;
    }

    private static Map<String, List<String>> headers(HttpServletRequest req) {
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.put(name, new ArrayList<>(Collections.list(req.getHeaders(name))));
        }
        return headers;
    }

    private static Map<String, List<String>> query(HttpServletRequest req) {
        // Only the URL's query string: asking the servlet for parameters would read the form body a second time.
        Map<String, List<String>> query = new HashMap<>();
        String raw = req.getQueryString();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return query;
    }
}
