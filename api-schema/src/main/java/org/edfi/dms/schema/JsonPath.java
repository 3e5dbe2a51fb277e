package org.edfi.dms.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The JSONPath subset that ApiSchema files use: {@code $}, property steps and {@code [*]} over
 * arrays, for example {@code $.classPeriods[*].classPeriodReference.classPeriodName}. Compiled once
 * at load time; evaluation walks the Jackson tree without building strings unless asked for the
 * concrete paths of matches.
 */
public final class JsonPath {

    private final String text;
    private final List<Step> steps;

    private sealed interface Step permits Property, AllElements {}

    private record Property(String name) implements Step {}

    private record AllElements() implements Step {}

    private static final AllElements ALL_ELEMENTS = new AllElements();

    private JsonPath(String text, List<Step> steps) {
        this.text = text;
        this.steps = steps;
    }

    /** Parses a path; throws {@link IllegalArgumentException} naming the problem when it is not of the supported form. */
    public static JsonPath of(String text) {
        if (text == null || !text.startsWith("$")) {
            throw new IllegalArgumentException("JSON path must start with '$': " + text);
        }
        List<Step> steps = new ArrayList<>();
        int i = 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
                    end++;
                }
                if (end == i + 1) {
                    throw new IllegalArgumentException("Empty property name in JSON path: " + text);
                }
                steps.add(new Property(text.substring(i + 1, end)));
                i = end;
            } else if (text.startsWith("[*]", i)) {
                steps.add(ALL_ELEMENTS);
                i += 3;
            } else {
                throw new IllegalArgumentException("Unsupported JSON path syntax at position " + i + ": " + text);
            }
        }
        return new JsonPath(text, List.copyOf(steps));
    }

    /** True when the path walks through an array, so it may match several values. */
    public boolean hasWildcard() {
        return steps.stream().anyMatch(AllElements.class::isInstance);
    }

    /** The number of property steps, e.g. 1 for {@code $.schoolId}, 2 for {@code $.schoolReference.schoolId}. */
    public int depth() {
        return steps.size();
    }

    /** The last property name, e.g. {@code schoolId} for {@code $.schoolReference.schoolId}. */
    public String lastPropertyName() {
        if (steps.isEmpty() || !(steps.getLast() instanceof Property property)) {
            throw new IllegalStateException("Path does not end in a property: " + text);
        }
        return property.name();
    }

    /** The path without its last property step: {@code $.a[*].b} for {@code $.a[*].b.c}. */
    public JsonPath parent() {
        if (steps.isEmpty() || !(steps.getLast() instanceof Property)) {
            throw new IllegalStateException("Path does not end in a property: " + text);
        }
        return new JsonPath(text.substring(0, text.lastIndexOf('.')), steps.subList(0, steps.size() - 1));
    }

    /** This path followed by one more property step. */
    public JsonPath child(String propertyName) {
        List<Step> longer = new ArrayList<>(steps);
        longer.add(new Property(propertyName));
        return new JsonPath(text + "." + propertyName, List.copyOf(longer));
    }

    /** Every value the path reaches in {@code root}, in document order; missing properties and JSON nulls are skipped. */
    public List<JsonNode> values(JsonNode root) {
        List<JsonNode> out = new ArrayList<>(1);
        collect(root, 0, out);
        return out;
    }

    /** The single value of a path without wildcards, or null when absent. */
    public JsonNode value(JsonNode root) {
        JsonNode node = root;
        for (Step step : steps) {
            if (!(step instanceof Property(String name))) {
                throw new IllegalStateException("Path has a wildcard: " + text);
            }
            node = node.get(name);
            if (node == null || node.isNull()) {
                return null;
            }
        }
        return node;
    }

    private void collect(JsonNode node, int stepIndex, List<JsonNode> out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (stepIndex == steps.size()) {
            out.add(node);
            return;
        }
        switch (steps.get(stepIndex)) {
            case Property(String name) -> collect(node.get(name), stepIndex + 1, out);
            case AllElements ignored -> {
                if (node.isArray()) {
                    for (JsonNode element : node) {
                        collect(element, stepIndex + 1, out);
                    }
                }
            }
        }
    }

    /** A value reached by the path, with the concrete path to it ({@code $.a[2].b}). */
    public record Match(String path, JsonNode value) {}

    /** Every value the path reaches, each with its concrete path (array indexes filled in). */
    public List<Match> matches(JsonNode root) {
        List<Match> out = new ArrayList<>(1);
        collectMatches(root, 0, new StringBuilder("$"), out);
        return out;
    }

    private void collectMatches(JsonNode node, int stepIndex, StringBuilder path, List<Match> out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (stepIndex == steps.size()) {
            out.add(new Match(path.toString(), node));
            return;
        }
        int mark = path.length();
        switch (steps.get(stepIndex)) {
            case Property(String name) -> {
                path.append('.').append(name);
                collectMatches(node.get(name), stepIndex + 1, path, out);
            }
            case AllElements ignored -> {
                if (node.isArray()) {
                    for (int i = 0; i < node.size(); i++) {
                        path.append('[').append(i).append(']');
                        collectMatches(node.get(i), stepIndex + 1, path, out);
                        path.setLength(mark);
                    }
                }
            }
        }
        path.setLength(mark);
    }

    /**
     * Replaces every value the path reaches with {@code replacement.apply(value)}, in place. The
     * function returns its argument to leave a value as it is.
     */
    public void replaceAll(JsonNode root, UnaryOperator<JsonNode> replacement) {
        if (steps.isEmpty()) {
            throw new IllegalStateException("Cannot replace the document root");
        }
        replace(root, 0, replacement);
    }

    private void replace(JsonNode node, int stepIndex, UnaryOperator<JsonNode> replacement) {
        if (node == null || node.isNull()) {
            return;
        }
        boolean last = stepIndex == steps.size() - 1;
        switch (steps.get(stepIndex)) {
            case Property(String name) -> {
                if (!(node instanceof ObjectNode object)) {
                    return;
                }
                JsonNode child = object.get(name);
                if (child == null) {
                    return;
                }
                if (last) {
                    JsonNode replaced = replacement.apply(child);
                    if (replaced != child) {
                        object.set(name, replaced);
                    }
                } else {
                    replace(child, stepIndex + 1, replacement);
                }
            }
            case AllElements ignored -> {
                if (!(node instanceof ArrayNode array)) {
                    return;
                }
                for (int i = 0; i < array.size(); i++) {
                    if (last) {
                        JsonNode element = array.get(i);
                        JsonNode replaced = replacement.apply(element);
                        if (replaced != element) {
                            array.set(i, replaced);
                        }
                    } else {
                        replace(array.get(i), stepIndex + 1, replacement);
                    }
                }
            }
        }
    }

    /**
     * The JSON Pointer of a concrete path as {@link #matches} reports it: {@code /classPeriods/1/classPeriodReference}
     * for {@code $.classPeriods[1].classPeriodReference}.
     */
    public static String toJsonPointer(String concretePath) {
        StringBuilder pointer = new StringBuilder();
        int i = 1;
        while (i < concretePath.length()) {
            char c = concretePath.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < concretePath.length() && concretePath.charAt(end) != '.' && concretePath.charAt(end) != '[') {
                    end++;
                }
                pointer.append('/').append(concretePath, i + 1, end);
                i = end;
            } else if (c == '[') {
                int end = concretePath.indexOf(']', i);
                pointer.append('/').append(concretePath, i + 1, end);
                i = end + 1;
            } else {
                throw new IllegalArgumentException("Not a concrete JSON path: " + concretePath);
            }
        }
        return pointer.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonPath path && path.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The path as written in the ApiSchema, e.g. {@code $.schoolReference.schoolId}. */
    @Override
    public String toString() {
        return text;
    }
}
