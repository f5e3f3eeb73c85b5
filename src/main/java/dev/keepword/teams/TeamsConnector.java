package dev.keepword.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Bot Connector REST calls Keepword makes, each classified: {@link Result.Ok}, {@link Result.Later} (429, 412,
 * 502, 504, other 5xx, network trouble: try again, honouring {@code Retry-After}) or {@link Result.Failed} (403: the bot
 * was blocked or removed; 404: no such conversation; other 4xx), with the error code Teams put in the body. Only ever called with a service URL from a verified activity.
 */
public final class TeamsConnector {
    private static final Logger LOG = LoggerFactory.getLogger(TeamsConnector.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    private static final Set<Integer> RETRY = Set.of(412, 429, 502, 504);

    /** What a call came to. */
    public sealed interface Result {
        record Ok(JsonNode body) implements Result {
        }

        record Later(Duration after, String reason) implements Result {
        }

        /**
         * Refused for good: the HTTP status, Teams' error code from the body ({@code {"error":{"code":…,"message":…}}},
         * {@code ErrorResponse} in the Bot Framework schema; null when the body has none) and a reason for logs.
         */
        record Failed(int status, String code, String reason) implements Result {
            public boolean is(int status, String code) {
                return this.status == status && code.equals(this.code);
            }
        }
    }

    /** A member of a conversation, from {@code pagedmembers}. */
    public record Member(String id, String name, String aadObjectId) {
    }

    /** A channel of a team, from {@code teams/{id}/conversations} (the General channel has no name). */
    public record Channel(String id, String name) {
    }

    private final OkHttpClient http;
    private final TeamsToken token;
    private final String appId;
    private final ObjectMapper json = new ObjectMapper();

    public TeamsConnector(OkHttpClient http, TeamsToken token, String appId) {
        this.http = http;
        this.token = token;
        this.appId = appId;
    }

    ObjectMapper json() {
        return json;
    }

    /** Creates (or finds) the personal conversation with a user: {@code POST /v3/conversations}; returns its id. */
    public Result createPersonal(String serviceUrl, String tenantId, String teamsUserId) {
        ObjectNode body = json.createObjectNode();
        body.put("isGroup", false);
        body.putObject("bot").put("id", "28:" + appId);
        body.putArray("members").addObject().put("id", teamsUserId);
        body.put("tenantId", tenantId);
        body.putObject("channelData").putObject("tenant").put("id", tenantId);
        return call("POST", serviceUrl, "v3/conversations", body);
    }

    /** Sends an activity to a conversation. */
    public Result send(String serviceUrl, String conversationId, JsonNode activity) {
        return call("POST", serviceUrl, "v3/conversations/" + enc(conversationId) + "/activities", activity);
    }

    /** Replies to an activity (in a channel: in its thread). */
    public Result reply(String serviceUrl, String conversationId, String activityId, JsonNode activity) {
        return call("POST", serviceUrl, "v3/conversations/" + enc(conversationId) + "/activities/" + enc(activityId), activity);
    }

    /** Replaces an activity the bot sent (a card whose buttons were used). */
    public Result update(String serviceUrl, String conversationId, String activityId, JsonNode activity) {
        return call("PUT", serviceUrl, "v3/conversations/" + enc(conversationId) + "/activities/" + enc(activityId), activity);
    }

    /** Every member of a conversation or team, page by page. Null when a page could not be fetched. */
    public List<Member> members(String serviceUrl, String conversationId) {
        List<Member> all = new ArrayList<>();
        String continuation = null;
        for (int page = 0; page < 100; page++) {
            String path = "v3/conversations/" + enc(conversationId) + "/pagedmembers?pageSize=500"
                    + (continuation == null ? "" : "&continuationToken=" + enc(continuation));
            Result r = call("GET", serviceUrl, path, null);
            if (!(r instanceof Result.Ok ok)) {
                return null;
            }
            for (JsonNode m : ok.body().path("members")) {
                all.add(new Member(m.path("id").asText(), text(m, "name"), text(m, "aadObjectId")));
            }
            continuation = text(ok.body(), "continuationToken");
            if (continuation == null) {
                return all;
            }
        }
        return all;
    }

    /** The channels of a team. Null when they could not be fetched. */
    public List<Channel> channels(String serviceUrl, String teamId) {
        Result r = call("GET", serviceUrl, "v3/teams/" + enc(teamId) + "/conversations", null);
        if (!(r instanceof Result.Ok ok)) {
            return null;
        }
        List<Channel> out = new ArrayList<>();
        for (JsonNode c : ok.body().path("conversations")) {
            out.add(new Channel(c.path("id").asText(), text(c, "name")));
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }

    private static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Result call(String method, String serviceUrl, String path, JsonNode body) {
        String base = serviceUrl.endsWith("/") ? serviceUrl : serviceUrl + "/";
        HttpUrl url = HttpUrl.parse(base + path);
        if (url == null) {
            return new Result.Failed(0, null, "bad service URL");
        }
        String bearer;
        try {
            bearer = token.get();
        } catch (IOException e) {
            LOG.warn("No Bot Framework token: {}", e.getMessage());
            return new Result.Later(Duration.ofSeconds(30), "no token");
        }
        RequestBody payload = body == null ? null : RequestBody.create(body.toString(), JSON);
        Request request = new Request.Builder().url(url).header("Authorization", "Bearer " + bearer)
                .method(method, payload).build();
        try (Response r = http.newCall(request).execute()) {
            int status = r.code();
            if (r.isSuccessful()) {
                String text = r.body().string();
                return new Result.Ok(text.isBlank() ? json.createObjectNode() : json.readTree(text));
            }
            if (status == 401) {
                token.invalidate();
                return new Result.Later(Duration.ZERO, "token refused");
            }
            if (RETRY.contains(status) || status >= 500) {
                return new Result.Later(retryAfter(r.header("Retry-After")), "Teams answered HTTP " + status);
            }
            String code = null;
            String message = null;
            try {
                JsonNode error = json.readTree(r.body().string()).path("error");
                code = error.path("code").asText(null);
                message = error.path("message").asText(null);
            } catch (IOException | RuntimeException e) {
                // no JSON error body: the status alone says what happened
            }
            LOG.info("Bot Connector {} {} answered HTTP {} {}", method, url.encodedPath(), status, code == null ? "" : code);
            return new Result.Failed(status, code, "Teams answered HTTP " + status + (code == null ? "" : " " + code)
                    + (message == null || message.isBlank() ? "" : ": " + message.strip().replaceAll("\\.$", "")));
        } catch (IOException e) {
            return new Result.Later(Duration.ZERO, "network: " + e.getClass().getSimpleName());
        }
    }

    static Duration retryAfter(String header) {
        if (header == null) {
            return DEFAULT_RETRY_AFTER;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds <= 0 ? DEFAULT_RETRY_AFTER : Duration.ofSeconds(Math.min(seconds, 3600));
        } catch (NumberFormatException e) {
            return DEFAULT_RETRY_AFTER;
        }
    }
}
