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
        refusedWithoutSideEffect("Bearer " + h.identity.sign(claims().claim("serviceUrl", "https://evil.example.com/").build()));
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
