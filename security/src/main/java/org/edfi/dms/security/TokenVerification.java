package org.edfi.dms.security;

/** What {@link JsonWebTokens#verify} found: the token's claims, or why it is refused. */
public sealed interface TokenVerification {

    /** A token this service issued, unexpired, not revoked, with a signature of a key that still verifies. */
    record Valid(TokenClaims claims) implements TokenVerification {}

    /**
     * A refused token.
     *
     * @param description what was wrong, for {@code error_description}: plain printable ASCII
     *     without quotes or backslashes (RFC 6750 3), never the token itself
     */
    record Invalid(Reason reason, String description) implements TokenVerification {

        public Invalid {
            description = description.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "'");
        }

        /** The {@code WWW-Authenticate} value of the 401 answering a request with this token. */
        public String wwwAuthenticate() {
            return "Bearer realm=\"" + JsonWebTokens.REALM + "\", error=\"invalid_token\", error_description=\"" + description + "\"";
        }
    }

    enum Reason {
        /** Not three base64url parts of JSON, or a claim missing or of the wrong type. */
        MALFORMED,
        /** The header's {@code alg} is not RS256 ({@code none} and HMAC included), or it asks for extensions ({@code crit}). */
        UNSUPPORTED_ALGORITHM,
        /** No key of this {@code kid} verifies now: never ours, or retired. */
        UNKNOWN_KEY,
        BAD_SIGNATURE,
        /** {@code iss} is not this service. */
        WRONG_ISSUER,
        EXPIRED,
        /** {@code iat} or {@code nbf} lies ahead. */
        NOT_YET_VALID,
        /** Valid, but issued before its client was deleted, given a new secret or made inactive ({@link RevokedClients}). */
        REVOKED
    }
}
