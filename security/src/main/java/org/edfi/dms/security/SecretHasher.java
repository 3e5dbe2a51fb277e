package org.edfi.dms.security;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Client secrets are stored only as a slow salted hash: PBKDF2 with HMAC-SHA256, a random 16-byte
 * salt and (by default) 210,000 iterations, OWASP's figure for this function. The stored form names
 * its function and cost, {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}, so the cost can be
 * raised later without invalidating the secrets already issued ({@link #needsRehash}).
 */
public final class SecretHasher {

    /** The cost of new hashes, unless a test asks for less. */
    public static final int DEFAULT_ITERATIONS = 210_000;

    private static final String SCHEME = "pbkdf2-sha256";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    /** A stored string claiming more than this is refused rather than computed: it would be a denial of service. */
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final char[] CLIENT_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final int CLIENT_ID_LENGTH = 20;

    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    public SecretHasher() {
        this(DEFAULT_ITERATIONS);
    }

    public SecretHasher(int iterations) {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("PBKDF2 iterations are 1 to " + MAX_ITERATIONS + ": " + iterations);
        }
        this.iterations = iterations;
    }

    /** The stored form of a secret: a new salt each time, so equal secrets hash differently. */
    public String hash(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a client secret is not empty");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(pbkdf2(secret, salt, iterations));
    }

    /**
     * Whether {@code secret} is the one {@code stored} was made from. The comparison takes the same
     * time wherever the hashes differ; a stored string that is not of this format is a false, never
     * an exception, so a damaged row locks its client out instead of failing the request.
     */
    public boolean verify(String secret, String stored) {
        if (secret == null || secret.isEmpty() || stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        int cost;
        byte[] salt;
        byte[] expected;
        try {
            cost = Integer.parseInt(parts[1]);
            salt = Base64.getDecoder().decode(parts[2]);
            expected = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (cost < 1 || cost > MAX_ITERATIONS || salt.length == 0 || expected.length != HASH_BITS / 8) {
            return false;
        }
        return MessageDigest.isEqual(expected, pbkdf2(secret, salt, cost));
    }

    /** Whether a stored hash was made with another cost than this hasher's: worth replacing once the secret is known good. */
    public boolean needsRehash(String stored) {
        String[] parts = stored.split("\\$", -1);
        return parts.length != 4 || !parts[0].equals(SCHEME) || !parts[1].equals(Integer.toString(iterations));
    }

    /** A new client secret: 32 random bytes, base64url without padding (43 characters, safe in a URL or a Basic header). */
    public String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A new client id: 20 random lower-case letters and digits (103 bits), easy to copy and to type. */
    public String newClientId() {
        char[] id = new char[CLIENT_ID_LENGTH];
        for (int i = 0; i < id.length; i++) {
            id[i] = CLIENT_ID_ALPHABET[random.nextInt(CLIENT_ID_ALPHABET.length)];
        }
        return new String(id);
    }

    private static byte[] pbkdf2(String secret, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
