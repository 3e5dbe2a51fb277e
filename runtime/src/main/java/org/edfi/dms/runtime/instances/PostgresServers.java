package org.edfi.dms.runtime.instances;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edfi.dms.instances.InstanceOperationException;
import org.edfi.dms.runtime.PostgresServer;

/**
 * The PostgreSQL servers instances may live on, by name. The first ({@code main}) also holds the
 * configuration store; new instances go to the server holding the fewest.
 */
public record PostgresServers(Map<String, PostgresServer> byName) {

    public static final String MAIN = "main";

    public PostgresServers {
        if (byName.isEmpty()) {
            throw new IllegalArgumentException("At least one PostgreSQL server is needed");
        }
        byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    public static PostgresServers of(PostgresServer main) {
        return new PostgresServers(Map.of(MAIN, main));
    }

    /** The first server: the configuration store's. */
    public PostgresServer main() {
        return byName.values().iterator().next();
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public PostgresServer get(String name) {
        PostgresServer server = byName.get(name);
        if (server == null) {
            throw new InstanceOperationException("No PostgreSQL server named " + name + " is configured (postgres.servers)");
        }
        return server;
    }
}
