package org.edfi.dms.instances;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceStore;
import org.edfi.dms.contracts.InstanceTopics;

/**
 * A datastore instance as the configuration store records it.
 *
 * @param context   the route qualifier values that select it ({@code districtId=255901,
 *                  schoolYear=2024}), in the order of the deployment's route qualifiers (or as
 *                  given when none are configured)
 * @param server    the name of the configured PostgreSQL server its store lives on
 * @param updatedAt when its state last changed
 */
public record Instance(
        InstanceId id,
        Map<String, String> context,
        String server,
        StoreMode mode,
        InstanceState state,
        Instant createdAt,
        Instant updatedAt) {

    public Instance {
        context = Collections.unmodifiableMap(new LinkedHashMap<>(context));
    }

    public String tenant() {
        return id.tenant();
    }

    public String name() {
        return id.instance();
    }

    public InstanceTopics topics() {
        return new InstanceTopics(id);
    }

    /** Where its documents live on its server. */
    public InstanceStore store() {
        return mode.store(id);
    }

    public boolean ready() {
        return state == InstanceState.READY;
    }

    /** The same instance in another state; {@code updatedAt} is the registry's to set. */
    Instance withState(InstanceState newState, Instant at) {
        return new Instance(id, context, server, mode, newState, createdAt, at);
    }
}
