package org.edfi.dms.http;

import java.util.List;
import java.util.Optional;

/**
 * Which browser origins may call the API (cross-origin resource sharing), an operator's setting:
 * none by default, {@code *} for any. The edge answers their preflight {@code OPTIONS} itself,
 * before any token is asked for (a browser sends none with it), and lets them read every answer and
 * the headers an Ed-Fi client reads.
 */
public record Cors(List<String> origins) {

    /** No browser origin may call the API. */
    public static final Cors NONE = new Cors(List.of());

    /** What a preflight allows. */
    static final String METHODS = "GET, POST, PUT, DELETE, OPTIONS";
    /** The answer headers a page of the allowed origins may read beyond the simple ones. */
    static final String EXPOSED = "ETag, Location, Total-Count, Next-Page-Token, Snapshot-Change-Version, correlation-id, traceparent";
    /** How long a browser may keep a preflight's answer, in seconds. */
    static final String MAX_AGE = "600";

    public Cors {
        origins = origins.stream().map(String::strip).filter(o -> !o.isEmpty()).toList();
    }

    /** The {@code Access-Control-Allow-Origin} for a request from {@code origin}, when that origin may call the API. */
    Optional<String> allow(Optional<String> origin) {
        if (origin.isEmpty()) {
            return Optional.empty();
        }
        if (origins.contains("*")) {
            return Optional.of("*");
        }
        return origins.stream().filter(o -> o.equalsIgnoreCase(origin.get())).findFirst().map(o -> origin.get());
    }
}
