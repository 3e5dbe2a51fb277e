package org.edfi.dms.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.edfi.dms.contracts.MessageCodec;

/**
 * A client credentials request as Ed-Fi clients send it (RFC 6749 4.4): the client's id and secret
 * in an HTTP Basic header, or as {@code client_id} and {@code client_secret} in the body, the body
 * being a form or a JSON object. Parameter names are read case-insensitively (some .NET clients
 * send {@code Grant_type}); a parameter given twice, or credentials given both ways, is refused.
 */
record TokenRequest(String grantType, String clientId, String clientSecret) {

    static final String CLIENT_CREDENTIALS = "client_credentials";

    /** An answer of the token endpoint's error format (RFC 6749 5.2). */
    static final class Refusal extends RuntimeException {

        final int status;
        final String error;

        Refusal(int status, String error, String description) {
            super(description, null, false, false);
            this.status = status;
            this.error = error;
        }

        static Refusal invalidRequest(String description) {
            return new Refusal(400, "invalid_request", description);
        }

        static Refusal invalidClient(String description) {
            return new Refusal(401, "invalid_client", description);
        }
    }

    /**
     * @throws Refusal the request is malformed ({@code invalid_request}), asks for another grant
     *     ({@code unsupported_grant_type}), or carries no usable credentials ({@code invalid_client})
     */
    static TokenRequest read(Optional<String> authorization, Optional<String> contentType, byte[] body) {
        Map<String, String> parameters = parameters(contentType, body);
        String grantType = parameters.get("grant_type");
        if (grantType == null || grantType.isEmpty()) {
            throw Refusal.invalidRequest("grant_type is required; this endpoint grants client_credentials");
        }
        if (!grantType.equals(CLIENT_CREDENTIALS)) {
            throw new Refusal(400, "unsupported_grant_type", "only the client_credentials grant is supported, not " + grantType);
        }
        Optional<String[]> basic = authorization.flatMap(TokenRequest::basic);
        if (basic.isPresent()) {
            if (parameters.containsKey("client_secret")) {
                throw Refusal.invalidRequest("the client authenticates one way: the Basic header or client_secret in the body, not both");
            }
            String bodyId = parameters.get("client_id");
            if (bodyId != null && !bodyId.equals(basic.get()[0])) {
                throw Refusal.invalidRequest("client_id in the body differs from the one in the Basic header");
            }
            return new TokenRequest(grantType, basic.get()[0], basic.get()[1]);
        }
        String clientId = parameters.get("client_id");
        String secret = parameters.get("client_secret");
        if (clientId == null || clientId.isEmpty() || secret == null || secret.isEmpty()) {
            throw Refusal.invalidClient("client authentication is required: a Basic header, or client_id and client_secret in the body");
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
            throw Refusal.invalidClient("the Basic header is not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw Refusal.invalidClient("the Basic header is not client_id:client_secret");
        }
        return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    }

    private static Map<String, String> parameters(Optional<String> contentType, byte[] body) {
        if (body.length == 0) {
            return Map.of();
        }
        String type = contentType.map(t -> t.split(";", 2)[0].strip().toLowerCase(Locale.ROOT)).orElse("");
        boolean json = type.equals("application/json") || type.endsWith("+json") || (type.isEmpty() && body[0] == '{');
        if (json) {
            return json(body);
        }
        if (type.isEmpty() || type.equals("application/x-www-form-urlencoded")) {
            return form(new String(body, StandardCharsets.UTF_8));
        }
        throw Refusal.invalidRequest("the body is a form (application/x-www-form-urlencoded) or JSON (application/json), not " + type);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw Refusal.invalidRequest("the form body is not URL-encoded");
            }
            put(parameters, name, value);
        }
        return parameters;
    }

    private static Map<String, String> json(byte[] body) {
        JsonNode json;
        try {
            json = MessageCodec.MAPPER.readTree(body);
        } catch (IOException e) {
            throw Refusal.invalidRequest("the body is not valid JSON");
        }
        if (json == null || !json.isObject()) {
            throw Refusal.invalidRequest("a JSON body is an object: {\"grant_type\": \"client_credentials\", \"client_id\": ..., \"client_secret\": ...}");
        }
        Map<String, String> parameters = new HashMap<>();
        for (Map.Entry<String, JsonNode> field : json.properties()) {
            if (field.getValue().isNull()) {
                continue;
            }
            if (!field.getValue().isTextual()) {
                throw Refusal.invalidRequest(field.getKey() + " is a string");
            }
            put(parameters, field.getKey(), field.getValue().asText());
        }
        return parameters;
    }

    private static void put(Map<String, String> parameters, String name, String value) {
        if (parameters.putIfAbsent(name.toLowerCase(Locale.ROOT), value) != null) {
            throw Refusal.invalidRequest("the parameter " + name + " is given more than once");
        }
    }

    @Override
    public String toString() {
        return "TokenRequest[" + grantType + ", " + clientId + ", secret hidden]";
    }
}
