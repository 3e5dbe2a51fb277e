package org.edfi.dms.query;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes and reads the opaque page tokens of cursor paging: a position ({@link PageToken}) and an
 * HMAC-SHA256 over it, the instance and the {@link PageScope}. A token that was altered, or that
 * was issued for another instance, resource or set of filters, does not verify and is refused.
 * Every node that serves an instance's reads must hold the same secret (the setting
 * {@code query.page-token-secret}) to accept the tokens the others issue.
 *
 * <p>The signature is for integrity, not authority: authorization and filters are applied to every
 * page again, so even a forged token only names a position in what the caller may read.
 */
public final class PageTokens {

    /** The secret of a deployment that sets none (docs/paging.md says why this is safe, and when to set one). */
    public static final String DEFAULT_SECRET = "ed-fi-dms page tokens";

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte VERSION = 1;
    /** A snapshot walk's token: the position and the snapshot's change version. */
    private static final byte SNAPSHOT_VERSION = 2;
    /** Half of HMAC-SHA256: 128 bits are far beyond guessing, and keep tokens at 44 characters (55 of a snapshot walk). */
    private static final int MAC_BYTES = 16;
    private static final int TOKEN_BYTES = 1 + Long.BYTES * 2 + MAC_BYTES;
    private static final int SNAPSHOT_TOKEN_BYTES = TOKEN_BYTES + Long.BYTES;

    private final SecretKeySpec key;
    private final String instance;

    private PageTokens(SecretKeySpec key, String instance) {
        this.key = key;
        this.instance = instance;
    }

    /** Tokens signed with {@code secret} (any text; hashed to the key), not yet bound to an instance. */
    public static PageTokens withSecret(String secret) {
        try {
            byte[] key = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return new PageTokens(new SecretKeySpec(key, ALGORITHM), "");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The same key, with tokens valid for {@code instance} alone. */
    public PageTokens forInstance(String instance) {
        return new PageTokens(key, instance);
    }

    String encode(PageToken token, PageScope scope) {
        boolean snapshot = token.snapshot() != null;
        ByteBuffer bytes = ByteBuffer.allocate(snapshot ? SNAPSHOT_TOKEN_BYTES : TOKEN_BYTES).put(snapshot ? SNAPSHOT_VERSION : VERSION)
                .putLong(token.after()).putLong(token.until());
        if (snapshot) {
            bytes.putLong(token.snapshot().changeVersion());
        }
        bytes.put(mac(Arrays.copyOf(bytes.array(), bytes.position()), scope));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /** The token's position, or empty when {@code text} is not a token this deployment issued for {@code scope}. */
    Optional<PageToken> decode(String text, PageScope scope) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        boolean snapshot = bytes.length == SNAPSHOT_TOKEN_BYTES && bytes[0] == SNAPSHOT_VERSION;
        if (!snapshot && (bytes.length != TOKEN_BYTES || bytes[0] != VERSION)) {
            return Optional.empty();
        }
        byte[] signed = Arrays.copyOf(bytes, bytes.length - MAC_BYTES);
        if (!MessageDigest.isEqual(mac(signed, scope), Arrays.copyOfRange(bytes, signed.length, bytes.length))) {
            return Optional.empty();
        }
        ByteBuffer position = ByteBuffer.wrap(signed, 1, signed.length - 1);
        long after = position.getLong();
        long until = position.getLong();
        Snapshot as = snapshot ? new Snapshot(position.getLong()) : null;
        return after >= 0 && until >= after && (as == null || as.changeVersion() >= 0) ? Optional.of(new PageToken(after, until, as)) : Optional.empty();
    }

    private byte[] mac(byte[] position, PageScope scope) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(position);
            // Each part length-prefixed, so that no two scopes sign the same bytes.
            part(mac, instance);
            part(mac, scope.resource());
            for (String term : scope.terms()) {
                part(mac, term);
            }
            return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
        }
    }

    private static void part(Mac mac, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        mac.update(bytes);
    }
}
