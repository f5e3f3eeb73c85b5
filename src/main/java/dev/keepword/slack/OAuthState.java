package dev.keepword.slack;

import com.slack.api.bolt.service.OAuthStateService;
import dev.keepword.app.Clock;
import dev.keepword.app.SeenEvents;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The OAuth {@code state} for {@code /slack/install}: {@code nonce.expiry.signature}, signed with HMAC-SHA256 under a key
 * derived from {@code KEEPWORD_SECRET_KEY}, so any instance sharing the database and the key can check it without
 * storing it. Bolt also sets it as a cookie on the installer's browser and requires the redirect to bring back the same
 * value (login CSRF). A state is accepted once ({@link SeenEvents}, shared by every instance), before it expires
 * ({@link #LIFETIME}, on Keepword's clock), and only with a valid signature.
 */
final class OAuthState implements OAuthStateService {
    static final Duration LIFETIME = Duration.ofMinutes(10);
    static final String USED = "slack-oauth";

    private final byte[] key;
    private final Clock clock;
    private final SeenEvents used;
    private final SecureRandom random = new SecureRandom();

    OAuthState(byte[] key, Clock clock, SeenEvents used) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the state key must be 32 bytes");
        }
        this.key = key.clone();
        this.clock = clock;
        this.used = used;
    }

    @Override
    public String getSessionCookieName() {
        return "keepword-slack-oauth-state";
    }

    @Override
    public long getExpirationInSeconds() {
        return LIFETIME.toSeconds();
    }

    @Override
    public String generateNewStateValue() {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String body = B64.encodeToString(nonce) + "." + clock.now().plus(LIFETIME).getEpochSecond();
        return body + "." + sign(body);
    }

    @Override
    public void addNewStateToDatastore(String state) {
        // nothing to store: the state carries its own expiry and signature
    }

    /** Valid signature, not expired, and never accepted before (this records it as accepted). */
    @Override
    public boolean isAvailableInDatabase(String state) {
        Instant now = clock.now();
        String[] parts = state == null ? new String[0] : state.split("\\.");
        if (parts.length != 3 || parts[0].length() != 22) {
            return false;
        }
        String body = parts[0] + "." + parts[1];
        if (!MessageDigest.isEqual(sign(body).getBytes(StandardCharsets.US_ASCII),
                parts[2].getBytes(StandardCharsets.US_ASCII))) {
            return false;
        }
        long expires;
        try {
            expires = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return false;
        }
        if (now.getEpochSecond() >= expires) {
            return false;
        }
        return used.firstTime(USED, "-", parts[0], now);
    }

    @Override
    public void deleteStateFromDatastore(String state) {
        // accepted states are remembered in SeenEvents (and forgotten by housekeeping after they expired)
    }

    private String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return B64.encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
}
