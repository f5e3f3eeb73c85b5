package dev.keepword.slack;

import com.slack.api.app_backend.oauth.payload.VerificationCodePayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.jakarta_servlet.SlackAppServletAdapter;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.OAuthCallbackRequest;
import com.slack.api.bolt.request.builtin.OAuthStartRequest;
import com.slack.api.bolt.response.Response;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Slack's OAuth v2 flow in multi-workspace mode, run by Bolt: {@code GET /slack/install} sets a signed, expiring
 * {@code state} (also as a cookie) and redirects the admin to Slack's authorize page with the manifest's bot scopes;
 * {@code GET /slack/oauth_redirect} checks the state against the cookie and its signature, exchanges the code with
 * {@code oauth.v2.access} (on {@code KEEPWORD_SLACK_API_URL}) and saves the installation. A refused state or code
 * answers 400 and nothing is stored. Neither the code nor any token is logged.
 */
final class SlackOAuthEndpoint extends HttpServlet {
    private static final Logger LOG = LoggerFactory.getLogger(SlackOAuthEndpoint.class);
    static final String INSTALL = "/slack/install";
    static final String REDIRECT = "/slack/oauth_redirect";

    private final transient App app;
    private final transient SlackAppServletAdapter adapter;

    SlackOAuthEndpoint(App app) {
        this.app = app;
        this.adapter = new SlackAppServletAdapter(app.config());
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        RequestHeaders headers = new RequestHeaders(headers(req));
        Request<?> request;
        if (REDIRECT.equals(req.getServletPath())) {
            Map<String, List<String>> query = query(req.getQueryString());
            request = new OAuthCallbackRequest(query, "", VerificationCodePayload.from(query), headers);
        } else {
            request = new OAuthStartRequest("", headers);
        }
        Response response;
        try {
            response = app.run(request);
        } catch (Exception e) {
            LOG.error("Slack OAuth step {} failed: {}", req.getServletPath(), e.toString());
            response = refused(new Response(), "Something went wrong on Keepword's side; please start again.");
            response.setStatusCode(500);
        }
        adapter.writeResponse(resp, response);
    }

    /** A short page saying why the installation did not happen, with a link to start again; 400. */
    static Response refused(Response response, String why) {
        response.setStatusCode(400);
        response.setContentType("text/html; charset=utf-8");
        response.setBody("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Keepword</title></head><body>"
                + "<h1>Keepword was not installed</h1><p>" + escape(why) + "</p><p><a href=\"" + INSTALL
                + "\">Start again</a></p></body></html>");
        return response;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static Map<String, List<String>> headers(HttpServletRequest req) {
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.put(name, new ArrayList<>(Collections.list(req.getHeaders(name))));
        }
        return headers;
    }

    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> query = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return query;
    }
}
