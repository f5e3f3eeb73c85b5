package dev.keepword.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /api/messages}: the Bot Framework's activities. The bearer token is verified before the body is even
 * read; then only the activity's {@code channelId} and {@code serviceUrl} are compared with what the token vouches for.
 * Anything refused gets a bare 401 and changes nothing. What passes is stored and answered at once; the bot handles
 * it right after ({@link TeamsBot#receive}).
 */
final class TeamsEndpoint extends HttpServlet {
    private static final Logger LOG = LoggerFactory.getLogger(TeamsEndpoint.class);
    /** Activities are a few kilobytes; anything far larger is not from Teams. */
    static final int MAX_BODY = 1 << 20;

    private final transient TeamsAuth auth;
    private final transient TeamsBot bot;
    private final transient ObjectMapper json = new ObjectMapper();

    TeamsEndpoint(TeamsAuth auth, TeamsBot bot) {
        this.auth = auth;
        this.bot = bot;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        TeamsAuth.Verdict verdict = auth.verify(req.getHeader("Authorization"));
        if (!verdict.valid()) {
            refuse(req, resp, verdict.reason());
            return;
        }
        byte[] body = req.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            resp.setStatus(413);
            return;
        }
        JsonNode activity;
        try {
            activity = json.readTree(body);
        } catch (IOException e) {
            refuse(req, resp, "unreadable activity");
            return;
        }
        if (activity == null || !activity.isObject()) {
            refuse(req, resp, "no activity");
            return;
        }
        String refusal = verdict.refusal(activity.path("channelId").asText(null), activity.path("serviceUrl").asText(null));
        if (refusal != null) {
            refuse(req, resp, refusal);
            return;
        }
        TeamsBot.Answer answer = bot.receive(activity, new String(body, StandardCharsets.UTF_8));
        resp.setStatus(answer.status());
        if (answer.body() != null) {
            resp.setContentType("application/json; charset=utf-8");
            resp.getOutputStream().write(json.writeValueAsString(answer.body()).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void refuse(HttpServletRequest req, HttpServletResponse resp, String why) {
        LOG.warn("Refused a request to {} from {}: {}", req.getRequestURI(), req.getRemoteAddr(), why);
        resp.setStatus(401);
    }
}
