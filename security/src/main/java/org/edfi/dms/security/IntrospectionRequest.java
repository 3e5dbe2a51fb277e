package org.edfi.dms.security;

import java.util.Optional;

/**
 * A token introspection request (RFC 7662 2.1) as the Ed-Fi DMS takes it: the client authenticates
 * with its token as a bearer token and names the same token as the {@code token} parameter of the
 * body (a form or a JSON object, {@link OAuthParameters}), so a client introspects its own token
 * and no other. Other parameters ({@code token_type_hint}) are ignored.
 */
record IntrospectionRequest(String token) {

    /**
     * @throws OAuthRefusal no bearer token ({@code invalid_client}, 401); no {@code token}, a
     *     malformed body, or a body token other than the bearer token ({@code invalid_request}, 400)
     */
    static IntrospectionRequest read(Optional<String> authorization, Optional<String> contentType, byte[] body) {
        String bearer = JsonWebTokens.bearerToken(authorization.orElse(null))
                .orElseThrow(() -> OAuthRefusal.invalidClient("a bearer token is required: the token to introspect, in the Authorization header"));
        String token = OAuthParameters.read(contentType, body).get("token");
        if (token == null || token.isBlank()) {
            throw OAuthRefusal.invalidRequest("token is required: the bearer token again, as the token parameter of a form or JSON body");
        }
        if (!token.strip().equals(bearer)) {
            throw OAuthRefusal.invalidRequest("the token in the body is not the bearer token of the Authorization header: a client introspects its own token");
        }
        return new IntrospectionRequest(bearer);
    }

    @Override
    public String toString() {
        return "IntrospectionRequest[token hidden]";
    }
}
