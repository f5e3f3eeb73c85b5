package dev.keepword.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.keepword.app.Clock;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Verifies the Bot Framework's bearer token on an inbound activity: RS256 only; issuer
 * {@value #ISSUER}; audience = the app id; {@code exp}/{@code nbf} with {@link #SKEW}; signed by the key named by
 * {@code kid} in the JWKS the OpenID metadata points to (cached, fetched again on an unknown {@code kid} at most once a
 * minute); that key endorsed for the activity's {@code channelId}; the token's {@value #SERVICE_URL_CLAIM} claim equal
 * to the activity's {@code serviceUrl}. The verdict's reason goes to the log only, never to the caller.
 */
public final class TeamsAuth {
    private static final Logger LOG = LoggerFactory.getLogger(TeamsAuth.class);
    public static final String ISSUER = "https://api.botframework.com";
    public static final String DEFAULT_OPENID_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public static final Duration SKEW = Duration.ofMinutes(5);
    /**
     * The claim that carries the service URL: all lowercase, as the Bot Connector issues it
     * ({@code AuthenticationConstants.ServiceUrlClaim = "serviceurl"} in every Bot Framework SDK, e.g. botbuilder-dotnet
     * {@code libraries/Microsoft.Bot.Connector/Authentication/AuthenticationConstants.cs}). JWT claim names are
     * case-sensitive: a camel-case {@code serviceUrl} is another claim, which the Bot Connector never sends, so it is
     * not read (reading it made every genuine request fail with 401).
     */
    public static final String SERVICE_URL_CLAIM = "serviceurl";
    static final Duration REFETCH_AT_MOST = Duration.ofMinutes(1);
    static final Duration KEYS_TTL = Duration.ofHours(24);

    /**
     * The token's verdict: valid (signature, algorithm, issuer, audience and times checked) with what the activity must
     * then match, or why not (for the log).
     */
    public record Verdict(boolean valid, String reason, String serviceUrl, Set<String> endorsements) {
        static Verdict no(String reason) {
            return new Verdict(false, reason, null, Set.of());
        }

        /**
         * Null when the activity may be trusted: its {@code channelId} is among the signing key's endorsements and its
         * {@code serviceUrl} is the one in the token; otherwise why not. The URLs are compared ignoring case, as the SDKs
         * do ({@code ChannelValidation.AuthenticateChannelToken}: {@code StringComparison.OrdinalIgnoreCase}), so a
         * host name Teams happens to write in another case is not refused.
         */
        public String refusal(String channelId, String activityServiceUrl) {
            if (!valid) {
                return reason;
            }
            if (channelId == null || !endorsements.contains(channelId)) {
                return "key not endorsed for channel " + channelId;
            }
            if (serviceUrl == null) {
                return "no " + SERVICE_URL_CLAIM + " claim";
            }
            if (activityServiceUrl == null || !activityServiceUrl.equalsIgnoreCase(serviceUrl)) {
                return "serviceUrl does not match the token";
            }
            return null;
        }
    }

    private record Key(RSAKey key, Set<String> endorsements) {
    }

    private final String appId;
    private final String openIdUrl;
    private final OkHttpClient http;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private Map<String, Key> keys = Map.of();
    private Instant fetchedAt;

    public TeamsAuth(String appId, String openIdUrl, OkHttpClient http, Clock clock) {
        this.appId = appId;
        this.openIdUrl = openIdUrl == null || openIdUrl.isBlank() ? DEFAULT_OPENID_URL : openIdUrl;
        this.http = http;
        this.clock = clock;
    }

    /**
     * Checks the bearer token (the {@code Authorization} header's value) on its own, before the request body is read;
     * the caller then asks {@link Verdict#refusal} about the activity's {@code channelId} and {@code serviceUrl}.
     */
    public Verdict verify(String authorization) {
        return check(authorization);
    }

    private Verdict check(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Verdict.no("no bearer token");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(authorization.substring(7).trim());
        } catch (ParseException e) {
            return Verdict.no("not a signed JWT"); // alg "none" lands here too: it is no JWS
        }
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
            return Verdict.no("algorithm " + header.getAlgorithm() + " refused");
        }
        if (header.getKeyID() == null) {
            return Verdict.no("no kid");
        }
        Instant now = clock.now();
        Key key = key(header.getKeyID(), now);
        if (key == null) {
            return Verdict.no("unknown kid");
        }
        try {
            if (!jwt.verify(new RSASSAVerifier(key.key()))) {
                return Verdict.no("bad signature");
            }
        } catch (JOSEException e) {
            return Verdict.no("signature not verifiable");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return Verdict.no("unreadable claims");
        }
        if (!ISSUER.equals(claims.getIssuer())) {
            return Verdict.no("wrong issuer");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(appId)) {
            return Verdict.no("wrong audience");
        }
        Date exp = claims.getExpirationTime();
        if (exp == null || !now.isBefore(exp.toInstant().plus(SKEW))) {
            return Verdict.no("expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.isBefore(nbf.toInstant().minus(SKEW))) {
            return Verdict.no("not yet valid");
        }
        Object claimed;
        try {
            claimed = claims.getClaim(SERVICE_URL_CLAIM);
        } catch (RuntimeException e) {
            claimed = null;
        }
        return new Verdict(true, "valid", claimed instanceof String url ? url : null, key.endorsements());
    }

    /** The key for {@code kid}: from the cache, or fetched once more when unknown (at most once a minute). */
    private synchronized Key key(String kid, Instant now) {
        Key known = keys.get(kid);
        boolean stale = fetchedAt == null || !now.isBefore(fetchedAt.plus(KEYS_TTL));
        if (known != null && !stale) {
            return known;
        }
        if (fetchedAt != null && now.isBefore(fetchedAt.plus(REFETCH_AT_MOST))) {
            return known;
        }
        try {
            keys = fetchKeys();
            fetchedAt = now;
        } catch (IOException | RuntimeException | ParseException e) {
            fetchedAt = now; // do not hammer the metadata endpoint when it is down: once a minute at most
            LOG.warn("Fetching the Bot Framework signing keys failed: {}", e.toString());
        }
        return keys.get(kid);
    }

    private Map<String, Key> fetchKeys() throws IOException, ParseException {
        JsonNode metadata = get(openIdUrl);
        String jwksUri = metadata.path("jwks_uri").asText("");
        if (jwksUri.isEmpty()) {
            throw new IOException("the OpenID metadata names no jwks_uri");
        }
        Map<String, Key> found = new HashMap<>();
        for (JsonNode k : get(jwksUri).path("keys")) {
            if (!"RSA".equals(k.path("kty").asText()) || !k.hasNonNull("kid")) {
                continue;
            }
            Set<String> endorsements = new HashSet<>();
            k.path("endorsements").forEach(e -> endorsements.add(e.asText()));
            @SuppressWarnings("unchecked")
            Map<String, Object> map = json.convertValue(k, Map.class);
            map.remove("endorsements");
            try {
                found.put(k.get("kid").asText(), new Key(RSAKey.parse(map), Set.copyOf(endorsements)));
            } catch (ParseException | RuntimeException e) {
                // One key Keepword cannot read (an x5c that does not match n/e, say) must not cost it the others.
                LOG.warn("Skipped Bot Framework signing key {}: {}", k.get("kid").asText(), e.toString());
            }
        }
        LOG.info("Bot Framework signing keys: {}", found.size());
        return Map.copyOf(found);
    }

    private JsonNode get(String url) throws IOException {
        try (Response r = http.newCall(new Request.Builder().url(url).get().build()).execute()) {
            if (!r.isSuccessful()) {
                throw new IOException(url + " answered HTTP " + r.code());
            }
            return json.readTree(r.body().string());
        }
    }
}
