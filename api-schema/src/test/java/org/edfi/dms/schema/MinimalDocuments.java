package org.edfi.dms.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Builds the smallest document a resource's JSON Schema accepts: required properties only, one
 * item per required collection, and one fixed value per type, so that a key shared by two
 * references (an equality constraint) gets the same value on both sides.
 */
public final class MinimalDocuments {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MinimalDocuments() {}

    public static ObjectNode minimal(ResourceSchema resource) {
        return object(resource.jsonSchemaForInsert());
    }

    private static ObjectNode object(JsonNode schema) {
        ObjectNode object = NODES.objectNode();
        // An object that requires nothing (the schoolYearTypeReference) is a reference all the same: fill it.
        Iterable<String> names = schema.has("required")
                ? () -> java.util.stream.StreamSupport.stream(schema.get("required").spliterator(), false).map(JsonNode::asText).iterator()
                : () -> schema.path("properties").fieldNames();
        for (String name : names) {
            object.set(name, value(name, schema.path("properties").path(name)));
        }
        return object;
    }

    private static JsonNode value(String name, JsonNode schema) {
        return switch (schema.path("type").asText()) {
            case "object" -> object(schema);
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                array.add(value(name, schema.path("items")));
                yield array;
            }
            case "integer", "number" -> NODES.numberNode(schema.has("minimum") ? Math.max(schema.get("minimum").asLong(), 1) : 2022);
            case "boolean" -> NODES.booleanNode(true);
            case "string" -> NODES.textNode(string(name, schema));
            default -> throw new IllegalArgumentException("No generator for " + schema);
        };
    }

    private static String string(String name, JsonNode schema) {
        String format = schema.path("format").asText("");
        Map<String, String> byFormat = Map.of("date", "2024-08-23", "time", "08:15:00", "date-time", "2024-08-23T08:15:00Z");
        if (byFormat.containsKey(format)) {
            return byFormat.get(format);
        }
        if (name.endsWith("Descriptor")) {
            String type = Character.toUpperCase(name.charAt(0)) + name.substring(1);
            return "uri://ed-fi.org/" + type + "#Code";
        }
        int length = Math.max(schema.path("minLength").asInt(1), 1);
        return "A".repeat(Math.min(length, schema.path("maxLength").asInt(Integer.MAX_VALUE)));
    }
}
