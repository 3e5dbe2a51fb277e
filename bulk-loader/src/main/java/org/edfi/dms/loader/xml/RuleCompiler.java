package org.edfi.dms.loader.xml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.edfi.dms.loader.xml.XmlValues.ValueType;
import org.edfi.dms.schema.AbstractResource;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.DocumentPathMapping;
import org.edfi.dms.schema.JsonPath;
import org.edfi.dms.schema.QualifiedResourceName;
import org.edfi.dms.schema.ReferenceDefinition;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.Superclass;

/**
 * Compiles a resource's documentPathsMapping into the tree of {@link ElementRule}s that reads its
 * XML records. A mapping key is the element path of its value, with three differences:
 * <ul>
 *   <li>a descriptor value's element drops the {@code Descriptor} suffix ({@code GradeLevelDescriptor} is {@code <GradeLevel>});
 *   <li>a reference's element adds {@code Reference} ({@code LocationSchool} is {@code <LocationSchoolReference>}), except that a
 *       reference to the school year enumeration is its value alone ({@code <ClassOfSchoolYear>2021-2022</ClassOfSchoolYear>});
 *   <li>choice groups ({@code LearningResourceChoice.}) are key segments but not elements; a segment ending in {@code Choice} is one
 *       unless the JSON path holds a property of that name ({@code ResponseChoice} is {@code responseChoices[*]}).
 * </ul>
 * The mapping does not say which element repeats for each {@code [*]}. The element is the longest
 * element path shared by every entry under that array: the entries of {@code $.addresses[*]} share
 * {@code Address}, those of {@code $.addresses[*].periods[*]} share {@code Address/Period}, and the
 * only entry of {@code $.gradeLevels[*]} is {@code GradeLevel} itself. Where an array has a single
 * entry below a wrapper, taking the leaf converts the same XML: the wrapper, met several times,
 * passes each occurrence through, and every leaf still starts its own item.
 */
final class RuleCompiler {

    /** One documentPathsMapping entry, read as an element path and the JSON path its leaf fills. */
    private record Entry(String key, List<String> elements, JsonPathParts json, Leaf leaf) {}

    private sealed interface Leaf permits ValueLeaf, ReferenceLeaf {}

    private record ValueLeaf(ValueType type) implements Leaf {}

    private record ReferenceLeaf(ReferenceDefinition definition) implements Leaf {}

    /**
     * A JSON path cut at its {@code [*]}s: {@code $.addresses[*].periods[*].beginDate} has the
     * groups {@code [addresses] [periods] [beginDate]} and the array prefixes
     * {@code $.addresses[*]} and {@code $.addresses[*].periods[*]}.
     */
    private record JsonPathParts(List<List<String>> groups, List<String> arrayPrefixes) {

        static JsonPathParts of(JsonPath path) {
            String text = path.toString();
            List<List<String>> groups = new ArrayList<>();
            List<String> prefixes = new ArrayList<>();
            int start = 1;
            while (true) {
                int star = text.indexOf("[*]", start);
                groups.add(properties(star < 0 ? text.substring(start) : text.substring(start, star)));
                if (star < 0) {
                    return new JsonPathParts(List.copyOf(groups), List.copyOf(prefixes));
                }
                prefixes.add(text.substring(0, star + 3));
                start = star + 3;
            }
        }

        private static List<String> properties(String steps) {
            List<String> names = new ArrayList<>();
            for (String name : steps.split("\\.")) {
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
            return List.copyOf(names);
        }

        List<String> allProperties() {
            return groups.stream().flatMap(List::stream).toList();
        }
    }

    /** A rule tree under construction. */
    private static final class Node {
        final String name;
        final Map<String, Node> children = new LinkedHashMap<>();
        List<String> arrayPath = List.of();
        Entry leaf;

        Node(String name) {
            this.name = name;
        }

        ElementRule freeze() {
            if (leaf == null) {
                Map<String, ElementRule> rules = new LinkedHashMap<>();
                children.forEach((childName, child) -> rules.put(childName, child.freeze()));
                return new ElementRule.Group(name, arrayPath, rules);
            }
            List<String> target = leaf.json.groups.getLast();
            return switch (leaf.leaf) {
                case ValueLeaf(ValueType type) -> new ElementRule.Value(name, arrayPath, target, type, leaf.key);
                case ReferenceLeaf(ReferenceDefinition definition) -> new ElementRule.Reference(name, arrayPath, target, definition);
            };
        }
    }

    private final ApiSchema schema;

    RuleCompiler(ApiSchema schema) {
        this.schema = schema;
    }

    /**
     * The rules of a resource's records; the root group is named after the resource.
     *
     * @throws IllegalArgumentException when the mapping cannot be read as XML element paths (the message names the key)
     */
    ElementRule.Group compile(ResourceSchema resource) {
        List<Entry> entries = new ArrayList<>();
        for (DocumentPathMapping mapping : resource.documentPaths()) {
            entries.add(entry(resource, mapping));
        }
        Map<String, Integer> repeatingDepth = repeatingElements(entries);
        Node root = new Node(resource.name().resourceName());
        for (Entry entry : entries) {
            place(root, entry, repeatingDepth);
        }
        return (ElementRule.Group) root.freeze();
    }

    /**
     * The rules of an abstract resource's identity element ({@code <EducationOrganizationIdentity>}).
     * A domain-entity superclass names its subclasses' single identity its own way
     * ({@code educationOrganizationId}), and the element is named after that property; an
     * association superclass shares its subclasses' identity, so any subclass's rules read it.
     */
    ElementRule.Group compileAbstract(AbstractResource resource, Function<ResourceSchema, ElementRule.Group> concreteRules) {
        List<ResourceSchema> subclasses = resource.subclasses().stream().map(schema::findResource).flatMap(Optional::stream).toList();
        for (ResourceSchema subclass : subclasses) {
            Optional<JsonPath> rename = subclass.superclass().flatMap(Superclass::identityRename);
            if (rename.isPresent()) {
                JsonPath own = subclass.declaredIdentityPaths().getFirst();
                DocumentPathMapping mapping = subclass.documentPaths().stream()
                        .filter(m -> m.path().filter(own::equals).isPresent())
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(subclass.name() + " has no documentPathsMapping entry for its identity " + own));
                if (rename.get().depth() != 1) {
                    throw new IllegalArgumentException(resource.name() + "'s identity " + rename.get() + " is not a property of the document");
                }
                String property = rename.get().lastPropertyName();
                ElementRule value = new ElementRule.Value(XmlNames.upperCamel(property), List.of(), List.of(property),
                        valueType(subclass, mapping, own), property);
                return new ElementRule.Group(resource.name().resourceName(), List.of(), Map.of(value.name(), value));
            }
        }
        for (ResourceSchema subclass : subclasses) {
            if (subclass.declaredIdentityPaths().equals(resource.identityPaths())) {
                ElementRule.Group rules = concreteRules.apply(subclass);
                return new ElementRule.Group(resource.name().resourceName(), List.of(), rules.children());
            }
        }
        throw new IllegalArgumentException("no subclass of " + resource.name() + " shows how its identity is written");
    }

    /**
     * The rules of a resource's identity element ({@code <StaffEducationOrganizationEmploymentAssociationIdentity>}):
     * its record rules, plus the members of its non-repeating groups lifted to the top. The XSD's
     * identity types write identity members that a record keeps in an inline common without the
     * common ({@code <HireDate>}, not {@code <EmploymentPeriod><HireDate>}); a non-repeating group adds
     * nothing to the JSON path, so a lifted member lands where it would have. A name that two
     * groups share, or that the top already has, is not lifted: it would be ambiguous.
     */
    static ElementRule.Group identityRules(ElementRule.Group record) {
        Map<String, ElementRule> children = new LinkedHashMap<>(record.children());
        Map<String, Integer> seen = new LinkedHashMap<>();
        Map<String, ElementRule> lifted = new LinkedHashMap<>();
        collectInlineMembers(record, true, seen, lifted);
        lifted.forEach((name, rule) -> {
            if (seen.get(name) == 1 && !children.containsKey(name)) {
                children.put(name, rule);
            }
        });
        return new ElementRule.Group(record.name(), record.arrayPath(), children);
    }

    private static void collectInlineMembers(ElementRule.Group group, boolean top, Map<String, Integer> seen, Map<String, ElementRule> lifted) {
        for (ElementRule child : group.children().values()) {
            if (child instanceof ElementRule.Group inner && !inner.repeats()) {
                collectInlineMembers(inner, false, seen, lifted);
            } else if (!top && !child.repeats()) {
                seen.merge(child.name(), 1, Integer::sum);
                lifted.putIfAbsent(child.name(), child);
            }
        }
    }

    private Entry entry(ResourceSchema resource, DocumentPathMapping mapping) {
        String[] segments = mapping.key().split("\\.");
        String last = segments[segments.length - 1];
        JsonPath json;
        String element;
        Leaf leaf;
        if (mapping.reference().isPresent()) {
            ReferenceDefinition definition = resource.references().stream()
                    .filter(r -> r.name().equals(mapping.key()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(mapping.key() + ": no reference definition of that name"));
            if (isSchoolYearEnumeration(definition.target())) {
                if (definition.fields().size() != 1) {
                    throw new IllegalArgumentException(mapping.key() + ": a school year reference carries one value");
                }
                json = definition.fields().getFirst().referencePath();
                element = last;
                leaf = new ValueLeaf(ValueType.SCHOOL_YEAR);
            } else {
                json = definition.objectPath();
                element = last + "Reference";
                leaf = new ReferenceLeaf(definition);
            }
        } else {
            json = mapping.path().orElseThrow(() -> new IllegalArgumentException(mapping.key() + ": no path"));
            element = mapping.descriptor() && last.endsWith("Descriptor") && last.length() > "Descriptor".length()
                    ? last.substring(0, last.length() - "Descriptor".length())
                    : last;
            leaf = new ValueLeaf(valueType(resource, mapping, json));
        }
        JsonPathParts parts = JsonPathParts.of(json);
        if (parts.groups.getLast().isEmpty() || parts.groups.subList(1, parts.groups.size()).stream().anyMatch(List::isEmpty)) {
            throw new IllegalArgumentException(mapping.key() + ": " + json + " is not a property path (arrays of arrays or of bare values)");
        }
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < segments.length - 1; i++) {
            if (!isChoiceGroup(segments[i], parts)) {
                elements.add(segments[i]);
            }
        }
        elements.add(element);
        return new Entry(mapping.key(), List.copyOf(elements), parts, leaf);
    }

    private static boolean isChoiceGroup(String segment, JsonPathParts json) {
        if (!segment.endsWith("Choice")) {
            return false;
        }
        String lower = segment.toLowerCase(Locale.ROOT);
        return json.allProperties().stream().noneMatch(p -> p.toLowerCase(Locale.ROOT).startsWith(lower));
    }

    /** For each array prefix, the depth (1-based) of the element that repeats for it: the element path all its entries share. */
    private static Map<String, Integer> repeatingElements(List<Entry> entries) {
        Map<String, List<List<String>>> byPrefix = new LinkedHashMap<>();
        for (Entry entry : entries) {
            for (String prefix : entry.json.arrayPrefixes) {
                byPrefix.computeIfAbsent(prefix, p -> new ArrayList<>()).add(entry.elements);
            }
        }
        Map<String, Integer> depths = new LinkedHashMap<>();
        byPrefix.forEach((prefix, paths) -> {
            int shared = paths.getFirst().size();
            for (List<String> path : paths) {
                int i = 0;
                while (i < shared && i < path.size() && path.get(i).equals(paths.getFirst().get(i))) {
                    i++;
                }
                shared = i;
            }
            if (shared == 0) {
                throw new IllegalArgumentException(prefix + ": its entries share no element, so no element repeats for it");
            }
            depths.put(prefix, shared);
        });
        return depths;
    }

    private static void place(Node root, Entry entry, Map<String, Integer> repeatingDepth) {
        Map<Integer, List<String>> arraysByDepth = new LinkedHashMap<>();
        int previous = 0;
        for (int k = 0; k < entry.json.arrayPrefixes.size(); k++) {
            int depth = repeatingDepth.get(entry.json.arrayPrefixes.get(k));
            if (depth <= previous) {
                throw new IllegalArgumentException(entry.key + ": " + entry.json.arrayPrefixes.get(k)
                        + " repeats no element of its own (it shares " + String.join("/", entry.elements.subList(0, depth)) + ")");
            }
            arraysByDepth.put(depth, entry.json.groups.get(k));
            previous = depth;
        }
        Node node = root;
        for (int depth = 1; depth <= entry.elements.size(); depth++) {
            String name = entry.elements.get(depth - 1);
            if (node.leaf != null) {
                throw new IllegalArgumentException(entry.key + ": " + node.leaf.key + " is a value, yet " + name + " sits inside it");
            }
            List<String> array = arraysByDepth.getOrDefault(depth, List.of());
            Node child = node.children.get(name);
            if (child == null) {
                child = new Node(name);
                child.arrayPath = array;
                node.children.put(name, child);
            }
            node = child;
            if (!node.arrayPath.equals(array)) {
                throw new IllegalArgumentException(entry.key + ": element " + String.join("/", entry.elements.subList(0, depth))
                        + " repeats as " + (array.isEmpty() ? "no array" : array) + " here, but as "
                        + (node.arrayPath.isEmpty() ? "no array" : node.arrayPath) + " for another key");
            }
        }
        if (node.leaf != null || !node.children.isEmpty()) {
            throw new IllegalArgumentException(entry.key + ": element " + String.join("/", entry.elements) + " is also "
                    + (node.leaf != null ? "the value of " + node.leaf.key : "a group of other elements"));
        }
        node.leaf = entry;
    }

    /**
     * The documentPathsMapping type decides; where it says only {@code string} (SchoolYearType's
     * entries carry no type), the JSON Schema's type of the property does. The school year
     * enumeration's own identity is written as a school year.
     */
    private ValueType valueType(ResourceSchema resource, DocumentPathMapping mapping, JsonPath path) {
        if (resource.isSchoolYearEnumeration() && resource.identityPaths().contains(path)) {
            return ValueType.SCHOOL_YEAR;
        }
        String schemaType = schemaType(resource.jsonSchemaForInsert(), JsonPathParts.of(path));
        return switch (mapping.type()) {
            case "number" -> "integer".equals(schemaType) ? ValueType.INTEGER : ValueType.DECIMAL;
            case "boolean" -> ValueType.BOOLEAN;
            case "date", "time", "date-time" -> ValueType.COLLAPSED_STRING;
            default -> switch (schemaType == null ? "string" : schemaType) {
                case "integer" -> ValueType.INTEGER;
                case "number" -> ValueType.DECIMAL;
                case "boolean" -> ValueType.BOOLEAN;
                default -> ValueType.STRING;
            };
        };
    }

    /** The JSON Schema {@code type} of the property at a path, or null when the schema does not say. */
    private static String schemaType(JsonNode schema, JsonPathParts path) {
        JsonNode node = schema;
        for (int g = 0; g < path.groups.size(); g++) {
            if (g > 0) {
                node = node.path("items");
            }
            for (String property : path.groups.get(g)) {
                node = node.path("properties").path(property);
            }
        }
        JsonNode type = node.get("type");
        return type != null && type.isTextual() ? type.asText() : null;
    }

    private boolean isSchoolYearEnumeration(QualifiedResourceName target) {
        return schema.findResource(target).map(ResourceSchema::isSchoolYearEnumeration).orElse(false);
    }
}
