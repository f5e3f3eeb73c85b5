package dev.keepword.slack;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Slack's v0 request signature: {@code v0=hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body))}, compared in
 * constant time. Unlike Bolt's own check, a timestamp too far in the <em>future</em> is refused as well as a stale
 * one: a request signed for a time ahead of ours could otherwise be held and replayed until that time plus five minutes.
 */
public final class SlackSignature {
    /** How far a request's timestamp may be from our clock, either way. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final byte[] secret;

    public SlackSignature(String signingSecret) {
        this.secret = signingSecret.getBytes(StandardCharsets.UTF_8);
    }

    /** Why a request was refused, or {@link #VALID}. Said in the log, never to the caller. */
    public enum Verdict { VALID, MISSING_HEADERS, BAD_TIMESTAMP, STALE, FUTURE, BAD_SIGNATURE }

    public Verdict verify(String timestamp, String signature, byte[] body, Instant now) {
        if (timestamp == null || signature == null || timestamp.isBlank() || signature.isBlank()) {
            return Verdict.MISSING_HEADERS;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Verdict.BAD_TIMESTAMP;
        }
        long skew = seconds - now.getEpochSecond();
        if (skew < -TOLERANCE.toSeconds()) {
            return Verdict.STALE;
        }
        if (skew > TOLERANCE.toSeconds()) {
            return Verdict.FUTURE;
        }
        byte[] expected = sign(timestamp.trim(), body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.trim().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Verdict.VALID : Verdict.BAD_SIGNATURE;
    }

    /** The signature Slack would send for this timestamp and body (also what tests sign with). */
    public String sign(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return "v0=" + HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
