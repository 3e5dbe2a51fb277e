package org.edfi.dms.instances;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.edfi.dms.contracts.InstanceId;

/**
 * A request to create an instance. What it leaves out the registry fills in: the name from the
 * context, the server by placement, the mode {@link StoreMode#DATABASE}. What it gives must match an
 * existing instance of the same name, so that repeating a create is safe and a different one is refused.
 *
 * @param context route qualifier values, in order
 */
public record NewInstance(
        String tenant,
        Optional<String> name,
        Map<String, String> context,
        Optional<String> server,
        Optional<StoreMode> mode) {

    public NewInstance {
        context = Collections.unmodifiableMap(new LinkedHashMap<>(context));
    }

    /** An instance with only a tenant and context, everything else by default. */
    public static NewInstance of(String tenant, Map<String, String> context) {
        return new NewInstance(tenant, Optional.empty(), context, Optional.empty(), Optional.empty());
    }

    /**
     * The instance's id: the given name, or the context values joined by '-' ({@code 255901-2024}),
     * or {@code default} without context. Checks every name and value on the way.
     */
    public InstanceId id() {
        Names.tenant(tenant, "$.tenant");
        Names.context(context);
        if (name.isPresent()) {
            return Names.instance(tenant, name.get(), "$.name", "");
        }
        if (context.isEmpty()) {
            return Names.instance(tenant, InstanceId.DEFAULT.instance(), "$.name", "");
        }
        String derived = String.join("-", context.values());
        return Names.instance(tenant, derived, "$.name",
                "the name derived from the context values, '" + derived + "', is not valid; give a name. ");
    }

    public StoreMode modeOrDefault() {
        return mode.orElse(StoreMode.DATABASE);
    }

    /** The same request with its context in another order, or with a server chosen. */
    NewInstance with(Map<String, String> newContext, Optional<String> newServer) {
        return new NewInstance(tenant, name, newContext, newServer, mode);
    }
}
