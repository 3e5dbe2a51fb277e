package org.edfi.dms.instances;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceRoutes;

/**
 * The rules for the names of tenants and instances and for route context values. Tenant and
 * instance names become parts of topic and database names ({@link InstanceId} holds that rule);
 * tenants and context values also become URL path segments, so the API's own top-level path
 * segments are kept out of them to leave every URL one reading.
 */
final class Names {

    /** Path segments of the API itself: a tenant or context value of these names would shadow a route. */
    static final Set<String> RESERVED = InstanceRoutes.API_SEGMENTS;

    private static final Pattern CONTEXT_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");
    /** URL-safe without escaping (RFC 3986 unreserved), so a value is its own path segment. */
    private static final Pattern CONTEXT_VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~-]{0,62}");

    private Names() {}

    static String tenant(String name, String path) {
        if (name == null || name.isEmpty()) {
            throw new InvalidInstanceException(path, "a tenant name is required");
        }
        try {
            new InstanceId(name, InstanceId.DEFAULT.instance()); // InstanceId holds the one rule for names
        } catch (IllegalArgumentException e) {
            throw new InvalidInstanceException(path, e.getMessage());
        }
        if (RESERVED.contains(name)) {
            throw new InvalidInstanceException(path, "'" + name + "' is a path of the API itself and cannot name a tenant; reserved: " + sorted(RESERVED));
        }
        return name;
    }

    static InstanceId instance(String tenant, String name, String path, String origin) {
        try {
            return new InstanceId(tenant, name);
        } catch (IllegalArgumentException e) {
            throw new InvalidInstanceException(path, origin + e.getMessage());
        }
    }

    static void context(Map<String, String> context) {
        context.forEach((key, value) -> {
            String path = "$.context." + key;
            if (key == null || !CONTEXT_KEY.matcher(key).matches()) {
                throw new InvalidInstanceException(path, "a context key is 1 to 63 letters, digits and underscores, starting with a letter: " + key);
            }
            if (value == null || !CONTEXT_VALUE.matcher(value).matches()) {
                throw new InvalidInstanceException(path, "a context value is 1 to 63 letters, digits and . _ ~ -, starting with a letter or digit"
                        + " (it becomes a URL path segment): " + value);
            }
            if (RESERVED.contains(value)) {
                throw new InvalidInstanceException(path, "'" + value + "' is a path of the API itself and cannot be a context value");
            }
        });
    }

    private static String sorted(Set<String> names) {
        return String.join(", ", names.stream().sorted().toList());
    }
}
