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
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.Base64URL;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake Bot Framework identity service: OpenID metadata naming a JWKS, and that JWKS with an RSA key generated in the
 * test (endorsed for {@code msteams}). Signs tokens the way the Bot Connector does, and the ways it never would.
 *
 * <p>Every shape here follows Microsoft's own artifacts, never a fake of ours:
 * <ul>
 *   <li>Token claims: exactly {@code serviceurl}, {@code nbf}, {@code exp}, {@code iss}, {@code aud} (a string), an
 *   hour apart, and nothing else (no {@code iat}, {@code appid} or {@code ver}: those are in Azure AD tokens, which the
 *   emulator and skills send, not in the Bot Connector's). That is a real Bot Connector token posted in
 *   MicrosoftDocs/azure-docs issue #89481, decoded; the claim names are {@code AuthenticationConstants} in
 *   microsoft/botbuilder-dotnet {@code libraries/Microsoft.Bot.Connector/Authentication/AuthenticationConstants.cs}
 *   ({@code ServiceUrlClaim = "serviceurl"}, {@code ToBotFromChannelTokenIssuer}) and botbuilder-js
 *   {@code libraries/botframework-connector/src/auth/authenticationConstants.ts}.</li>
 *   <li>Token header: {@code alg} RS256, {@code kid}, {@code typ} JWT, {@code x5t}, with {@code kid} = {@code x5t} (the
 *   same token; MicrosoftDocs/bot-docs {@code articles/rest-api/bot-framework-rest-connector-authentication.md},
 *   "Connector to Bot: example JWT components").</li>
 *   <li>OpenID metadata: {@code issuer}, {@code authorization_endpoint}, {@code jwks_uri},
 *   {@code id_token_signing_alg_values_supported}, {@code token_endpoint_auth_methods_supported} (the same doc's
 *   example, and {@code IOpenIdConfig} in botbuilder-js {@code libraries/botframework-connector/src/auth/openIdMetadata.ts}).</li>
 *   <li>JWKS keys: {@code kty}, {@code use}, {@code kid}, {@code x5t}, {@code n}, {@code e}, {@code x5c} and the Bot
 *   Framework's own {@code endorsements} ({@code IKey} in that {@code openIdMetadata.ts}; botbuilder-dotnet
 *   {@code EndorsementsRetriever.cs} reads {@code keys[].endorsements}).</li>
 * </ul>
 */
public final class FakeBotIdentity implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String ISSUER = "https://api.botframework.com";
    /** The Bot Connector's claim name ({@code AuthenticationConstants.ServiceUrlClaim}): all lowercase. */
    public static final String SERVICE_URL_CLAIM = "serviceurl";

    /**
     * The two RSA key pairs, made once per JVM (a 2048-bit pair takes a good part of a second, and every Teams test
     * starts an identity service): each test still has an identity service, certificate and JWKS of its own.
     */
    private static final class Keys {
        static final RSAKey SIGNING = generate();
        static final RSAKey OTHER = generate();

        private static RSAKey generate() {
            try {
                return new RSAKeyGenerator(2048).generate();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final HttpServer server;
    final RSAKey key;
    final RSAKey stranger;
    private final X509Certificate certificate;
    private volatile List<String> endorsements = List.of("msteams");
    private final AtomicInteger keyFetches = new AtomicInteger();
    private final List<Map<String, Object>> extraKeys = new java.util.concurrent.CopyOnWriteArrayList<>();

    public FakeBotIdentity() throws IOException, JOSEException {
        RSAKey generated = Keys.SIGNING;
        Instant now = Instant.now();
        certificate = TestCertificate.selfSigned(generated.toRSAPublicKey(), generated.toRSAPrivateKey(),
                "api.botframework.com", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
        Base64URL thumbprint;
        try {
            thumbprint = Base64URL.encode(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        // As published: the kid is the certificate's SHA-1 thumbprint, the same value as x5t.
        key = new RSAKey.Builder(generated).keyUse(KeyUse.SIGNATURE).keyID(thumbprint.toString())
                .x509CertThumbprint(thumbprint).build();
        // Same kid and x5t, another key: a forgery naming the real key.
        RSAKey other = Keys.OTHER;
        stranger = new RSAKey.Builder(other).keyID(key.getKeyID()).x509CertThumbprint(thumbprint).build();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/openid", ex -> {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("issuer", ISSUER);
            metadata.put("authorization_endpoint", "https://invalid.botframework.com");
            metadata.put("jwks_uri", base() + "/keys");
            metadata.put("id_token_signing_alg_values_supported", List.of("RS256"));
            metadata.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
            send(ex, JSON.writeValueAsString(metadata));
        });
        server.createContext("/keys", ex -> {
            keyFetches.incrementAndGet();
            List<Map<String, Object>> keys = new java.util.ArrayList<>(extraKeys);
            keys.add(publishedKey());
            send(ex, JSON.writeValueAsString(Map.of("keys", keys)));
        });
        server.start();
    }

    /** The public key as the JWKS publishes it, field for field. */
    Map<String, Object> publishedKey() {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("use", "sig");
        jwk.put("kid", key.getKeyID());
        jwk.put("x5t", key.getX509CertThumbprint().toString());
        jwk.put("n", key.getModulus().toString());
        jwk.put("e", key.getPublicExponent().toString());
        try {
            jwk.put("x5c", List.of(com.nimbusds.jose.util.Base64.encode(certificate.getEncoded()).toString()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        jwk.put("endorsements", endorsements);
        return jwk;
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

    /** Publishes another key before the real one (a key being rotated in, or one Keepword cannot read). */
    public void alsoPublish(Map<String, Object> jwk) {
        extraKeys.add(jwk);
    }

    public void endorse(List<String> channels) {
        this.endorsements = List.copyOf(channels);
    }

    /**
     * Claims as the Bot Connector sends them, in its order: {@code serviceurl}, {@code nbf} (the time of issue),
     * {@code exp} an hour later, {@code iss}, {@code aud}.
     */
    public static JWTClaimsSet.Builder claims(String appId, String serviceUrl, Instant now) {
        return new JWTClaimsSet.Builder().claim(SERVICE_URL_CLAIM, serviceUrl).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600))).issuer(ISSUER).audience(appId);
    }

    public String sign(JWTClaimsSet claims) {
        return sign(key, claims);
    }

    public String sign(RSAKey with, JWTClaimsSet claims) {
        try {
            // The Bot Connector's header: alg, kid, typ, x5t.
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID())
                    .type(JOSEObjectType.JWT).x509CertThumbprint(with.getX509CertThumbprint()).build(), claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Signs a header and payload given as JSON text, exactly as written (field order, types), with the published key:
     * for tokens copied field for field from a real one.
     */
    public String signRaw(String headerJson, String payloadJson) {
        String input = Base64URL.encode(headerJson) + "." + Base64URL.encode(payloadJson);
        try {
            java.security.Signature rs256 = java.security.Signature.getInstance("SHA256withRSA");
            rs256.initSign(key.toRSAPrivateKey());
            rs256.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + Base64URL.encode(rs256.sign());
        } catch (java.security.GeneralSecurityException | JOSEException e) {
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
