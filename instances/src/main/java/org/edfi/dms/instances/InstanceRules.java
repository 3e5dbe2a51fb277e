package org.edfi.dms.instances;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a deployment allows new instances to be: the PostgreSQL servers they may live on, and the
 * route qualifiers their context must give.
 *
 * @param servers         names of the configured PostgreSQL servers, in order; at least one. A
 *                        request may name one of them; otherwise the registry places the instance.
 * @param routeQualifiers the context keys every instance must give, in URL order
 *                        ({@code districtId, schoolYear}); empty when the deployment routes by
 *                        tenant alone, and then a context is taken as given, in its own order
 */
public record InstanceRules(List<String> servers, List<String> routeQualifiers) {

    public InstanceRules {
        servers = List.copyOf(servers);
        routeQualifiers = List.copyOf(routeQualifiers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("Instances need at least one configured PostgreSQL server");
        }
    }

    /**
     * The request as the registry takes it: its context in route-qualifier order with every
     * qualifier present and no other key, and its server one of the configured ones.
     */
    public NewInstance check(NewInstance request) {
        request.server().ifPresent(server -> {
            if (!servers.contains(server)) {
                throw new InvalidInstanceException("$.server", "unknown server '" + server + "'; the configured servers are " + String.join(", ", servers));
            }
        });
        if (routeQualifiers.isEmpty()) {
            return request;
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String qualifier : routeQualifiers) {
            String value = request.context().get(qualifier);
            if (value == null) {
                throw new InvalidInstanceException("$.context." + qualifier, "the context needs a value for every route qualifier ("
                        + String.join(", ", routeQualifiers) + "); " + qualifier + " is missing");
            }
            ordered.put(qualifier, value);
        }
        for (String key : request.context().keySet()) {
            if (!ordered.containsKey(key)) {
                throw new InvalidInstanceException("$.context." + key, key + " is not a route qualifier of this deployment ("
                        + String.join(", ", routeQualifiers) + ")");
            }
        }
        return request.with(ordered, request.server());
    }

    /** The server for a new instance: the requested one, else the configured server holding the fewest instances (the first on a tie). */
    String place(Optional<String> requested, Map<String, Integer> instancesByServer) {
        if (requested.isPresent()) {
            return requested.get();
        }
        String best = servers.getFirst();
        for (String server : servers) {
            if (instancesByServer.getOrDefault(server, 0) < instancesByServer.getOrDefault(best, 0)) {
                best = server;
            }
        }
        return best;
    }
}
