package org.edfi.dms.schema.profile;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.JsonPath;
import org.edfi.dms.schema.ProjectSchema;
import org.edfi.dms.schema.QualifiedResourceName;
import org.edfi.dms.schema.ResourceSchema;

/**
 * Checks a {@link ProfileDefinition} against an ApiSchema and resolves its MetaEd names to the
 * document's JSON members, level by level through the resource's {@code jsonSchemaForInsert}: a
 * resource that does not exist, a member a level does not have, an {@code Object} that is not an
 * object, a {@code Collection} that is not an array or a filter on a member items lack is a fault,
 * and every fault is reported at once.
 *
 * <p>Names compare case-insensitively ({@code BirthDate} is {@code birthDate}). The ODS/API names
 * a collection with its owner's name in front where the JSON drops it: School's
 * {@code EducationOrganizationAddresses} and {@code SchoolGradeLevels} are {@code addresses} and
 * {@code gradeLevels}; so a name also matches once the resource's name, its superclass's or the
 * enclosing member's (singular) is taken off its front.
 */
public final class ProfileResolver {

    private static final String EXTENSIONS = "_ext";

    private final ApiSchema schema;

    public ProfileResolver(ApiSchema schema) {
        this.schema = schema;
    }

    /** @throws ProfileException naming every resource or member the ApiSchema does not have */
    public Profile resolve(ProfileDefinition definition) {
        List<String> faults = new ArrayList<>();
        Map<QualifiedResourceName, ResourceProfile> resources = new LinkedHashMap<>();
        for (ProfileDefinition.Resource resource : definition.resources()) {
            String where = "Profile '" + definition.name() + "', resource '" + resource.name() + "'";
            Optional<ResourceSchema> found = findResource(resource);
            if (found.isEmpty()) {
                faults.add(where + ": no such resource in the ApiSchema" + resource.logicalSchema().map(s -> " (logical schema " + s + ")").orElse(""));
                continue;
            }
            ResourceSchema target = found.get();
            if (resources.containsKey(target.name())) {
                faults.add(where + ": the resource is defined twice");
                continue;
            }
            List<String> prefixes = new ArrayList<>(List.of(target.name().resourceName()));
            target.superclass().ifPresent(s -> prefixes.add(s.name().resourceName()));
            JsonNode root = target.jsonSchemaForInsert();
            Optional<ContentShape> read = resource.read().map(c -> level(c, root, prefixes, where + ", ReadContentType", faults));
            Optional<ContentShape> write = resource.write().map(c -> level(c, root, prefixes, where + ", WriteContentType", faults));
            resources.put(target.name(), new ResourceProfile(definition.name(), target, read, write, identityMembers(target)));
        }
        if (!faults.isEmpty()) {
            throw new ProfileException(faults);
        }
        return new Profile(definition.name(), resources, definition);
    }

    /** The top-level members a resource's natural key sits in: {@code studentUniqueId}, {@code schoolReference}. */
    public static Set<String> identityMembers(ResourceSchema resource) {
        Set<String> members = new LinkedHashSet<>();
        for (JsonPath path : resource.identityPaths()) {
            String text = path.toString().substring(2);
            int end = text.length();
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '.' || text.charAt(i) == '[') {
                    end = i;
                    break;
                }
            }
            members.add(text.substring(0, end));
        }
        return members;
    }

    private Optional<ResourceSchema> findResource(ProfileDefinition.Resource resource) {
        List<ResourceSchema> matches = new ArrayList<>();
        for (ProjectSchema project : schema.projects()) {
            if (resource.logicalSchema().isPresent() && !matchesProject(project, resource.logicalSchema().get())) {
                continue;
            }
            for (ResourceSchema candidate : project.resources()) {
                if (candidate.name().resourceName().equalsIgnoreCase(resource.name())) {
                    matches.add(candidate);
                }
            }
        }
        // The core's resource first, as an extension's resource of the same name is rare and named by logicalSchema.
        return matches.stream().filter(r -> r.projectEndpoint().equals("ed-fi")).findFirst().or(() -> matches.stream().findFirst());
    }

    private static boolean matchesProject(ProjectSchema project, String logicalSchema) {
        return project.endpointName().equalsIgnoreCase(logicalSchema) || project.projectName().equalsIgnoreCase(logicalSchema);
    }

    /** One level: {@code content}'s names against the members {@code objectSchema} declares. */
    private ContentShape level(ProfileDefinition.Content content, JsonNode objectSchema, List<String> prefixes, String where, List<String> faults) {
        JsonNode properties = objectSchema.path("properties");
        // A Property may name any member, a collection or object too: the whole member is kept or dropped.
        Set<String> named = new HashSet<>();
        for (String property : content.properties()) {
            member(property, properties, prefixes).ifPresentOrElse(named::add, () -> faults.add(noMember(where, property, properties)));
        }
        Map<String, ContentShape> objects = new LinkedHashMap<>();
        for (ProfileDefinition.Content object : content.objects()) {
            member(object.name(), properties, prefixes).ifPresentOrElse(json -> {
                JsonNode child = properties.get(json);
                if (!type(child).equals("object")) {
                    faults.add(where + ": '" + object.name() + "' is not an object");
                    return;
                }
                objects.put(json, level(object, child, nested(prefixes, object.name()), where + ", Object '" + object.name() + "'", faults));
            }, () -> faults.add(noMember(where, object.name(), properties)));
        }
        Map<String, ContentShape.CollectionShape> collections = new LinkedHashMap<>();
        for (ProfileDefinition.Content collection : content.collections()) {
            member(collection.name(), properties, prefixes).ifPresentOrElse(json -> {
                JsonNode child = properties.get(json);
                if (!type(child).equals("array")) {
                    faults.add(where + ": '" + collection.name() + "' is not a collection");
                    return;
                }
                String at = where + ", Collection '" + collection.name() + "'";
                JsonNode items = child.path("items");
                List<String> itemPrefixes = nested(prefixes, collection.name());
                ContentShape itemShape = level(collection, items, itemPrefixes, at, faults);
                Optional<ItemFilter> filter = collection.filter().flatMap(f -> member(f.propertyName(), items.path("properties"), itemPrefixes)
                        .map(p -> new ItemFilter(p, f.includeOnly(), new HashSet<>(f.values())))
                        .or(() -> {
                            faults.add(at + ", Filter: " + noMember("the items", f.propertyName(), items.path("properties")).substring("the items: ".length()));
                            return Optional.empty();
                        }));
                collections.put(json, new ContentShape.CollectionShape(itemShape, filter));
            }, () -> faults.add(noMember(where, collection.name(), properties)));
        }
        Map<String, ContentShape> extensions = new LinkedHashMap<>();
        JsonNode ext = properties.path(EXTENSIONS).path("properties");
        for (ProfileDefinition.Content extension : content.extensions()) {
            Optional<String> key = names(ext).stream().filter(k -> k.equalsIgnoreCase(extension.name())).findFirst();
            if (key.isEmpty()) {
                faults.add(where + ": no extension '" + extension.name() + "'" + (ext.isMissingNode() ? " (the ApiSchema extends nothing here)"
                        : " (the extensions are " + String.join(", ", names(ext)) + ")"));
                continue;
            }
            extensions.put(key.get(), level(extension, ext.get(key.get()), prefixes, where + ", Extension '" + extension.name() + "'", faults));
        }
        return new ContentShape(content.selection(), named, objects, collections, extensions);
    }

    private static Optional<String> member(String name, JsonNode properties, List<String> prefixes) {
        String wanted = name.toLowerCase(Locale.ROOT);
        List<String> members = names(properties);
        for (String member : members) {
            if (member.toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(member);
            }
        }
        for (String prefix : prefixes) {
            String lower = prefix.toLowerCase(Locale.ROOT);
            if (wanted.length() > lower.length() && wanted.startsWith(lower)) {
                String rest = wanted.substring(lower.length());
                for (String member : members) {
                    if (member.toLowerCase(Locale.ROOT).equals(rest)) {
                        return Optional.of(member);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The prefixes a member inside {@code owner} may carry: the owner's name, singular, besides the resource's. */
    private static List<String> nested(List<String> prefixes, String owner) {
        List<String> nested = new ArrayList<>(prefixes);
        if (owner.endsWith("ies")) {
            nested.add(owner.substring(0, owner.length() - 3) + "y");
        }
        if (owner.endsWith("es")) {
            nested.add(owner.substring(0, owner.length() - 2));
        }
        if (owner.endsWith("s")) {
            nested.add(owner.substring(0, owner.length() - 1));
        }
        nested.add(owner);
        return nested;
    }

    private static String noMember(String where, String name, JsonNode properties) {
        return where + ": no member '" + name + "' (the members are " + String.join(", ", names(properties)) + ")";
    }

    private static List<String> names(JsonNode properties) {
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String type(JsonNode schema) {
        return schema == null ? "" : schema.path("type").asText("");
    }
}
