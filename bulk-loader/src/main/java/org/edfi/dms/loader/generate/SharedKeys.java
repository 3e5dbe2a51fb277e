package org.edfi.dms.loader.generate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edfi.dms.schema.EqualityConstraint;
import org.edfi.dms.schema.ResourceSchema;

/**
 * The resource's equality constraints as groups of paths that must hold one value (a course
 * offering's {@code $.schoolReference.schoolId} and {@code $.sessionReference.schoolId}). Chains of
 * constraints join into one group, so whichever path of a group gets its value first decides it for
 * the others.
 */
final class SharedKeys {

    private final Map<String, List<String>> groups;

    private SharedKeys(Map<String, List<String>> groups) {
        this.groups = groups;
    }

    static SharedKeys of(ResourceSchema resource) {
        Map<String, String> parent = new LinkedHashMap<>();
        for (EqualityConstraint constraint : resource.equalityConstraints()) {
            String a = root(parent, constraint.source().toString());
            String b = root(parent, constraint.target().toString());
            if (!a.equals(b)) {
                parent.put(b, a);
            }
        }
        Map<String, List<String>> members = new LinkedHashMap<>();
        for (String path : parent.keySet()) {
            members.computeIfAbsent(root(parent, path), r -> new ArrayList<>()).add(path);
        }
        Map<String, List<String>> groups = new HashMap<>();
        for (List<String> group : members.values()) {
            group.forEach(path -> groups.put(path, List.copyOf(group)));
        }
        return new SharedKeys(groups);
    }

    private static String root(Map<String, String> parent, String path) {
        parent.putIfAbsent(path, path);
        String root = path;
        while (!parent.get(root).equals(root)) {
            root = parent.get(root);
        }
        return root;
    }

    /** Whether the path shares its value with others. */
    boolean isShared(String path) {
        return groups.containsKey(path);
    }

    /** The paths that must hold the same value as {@code path}, itself included. */
    List<String> group(String path) {
        return groups.getOrDefault(path, List.of(path));
    }
}
