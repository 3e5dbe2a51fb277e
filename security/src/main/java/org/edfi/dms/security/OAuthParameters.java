package org.edfi.dms.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.edfi.dms.contracts.MessageCodec;

/**
 * The parameters of a request to an OAuth endpoint, from its body as Ed-Fi clients send it: a form
 * ({@code application/x-www-form-urlencoded}) or a JSON object of strings. Names are read
 * case-insensitively (some .NET clients send {@code Grant_type}) and kept in lower case; a name given
 * twice is refused.
 */
final class OAuthParameters {

    private OAuthParameters() {}

    /** @throws OAuthRefusal {@code invalid_request}: the body is neither, or malformed */
    static Map<String, String> read(Optional<String> contentType, byte[] body) {
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
        throw OAuthRefusal.invalidRequest("the body is a form (application/x-www-form-urlencoded) or JSON (application/json), not " + type);
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
                throw OAuthRefusal.invalidRequest("the form body is not URL-encoded");
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
            throw OAuthRefusal.invalidRequest("the body is not valid JSON");
        }
        if (json == null || !json.isObject()) {
            throw OAuthRefusal.invalidRequest("a JSON body is an object of the parameters, for example {\"grant_type\": \"client_credentials\"}");
        }
        Map<String, String> parameters = new HashMap<>();
        for (Map.Entry<String, JsonNode> field : json.properties()) {
            if (field.getValue().isNull()) {
                continue;
            }
            if (!field.getValue().isTextual()) {
                throw OAuthRefusal.invalidRequest(field.getKey() + " is a string");
            }
            put(parameters, field.getKey(), field.getValue().asText());
        }
        return parameters;
    }

    private static void put(Map<String, String> parameters, String name, String value) {
        if (parameters.putIfAbsent(name.toLowerCase(Locale.ROOT), value) != null) {
            throw OAuthRefusal.invalidRequest("the parameter " + name + " is given more than once");
        }
    }
}
