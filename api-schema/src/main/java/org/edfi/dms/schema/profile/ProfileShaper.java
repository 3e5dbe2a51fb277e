package org.edfi.dms.schema.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * A document as a profile lets it be seen or written: members a level excludes dropped, objects
 * and collection items narrowed by their own shapes, items a collection's filter hides dropped,
 * extensions kept or dropped by name. The members of the natural key always stay, and so do
 * {@code id} and the resource fields of a read ({@code _etag}, {@code _lastModifiedDate}). The same
 * walk shapes a GET's documents by the readable content type and strips a POST's or PUT's body by
 * the writable one before {@link WritableMerge} puts back what the writer may not touch.
 */
public final class ProfileShaper {

    private static final Set<String> RESOURCE_FIELDS = Set.of("id", "_etag", "_lastModifiedDate");
    private static final String EXTENSIONS = "_ext";

    private ProfileShaper() {}

    /** A new document: {@code document} shaped by {@code shape}; {@code identityMembers} kept whatever it says. */
    public static ObjectNode shape(ContentShape shape, ObjectNode document, Set<String> identityMembers) {
        ObjectNode shaped = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : document.properties()) {
            String name = field.getKey();
            if (identityMembers.contains(name) || RESOURCE_FIELDS.contains(name)) {
                shaped.set(name, field.getValue().deepCopy());
            } else {
                level(shape, name, field.getValue(), shaped);
            }
        }
        return shaped;
    }

    /** One level, without the identity rule (objects, items and extensions have none). */
    static ObjectNode shape(ContentShape shape, ObjectNode object) {
        ObjectNode shaped = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            level(shape, field.getKey(), field.getValue(), shaped);
        }
        return shaped;
    }

    private static void level(ContentShape shape, String name, JsonNode value, ObjectNode into) {
        if (name.equals(EXTENSIONS)) {
            if (value instanceof ObjectNode extensions) {
                ObjectNode kept = JsonNodeFactory.instance.objectNode();
                for (Map.Entry<String, JsonNode> extension : extensions.properties()) {
                    if (shape.includesExtension(extension.getKey()) && extension.getValue() instanceof ObjectNode body) {
                        kept.set(extension.getKey(), shape(shape.extension(extension.getKey()), body));
                    }
                }
                if (!kept.isEmpty()) {
                    into.set(name, kept);
                }
            }
            return;
        }
        if (!shape.includes(name)) {
            return;
        }
        switch (value) {
            case ObjectNode object -> into.set(name, shape(shape.object(name), object));
            case ArrayNode array -> into.set(name, items(shape.collection(name), array));
            default -> into.set(name, value.deepCopy());
        }
    }

    /** A collection's items the filter shows, each shaped; an empty array when it hides them all. */
    static ArrayNode items(ContentShape.CollectionShape collection, ArrayNode array) {
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        for (JsonNode item : array) {
            if (collection.filter().isPresent() && !collection.filter().get().passes(item)) {
                continue;
            }
            kept.add(item instanceof ObjectNode object ? shape(collection.items(), object) : item.deepCopy());
        }
        return kept;
    }
}
