package dev.keepword.teams;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake Bot Framework identity service: OpenID metadata naming a JWKS, and that JWKS with an RSA key generated in the
 * test (endorsed for {@code msteams}). Signs tokens the way the Bot Framework does, and the ways it never would.
 */
public final class FakeBotIdentity implements AutoCloseable {
    public static final String ISSUER = "https://api.botframework.com";

    private final HttpServer server;
    final RSAKey key;
    final RSAKey stranger;
    private volatile List<String> endorsements = List.of("msteams");
    private final AtomicInteger keyFetches = new AtomicInteger();

    public FakeBotIdentity() throws IOException, JOSEException {
        key = new RSAKeyGenerator(2048).keyID("bf-key-1").generate();
        stranger = new RSAKeyGenerator(2048).keyID("bf-key-1").generate(); // same kid, another key
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/openid", ex -> send(ex, "{\"issuer\":\"" + ISSUER + "\",\"jwks_uri\":\"" + base() + "/keys\","
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}"));
        server.createContext("/keys", ex -> {
            keyFetches.incrementAndGet();
            Map<String, Object> jwk = new java.util.LinkedHashMap<>(key.toPublicJWK().toJSONObject());
            jwk.put("endorsements", endorsements);
            send(ex, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("keys", List.of(jwk))));
        });
        server.start();
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String openIdUrl() {
        return base() + "/openid";
    }

    public int keyFetches() {
        return keyFetches.get();
    }

    public void endorse(List<String> channels) {
        this.endorsements = List.copyOf(channels);
    }

    /** Claims as the Bot Framework sends them, valid for an hour from {@code now}. */
    public static JWTClaimsSet.Builder claims(String appId, String serviceUrl, Instant now) {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(appId).claim("serviceUrl", serviceUrl)
                .notBeforeTime(Date.from(now.minusSeconds(60))).expirationTime(Date.from(now.plusSeconds(3600)))
                .issueTime(Date.from(now.minusSeconds(60)));
    }

    public String sign(JWTClaimsSet claims) {
        return sign(key, claims);
    }

    public String sign(RSAKey with, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HS256 token signed with the app password as the secret (an old trick against RS256 verifiers). */
    public static String signHs256(String secret, JWTClaimsSet claims) {
        try {
            byte[] k = java.util.Arrays.copyOf(secret.getBytes(StandardCharsets.UTF_8), Math.max(32, secret.length()));
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("bf-key-1").build(), claims);
            jwt.sign(new MACSigner(k));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    private static void send(HttpExchange ex, String body) throws IOException {
        try (ex) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
