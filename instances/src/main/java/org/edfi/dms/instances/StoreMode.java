package org.edfi.dms.instances;

import java.util.Locale;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceStore;

/**
 * How an instance's store is separated from the others on its PostgreSQL server: a database of its
 * own (the default: physical isolation, one CDC connector and replication slot per instance), or a
 * schema of its own in a shared database, for operators who want fewer connectors.
 */
public enum StoreMode {
    DATABASE,
    SCHEMA;

    /** Where an instance of this mode keeps its documents. */
    public InstanceStore store(InstanceId id) {
        return this == DATABASE ? InstanceStore.ownDatabase(id) : InstanceStore.sharedDatabase(id);
    }

    /** The name in JSON, on the command line and in the configuration store. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode a label names, or an {@link InvalidInstanceException} naming the labels. */
    public static StoreMode of(String label, String path) {
        for (StoreMode mode : values()) {
            if (mode.label().equals(label)) {
                return mode;
            }
        }
        throw new InvalidInstanceException(path, "the mode is database or schema, not '" + label + "'");
    }
}
