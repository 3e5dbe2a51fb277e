package org.edfi.dms.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A JSON operation's success, as the admin and client-management APIs answer: a status, a body or
 * none, the Location of what was created, and whether the body holds a secret (never cached).
 */
public record Reply(int status, JsonNode body, Optional<String> location, boolean secret) {

    public static Reply of(int status, JsonNode body) {
        return new Reply(status, body, Optional.empty(), false);
    }

    public static Reply created(JsonNode body, String location) {
        return new Reply(201, body, Optional.of(location), false);
    }
}
