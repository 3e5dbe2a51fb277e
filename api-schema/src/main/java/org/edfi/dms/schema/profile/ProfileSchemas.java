package org.edfi.dms.schema.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * A resource's JSON Schema as a profile shows it, for the per-profile OpenAPI documents: the members
 * a shape drops are dropped from {@code properties} and {@code required}, level by level, as
 * {@link ProfileShaper} drops them from documents.
 */
public final class ProfileSchemas {

    private static final String EXTENSIONS = "_ext";

    private ProfileSchemas() {}

    /** The schema of {@code profile}'s resource under {@code shape}. */
    public static ObjectNode shape(ResourceProfile profile, ContentShape shape) {
        return level(shape, profile.resource().jsonSchemaForInsert(), profile.identityMembers());
    }

    private static ObjectNode level(ContentShape shape, JsonNode objectSchema, Set<String> kept) {
        ObjectNode schema = objectSchema.deepCopy();
        ObjectNode properties = schema.putObject("properties");
        for (Map.Entry<String, JsonNode> member : objectSchema.path("properties").properties()) {
            String name = member.getKey();
            JsonNode value = member.getValue();
            if (name.equals(EXTENSIONS)) {
                ObjectNode extensions = value.deepCopy();
                ObjectNode byName = extensions.putObject("properties");
                for (Map.Entry<String, JsonNode> extension : value.path("properties").properties()) {
                    if (shape.includesExtension(extension.getKey())) {
                        byName.set(extension.getKey(), level(shape.extension(extension.getKey()), extension.getValue(), Set.of()));
                    }
                }
                if (!byName.isEmpty()) {
                    properties.set(name, extensions);
                }
            } else if (kept.contains(name)) {
                properties.set(name, value.deepCopy());
            } else if (shape.includes(name)) {
                String type = value.path("type").asText("");
                if (type.equals("object") && value.has("properties")) {
                    properties.set(name, level(shape.object(name), value, Set.of()));
                } else if (type.equals("array") && value.path("items").has("properties")) {
                    ObjectNode array = value.deepCopy();
                    array.set("items", level(shape.collection(name).items(), value.path("items"), Set.of()));
                    properties.set(name, array);
                } else {
                    properties.set(name, value.deepCopy());
                }
            }
        }
        if (objectSchema.has("required")) {
            ArrayNode required = schema.putArray("required");
            objectSchema.path("required").forEach(r -> {
                if (properties.has(r.asText())) {
                    required.add(r);
                }
            });
        }
        return schema;
    }
}
