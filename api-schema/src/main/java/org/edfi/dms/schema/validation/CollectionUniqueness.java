package org.edfi.dms.schema.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.edfi.dms.schema.DocumentPathMapping;
import org.edfi.dms.schema.JsonPath;
import org.edfi.dms.schema.ReferenceDefinition;
import org.edfi.dms.schema.ResourceSchema;

/**
 * No two items of a collection share their identifying values, refused as the DMS words it:
 * {@code The 3rd item of the gradeLevels has the same identifying values as another item earlier in the list.}
 * What identifies an item is derived once per resource from the documentPathsMapping: the members
 * of the item marked {@code isPartOfIdentity} (an address's type, street, city, state and postal
 * code; a period's begin date), or, where none is marked, all of them (a grade level's descriptor,
 * a class period's reference). Descriptors compare without case, as they resolve. A nested
 * collection is checked within each item of its parent.
 */
final class CollectionUniqueness {

    /** One collection: where its items are ({@code $.addresses[*].periods}) and the item-relative paths that identify one. */
    private record Collection(JsonPath array, String name, List<Member> identity) {}

    private record Member(JsonPath relative, boolean descriptor) {}

    private final List<Collection> collections;

    private CollectionUniqueness(List<Collection> collections) {
        this.collections = collections;
    }

    static CollectionUniqueness of(ResourceSchema resource) {
        Map<String, List<Member>> all = new LinkedHashMap<>();
        Map<String, List<Member>> identifying = new LinkedHashMap<>();
        for (DocumentPathMapping mapping : resource.documentPaths()) {
            if (mapping.path().isPresent()) {
                add(mapping.path().get().toString(), mapping.descriptor(), mapping.partOfIdentity(), all, identifying);
            }
        }
        for (ReferenceDefinition reference : resource.references()) {
            add(reference.objectPath().toString(), false, reference.partOfIdentity(), all, identifying);
        }
        List<Collection> collections = new ArrayList<>();
        all.forEach((array, members) -> {
            List<Member> identity = identifying.getOrDefault(array, List.of());
            String name = array.substring(array.lastIndexOf('.') + 1);
            collections.add(new Collection(JsonPath.of(array), name, identity.isEmpty() ? members : identity));
        });
        return new CollectionUniqueness(List.copyOf(collections));
    }

    /** Files a member under its innermost collection; members outside any collection identify the document, not an item. */
    private static void add(String path, boolean descriptor, boolean partOfIdentity, Map<String, List<Member>> all,
            Map<String, List<Member>> identifying) {
        int wildcard = path.lastIndexOf("[*]");
        if (wildcard < 0 || !path.startsWith(".", wildcard + 3)) {
            return;
        }
        String array = path.substring(0, wildcard);
        Member member = new Member(JsonPath.of("$" + path.substring(wildcard + 3)), descriptor);
        all.computeIfAbsent(array, a -> new ArrayList<>()).add(member);
        if (partOfIdentity) {
            identifying.computeIfAbsent(array, a -> new ArrayList<>()).add(member);
        }
    }

    void check(JsonNode document, ValidationErrors errors) {
        for (Collection collection : collections) {
            for (JsonPath.Match array : collection.array().matches(document)) {
                if (!array.value().isArray()) {
                    continue;
                }
                Set<List<String>> seen = new HashSet<>();
                for (int i = 0; i < array.value().size(); i++) {
                    if (!seen.add(key(array.value().get(i), collection.identity()))) {
                        errors.add(array.path(), "The " + ordinal(i + 1) + " item of the " + collection.name()
                                + " has the same identifying values as another item earlier in the list.");
                    }
                }
            }
        }
    }

    private static List<String> key(JsonNode item, List<Member> identity) {
        List<String> key = new ArrayList<>(identity.size());
        for (Member member : identity) {
            JsonNode value = item.isObject() ? member.relative().value(item) : null;
            String text = canonical(value);
            key.add(member.descriptor() && text != null ? text.toLowerCase(Locale.ROOT) : text);
        }
        return key;
    }

    /** A value as compared: numbers by value (1 and 1.0 alike), objects whatever the order of their properties. */
    private static String canonical(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue().stripTrailingZeros().toPlainString();
        }
        if (value.isObject()) {
            Map<String, String> sorted = new TreeMap<>();
            value.properties().forEach(e -> sorted.put(e.getKey(), canonical(e.getValue())));
            return sorted.toString();
        }
        return value.isTextual() ? value.textValue() : value.toString();
    }

    static String ordinal(int n) {
        int lastTwo = n % 100;
        String suffix = lastTwo >= 11 && lastTwo <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }
}
