package org.edfi.dms.contracts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /**
     * First path segments that belong to the API itself, so never name a tenant: an instance prefix
     * is never one of these, and tenant names are refused when they are.
     */
    public static final Set<String> API_SEGMENTS = Set.of("data", "metadata", "oauth", "admin", "health", "metrics", "swagger-ui", ".well-known",
            "changeQueries");

    /**
     * What a request's path names before routing.
     *
     * @param instance the instance it names: the prefix's, or for an unprefixed path the only one
     *     there is; empty when none matches
     * @param prefix the instance prefix as written ({@code /district-a/255901/2024}), or empty
     * @param rest the path after the prefix, starting with {@code /} ({@code /data/ed-fi/schools})
     */
    public record Match(Optional<InstanceId> instance, String prefix, String rest) {

        /** Whether the path starts with an instance prefix. */
        public boolean prefixed() {
            return !prefix.isEmpty();
        }
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

    /**
     * What a request path (decoded and normalized, as routes match it) names: an instance prefix (the tenant, then one segment per
     * qualifier) unless its first segment is one of the API's own, and the path after it.
     */
    public Match match(String requestPath) {
        String path = requestPath.startsWith("/") ? requestPath.substring(1) : requestPath;
        String[] segments = path.isEmpty() ? new String[0] : path.split("/", -1);
        int length = (tenants ? 1 : 0) + qualifiers.size();
        if (length == 0 || segments.length == 0 || API_SEGMENTS.contains(segments[0]) || segments.length < length) {
            return new Match(directory.only(), "", "/" + path);
        }
        String tenant = tenants ? segments[0] : InstanceId.DEFAULT.tenant();
        Map<String, String> context = new LinkedHashMap<>();
        for (int i = 0; i < qualifiers.size(); i++) {
            context.put(qualifiers.get(i), segments[(tenants ? 1 : 0) + i]);
        }
        String prefix = "/" + String.join("/", Arrays.copyOfRange(segments, 0, length));
        String rest = "/" + String.join("/", Arrays.copyOfRange(segments, length, segments.length));
        return new Match(directory.find(tenant, context), prefix, rest);
    }
}
