package org.edfi.dms.schema.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.extraction.DocumentExtractor;
import org.edfi.dms.schema.identity.DocumentIdentity;
import org.edfi.dms.schema.validation.DocumentValidator;

/**
 * A write through a writable profile, as the ODS/API applies one: the writer's body is stripped of
 * what the profile excludes ({@link ProfileShaper}), and on an update the stored document's values
 * of those members are put back, so that a writer never erases what it may not see. Collection
 * items the profile's filter hides are kept as stored; an item the writer sends is matched to its
 * stored self by the members the profile lets it write that are scalars (its key, as the ODS/API
 * matches by the item's key), and keeps the stored values of the members it may not write.
 */
public final class WritableMerge {

    private static final String EXTENSIONS = "_ext";

    private WritableMerge() {}

    /** The body to create a document with: the writer's, stripped. */
    public static ObjectNode strip(ResourceProfile profile, ContentShape writable, ObjectNode body) {
        return ProfileShaper.shape(writable, body, profile.identityMembers());
    }

    /** The body to replace {@code stored} with: the writer's, stripped, with what the profile keeps from the writer taken from {@code stored}. */
    public static ObjectNode merge(ResourceProfile profile, ContentShape writable, ObjectNode body, ObjectNode stored) {
        ObjectNode merged = strip(profile, writable, body);
        restore(writable, merged, stored, profile.identityMembers(), profile.resource().jsonSchemaForInsert());
        return merged;
    }

    private static void restore(ContentShape shape, ObjectNode merged, ObjectNode stored, Set<String> identityMembers, JsonNode schema) {
        for (Map.Entry<String, JsonNode> field : stored.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (identityMembers.contains(name) || name.equals("id")) {
                continue;
            }
            JsonNode memberSchema = schema.path("properties").path(name);
            if (name.equals(EXTENSIONS)) {
                restoreExtensions(shape, merged, value, memberSchema);
            } else if (!shape.includes(name)) {
                merged.set(name, value.deepCopy());
            } else if (value instanceof ObjectNode object && merged.get(name) instanceof ObjectNode written) {
                restore(shape.object(name), written, object, Set.of(), memberSchema);
            } else if (value instanceof ArrayNode items) {
                restoreItems(shape.collection(name), merged, name, items, memberSchema.path("items"));
            }
        }
    }

    private static void restoreExtensions(ContentShape shape, ObjectNode merged, JsonNode stored, JsonNode schema) {
        if (!(stored instanceof ObjectNode extensions)) {
            return;
        }
        for (Map.Entry<String, JsonNode> extension : extensions.properties()) {
            String key = extension.getKey();
            if (!shape.includesExtension(key)) {
                mergedExtensions(merged).set(key, extension.getValue().deepCopy());
            } else if (extension.getValue() instanceof ObjectNode body && merged.path(EXTENSIONS).get(key) instanceof ObjectNode written) {
                restore(shape.extension(key), written, body, Set.of(), schema.path("properties").path(key));
            }
        }
    }

    private static ObjectNode mergedExtensions(ObjectNode merged) {
        return merged.get(EXTENSIONS) instanceof ObjectNode ext ? ext : merged.putObject(EXTENSIONS);
    }

    private static void restoreItems(ContentShape.CollectionShape collection, ObjectNode merged, String name, ArrayNode stored, JsonNode itemSchema) {
        ArrayNode written = merged.get(name) instanceof ArrayNode array ? array : null;
        List<JsonNode> hidden = new ArrayList<>();
        List<ObjectNode> matchable = new ArrayList<>();
        for (JsonNode item : stored) {
            if (collection.filter().isPresent() && !collection.filter().get().passes(item)) {
                hidden.add(item);
            } else if (item instanceof ObjectNode object) {
                matchable.add(object);
            }
        }
        if (written == null) {
            if (hidden.isEmpty()) {
                return;
            }
            written = merged.putArray(name);
        }
        if (!collection.items().keepsEverything()) {
            for (JsonNode item : written) {
                if (item instanceof ObjectNode object) {
                    match(collection.items(), key(collection.items(), itemSchema), object, matchable)
                            .ifPresent(match -> restore(collection.items(), object, match, Set.of(), itemSchema));
                }
            }
        }
        hidden.forEach(item -> ((ArrayNode) merged.get(name)).add(item.deepCopy()));
    }

    /** An item's key: the members its schema requires that the writer may write; none known: every member it may write. */
    private static Set<String> key(ContentShape items, JsonNode itemSchema) {
        Set<String> key = new java.util.HashSet<>();
        for (String required : required(itemSchema)) {
            if (items.includes(required)) {
                key.add(required);
            }
        }
        return key;
    }

    /** The stored item whose key members (or, with no key, writable scalar members) equal the written item's; each stored item matches once. */
    private static Optional<ObjectNode> match(ContentShape items, Set<String> key, ObjectNode written, List<ObjectNode> stored) {
        for (Iterator<ObjectNode> it = stored.iterator(); it.hasNext(); ) {
            ObjectNode candidate = it.next();
            boolean same = true;
            for (Map.Entry<String, JsonNode> field : written.properties()) {
                JsonNode value = field.getValue();
                boolean compared = key.isEmpty() ? value.isValueNode() && items.includes(field.getKey()) : key.contains(field.getKey());
                if (compared && !value.equals(candidate.get(field.getKey()))) {
                    same = false;
                    break;
                }
            }
            if (same) {
                it.remove();
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The natural key of a body stripped by a writable profile, when it holds one: its values
     * coerced as validation would, without the required members the profile may hide.
     */
    public static Optional<DocumentIdentity> identityOf(ResourceSchema resource, ObjectNode stripped) {
        ObjectNode copy = stripped.deepCopy();
        DocumentValidator.coerce(resource, copy);
        try {
            return Optional.of(DocumentExtractor.identityOf(resource, copy));
        } catch (IllegalArgumentException missing) {
            return Optional.empty();
        }
    }

    /**
     * Why a writer through this profile cannot create the resource with {@code body}, as the
     * ODS/API words it; empty when it can: a required member the writable shape drops, at the top,
     * or in an object or collection items the body holds.
     */
    public static Optional<String> notCreatable(ResourceProfile profile, ContentShape writable, JsonNode body) {
        JsonNode root = profile.resource().jsonSchemaForInsert();
        for (String required : required(root)) {
            if (!profile.identityMembers().contains(required) && !writable.includes(required)) {
                return Optional.of("The Profile definition for '" + profile.profileName()
                        + "' excludes (or does not include) one or more required data elements needed to create the resource.");
            }
        }
        return child(profile, writable, root, body, profile.resource().name().resourceName());
    }

    private static Optional<String> child(ResourceProfile profile, ContentShape shape, JsonNode objectSchema, JsonNode body, String owner) {
        JsonNode properties = objectSchema.path("properties");
        for (Map.Entry<String, JsonNode> member : properties.properties()) {
            String name = member.getKey();
            JsonNode schema = member.getValue();
            String type = schema.path("type").asText("");
            JsonNode given = body.path(name);
            if (given.isMissingNode() || given.isEmpty()) {
                continue;
            }
            ContentShape inner;
            JsonNode innerSchema;
            if (type.equals("array") && shape.includes(name)) {
                inner = shape.collection(name).items();
                innerSchema = schema.path("items");
            } else if (type.equals("object") && shape.includes(name) && shape.objects().containsKey(name)) {
                inner = shape.object(name);
                innerSchema = schema;
            } else {
                continue;
            }
            String type2 = owner + Character.toUpperCase(name.charAt(0)) + name.substring(1);
            for (String required : required(innerSchema)) {
                if (!inner.includes(required)) {
                    return Optional.of("The Profile definition for '" + profile.profileName()
                            + "' excludes (or does not include) one or more required data elements needed to create a child item of type '"
                            + type2 + "' in the resource.");
                }
            }
            JsonNode first = given.isArray() ? given.get(0) : given;
            Optional<String> deeper = child(profile, inner, innerSchema, first == null ? MissingNode.getInstance() : first, type2);
            if (deeper.isPresent()) {
                return deeper;
            }
        }
        return Optional.empty();
    }

    private static List<String> required(JsonNode objectSchema) {
        List<String> required = new ArrayList<>();
        objectSchema.path("required").forEach(r -> required.add(r.asText()));
        return required;
    }
}
