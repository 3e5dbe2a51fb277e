package org.edfi.dms.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.edfi.dms.contracts.Action;
import org.edfi.dms.contracts.AuthorizationStrategy;
import org.edfi.dms.contracts.Grants;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ResourceSchema;

/**
 * The Ed-Fi authorization model: the claim sets and the resource claims hierarchy of an Ed-Fi
 * security metadata file ({@code Claims.json}, read by {@link ClaimsFile}), and this project's two
 * claim sets, {@code full-access} and {@code admin}. One question is answered here, for every
 * request: what does a claim set grant on a resource, action by action, and with which
 * authorization strategies ({@link #grants}).
 *
 * <p>A resource is covered by the resource claim named {@code .../{project}/{resourceName}}
 * ({@code http://ed-fi.org/identity/claims/ed-fi/student} covers {@code ed-fi} Student), matched
 * case-insensitively, so no Data Standard specific name is in the code. The claim's lineage (the
 * claim, then the domains above it) decides, as in the ODS/API:
 * <ul>
 *   <li>an action is granted when the claim set is given it on the claim or on any claim above it;
 *   <li>its strategies are the claim set's overrides for that action on the nearest claim of the
 *       lineage that has any, else the default strategies of the nearest claim that has a default
 *       for that action.
 * </ul>
 * A resource no claim covers, and an unknown claim set, are granted nothing.
 */
public final class ClaimSets {

    /** This project's claim set: every action on every resource, no further authorization, and the admin API. */
    public static final String FULL_ACCESS = "full-access";
    /** This project's claim set of the admin API alone (tenants, instances, vendors, applications, clients, keys, claim sets). */
    public static final String ADMIN = "admin";

    /** A claim set: its name, whether the Ed-Fi file reserves it, and whether it reaches the admin API. */
    public record ClaimSet(String name, boolean systemReserved, boolean admin) {}

    /**
     * A node of the resource claims hierarchy.
     *
     * @param defaults the default strategies by action
     * @param grants by claim set, the actions it is given here with their strategy overrides (an empty list: no override)
     */
    record ResourceClaim(String name, ResourceClaim parent, Map<Action, List<AuthorizationStrategy>> defaults,
            Map<String, Map<Action, List<AuthorizationStrategy>>> grants, boolean leaf) {}

    private final Map<String, ClaimSet> claimSets;
    private final Map<String, ResourceClaim> claims;
    private final Map<String, Grants> resolved = new ConcurrentHashMap<>();

    ClaimSets(Collection<ClaimSet> claimSets, Collection<ResourceClaim> claims) {
        Map<String, ClaimSet> sets = new LinkedHashMap<>();
        sets.put(FULL_ACCESS, new ClaimSet(FULL_ACCESS, true, true));
        sets.put(ADMIN, new ClaimSet(ADMIN, true, true));
        claimSets.forEach(set -> sets.put(set.name(), set));
        this.claimSets = java.util.Collections.unmodifiableMap(sets);
        Map<String, ResourceClaim> byName = new LinkedHashMap<>();
        claims.forEach(claim -> byName.put(key(claim.name()), claim));
        this.claims = java.util.Collections.unmodifiableMap(byName);
    }

    /** This project's claim sets alone, without Ed-Fi claims: for tests and tools whose clients have full access. */
    public static ClaimSets projectOnly() {
        return new ClaimSets(List.of(), List.of());
    }

    /** What {@code claimSet} grants on {@code resource}: every action given, with its strategies. */
    public Grants grants(String claimSet, ResourceSchema resource) {
        if (FULL_ACCESS.equals(claimSet)) {
            return Grants.EVERYTHING;
        }
        if (claimSet == null || !claimSets.containsKey(claimSet)) {
            return new Grants(Map.of());
        }
        return resolved.computeIfAbsent(claimSet + '\n' + claimName(resource), key -> resolve(claimSet, claimFor(resource)));
    }

    /** The resource claim covering {@code resource}, if any. */
    public Optional<String> claimOf(ResourceSchema resource) {
        return claimFor(resource).map(ResourceClaim::name);
    }

    private Optional<ResourceClaim> claimFor(ResourceSchema resource) {
        return Optional.ofNullable(claims.get(claimName(resource)));
    }

    /** The lower-case name a resource's claim has, without its base: {@code ed-fi/student}. */
    private static String claimName(ResourceSchema resource) {
        String name = resource.name().resourceName();
        return (resource.projectEndpoint() + "/" + Character.toLowerCase(name.charAt(0)) + name.substring(1)).toLowerCase(Locale.ROOT);
    }

    private static Grants resolve(String claimSet, Optional<ResourceClaim> claim) {
        Map<Action, List<AuthorizationStrategy>> granted = new EnumMap<>(Action.class);
        if (claim.isEmpty()) {
            return new Grants(granted);
        }
        for (Action action : Action.values()) {
            boolean given = false;
            List<AuthorizationStrategy> overrides = null;
            List<AuthorizationStrategy> defaults = null;
            for (ResourceClaim level = claim.get(); level != null; level = level.parent()) {
                Map<Action, List<AuthorizationStrategy>> actions = level.grants().get(claimSet);
                if (actions != null && actions.containsKey(action)) {
                    given = true;
                    if (overrides == null && !actions.get(action).isEmpty()) {
                        overrides = actions.get(action);
                    }
                }
                if (defaults == null && !level.defaults().getOrDefault(action, List.of()).isEmpty()) {
                    defaults = level.defaults().get(action);
                }
            }
            if (given) {
                granted.put(action, overrides != null ? overrides : defaults != null ? defaults : List.of());
            }
        }
        return new Grants(granted);
    }

    /** Whether a client of {@code claimSet} may use the admin API. */
    public boolean allowsAdmin(String claimSet) {
        ClaimSet set = claimSet == null ? null : claimSets.get(claimSet);
        return set != null && set.admin();
    }

    public boolean contains(String claimSet) {
        return claimSets.containsKey(claimSet);
    }

    /** Every claim set: this project's two, then the file's in file order. */
    public List<ClaimSet> claimSets() {
        return List.copyOf(claimSets.values());
    }

    public List<String> names() {
        return List.copyOf(claimSets.keySet());
    }

    /**
     * How a schema and the claims meet: the resources no claim covers (refused to every claim set
     * but {@code full-access}), and the leaf claims that name no resource of the schema.
     */
    public record Coverage(List<String> resourcesWithoutClaim, List<String> claimsWithoutResource) {}

    public Coverage coverage(ApiSchema schema) {
        List<String> uncovered = new ArrayList<>();
        java.util.Set<String> used = new java.util.HashSet<>();
        for (ResourceSchema resource : schema.resources()) {
            String name = claimName(resource);
            if (claims.containsKey(name)) {
                used.add(name);
            } else {
                uncovered.add(resource.projectEndpoint() + "/" + resource.endpointName());
            }
        }
        List<String> unused = claims.entrySet().stream()
                .filter(entry -> entry.getValue().leaf() && !used.contains(entry.getKey()))
                .map(entry -> entry.getValue().name())
                .toList();
        return new Coverage(List.copyOf(uncovered), unused);
    }

    /** Claims are found by the last two segments of their name, lower-case ({@code ed-fi/student}), as {@link #claimName} forms them. */
    private static String key(String claimName) {
        String[] segments = claimName.toLowerCase(Locale.ROOT).split("/");
        return segments.length < 2 ? claimName : segments[segments.length - 2] + "/" + segments[segments.length - 1];
    }
}
