package org.edfi.dms.messages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How a request's path names its datastore instance: {@code /{tenant}/{qualifier...}/data/...},
 * as the Ed-Fi DMS routes, with the qualifier segments an operator configures (for example
 * {@code districtId,schoolYear}). The unprefixed {@code /data/...} routes reach the one instance
 * there is, when there is exactly one. The HTTP roles register their routes under each of
 * {@link #prefixes()} and resolve the instance from the path parameters of the request.
 */
public final class InstanceRoutes {

    /** Where the instances are: looked up on every request, so instances come and go without a restart. */
    public interface Directory {

        /** The instance of {@code tenant} whose route context is exactly {@code context}. */
        Optional<InstanceId> find(String tenant, Map<String, String> context);

        /** The instance the unprefixed routes reach: the only one there is, else none. */
        Optional<InstanceId> only();
    }

    /** Path parameter names the data routes use themselves. */
    private static final Set<String> RESERVED = Set.of("tenant", "project", "resource", "id");
    private static final Pattern QUALIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,62}");

    private final boolean tenants;
    private final List<String> qualifiers;
    private final Directory directory;

    /**
     * @param tenants whether the first segment names the tenant (otherwise every instance is the {@code default} tenant's)
     * @param qualifiers the names of the segments after the tenant, in order; each instance's route
     *     context has a value for each
     */
    public InstanceRoutes(boolean tenants, List<String> qualifiers, Directory directory) {
        for (String qualifier : qualifiers) {
            if (!QUALIFIER.matcher(qualifier).matches() || RESERVED.contains(qualifier)) {
                throw new IllegalArgumentException("A route qualifier is a name of letters and digits other than " + RESERVED + ": " + qualifier);
            }
        }
        if (Set.copyOf(qualifiers).size() != qualifiers.size()) {
            throw new IllegalArgumentException("Route qualifiers must differ: " + qualifiers);
        }
        this.tenants = tenants;
        this.qualifiers = List.copyOf(qualifiers);
        this.directory = directory;
    }

    /** Routes to one instance through the unprefixed paths only (tests, benchmarks, a single-instance node). */
    public static InstanceRoutes single(InstanceId instance) {
        return new InstanceRoutes(false, List.of(), new Directory() {
            @Override
            public Optional<InstanceId> find(String tenant, Map<String, String> context) {
                return Optional.empty();
            }

            @Override
            public Optional<InstanceId> only() {
                return Optional.of(instance);
            }
        });
    }

    public boolean tenants() {
        return tenants;
    }

    public List<String> qualifiers() {
        return qualifiers;
    }

    /**
     * The path prefixes to register the routes under, as Helidon path patterns: the instance prefix
     * ({@code /{tenant}/{districtId}/{schoolYear}}) when there is one, and the unprefixed {@code ""}.
     */
    public List<String> prefixes() {
        StringBuilder prefix = new StringBuilder(tenants ? "/{tenant}" : "");
        qualifiers.forEach(q -> prefix.append("/{").append(q).append('}'));
        List<String> prefixes = new ArrayList<>();
        if (!prefix.isEmpty()) {
            prefixes.add(prefix.toString());
        }
        prefixes.add("");
        return prefixes;
    }

    /** The instance a request names, given its path parameters by name; the unprefixed routes have none of them. */
    public Optional<InstanceId> resolve(Function<String, Optional<String>> pathParameter) {
        Optional<String> tenant = tenants ? pathParameter.apply("tenant") : Optional.of(InstanceId.DEFAULT.tenant());
        Map<String, String> context = new LinkedHashMap<>();
        for (String qualifier : qualifiers) {
            pathParameter.apply(qualifier).ifPresent(value -> context.put(qualifier, value));
        }
        boolean prefixed = (tenants && tenant.isPresent()) || !context.isEmpty();
        if (!prefixed) {
            return directory.only();
        }
        if (tenant.isEmpty() || context.size() != qualifiers.size()) {
            return Optional.empty();
        }
        return directory.find(tenant.get(), context);
    }
}
