package dev.keepword.teams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Date;
import java.util.List;

import static dev.keepword.teams.TeamsHarness.APP_ID;
import static dev.keepword.teams.TeamsHarness.MAYA;
import static dev.keepword.teams.TeamsHarness.PASSWORD;
import static dev.keepword.teams.TeamsHarness.TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TeamsAuthTest {
    private TeamsHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new TeamsHarness();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private ObjectNode help() {
        return h.message(MAYA, "Maya Okafor", TeamsHarness.chatOf(MAYA), "personal", "help");
    }

    private JWTClaimsSet.Builder claims() {
        return FakeBotIdentity.claims(APP_ID, h.connector.serviceUrl(), h.clock.now());
    }

    private void refusedWithoutSideEffect(String authorization) throws Exception {
        HttpResponse<String> r = h.post(authorization, help());

        assertEquals(401, r.statusCode());
        assertEquals("", r.body());
        assertTrue(h.connector.calls().isEmpty(), "nothing was sent: " + h.connector.calls());
        assertFalse(h.refs.knowsWorkspace(TENANT), "no conversation reference was stored");
        assertEquals(0, rows("inbound_event"));
        assertEquals(0, rows("teams_user"));
    }

    private int rows(String table) throws Exception {
        try (Connection c = h.database.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void acceptsAnActivitySignedByTheBotFrameworkAndAnswersIt() throws Exception {
        HttpResponse<String> r = h.post(help());

        assertEquals(200, r.statusCode());
        assertTrue(h.refs.knowsWorkspace(TENANT));
        List<FakeBotConnector.Call> replies = h.connector.await("POST", "/v3/conversations/" + TeamsHarness.chatOf(MAYA) + "/activities/", 1);
        assertTrue(replies.get(0).cardText().contains("commit"), replies.get(0).cardText());
        assertEquals("tok-1", replies.get(0).token());
    }

    /**
     * A token copied field for field from a real Bot Connector token (MicrosoftDocs/azure-docs issue #89481, decoded:
     * header {@code alg, kid, typ, x5t}; payload {@code serviceurl, nbf, exp, iss, aud}), with our values and our key.
     */
    private String botConnectorToken(String serviceUrlClaim) {
        String kid = h.identity.key.getKeyID();
        long nbf = h.clock.now().getEpochSecond();
        return h.identity.signRaw("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\",\"x5t\":\"" + kid + "\"}",
                "{\"" + serviceUrlClaim + "\":\"" + h.connector.serviceUrl() + "\",\"nbf\":" + nbf + ",\"exp\":" + (nbf + 3600)
                        + ",\"iss\":\"https://api.botframework.com\",\"aud\":\"" + APP_ID + "\"}");
    }

    @Test
    void acceptsATokenShapedFieldForFieldLikeTheBotConnectorsEndToEnd() throws Exception {
        HttpResponse<String> r = h.post("Bearer " + botConnectorToken("serviceurl"), help());

        assertEquals(200, r.statusCode());
        List<FakeBotConnector.Call> replies = h.connector.await("POST", "/v3/conversations/" + TeamsHarness.chatOf(MAYA) + "/activities/", 1);
        assertTrue(replies.get(0).cardText().contains("commit"), replies.get(0).cardText());
    }

    @Test
    void refusesATokenCarryingOnlyACamelCaseServiceUrlClaim() throws Exception {
        // The Bot Connector never issues "serviceUrl"; a token with only that claim lacks the real one.
        refusedWithoutSideEffect("Bearer " + botConnectorToken("serviceUrl"));
    }

    @Test
    void theFakeMintsTokensWithExactlyTheBotConnectorsHeaderAndClaims() throws Exception {
        com.nimbusds.jwt.SignedJWT jwt = com.nimbusds.jwt.SignedJWT.parse(h.token());

        assertEquals(java.util.Set.of("alg", "kid", "typ", "x5t"), jwt.getHeader().toJSONObject().keySet());
        assertEquals(jwt.getHeader().getKeyID(), jwt.getHeader().getX509CertThumbprint().toString());
        java.util.Map<String, Object> payload = jwt.getPayload().toJSONObject();
        assertEquals(java.util.Set.of("serviceurl", "nbf", "exp", "iss", "aud"), payload.keySet()); // order is no part of JSON
        assertEquals(APP_ID, payload.get("aud"), "a single audience, as a string");
        assertEquals(3600L, ((Number) payload.get("exp")).longValue() - ((Number) payload.get("nbf")).longValue());
    }

    @Test
    void aPublishedKeyKeepwordCannotReadDoesNotCostItTheOthers() throws Exception {
        java.util.Map<String, Object> broken = new java.util.LinkedHashMap<>(h.identity.publishedKey());
        broken.put("kid", "rotating-in");
        broken.put("n", "not-a-modulus!");
        h.identity.alsoPublish(broken);

        assertEquals(200, h.post(help()).statusCode());
    }

    @Test
    void acceptsATokenExpiredWithinTheFiveMinuteSkew() throws Exception {
        String token = h.identity.sign(claims().expirationTime(Date.from(h.clock.now().minusSeconds(240))).build());

        assertEquals(200, h.post("Bearer " + token, help()).statusCode());
    }

    @Test
    void refusesARequestWithoutAToken() throws Exception {
        refusedWithoutSideEffect(null);
    }

    @Test
    void refusesATokenSignedByAnotherKey() throws Exception {
        refusedWithoutSideEffect("Bearer " + h.identity.sign(h.identity.stranger, claims().build()));
    }

    @Test
    void refusesAnExpiredToken() throws Exception {
        refusedWithoutSideEffect("Bearer " + h.identity.sign(claims().expirationTime(Date.from(h.clock.now().minusSeconds(360))).build()));
    }

    @Test
    void refusesATokenNotYetValidBeyondTheSkew() throws Exception {
        refusedWithoutSideEffect("Bearer " + h.identity.sign(claims().notBeforeTime(Date.from(h.clock.now().plusSeconds(360))).build()));
    }

    @Test
    void refusesATokenForAnotherApp() throws Exception {
        refusedWithoutSideEffect("Bearer " + h.identity.sign(claims().audience("another-app").build()));
    }

    @Test
    void refusesATokenFromAnotherIssuer() throws Exception {
        refusedWithoutSideEffect("Bearer " + h.identity.sign(claims().issuer("https://sts.windows.net/" + TENANT + "/").build()));
    }

    @Test
    void refusesAnActivityWhoseServiceUrlIsNotTheTokens() throws Exception {
        refusedWithoutSideEffect("Bearer " + h.identity.sign(claims().claim(FakeBotIdentity.SERVICE_URL_CLAIM, "https://evil.example.com/").build()));
    }

    @Test
    void refusesAKeyNotEndorsedForTheActivitysChannel() throws Exception {
        h.identity.endorse(List.of("webchat", "skype"));

        refusedWithoutSideEffect("Bearer " + h.token());
    }

    @Test
    void refusesAnUnsignedToken() throws Exception {
        refusedWithoutSideEffect("Bearer " + FakeBotIdentity.unsigned(claims().build()));
    }

    @Test
    void refusesAnHs256TokenSignedWithTheAppPassword() throws Exception {
        refusedWithoutSideEffect("Bearer " + FakeBotIdentity.signHs256(PASSWORD, claims().build()));
    }

    @Test
    void fetchesTheKeysAgainForAnUnknownKidAtMostOnceAMinute() throws Exception {
        h.post(help());
        int fetched = h.identity.keyFetches();
        com.nimbusds.jose.jwk.RSAKey rotated = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("bf-key-2").generate();

        refusedAgain(rotated); // within a minute of the first fetch: not fetched again
        h.clock.advance(java.time.Duration.ofSeconds(61));
        refusedAgain(rotated); // fetched again once
        refusedAgain(rotated); // and not again

        assertEquals(fetched + 1, h.identity.keyFetches());
    }

    private void refusedAgain(com.nimbusds.jose.jwk.RSAKey key) throws Exception {
        assertEquals(401, h.post("Bearer " + h.identity.sign(key, claims().build()), help()).statusCode());
    }
}
