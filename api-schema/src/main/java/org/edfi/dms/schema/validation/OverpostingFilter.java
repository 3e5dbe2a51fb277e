package org.edfi.dms.schema.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Removes what a resource does not store, as the ODS/API and DMS do instead of failing the request:
 * properties its JSON Schema does not declare (overposting), properties whose value is null, and
 * arrays left empty or holding only empty objects. Compiled once per resource from its JSON Schema.
 */
final class OverpostingFilter {

    /** The object and array structure of a JSON Schema; scalars need no shape. */
    private sealed interface Shape permits ObjectShape, ArrayShape {}

    private record ObjectShape(Map<String, Shape> properties, Set<String> declared, boolean closed) implements Shape {}

    private record ArrayShape(Shape items) implements Shape {}

    private final ObjectShape root;

    private OverpostingFilter(ObjectShape root) {
        this.root = root;
    }

    static OverpostingFilter compile(JsonNode jsonSchema) {
        return new OverpostingFilter(compileObject(jsonSchema));
    }

    private static ObjectShape compileObject(JsonNode schema) {
        Map<String, Shape> children = new HashMap<>();
        Set<String> declared = new HashSet<>();
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            declared.add(property.getKey());
            Shape shape = compileShape(property.getValue());
            if (shape != null) {
                children.put(property.getKey(), shape);
            }
        }
        boolean closed = schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean();
        return new ObjectShape(children, Set.copyOf(declared), closed);
    }

    private static Shape compileShape(JsonNode schema) {
        return switch (schema.path("type").asText()) {
            case "object" -> compileObject(schema);
            case "array" -> new ArrayShape(schema.has("items") ? compileShape(schema.get("items")) : null);
            default -> null;
        };
    }

    void apply(ObjectNode document) {
        filterObject(document, root);
    }

    private static void filterObject(ObjectNode object, ObjectShape shape) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isNull() || (shape.closed() && !shape.declared().contains(field.getKey()))) {
                fields.remove();
                continue;
            }
            Shape child = shape.properties().get(field.getKey());
            if (child instanceof ObjectShape objectShape && value instanceof ObjectNode childObject) {
                filterObject(childObject, objectShape);
            } else if (child instanceof ArrayShape arrayShape && value instanceof ArrayNode array) {
                filterArray(array, arrayShape);
                if (isEmptyCollection(array)) {
                    fields.remove();
                }
            }
        }
    }

    private static void filterArray(ArrayNode array, ArrayShape shape) {
        for (int i = array.size() - 1; i >= 0; i--) {
            JsonNode element = array.get(i);
            if (element.isNull()) {
                array.remove(i);
            } else if (shape.items() instanceof ObjectShape objectShape && element instanceof ObjectNode object) {
                filterObject(object, objectShape);
            } else if (shape.items() instanceof ArrayShape arrayShape && element instanceof ArrayNode inner) {
                filterArray(inner, arrayShape);
            }
        }
    }

    private static boolean isEmptyCollection(ArrayNode array) {
        for (JsonNode element : array) {
            if (!(element.isObject() && element.isEmpty())) {
                return false;
            }
        }
        return true;
    }
}
