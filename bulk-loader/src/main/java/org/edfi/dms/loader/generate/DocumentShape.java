package org.edfi.dms.loader.generate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edfi.dms.schema.DescriptorPath;
import org.edfi.dms.schema.JsonPath;
import org.edfi.dms.schema.ReferenceDefinition;
import org.edfi.dms.schema.ResourceSchema;

/**
 * What a generated document of a resource holds: the required properties of its
 * {@code jsonSchemaForInsert}, nothing optional, each classified by what the ApiSchema says of its
 * path: a document reference, a descriptor, or a plain value. Required arrays get their
 * {@code minItems}, and at least one item (the API drops empty arrays, so an empty required array
 * would fail). Compiled once per resource.
 */
record DocumentShape(ResourceSchema resource, ObjectShape root) {

    /** A part of a document. */
    sealed interface Shape permits ObjectShape, ArrayShape, ReferenceShape, DescriptorShape, ScalarShape {}

    /** An object with its required properties, in the order the JSON Schema declares them. */
    record ObjectShape(List<Property> properties) implements Shape {

        ObjectShape {
            properties = List.copyOf(properties);
        }
    }

    record Property(String name, Shape shape) {}

    /** A required array: {@code count} items of one shape. */
    record ArrayShape(Shape items, int count) implements Shape {}

    /** A document reference: its values are the identity of a document generated before. */
    record ReferenceShape(ReferenceDefinition reference) implements Shape {

        /** References outside arrays are chosen before anything else of the document, in an order that keeps shared keys consistent. */
        boolean inArray() {
            return reference.objectPath().hasWildcard();
        }
    }

    /** A descriptor URI: one of the generated values of that descriptor. */
    record DescriptorShape(DescriptorPath descriptor) implements Shape {

        String path() {
            return descriptor.path().toString();
        }
    }

    /**
     * A plain value.
     *
     * @param path the JSON path, with {@code [*]} inside arrays
     * @param schema the property's JSON Schema (type, format, lengths, bounds, enum, pattern)
     * @param identity whether it is part of the document's natural key
     */
    record ScalarShape(String path, JsonNode schema, boolean identity) implements Shape {}

    static DocumentShape of(ResourceSchema resource) {
        Map<String, ReferenceDefinition> references = new HashMap<>();
        resource.references().forEach(r -> references.put(r.objectPath().toString(), r));
        Map<String, DescriptorPath> descriptors = new HashMap<>();
        resource.descriptorPaths().forEach(d -> descriptors.put(d.path().toString(), d));
        List<String> identity = resource.identityPaths().stream().map(JsonPath::toString).toList();
        return new DocumentShape(resource, object(resource.jsonSchemaForInsert(), "$", references, descriptors, identity));
    }

    private static ObjectShape object(JsonNode schema, String path, Map<String, ReferenceDefinition> references,
            Map<String, DescriptorPath> descriptors, List<String> identity) {
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        List<Property> properties = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            if (required.contains(property.getKey())) {
                String childPath = path + "." + property.getKey();
                properties.add(new Property(property.getKey(), shape(property.getValue(), childPath, references, descriptors, identity)));
            }
        }
        return new ObjectShape(properties);
    }

    private static Shape shape(JsonNode schema, String path, Map<String, ReferenceDefinition> references,
            Map<String, DescriptorPath> descriptors, List<String> identity) {
        ReferenceDefinition reference = references.get(path);
        if (reference != null) {
            return new ReferenceShape(reference);
        }
        DescriptorPath descriptor = descriptors.get(path);
        if (descriptor != null) {
            return new DescriptorShape(descriptor);
        }
        return switch (schema.path("type").asText()) {
            case "object" -> object(schema, path, references, descriptors, identity);
            case "array" -> new ArrayShape(shape(schema.path("items"), path + "[*]", references, descriptors, identity),
                    Math.max(1, schema.path("minItems").asInt(1)));
            default -> new ScalarShape(path, schema, identity.contains(path));
        };
    }

    /** Every reference a document of this shape carries, in document order. */
    List<ReferenceShape> references() {
        List<ReferenceShape> found = new ArrayList<>();
        collect(root, ReferenceShape.class, found);
        return found;
    }

    /** Every descriptor value a document of this shape carries. */
    List<DescriptorShape> descriptors() {
        List<DescriptorShape> found = new ArrayList<>();
        collect(root, DescriptorShape.class, found);
        return found;
    }

    private static <T extends Shape> void collect(Shape shape, Class<T> kind, List<T> found) {
        if (kind.isInstance(shape)) {
            found.add(kind.cast(shape));
        }
        switch (shape) {
            case ObjectShape object -> object.properties().forEach(p -> collect(p.shape(), kind, found));
            case ArrayShape array -> collect(array.items(), kind, found);
            default -> {
                // references, descriptors and scalars have no parts of their own
            }
        }
    }
}
