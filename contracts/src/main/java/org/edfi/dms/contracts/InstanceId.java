package org.edfi.dms.contracts;

import java.util.regex.Pattern;

/**
 * A datastore instance (usually one district and school year) inside a tenant: the unit of
 * isolation, ordering and placement. Both names become parts of topic names and database names,
 * so they are restricted to lower-case letters, digits and hyphens.
 */
public record InstanceId(String tenant, String instance) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /** The single tenant and instance a deployment without routing serves. */
    public static final InstanceId DEFAULT = new InstanceId("default", "default");

    public InstanceId {
        requireName("tenant", tenant);
        requireName("instance", instance);
    }

    private static void requireName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A " + what + " name is 1 to 63 lower-case letters, digits and hyphens, starting with a letter or digit: " + name);
        }
    }

    @Override
    public String toString() {
        return tenant + "." + instance;
    }
}
