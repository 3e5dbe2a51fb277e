package org.edfi.dms.instances;

import java.util.Locale;

/**
 * Where an instance is in its life. Every state but {@link #READY} is an operation under way, or
 * one that stopped halfway (a crash, a failed step): repeating the same admin request finishes it,
 * because every step of provisioning, purging and removing is safe to run again.
 */
public enum InstanceState {
    /** Registered; its database or schema, topics, state and connector are being created. Serves nothing yet. */
    PROVISIONING,
    /** Serves requests. */
    READY,
    /** Its data is being removed everywhere; it becomes READY and empty when that is done. */
    PURGING,
    /** Everything it has is being removed, then its record. */
    DELETING;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InstanceState of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
