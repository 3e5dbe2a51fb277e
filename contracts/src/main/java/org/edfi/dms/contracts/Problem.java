package org.edfi.dms.contracts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edfi.dms.schema.Refusal;

/**
 * An Ed-Fi problem details object ({@code application/problem+json}), the body of every error the
 * API answers, with the type URNs, titles and fixed details the Ed-Fi DMS uses so that clients
 * written against it read ours the same way. This is the one catalogue of problems: every type the
 * API (admin API included) can answer is a constant here and every problem is made by a factory
 * here ({@code ProblemCatalogueTest} holds the sources to it); docs/ed-fi-differences.md lists
 * where a wording is deliberately not the DMS's.
 *
 * @param validationErrors messages by JSON path of the offending value, e.g. {@code $.schoolId}
 * @param errors messages that belong to no single path
 * @param correlationId the request's correlation id; null until the API fills it in
 */
public record Problem(
        String detail,
        String type,
        String title,
        int status,
        String correlationId,
        Map<String, List<String>> validationErrors,
        List<String> errors) {

    public static final String DATA_VALIDATION_FAILED = "urn:ed-fi:api:bad-request:data-validation-failed";
    public static final String BAD_REQUEST = "urn:ed-fi:api:bad-request";
    public static final String PARAMETER_VALIDATION_FAILED = "urn:ed-fi:api:bad-request:parameter-validation-failed";
    public static final String KEY_CHANGE_NOT_SUPPORTED = "urn:ed-fi:api:bad-request:data-validation-failed:key-change-not-supported";
    public static final String NOT_FOUND = "urn:ed-fi:api:not-found";
    public static final String METHOD_NOT_ALLOWED = "urn:ed-fi:api:method-not-allowed";
    public static final String PAYLOAD_TOO_LARGE = "urn:ed-fi:api:payload-too-large";
    public static final String UNSUPPORTED_MEDIA_TYPE = "urn:ed-fi:api:unsupported-media-type";
    public static final String IDENTITY_CONFLICT = "urn:ed-fi:api:identity-conflict";
    public static final String DEPENDENT_ITEM_EXISTS = "urn:ed-fi:api:data-conflict:dependent-item-exists";
    /** 409: a key change whose cascade would rewrite more documents than one command may (processor.max-cascade-documents). */
    public static final String CASCADE_TOO_LARGE = "urn:ed-fi:api:data-conflict:cascade-too-large";
    public static final String UNRESOLVED_REFERENCE = "urn:ed-fi:api:data-conflict:unresolved-reference";
    public static final String OPTIMISTIC_LOCK_FAILED = "urn:ed-fi:api:optimistic-lock-failed";
    public static final String INTERNAL_SERVER_ERROR = "urn:ed-fi:api:internal-server-error";
    public static final String SERVICE_UNAVAILABLE = "urn:ed-fi:api:service-unavailable";
    public static final String GATEWAY_TIMEOUT = "urn:ed-fi:api:gateway-timeout";
    /** 401: no token, or one that is not valid (expired, revoked, badly signed). */
    public static final String AUTHENTICATION_FAILED = "urn:ed-fi:api:security:authentication";
    /** 429: over the client's rate. */
    public static final String TOO_MANY_REQUESTS = "urn:ed-fi:api:too-many-requests";
    /** 409 of the admin API: an operation the instance's state does not allow now (the Ed-Fi DMS's conflict type). */
    public static final String CONFLICT = "urn:ed-fi:api:conflict";
    /** 410: a snapshot read (Use-Snapshot) whose snapshot is not available, as the ODS/API answers one with 410 Gone. */
    public static final String SNAPSHOT_GONE = "urn:ed-fi:api:snapshot-gone";
    /** 403s; a suffix says what denied it: {@code :action}, {@code :relationship}, {@code :admin}. */
    public static final String ACCESS_DENIED = "urn:ed-fi:api:security:authorization:access-denied";
    /** 403: a namespace outside the vendor's prefixes, as the ODS/API types it. */
    public static final String NAMESPACE_MISMATCH = "urn:ed-fi:api:security:authorization:namespace:access-denied:namespace-mismatch";
    /** 403: a NamespaceBased grant to a client whose vendor has no namespace prefixes. */
    public static final String NO_NAMESPACES = "urn:ed-fi:api:security:authorization:namespace:invalid-client:no-namespaces";
    private static final String ACCESS_NOT_AUTHORIZED = "Access to the requested data could not be authorized.";
    /** 403s of the OwnershipBased strategy, typed as the ODS/API types them: {@code :access-denied:ownership-mismatch}, ... */
    public static final String OWNERSHIP = "urn:ed-fi:api:security:authorization:ownership";
    /** 400, 406, 415: a profile media type that is malformed, unknown, of the wrong usage or another resource's. */
    public static final String INVALID_PROFILE_USAGE = "urn:ed-fi:api:profile:invalid-profile-usage";
    /** 405: the profile covers the resource, but not for reading (or writing). */
    public static final String PROFILE_METHOD_USAGE = "urn:ed-fi:api:profile:method-usage";
    /** 403: a profile the client is not assigned, or none named where its assignments need one. */
    public static final String DATA_POLICY_INCORRECT_USAGE = "urn:ed-fi:api:security:data-policy:incorrect-usage";
    /** 400: the writable profile hides a member the write needs (a create's required members). */
    public static final String DATA_POLICY_ENFORCED = "urn:ed-fi:api:data-policy-enforced";

    /**
     * Paths and messages may quote what the client sent; half of a surrogate pair in them (a
     * property name sent as a lone surrogate escape) is replaced by U+FFFD, so that the problem is
     * well-formed Unicode that every JSON parser reads.
     */
    public Problem {
        detail = wellFormed(detail);
        Map<String, List<String>> paths = new LinkedHashMap<>();
        validationErrors.forEach((path, messages) -> paths.merge(wellFormed(path), messages.stream().map(Problem::wellFormed).toList(),
                (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
        validationErrors = Collections.unmodifiableMap(paths);
        errors = errors.stream().map(Problem::wellFormed).toList();
    }

    private static String wellFormed(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder fixed = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (fixed != null) {
                    fixed.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (fixed == null) {
                    fixed = new StringBuilder(text.length()).append(text, 0, i);
                }
                fixed.append('\uFFFD');
            } else if (fixed != null) {
                fixed.append(c);
            }
        }
        return fixed == null ? text : fixed.toString();
    }

    /** The same problem, answering a given request. */
    public Problem withCorrelationId(String id) {
        return new Problem(detail, type, title, status, id, validationErrors, errors);
    }

    /** The problem that answers a refusal of the ApiSchema's rules: the one place its kinds get their wording and status. */
    public static Problem of(Refusal refusal) {
        return switch (refusal.kind()) {
            case UNREADABLE -> badRequest(refusal.message());
            case INVALID -> dataValidation(refusal.validationErrors());
            case CONSTRUCTED_INCORRECTLY -> dataConstructedIncorrectly(refusal.message());
            case NAMESPACE_DENIED -> new Problem(ACCESS_NOT_AUTHORIZED + " " + refusal.message(), NAMESPACE_MISMATCH, "Authorization Denied", 403,
                    null, Map.of(), List.of());
            case NO_NAMESPACES -> new Problem("There was a problem authorizing the request. The caller has not been configured correctly"
                    + " for accessing resources authorized by Namespace.", NO_NAMESPACES, "Authorization Denied", 403, null, Map.of(),
                    List.of(refusal.message()));
        };
    }

    /** 400: the body breaks the resource's rules; every broken rule is listed by path. */
    public static Problem dataValidation(Map<String, List<String>> validationErrors) {
        return new Problem("Data validation failed. See 'validationErrors' for details.", DATA_VALIDATION_FAILED,
                "Data Validation Failed", 400, null, validationErrors, List.of());
    }

    /** 400: the request is shaped wrongly as a whole (for example it assigns an id). */
    public static Problem dataConstructedIncorrectly(String error) {
        return new Problem("The request data was constructed incorrectly.", DATA_VALIDATION_FAILED,
                "Data Validation Failed", 400, null, Map.of(), List.of(error));
    }

    /** 400: the request cannot be processed at all (for example an empty body). */
    public static Problem badRequest(String error) {
        return badRequest(List.of(error));
    }

    /** 400 for several independent mistakes, each told at once. */
    public static Problem badRequest(List<String> errors) {
        return new Problem("The request could not be processed. See 'errors' for details.", BAD_REQUEST,
                "Bad Request", 400, null, Map.of(), List.copyOf(errors));
    }

    /**
     * 400: query parameters out of their range (a change version that is negative or not a whole
     * number, a window whose minimum is above its maximum), each message in {@code errors} as the
     * DMS words it, and {@code validationErrors} keyed by the parameter as the ODS/API keys its model state.
     */
    public static Problem parameterValidation(Map<String, List<String>> byParameter) {
        return new Problem("Parameters supplied to the request were invalid.", PARAMETER_VALIDATION_FAILED, "Parameter Validation Failed",
                400, null, byParameter, byParameter.values().stream().flatMap(List::stream).toList());
    }

    /**
     * 400: paging parameters ({@code limit}, {@code offset}, {@code totalCount}, cursors, partitions)
     * out of their range, in the DMS's parameter validation shell: {@code errors} alone.
     */
    public static Problem parameterValidation(List<String> errors) {
        return new Problem("Parameters supplied to the request were invalid.", PARAMETER_VALIDATION_FAILED, "Parameter Validation Failed",
                400, null, Map.of(), List.copyOf(errors));
    }

    /** 405: the method does not apply to the route; {@code error} says why, as the DMS words it. */
    public static Problem methodNotAllowed(String error) {
        return new Problem("The request construction was invalid.", METHOD_NOT_ALLOWED, "Method Not Allowed", 405,
                null, Map.of(), List.of(error));
    }

    /** 400: an update would change the natural key of a resource that does not allow it. */
    public static Problem keyChangeNotSupported(String resourceName) {
        return new Problem("Identifying values for the " + resourceName
                + " resource cannot be changed. Delete and recreate the resource item instead.",
                KEY_CHANGE_NOT_SUPPORTED, "Key Change Not Supported", 400, null, Map.of(), List.of());
    }

    /** 404. */
    public static Problem notFound(String detail) {
        return new Problem(detail, NOT_FOUND, "Not Found", 404, null, Map.of(), List.of());
    }

    /** 405. */
    public static Problem methodNotAllowed() {
        return new Problem("The request construction was invalid.", METHOD_NOT_ALLOWED, "Method Not Allowed", 405,
                null, Map.of(), List.of());
    }

    /** 413: the request body is larger than the API reads. */
    public static Problem payloadTooLarge(long maxBytes) {
        return new Problem("The request body is larger than the " + maxBytes + " bytes the API accepts.", PAYLOAD_TOO_LARGE,
                "Payload Too Large", 413, null, Map.of(), List.of());
    }

    /** 413: a write whose command, or a record it would commit, is larger than Kafka takes ({@code kafka.max-message-bytes}). */
    public static Problem messageTooLarge(String what, long maxBytes) {
        return new Problem(what + " is larger than the " + maxBytes + " bytes a Kafka record may hold here; nothing was written.",
                PAYLOAD_TOO_LARGE, "Payload Too Large", 413, null, Map.of(), List.of());
    }

    /** 409: a key change whose cascade would rewrite more than {@code maxDocuments} documents; nothing was written. */
    public static Problem cascadeTooLarge(int maxDocuments) {
        return new Problem("Changing the identity would rewrite more than the " + maxDocuments + " referencing documents one request may change;"
                + " nothing was changed. Change the referencing documents in smaller steps, or ask the operator to raise"
                + " processor.max-cascade-documents.", CASCADE_TOO_LARGE, "Cascade Too Large", 409, null, Map.of(), List.of());
    }

    /** 415: a body that is not declared as JSON (in UTF-8), worded as the DMS words it. */
    public static Problem unsupportedMediaType() {
        String unsupported = "The value specified in the 'Content-Type' header is not supported by this host.";
        return new Problem(unsupported, UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type", 415, null, Map.of(), List.of(unsupported));
    }

    /** 401: the request carries no valid token; {@code detail} says what is wrong with it. */
    public static Problem authenticationFailed(String detail) {
        return new Problem(detail, AUTHENTICATION_FAILED, "Authentication Failed", 401, null, Map.of(), List.of());
    }

    /** 429: the client sends more requests than it may (the answer carries Retry-After). */
    public static Problem tooManyRequests() {
        return new Problem("This client sends more requests than the service allows it; retry after the time Retry-After gives.",
                TOO_MANY_REQUESTS, "Too Many Requests", 429, null, Map.of(), List.of());
    }

    /** 409 of the admin API: the instance's state does not allow the operation now. */
    public static Problem conflict(String error) {
        return new Problem("The request conflicts with the current state of the instance. See 'errors' for details.",
                CONFLICT, "Conflict", 409, null, Map.of(), List.of(error));
    }

    /**
     * A status the HTTP server chose before any handler ran (a malformed request line, a header too
     * large, a failure): a 4xx is a bad request with the server's message in {@code errors}, a 5xx an
     * internal error (or 503 service unavailable); the title is the status's reason phrase.
     */
    public static Problem ofServerStatus(int status, String reasonPhrase, List<String> errors) {
        if (status >= 500) {
            return new Problem("An unexpected error occurred on the server.", status == 503 ? SERVICE_UNAVAILABLE : INTERNAL_SERVER_ERROR,
                    reasonPhrase, status, null, Map.of(), List.of());
        }
        return new Problem("The request could not be processed. See 'errors' for details.", BAD_REQUEST, reasonPhrase, status, null, Map.of(),
                errors);
    }

    /** 409: another document already has this natural key (or superclass key). */
    public static Problem identityConflict(List<String> errors) {
        return new Problem("The identifying value(s) of the item are the same as another item that already exists.",
                IDENTITY_CONFLICT, "Identifying Values Are Not Unique", 409, null, Map.of(), errors);
    }

    /** 409: a delete or key change would orphan documents that reference this one. */
    public static Problem dependentItemExists(List<String> referencingResources) {
        return dependentItemExists(referencingResources, List.of());
    }

    /** 409: as {@link #dependentItemExists(List)}, saying why in {@code errors}. */
    public static Problem dependentItemExists(List<String> referencingResources, List<String> errors) {
        return new Problem("The requested action cannot be performed because this item is referenced by existing "
                + String.join(", ", referencingResources) + " item(s).",
                DEPENDENT_ITEM_EXISTS, "Dependent Item Exists", 409, null, Map.of(), errors);
    }

    /** 409: referenced documents do not exist; the failing references are listed by path ({@code The referenced School item does not exist.}). */
    public static Problem unresolvedReference(Map<String, List<String>> validationErrors) {
        return new Problem("One or more references could not be resolved. See 'validationErrors' for details.",
                UNRESOLVED_REFERENCE, "Unresolved Reference", 409, null, validationErrors, List.of());
    }

    /**
     * 400: descriptors that do not exist, with any missing documents beside them, listed by path, as
     * the DMS answers a write whose references include a bad descriptor.
     */
    public static Problem unresolvedDescriptor(Map<String, List<String>> validationErrors) {
        return new Problem("Data validation failed. See 'validationErrors' for details.", BAD_REQUEST, "Bad Request", 400, null,
                validationErrors, List.of());
    }

    /**
     * 409: the write would give the document a natural key (or superclass key) another document
     * holds, worded as the DMS words it, with the key's names and values in the document's identity order.
     *
     * @param create whether the write creates the document (else it updates one)
     * @param keyValues the duplicate key's values by property name, e.g. {@code schoolId} to {@code 155901}
     */
    public static Problem naturalKeyConflict(boolean create, String resourceName, Map<String, String> keyValues) {
        String keys = keyValues.entrySet().stream().map(e -> "(" + e.getKey() + " = " + e.getValue() + ")")
                .collect(java.util.stream.Collectors.joining(","));
        return identityConflict(List.of("A natural key conflict occurred when attempting to " + (create ? "create a new resource " : "update a resource ")
                + resourceName + " with a duplicate key. The duplicate keys and values are " + keys));
    }

    /**
     * 410: the snapshot a read asked for is not available (pruned, not kept, or not yet readable);
     * the client starts again with a new snapshot.
     */
    public static Problem snapshotGone(String error) {
        return new Problem("The requested snapshot is not available. Start again with a new snapshot.", SNAPSHOT_GONE, "Snapshot Not Available",
                410, null, Map.of(), List.of(error));
    }

    /** 500: a bug. The log holds the details under the correlation id. */
    public static Problem internalError(String correlationId) {
        return new Problem("An unexpected error occurred on the server.", INTERNAL_SERVER_ERROR, "Internal Server Error", 500,
                correlationId, Map.of(), List.of());
    }

    /** 503: a part the request needs is out of reach (Kafka for a write, PostgreSQL); nothing was applied. */
    public static Problem serviceUnavailable(String error) {
        return new Problem("The service is temporarily unavailable. Retry the request later.", SERVICE_UNAVAILABLE,
                "Service Unavailable", 503, null, Map.of(), List.of(error));
    }

    /**
     * 504: the write was handed over, but its outcome did not arrive in time. It is applied at most
     * once, and never after its deadline, the moment of this answer (docs/topics.md#command).
     */
    public static Problem gatewayTimeout(String error) {
        return new Problem("The outcome of the request did not arrive in time. The write may have been applied, but it is not applied"
                + " after this answer; repeating it is safe because writes are upserts by natural key or by id.",
                GATEWAY_TIMEOUT, "Gateway Timeout", 504, null, Map.of(), List.of(error));
    }

    /** 504, as the processor's result: the command reached it after its deadline, when its sender had stopped waiting; nothing was applied. */
    public static Problem deadlinePassed(String error) {
        return new Problem("The outcome of the request did not arrive in time, and the write was not applied. Repeating it is safe.",
                GATEWAY_TIMEOUT, "Gateway Timeout", 504, null, Map.of(), List.of(error));
    }

    /**
     * 504: the write was committed, but the store did not apply it in time for a read to see it.
     * A success answer would promise that (read-your-writes); the write is not lost, and reads see
     * it once the store catches up.
     */
    public static Problem notYetVisible(String error) {
        return new Problem("The write was committed, but it is not readable yet: the store did not apply it in time."
                + " Reads show it once the store catches up; repeating the write is not needed.",
                GATEWAY_TIMEOUT, "Gateway Timeout", 504, null, Map.of(), List.of(error));
    }

    /** A profile media type the request cannot use: 400 (malformed, another resource's, not covering it), 406 or 415 (unknown, wrong usage). */
    public static Problem invalidProfileUsage(int status, String error) {
        return new Problem("The request construction was invalid with respect to usage of a data policy.", INVALID_PROFILE_USAGE,
                "Invalid Profile Usage", status, null, Map.of(), List.of(error));
    }

    /** 405: the profile does not let the resource be read (or written). */
    public static Problem profileMethodUsage(String error) {
        return new Problem("The request construction was invalid with respect to usage of a data policy. An attempt was made to access a"
                + " resource that is not readable or writable using the profile.", PROFILE_METHOD_USAGE, "Method Not Allowed with Profile",
                405, null, Map.of(), List.of(error));
    }

    /** 403: the profile the request names (or fails to name) does not fit the client's assignments. */
    public static Problem dataPolicyIncorrectUsage(String error) {
        return new Problem("A data policy failure was encountered. The request was not constructed correctly for the data policy that"
                + " has been applied to this data for the caller.", DATA_POLICY_INCORRECT_USAGE, "Data Policy Failure Due to Incorrect Usage",
                403, null, Map.of(), List.of(error));
    }

    /** 400: the writable profile keeps the writer from giving what the write needs. */
    public static Problem dataPolicyEnforced(String error) {
        return new Problem("The data cannot be saved because a data policy has been applied to the request that prevents it.",
                DATA_POLICY_ENFORCED, "Data Policy Enforced", 400, null, Map.of(), List.of(error));
    }

    /** 403: the client's grant does not reach this; {@code reason} names what denied it ({@code namespace}, {@code action}, ...). */
    public static Problem accessDenied(String reason, String detail) {
        return new Problem(detail, ACCESS_DENIED + ":" + reason, "Authorization Denied", 403, null, Map.of(), List.of());
    }

    /** 403 as the ODS/API words it: the detail Ed-Fi clients know, and what denied it in {@code errors}. */
    public static Problem accessDenied(String reason, List<String> errors) {
        return new Problem(ACCESS_NOT_AUTHORIZED, ACCESS_DENIED + ":" + reason, "Authorization Denied", 403, null, Map.of(), errors);
    }

    /**
     * 403: no relationship of the client's education organizations reaches the document, worded as
     * the Ed-Fi DMS words it: the ids (at most five), the properties that were looked at, and a hint
     * of the association that would establish one.
     */
    public static Problem relationshipDenied(List<Long> educationOrganizationIds, List<String> properties, String hint) {
        List<String> ids = educationOrganizationIds.stream().sorted().map(id -> "'" + id + "'").toList();
        String claims = ids.isEmpty() ? "claims (none)" : (ids.size() == 1 ? "claim (" : "claims (")
                + String.join(", ", ids.size() > 5 ? ids.subList(0, 5) : ids) + (ids.size() > 5 ? ", ...)" : ")");
        String of = properties.isEmpty() ? "the requested resource"
                : properties.size() == 1 ? "the resource item's '" + properties.getFirst() + "' value"
                : "one or more of the following properties of the resource item: '" + String.join("', '", properties) + "'";
        return new Problem(ACCESS_NOT_AUTHORIZED + (hint == null ? "" : " Hint: " + hint), ACCESS_DENIED + ":relationship",
                "Authorization Denied", 403, null, Map.of(),
                List.of("No relationships have been established between the caller's education organization id " + claims + " and " + of + "."));
    }

    /** 403: the stored document was created by a client that does not share the caller's ownership token. */
    public static Problem ownershipMismatch() {
        return new Problem(ACCESS_NOT_AUTHORIZED + " The item is not owned by the caller.",
                OWNERSHIP + ":access-denied:ownership-mismatch", "Authorization Denied", 403, null, Map.of(), List.of());
    }

    /** 403: the stored document carries no ownership token (it was created before tokens, or by a writer without one). */
    public static Problem ownershipUninitialized() {
        return new Problem(ACCESS_NOT_AUTHORIZED, OWNERSHIP + ":invalid-data:ownership-uninitialized",
                "Authorization Denied", 403, null, Map.of(), List.of("The existing resource item has no creator ownership token, so it is"
                        + " never accessible to clients using the 'OwnershipBased' authorization strategy."));
    }

    /** 403: OwnershipBased applies, but the request carries no ownership token to compare or stamp (fail closed). */
    public static Problem noOwnershipToken() {
        return new Problem("There was a problem authorizing the request. The caller has not been configured correctly for accessing"
                + " resources authorized by ownership.", OWNERSHIP + ":invalid-client:no-ownership-token", "Authorization Denied", 403, null,
                Map.of(), List.of("The API client has been given permissions on a resource that uses the 'OwnershipBased' authorization"
                        + " strategy, but its request carries no ownership token (a token issued before tokens carried one: ask for a new one)."));
    }

    /** 412: the If-Match ETag is stale. */
    public static Problem optimisticLockFailed() {
        return optimisticLockFailed("The resource item's etag value does not match what was specified in the 'If-Match' request header"
                + " indicating that it has been modified by another client since it was last retrieved.");
    }

    /** 412: another condition of the request does not hold (If-Match: * of no document, If-None-Match: * of an existing one). */
    public static Problem optimisticLockFailed(String error) {
        return new Problem("The item has been modified by another user.", OPTIMISTIC_LOCK_FAILED,
                "Optimistic Lock Failed", 412, null, Map.of(), List.of(error));
    }

    /** 400: the id in the path is not a document id, as the DMS words it. */
    public static Problem invalidDocumentId(String id) {
        return dataValidation(Map.of("$.id", List.of("The value '" + id + "' is not valid.")));
    }
}
