package org.edfi.dms.http;

import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/** What handlers read from a request alike: the body, a query parameter, ETags as clients send them. */
public final class Requests {

    private Requests() {}

    /** The request's body, or none. */
    public static byte[] body(ServerRequest req) {
        return req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
    }

    /** An ETag as a client sends it back ({@code "123"} or {@code W/"123"}) without its quotes. */
    public static String unquote(String etag) {
        String value = etag.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    /** A query parameter's value, when it is given and not blank. */
    public static Optional<String> query(ServerRequest req, String name) {
        return req.query().contains(name) ? Optional.of(req.query().get(name)).filter(v -> !v.isBlank()) : Optional.empty();
    }
}
