package dev.keepword.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keepword.app.Clock;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * The bot's outbound credential: a client-credentials token (scope {@value #SCOPE}) from the tenant's token endpoint,
 * fetched once and reused until {@link #EARLY} before it expires. The token and the app password are never logged.
 */
public final class TeamsToken {
    public static final String SCOPE = "https://api.botframework.com/.default";
    static final Duration EARLY = Duration.ofMinutes(5);

    private final String tokenUrl;
    private final String appId;
    private final String password;
    private final OkHttpClient http;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private String token;
    private Instant renewAt = Instant.MIN;

    public TeamsToken(String tokenUrl, String appId, String password, OkHttpClient http, Clock clock) {
        this.tokenUrl = tokenUrl;
        this.appId = appId;
        this.password = password;
        this.http = http;
        this.clock = clock;
    }

    /** The default token URL for a single-tenant bot ({@code botframework.com} in place of the tenant: legacy multi-tenant). */
    public static String defaultUrl(String tenantId) {
        return "https://login.microsoftonline.com/" + tenantId + "/oauth2/v2.0/token";
    }

    /** A valid token, fetched when there is none or it is about to expire. */
    public synchronized String get() throws IOException {
        Instant now = clock.now();
        if (token != null && now.isBefore(renewAt)) {
            return token;
        }
        Request request = new Request.Builder().url(tokenUrl).post(new FormBody.Builder()
                .add("grant_type", "client_credentials")
                .add("client_id", appId)
                .add("client_secret", password)
                .add("scope", SCOPE)
                .build()).build();
        try (Response r = http.newCall(request).execute()) {
            if (!r.isSuccessful()) {
                throw new IOException("the token endpoint answered HTTP " + r.code()); // never its body: it may echo secrets
            }
            JsonNode body = json.readTree(r.body().string());
            String fresh = body.path("access_token").asText("");
            if (fresh.isEmpty()) {
                throw new IOException("the token endpoint answered without an access_token");
            }
            long seconds = body.path("expires_in").asLong(3600);
            token = fresh;
            renewAt = now.plusSeconds(seconds).minus(EARLY);
            return token;
        }
    }

    /** Forgets the token (the connector refused it), so the next call fetches a new one. */
    public synchronized void invalidate() {
        token = null;
        renewAt = Instant.MIN;
    }
}
