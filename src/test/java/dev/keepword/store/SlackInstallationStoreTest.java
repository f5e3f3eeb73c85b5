package dev.keepword.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keepword.app.InstallationStore.Installation;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slack installations at rest: {@code V8__installations.sql} on H2 and on a real PostgreSQL, the bot token
 * encrypted with AES-GCM under a key derived from {@code KEEPWORD_SECRET_KEY}.
 */
class SlackInstallationStoreTest {
    static final String KEY = "a-test-secret-key-that-is-long-enough-1234";
    static final String TOKEN = "xoxb-1234-5678-secret-bot-token";
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private static EmbeddedPostgres postgres;
    private static Database pg;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        pg = Database.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null);
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
        postgres.close();
    }

    @Test
    void savesFindsReplacesAndRemovesOnH2AndPostgres() {
        try (Database h2 = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")) {
            for (Database db : new Database[]{h2, pg}) {
                JdbcInstallations store = new JdbcInstallations(db.jdbc(), TokenCipher.fromSecret(KEY));
                String team = "T" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
                store.save(installation(team, TOKEN));

                Installation found = store.find(team).orElseThrow();
                assertEquals(TOKEN, found.botToken());
                assertEquals(NOW, found.installedAt());
                assertEquals(Optional.of(TOKEN), store.botToken(team));
                String raw = raw(db, team);
                assertFalse(raw.contains(TOKEN), raw);
                assertTrue(raw.startsWith("v1:"), raw);

                store.save(installation(team, "xoxb-new"));
                assertEquals("xoxb-new", store.find(team).orElseThrow().botToken());
                assertNotEquals(raw, raw(db, team));

                assertTrue(store.remove(team));
                assertFalse(store.remove(team));
                assertEquals(Optional.empty(), store.find(team));
            }
        }
    }

    @Test
    void aChangedKeyReadsAsNotInstalledRatherThanFailingRequests() {
        try (Database h2 = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")) {
            new JdbcInstallations(h2.jdbc(), TokenCipher.fromSecret(KEY)).save(installation("T1", TOKEN));

            JdbcInstallations otherKey = new JdbcInstallations(h2.jdbc(), TokenCipher.fromSecret(KEY + "-rotated"));

            assertEquals(Optional.empty(), otherKey.find("T1"));
        }
    }

    @Test
    void aValueMovedToAnotherWorkspaceDoesNotDecrypt() {
        TokenCipher cipher = TokenCipher.fromSecret(KEY);
        String sealed = cipher.encrypt(TOKEN, "slack_installation:T1");

        assertEquals(TOKEN, cipher.decrypt(sealed, "slack_installation:T1"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> cipher.decrypt(sealed, "slack_installation:T2"));
        assertFalse(e.getMessage().contains(TOKEN));
        String tampered = sealed.substring(0, sealed.length() - 4) + (sealed.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThrows(IllegalStateException.class, () -> cipher.decrypt(tampered, "slack_installation:T1"));
    }

    @Test
    void eachValueHasItsOwnNonceAndKeysDifferByPurpose() {
        TokenCipher cipher = TokenCipher.fromSecret(KEY);
        byte[] a = java.util.Base64.getDecoder().decode(cipher.encrypt(TOKEN, "c").substring(3));
        byte[] b = java.util.Base64.getDecoder().decode(cipher.encrypt(TOKEN, "c").substring(3));

        assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOf(a, 12), java.util.Arrays.copyOf(b, 12)));
        assertEquals(12 + TOKEN.length() + 16, a.length);
        assertFalse(java.util.Arrays.equals(TokenCipher.derive(KEY, "installation-token", 32),
                TokenCipher.derive(KEY, "slack-oauth-state", 32)));
        assertThrows(IllegalArgumentException.class, () -> TokenCipher.fromSecret("short"));
        assertThrows(IllegalArgumentException.class, () -> TokenCipher.fromSecret(null));
    }

    private static Installation installation(String team, String token) {
        return new Installation(team, null, "Acme Agency", "A0KEEPWORD", "UBOT", "B0BOT", "commands,chat:write", token,
                "UADMIN", NOW);
    }

    private static String raw(Database db, String team) {
        return db.jdbc().one("select bot_token from slack_installation where team_id = ?", rs -> rs.getString(1), team)
                .orElseThrow();
    }
}
