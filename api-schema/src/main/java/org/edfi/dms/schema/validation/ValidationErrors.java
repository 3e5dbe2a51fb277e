package org.edfi.dms.schema.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects validation messages by JSON path, keeping first-seen order and dropping exact repeats. */
final class ValidationErrors {

    private final Map<String, List<String>> byPath = new LinkedHashMap<>();

    void add(String path, String message) {
        List<String> messages = byPath.computeIfAbsent(path, p -> new ArrayList<>(1));
        if (!messages.contains(message)) {
            messages.add(message);
        }
    }

    boolean isEmpty() {
        return byPath.isEmpty();
    }

    Map<String, List<String>> asMap() {
        return byPath;
    }

    /** The property name a path ends in, skipping array indexes: {@code gradeLevels} for {@code $.gradeLevels[0]}. */
    static String leafName(String path) {
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == ']') {
            end = path.lastIndexOf('[', end - 1);
        }
        int start = path.lastIndexOf('.', end - 1) + 1;
        return path.substring(start, end);
    }
}
