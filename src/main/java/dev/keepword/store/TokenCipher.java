package dev.keepword.store;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Encrypts secrets kept in the database (the workspaces' bot tokens) with AES-256-GCM: a fresh random 12-byte nonce per
 * value, a 128-bit tag, and the row's identity as associated data, so a value moved to another row does not decrypt.
 * The key is derived from {@code KEEPWORD_SECRET_KEY} with HKDF-SHA256, one key per purpose (label). Stored form:
 * {@code v1:} + base64(nonce || ciphertext || tag). Neither the secret nor a plaintext ever appears in an exception.
 */
public final class TokenCipher {
    /** The shortest {@code KEEPWORD_SECRET_KEY} accepted: 32 characters (for example {@code openssl rand -base64 32}). */
    public static final int MIN_SECRET_CHARS = 32;
    static final String VERSION = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] SALT = "keepword/hkdf/v1".getBytes(StandardCharsets.UTF_8);

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private TokenCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * The cipher for installation tokens, keyed from {@code secret} (the value of {@code KEEPWORD_SECRET_KEY}).
     *
     * @throws IllegalArgumentException when the secret is missing or shorter than {@link #MIN_SECRET_CHARS}
     */
    public static TokenCipher fromSecret(String secret) {
        return new TokenCipher(derive(secret, "installation-token", 32));
    }

    /**
     * A key of {@code length} bytes (at most 32) for one purpose, derived from {@code secret} with HKDF-SHA256
     * (RFC 5869). Different labels give independent keys.
     */
    public static byte[] derive(String secret, String label, int length) {
        if (secret == null || secret.strip().length() < MIN_SECRET_CHARS) {
            throw new IllegalArgumentException("KEEPWORD_SECRET_KEY must be at least " + MIN_SECRET_CHARS
                    + " characters long; generate one with: openssl rand -base64 32");
        }
        if (length < 1 || length > 32) {
            throw new IllegalArgumentException("one HKDF-SHA256 block gives 1 to 32 bytes");
        }
        try {
            Mac extract = Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec(SALT, "HmacSHA256"));
            byte[] prk = extract.doFinal(secret.strip().getBytes(StandardCharsets.UTF_8));
            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(prk, "HmacSHA256"));
            expand.update(("keepword " + label).getBytes(StandardCharsets.UTF_8));
            expand.update((byte) 1);
            byte[] okm = expand.doFinal();
            Arrays.fill(prk, (byte) 0);
            return Arrays.copyOf(okm, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Encrypts {@code plaintext}, bound to {@code context} (for example the workspace id). */
    public String encrypt(String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return VERSION + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Decrypts a value {@link #encrypt} produced for the same {@code context}.
     *
     * @throws IllegalStateException when the value was not made with this key and context (a changed
     *                               {@code KEEPWORD_SECRET_KEY}, a tampered or moved value)
     */
    public String decrypt(String stored, String context) {
        if (stored == null || !stored.startsWith(VERSION)) {
            throw new IllegalStateException("not an encrypted value (expected the " + VERSION + " prefix)");
        }
        byte[] all;
        try {
            all = Base64.getDecoder().decode(stored.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("encrypted value is not valid base64");
        }
        if (all.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("encrypted value is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("encrypted value does not match the key (was KEEPWORD_SECRET_KEY changed?)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed: " + e.getClass().getSimpleName());
        }
    }
}
