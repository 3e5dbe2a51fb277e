package org.edfi.dms.http;

import java.util.Locale;
import org.edfi.dms.contracts.InstanceRoutes;

/**
 * Which part of the API a request is for, decided once from its path by the edge: the access
 * guard decides by it what a request must show, and the request timer groups by it (never by the
 * path itself, whose ids would make a series per document).
 */
public enum Area {
    /** {@code [prefix]/data/...}: a token, a reachable instance and a claim. */
    DATA,
    /** {@code [prefix]/changeQueries/...}: a token and a reachable instance (no claim: it tells no document). */
    CHANGE_QUERIES,
    /** {@code /admin/...}, unprefixed: a token whose claim set reaches the admin API. */
    ADMIN,
    /** {@code [any prefix]/oauth/token} and {@code /oauth/token_info}, and the key set under {@code /.well-known/}. */
    TOKEN,
    METADATA,
    DISCOVERY,
    HEALTH,
    METRICS,
    OTHER;

    /** The token endpoint's path, under any prefix (security's TokenService serves it). */
    public static final String TOKEN_PATH = "/oauth/token";
    /** The token introspection endpoint's path, under any prefix: it verifies the token itself, and answers for an invalid one. */
    public static final String TOKEN_INFO_PATH = "/oauth/token_info";

    /** The area of a request for {@code path} (decoded and normalized), which {@code route} splits. */
    static Area of(String path, InstanceRoutes.Match route) {
        String rest = route.rest();
        if (path.endsWith(TOKEN_PATH) || path.endsWith(TOKEN_INFO_PATH) || (!route.prefixed() && rest.startsWith("/.well-known/"))) {
            return TOKEN;
        }
        String first = rest.length() <= 1 ? "" : rest.substring(1).split("/", 2)[0];
        return switch (first) {
            case "" -> DISCOVERY;
            case "data" -> DATA;
            case "changeQueries" -> CHANGE_QUERIES;
            case "admin" -> route.prefixed() ? OTHER : ADMIN;
            case "metadata" -> METADATA;
            case "health" -> HEALTH;
            case "metrics" -> METRICS;
            default -> OTHER;
        };
    }

    /** Its name in meters: {@code data}, {@code admin}, {@code token}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
