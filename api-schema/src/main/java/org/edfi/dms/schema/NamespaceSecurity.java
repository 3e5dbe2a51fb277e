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
     * A 403 when the document holds a namespace outside {@code prefixes}; empty when every one is
     * inside, or the resource is not namespaced.
     */
    public static Optional<Refusal> check(ResourceSchema resource, JsonNode document, List<String> prefixes) {
        for (JsonPath path : namespacePaths(resource)) {
            for (JsonNode value : path.values(document)) {
                String namespace = value.asText();
                if (prefixes.stream().noneMatch(namespace::startsWith)) {
                    return Optional.of(Refusal.namespaceDenied("The namespace '" + namespace + "' of this "
                            + resource.name().resourceName() + " is not one the API client's vendor may use ("
                            + (prefixes.isEmpty() ? "it has no namespace prefixes" : String.join(", ", prefixes)) + ")."));
                }
            }
        }
        return Optional.empty();
    }
}
