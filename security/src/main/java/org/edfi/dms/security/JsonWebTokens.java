package org.edfi.dms.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAPublicKey;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.edfi.dms.messages.MessageCodec;
import org.edfi.dms.security.TokenVerification.Invalid;
import org.edfi.dms.security.TokenVerification.Reason;

/**
 * Access tokens as compact JWS (RFC 7515) signed with RS256, written and read with the JDK and
 * Jackson. Verification trusts nothing before the signature: it accepts RS256 only (never
 * {@code none}, never an HMAC that a public key could be abused as the secret of), looks the key up
 * by {@code kid} among the keys that still verify, checks the signature, and only then reads the
 * claims: issuer, expiry and issue time, with {@link #LEEWAY} for clocks that differ.
 */
public final class JsonWebTokens {

    /** The realm of the {@code WWW-Authenticate} challenges. */
    public static final String REALM = "edfi";
    /** The {@code WWW-Authenticate} value of a 401 to a request without a bearer token (RFC 6750 3: no error code). */
    public static final String BEARER_CHALLENGE = "Bearer realm=\"" + REALM + "\"";
    /** How far the clocks of the issuing and the verifying node may differ. */
    public static final Duration LEEWAY = Duration.ofSeconds(30);

    private static final String ALGORITHM = "RS256";
    private static final String JCA_ALGORITHM = "SHA256withRSA";
    private static final int MAX_TOKEN_LENGTH = 16 * 1024;
    /** Tokens remembered as verified; past it the memory starts again (a client keeps one token for its lifetime). */
    private static final int MAX_REMEMBERED = 10_000;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SigningKeys keys;
    /**
     * Tokens whose signature and claims held, with their claims: a client sends the same token with
     * every request, and an RSA verification costs about 45 us, 3% of a write's CPU here. A
     * remembered token is still refused once it expires.
     */
    private final Map<String, TokenClaims> verified = new ConcurrentHashMap<>();

    public JsonWebTokens(SigningKeys keys) {
        this.keys = keys;
    }

    public SigningKeys keys() {
        return keys;
    }

    /** A token for a grant, valid from now for {@code lifetime}. */
    public String issue(Grant grant, Duration lifetime) {
        return sign(TokenClaims.issue(grant, keys.clock().instant(), lifetime));
    }

    /** The claims as a compact JWS, signed with the newest key. */
    public String sign(TokenClaims claims) {
        SigningKey key = keys.signingKey();
        ObjectNode header = MessageCodec.MAPPER.createObjectNode().put("alg", ALGORITHM).put("typ", "JWT").put("kid", key.kid());
        String signingInput = B64.encodeToString(MessageCodec.encode(header)) + "." + B64.encodeToString(MessageCodec.encode(claims.toJson()));
        try {
            Signature signature = Signature.getInstance(JCA_ALGORITHM);
            signature.initSign(key.privateKey());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Signing with key " + key.kid() + " failed", e);
        }
    }

    /** The token of an {@code Authorization: Bearer <token>} header, if it is one. */
    public static Optional<String> bearerToken(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String value = authorization.strip();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(value.substring(7).strip()).filter(t -> !t.isEmpty());
    }

    /** The claims of a token, or why it is refused. */
    public TokenVerification verify(String token) {
        TokenClaims known = token == null ? null : verified.get(token);
        if (known != null && keys.clock().instant().isBefore(known.expiresAt().plus(LEEWAY))) {
            return new TokenVerification.Valid(known);
        }
        TokenVerification verification = verifyAnew(token);
        if (verification instanceof TokenVerification.Valid valid) {
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
            verified.put(token, valid.claims());
        } else if (known != null) {
            verified.remove(token);
        }
        return verification;
    }

    private TokenVerification verifyAnew(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return new Invalid(Reason.MALFORMED, "the token is empty or too long");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return new Invalid(Reason.MALFORMED, "a token is three base64url parts separated by dots");
        }
        JsonNode header;
        byte[] signature;
        try {
            header = json(parts[0]);
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return new Invalid(Reason.MALFORMED, "the token's header or signature is not base64url JSON");
        }
        if (header == null || !header.isObject()) {
            return new Invalid(Reason.MALFORMED, "the token's header is not a JSON object");
        }
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isTextual() || !alg.asText().equals(ALGORITHM)) {
            return new Invalid(Reason.UNSUPPORTED_ALGORITHM, "the token is not signed with RS256");
        }
        if (header.has("crit")) {
            return new Invalid(Reason.UNSUPPORTED_ALGORITHM, "the token asks for header extensions (crit) this service does not support");
        }
        JsonNode kid = header.get("kid");
        if (kid == null || !kid.isTextual()) {
            return new Invalid(Reason.MALFORMED, "the token's header names no key (kid)");
        }
        Optional<RSAPublicKey> key = keys.verificationKey(kid.asText());
        if (key.isEmpty()) {
            return new Invalid(Reason.UNKNOWN_KEY, "the token is signed with an unknown or retired key");
        }
        if (!signatureHolds(key.get(), parts[0] + "." + parts[1], signature)) {
            return new Invalid(Reason.BAD_SIGNATURE, "the token's signature is invalid");
        }
        return claims(parts[1]);
    }

    /** The payload of a token whose signature holds: well formed, ours, and valid now. */
    private TokenVerification claims(String encodedPayload) {
        TokenClaims claims;
        JsonNode payload;
        try {
            payload = json(encodedPayload);
            claims = TokenClaims.fromJson(payload);
        } catch (IllegalArgumentException | DateTimeException e) {
            return new Invalid(Reason.MALFORMED, "the token's claims are malformed: " + e.getMessage());
        }
        JsonNode issuer = payload.get("iss");
        if (issuer == null || !issuer.isTextual() || !issuer.asText().equals(TokenClaims.ISSUER)) {
            return new Invalid(Reason.WRONG_ISSUER, "the token was not issued by " + TokenClaims.ISSUER);
        }
        Instant now = keys.clock().instant();
        if (!now.isBefore(claims.expiresAt().plus(LEEWAY))) {
            return new Invalid(Reason.EXPIRED, "the token expired at " + claims.expiresAt());
        }
        if (claims.issuedAt().isAfter(now.plus(LEEWAY))) {
            return new Invalid(Reason.NOT_YET_VALID, "the token is issued in the future");
        }
        if (payload.has("nbf")) {
            Instant notBefore;
            try {
                notBefore = Instant.ofEpochSecond(TokenClaims.seconds(payload, "nbf"));
            } catch (IllegalArgumentException | DateTimeException e) {
                return new Invalid(Reason.MALFORMED, "the token's nbf is not a whole number of seconds");
            }
            if (notBefore.isAfter(now.plus(LEEWAY))) {
                return new Invalid(Reason.NOT_YET_VALID, "the token is not valid before " + notBefore);
            }
        }
        return new TokenVerification.Valid(claims);
    }

    private static boolean signatureHolds(RSAPublicKey key, String signingInput, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(JCA_ALGORITHM);
            verifier.initVerify(key);
            verifier.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(signature);
        } catch (SignatureException e) {
            return false; // a signature of the wrong length or shape
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(JCA_ALGORITHM + " with an RSA key is part of every JDK", e);
        }
    }

    /** @throws IllegalArgumentException not base64url, or not JSON */
    private static JsonNode json(String part) {
        byte[] bytes = Base64.getUrlDecoder().decode(part);
        try {
            return MessageCodec.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
    }
}
