package org.edfi.dms.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a rule of the ApiSchema refuses a document, as this module sees it: which kind of refusal,
 * and what the client should read about it. How the API words and answers each kind (status, type,
 * title) is the problem catalogue's (the contracts module's {@code Problem.of}), since this module
 * knows no HTTP.
 *
 * @param message what is wrong as a whole; empty when the validation errors say it all
 * @param validationErrors messages by JSON path of the offending value, e.g. {@code $.schoolId}
 */
public record Refusal(Kind kind, String message, Map<String, List<String>> validationErrors) {

    public enum Kind {
        /** The body cannot be processed at all (an empty body). */
        UNREADABLE,
        /** The body breaks the resource's rules; every broken rule is listed by path. */
        INVALID,
        /** The request is shaped wrongly as a whole (it assigns an id). */
        CONSTRUCTED_INCORRECTLY,
        /** The document names a namespace outside the caller's. */
        NAMESPACE_DENIED,
        /** The caller has no namespace prefixes, so it reaches no namespaced document. */
        NO_NAMESPACES
    }

    public Refusal {
        validationErrors = Collections.unmodifiableMap(new LinkedHashMap<>(validationErrors)); // in the order found
    }

    public static Refusal unreadable(String message) {
        return new Refusal(Kind.UNREADABLE, message, Map.of());
    }

    public static Refusal invalid(Map<String, List<String>> validationErrors) {
        return new Refusal(Kind.INVALID, "", validationErrors);
    }

    public static Refusal constructedIncorrectly(String message) {
        return new Refusal(Kind.CONSTRUCTED_INCORRECTLY, message, Map.of());
    }

    public static Refusal namespaceDenied(String message) {
        return new Refusal(Kind.NAMESPACE_DENIED, message, Map.of());
    }

    public static Refusal noNamespaces(String message) {
        return new Refusal(Kind.NO_NAMESPACES, message, Map.of());
    }
}
