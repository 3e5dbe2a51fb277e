package org.edfi.dms.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Namespace-based authorization, derived from the ApiSchema alone: a resource is namespaced when its
 * natural key holds a {@code namespace} (its own, as descriptors and assessments, or a referenced
 * one's, as student assessments through {@code assessmentReference.namespace}), or its document has
 * a top-level {@code namespace}. A client whose vendor has namespace prefixes writes such a document
 * only when every one of those namespaces starts with one of its prefixes, as in the ODS/API.
 */
public final class NamespaceSecurity {

    private static final String NAMESPACE = "namespace";
    private static final JsonPath TOP_LEVEL = JsonPath.of("$.namespace");

    private NamespaceSecurity() {}

    /** The paths of a resource's namespaces; empty when it is not namespaced. */
    public static List<JsonPath> namespacePaths(ResourceSchema resource) {
        List<JsonPath> paths = new ArrayList<>();
        for (JsonPath path : resource.identityPaths()) {
            if (NAMESPACE.equals(path.lastPropertyName()) && !paths.contains(path)) {
                paths.add(path);
            }
        }
        if (!paths.contains(TOP_LEVEL) && resource.jsonSchemaForInsert().path("properties").has(NAMESPACE)) {
            paths.add(TOP_LEVEL);
        }
        return paths;
    }

    /**
     * A refusal when the document holds a namespace outside {@code prefixes}, or the resource is
     * namespaced and there are no prefixes; empty when every namespace is inside, or the resource
     * is not namespaced. Worded as the Ed-Fi ODS/API words it.
     *
     * @param existing whether the document is the stored one a write would replace or delete
     */
    public static Optional<Refusal> check(ResourceSchema resource, JsonNode document, List<String> prefixes, boolean existing) {
        List<JsonPath> paths = namespacePaths(resource);
        if (!paths.isEmpty() && prefixes.isEmpty()) {
            return Optional.of(Refusal.noNamespaces("The API client has been given permissions on a resource that uses the 'NamespaceBased'"
                    + " authorization strategy but the client doesn't have any namespace prefixes assigned."));
        }
        for (JsonPath path : paths) {
            for (JsonNode value : path.values(document)) {
                String namespace = value.asText();
                if (prefixes.stream().noneMatch(namespace::startsWith)) {
                    return Optional.of(Refusal.namespaceDenied("The " + (existing ? "existing " : "") + "'Namespace' value of the data ('"
                            + namespace + "') does not start with any of the caller's associated namespace prefixes ('"
                            + String.join("', '", prefixes) + "')."));
                }
            }
        }
        return Optional.empty();
    }
}
