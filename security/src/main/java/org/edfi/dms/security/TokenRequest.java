package org.edfi.dms.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * A client credentials request as Ed-Fi clients send it (RFC 6749 4.4): the client's id and secret
 * in an HTTP Basic header, or as {@code client_id} and {@code client_secret} in the body, the body
 * being a form or a JSON object ({@link OAuthParameters}: names case-insensitive, none twice).
 * Credentials given both ways are refused.
 */
record TokenRequest(String grantType, String clientId, String clientSecret) {

    static final String CLIENT_CREDENTIALS = "client_credentials";

    /**
     * @throws OAuthRefusal the request is malformed ({@code invalid_request}), asks for another grant
     *     ({@code unsupported_grant_type}), or carries no usable credentials ({@code invalid_client})
     */
    static TokenRequest read(Optional<String> authorization, Optional<String> contentType, byte[] body) {
        Map<String, String> parameters = OAuthParameters.read(contentType, body);
        String grantType = parameters.get("grant_type");
        if (grantType == null || grantType.isEmpty()) {
            throw OAuthRefusal.invalidRequest("grant_type is required; this endpoint grants client_credentials");
        }
        if (!grantType.equals(CLIENT_CREDENTIALS)) {
            throw new OAuthRefusal(400, "unsupported_grant_type", "only the client_credentials grant is supported, not " + grantType);
        }
        Optional<String[]> basic = authorization.flatMap(TokenRequest::basic);
        if (basic.isPresent()) {
            if (parameters.containsKey("client_secret")) {
                throw OAuthRefusal.invalidRequest("the client authenticates one way: the Basic header or client_secret in the body, not both");
            }
            String bodyId = parameters.get("client_id");
            if (bodyId != null && !bodyId.equals(basic.get()[0])) {
                throw OAuthRefusal.invalidRequest("client_id in the body differs from the one in the Basic header");
            }
            return new TokenRequest(grantType, basic.get()[0], basic.get()[1]);
        }
        String clientId = parameters.get("client_id");
        String secret = parameters.get("client_secret");
        if (clientId == null || clientId.isEmpty() || secret == null || secret.isEmpty()) {
            throw OAuthRefusal.invalidClient("client authentication is required: a Basic header, or client_id and client_secret in the body");
        }
        return new TokenRequest(grantType, clientId, secret);
    }

    /** The id and secret of a {@code Basic} header; empty for another scheme. */
    private static Optional<String[]> basic(String authorization) {
        String value = authorization.strip();
        if (value.length() < 6 || !value.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthRefusal.invalidClient("the Basic header is not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw OAuthRefusal.invalidClient("the Basic header is not client_id:client_secret");
        }
        return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    }

    @Override
    public String toString() {
        return "TokenRequest[" + grantType + ", " + clientId + ", secret hidden]";
    }
}
