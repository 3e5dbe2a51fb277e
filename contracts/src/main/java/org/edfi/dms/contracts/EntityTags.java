package org.edfi.dms.contracts;

/**
 * How a condition a client sends (If-Match, If-None-Match: RFC 9110, section 13.1) is held against a
 * document's ETag, the one rule the query-api and the processor share: {@code *} matches any current
 * document, anything else only the ETag it names.
 */
public final class EntityTags {

    /** The condition that matches any current document. */
    public static final String ANY = "*";

    private EntityTags() {}

    /** Whether {@code condition} (unquoted, as the command carries it) matches a document whose ETag is {@code etag}. */
    public static boolean matches(String condition, String etag) {
        return ANY.equals(condition) || condition.equals(etag);
    }
}
