package org.edfi.dms.schema.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edfi.dms.schema.EqualityConstraint;
import org.edfi.dms.schema.JsonPath;
import org.edfi.dms.schema.QueryField;
import org.edfi.dms.schema.ResourceSchema;

/**
 * A document's natural key as change queries tell it ({@code keyValues}, {@code oldKeyValues},
 * {@code newKeyValues}): the values at the resource's identity paths as the document holds them
 * (numbers as numbers, descriptor URIs as written, unlike the canonical {@link DocumentIdentity}),
 * named as the ODS/API and the DMS name them: by the resource's query field of that path
 * ({@code $.schoolReference.schoolId} is {@code schoolId}), else by the path's last property. A
 * descriptor's key is its {@code namespace} and {@code codeValue}.
 */
public final class KeyValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final List<JsonPath> DESCRIPTOR_KEY = List.of(JsonPath.of("$.namespace"), JsonPath.of("$.codeValue"));

    private KeyValues() {}

    /** The key of {@code document}, by identity path ({@code {"$.schoolReference.schoolId": 255901001}}): what a tracked change stores. */
    public static ObjectNode byPath(ResourceSchema resource, JsonNode document) {
        ObjectNode values = NODES.objectNode();
        for (JsonPath path : keyPaths(resource)) {
            List<JsonNode> found = path.values(document);
            if (!found.isEmpty()) {
                values.set(path.toString(), found.getFirst().deepCopy());
            }
        }
        return values;
    }

    /**
     * The key of {@code document} named for clients, in identity order
     * ({@code {"classPeriodName": "First", "schoolId": 255901001}}).
     */
    public static ObjectNode named(ResourceSchema resource, JsonNode document) {
        return rename(resource, byPath(resource, document));
    }

    /**
     * Key values by identity path ({@link #byPath}) renamed for clients; a path equal to one already told is left out, one
     * that is not the resource's keeps its text.
     */
    public static ObjectNode rename(ResourceSchema resource, JsonNode byPath) {
        Map<String, String> names = names(resource);
        ObjectNode named = NODES.objectNode();
        List<String> keyPaths = keyPaths(resource).stream().map(JsonPath::toString).toList();
        byPath.properties().forEach(entry -> {
            String name = names.get(entry.getKey());
            if (name != null) {
                named.set(name, entry.getValue());
            } else if (!keyPaths.contains(entry.getKey())) {
                named.set(entry.getKey(), entry.getValue());
            }
        });
        return named;
    }

    /**
     * The key of a document known only by its canonical identity (a tracked change recorded before
     * the store kept bodies): numbers become numbers again; descriptor URIs stay lower case.
     */
    public static ObjectNode fromCanonical(ResourceSchema resource, Map<String, String> identity) {
        ObjectNode byPath = NODES.objectNode();
        if (resource.isDescriptor()) {
            String uri = identity.getOrDefault(IdentityValues.DESCRIPTOR_PATH, "");
            int hash = uri.lastIndexOf('#');
            byPath.put("$.namespace", hash < 0 ? uri : uri.substring(0, hash));
            byPath.put("$.codeValue", hash < 0 ? "" : uri.substring(hash + 1));
            return rename(resource, byPath);
        }
        for (Map.Entry<String, String> element : identity.entrySet()) {
            boolean numeric = resource.numericPaths().stream().anyMatch(p -> p.toString().equals(element.getKey()));
            JsonNode value = NODES.textNode(element.getValue());
            if (numeric) {
                try {
                    value = NODES.numberNode(new java.math.BigDecimal(element.getValue()));
                } catch (NumberFormatException e) {
                    // kept as text: the canonical form of a number is always a number, so this is a foreign row
                }
            }
            byPath.set(element.getKey(), value);
        }
        return rename(resource, byPath);
    }

    private static List<JsonPath> keyPaths(ResourceSchema resource) {
        return resource.isDescriptor() ? DESCRIPTOR_KEY : resource.identityPaths();
    }

    /**
     * The client name of each key path. A path that the resource's equality constraints make equal
     * to one already named (a grade's two schoolIds) is left out, so a key value is told once; a
     * name taken by another path gets the name of the reference that holds it as a prefix
     * ({@code gradingPeriodSchoolYear}), as ODS/API column names do.
     */
    static Map<String, String> names(ResourceSchema resource) {
        Map<String, String> names = new LinkedHashMap<>();
        List<JsonPath> named = new ArrayList<>();
        for (JsonPath path : keyPaths(resource)) {
            if (named.stream().anyMatch(other -> equal(resource, path, other))) {
                continue;
            }
            String name = queryFieldName(resource, path).orElse(path.lastPropertyName());
            if (names.containsValue(name)) {
                name = holderName(path).map(holder -> holder + Character.toUpperCase(path.lastPropertyName().charAt(0))
                        + path.lastPropertyName().substring(1)).orElse(path.toString());
            }
            names.put(path.toString(), name);
            named.add(path);
        }
        return names;
    }

    /** The property holding the path's last one, without "Reference": {@code gradingPeriod} for {@code $.gradingPeriodReference.schoolYear}. */
    private static Optional<String> holderName(JsonPath path) {
        try {
            return path.depth() > 1 ? Optional.of(path.parent().lastPropertyName().replaceFirst("Reference$", "")) : Optional.empty();
        } catch (IllegalStateException e) {
            return Optional.empty(); // held by an array: no name of its own
        }
    }

    private static Optional<String> queryFieldName(ResourceSchema resource, JsonPath path) {
        for (QueryField field : resource.queryFields().values()) {
            if (field.targets().size() == 1 && field.targets().getFirst().path().equals(path)) {
                return Optional.of(field.name());
            }
        }
        return Optional.empty();
    }

    private static boolean equal(ResourceSchema resource, JsonPath a, JsonPath b) {
        for (EqualityConstraint constraint : resource.equalityConstraints()) {
            if ((constraint.source().equals(a) && constraint.target().equals(b)) || (constraint.source().equals(b) && constraint.target().equals(a))) {
                return true;
            }
        }
        return false;
    }
}
