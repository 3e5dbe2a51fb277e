package org.edfi.dms.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.edfi.dms.security.TokenVerification.Invalid;
import org.edfi.dms.security.TokenVerification.Reason;

/**
 * Access tokens as compact JWS (RFC 7515) signed with RS256, written and read with Nimbus JOSE+JWT.
 * Verification trusts nothing before the signature: it accepts RS256 only (never {@code none},
 * never an HMAC that a public key could be abused as the secret of), looks the key up by
 * {@code kid} among the keys that still verify, checks the signature, and only then reads the
 * claims: issuer, expiry and issue time, with {@link #LEEWAY} for clocks that differ. The checks are
 * made here one by one rather than by Nimbus's JWT processor, so that each refusal keeps its own
 * {@link Reason} and description. A valid token whose client has been revoked since it was issued
 * is refused last.
 */
public final class JsonWebTokens {

    /** The realm of the {@code WWW-Authenticate} challenges. */
    public static final String REALM = "edfi";
    /** The {@code WWW-Authenticate} value of a 401 to a request without a bearer token (RFC 6750 3: no error code). */
    public static final String BEARER_CHALLENGE = "Bearer realm=\"" + REALM + "\"";
    /** How far the clocks of the issuing and the verifying node may differ. */
    public static final Duration LEEWAY = Duration.ofSeconds(30);

    private static final int MAX_TOKEN_LENGTH = 16 * 1024;
    /** Three parts of base64url characters: Nimbus decodes base64 leniently, skipping any other character. */
    private static final Pattern COMPACT = Pattern.compile("[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*");

    private final SigningKeys keys;
    private final VerifiedTokens verified;
    private final Predicate<TokenClaims> revoked;

    /** Tokens that are never revoked: for tests and tools that only sign and verify. */
    public JsonWebTokens(SigningKeys keys) {
        this(keys, claims -> false);
    }

    /**
     * @param revoked whether the client of a verified token has had its tokens revoked since
     *     ({@link RevokedClients#revoked}): asked on every verification, a cached one too
     */
    public JsonWebTokens(SigningKeys keys, Predicate<TokenClaims> revoked) {
        this.keys = keys;
        this.verified = new VerifiedTokens(keys.clock(), LEEWAY);
        this.revoked = revoked;
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
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(key.kid()).build(),
                claims.toClaimsSet());
        try {
            jwt.sign(new RSASSASigner(key.privateKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing with key " + key.kid() + " failed", e);
        }
        return jwt.serialize();
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
        Optional<TokenClaims> known = token == null ? Optional.empty() : verified.get(token);
        TokenVerification verification = known.<TokenVerification>map(TokenVerification.Valid::new).orElseGet(() -> verifyAnew(token));
        if (!(verification instanceof TokenVerification.Valid valid)) {
            return verification;
        }
        if (known.isEmpty()) {
            verified.put(token, valid.claims());
        }
        // After the cache: a token verified before its client was revoked stays cached (a revoked
        // client sending it again costs no RSA check) and is refused here.
        return revoked.test(valid.claims()) ? new Invalid(Reason.REVOKED, "the token has been revoked") : verification;
    }

    private TokenVerification verifyAnew(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return new Invalid(Reason.MALFORMED, "the token is empty or too long");
        }
        if (!COMPACT.matcher(token).matches()) {
            return new Invalid(Reason.MALFORMED, "a token is three base64url parts separated by dots");
        }
        String[] parts = token.split("\\.", -1);
        Optional<Map<String, Object>> parsedHeader = jsonObject(parts[0]);
        if (parsedHeader.isEmpty()) {
            return new Invalid(Reason.MALFORMED, "the token's header is not base64url of a JSON object");
        }
        Map<String, Object> header = parsedHeader.get();
        // Read before Nimbus parses the header, which refuses a missing alg or none as malformed.
        if (!JWSAlgorithm.RS256.getName().equals(header.get("alg"))) {
            return new Invalid(Reason.UNSUPPORTED_ALGORITHM, "the token is not signed with RS256");
        }
        if (header.containsKey("crit")) {
            return new Invalid(Reason.UNSUPPORTED_ALGORITHM, "the token asks for header extensions (crit) this service does not support");
        }
        SignedJWT jwt;
        try {
            jwt = new SignedJWT(new Base64URL(parts[0]), new Base64URL(parts[1]), new Base64URL(parts[2]));
        } catch (ParseException e) {
            return new Invalid(Reason.MALFORMED, "the token is malformed: " + e.getMessage());
        }
        String kid = jwt.getHeader().getKeyID();
        if (kid == null) {
            return new Invalid(Reason.MALFORMED, "the token's header names no key (kid)");
        }
        Optional<RSAPublicKey> key = keys.verificationKey(kid);
        if (key.isEmpty()) {
            return new Invalid(Reason.UNKNOWN_KEY, "the token is signed with an unknown or retired key");
        }
        if (!signatureHolds(jwt, key.get())) {
            return new Invalid(Reason.BAD_SIGNATURE, "the token's signature is invalid");
        }
        return claims(jwt);
    }

    /** The claims of a token whose signature holds: well formed, ours, and valid now. */
    private TokenVerification claims(SignedJWT jwt) {
        JWTClaimsSet payload;
        TokenClaims claims;
        try {
            payload = jwt.getJWTClaimsSet();
            claims = TokenClaims.fromClaimsSet(payload);
        } catch (ParseException | IllegalArgumentException e) {
            return new Invalid(Reason.MALFORMED, "the token's claims are malformed: " + e.getMessage());
        }
        if (!TokenClaims.ISSUER.equals(payload.getIssuer())) {
            return new Invalid(Reason.WRONG_ISSUER, "the token was not issued by " + TokenClaims.ISSUER);
        }
        Instant now = keys.clock().instant();
        if (!now.isBefore(claims.expiresAt().plus(LEEWAY))) {
            return new Invalid(Reason.EXPIRED, "the token expired at " + claims.expiresAt());
        }
        if (claims.issuedAt().isAfter(now.plus(LEEWAY))) {
            return new Invalid(Reason.NOT_YET_VALID, "the token is issued in the future");
        }
        Date notBefore = payload.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().isAfter(now.plus(LEEWAY))) {
            return new Invalid(Reason.NOT_YET_VALID, "the token is not valid before " + notBefore.toInstant());
        }
        return new TokenVerification.Valid(claims);
    }

    /** A base64url part as a JSON object, if it is one: Gson, under Nimbus, also reads a map from an array of pairs. */
    private static Optional<Map<String, Object>> jsonObject(String part) {
        String json = new Base64URL(part).decodeToString();
        if (!json.strip().startsWith("{")) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSONObjectUtils.parse(json));
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    private static boolean signatureHolds(SignedJWT jwt, RSAPublicKey key) {
        try {
            return jwt.verify(new RSASSAVerifier(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("RS256 with an RSA key is part of every JDK", e);
        }
    }
}
