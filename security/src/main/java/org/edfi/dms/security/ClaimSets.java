package org.edfi.dms.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.edfi.dms.contracts.Action;
import org.edfi.dms.contracts.AuthorizationStrategy;
import org.edfi.dms.contracts.Grants;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ResourceSchema;

/**
 * The Ed-Fi authorization model: the claim sets and the resource claims hierarchy of an Ed-Fi
 * security metadata file ({@code Claims.json}, read by {@link ClaimsFile}), the claim sets imported
 * through the admin API ({@link ClaimSetDefinition}), and this project's two claim sets,
 * {@code full-access} and {@code admin}. One question is answered here, for every request: what
 * does a claim set grant on a resource, action by action, and with which authorization strategies
 * ({@link #grants}).
 *
 * <p>A resource is covered by the resource claim named {@code .../{project}/{resourceName}}
 * ({@code http://ed-fi.org/identity/claims/ed-fi/student} covers {@code ed-fi} Student), matched
 * case-insensitively, so no Data Standard specific name is in the code. The claim's lineage (the
 * claim, then the domains above it) decides, as in the ODS/API:
 * <ul>
 *   <li>an action is granted when the claim set is given it on the claim or on any claim above it;
 *   <li>its strategies are the claim set's first non-empty overrides for that action up the
 *       lineage, else the first non-empty default strategies for that action up the lineage.
 * </ul>
 * A resource no claim covers, and an unknown claim set, are granted nothing.
 */
public final class ClaimSets {

    /** This project's claim set: every action on every resource, no further authorization, and the admin API. */
    public static final String FULL_ACCESS = "full-access";
    /** This project's claim set of the admin API alone (tenants, instances, vendors, applications, clients, keys, claim sets). */
    public static final String ADMIN = "admin";

    /** Where a claim set comes from. */
    public enum Source { PROJECT, CLAIMS_FILE, IMPORTED }

    /** A claim set: its name, whether it may not be changed, whether it reaches the admin API, and where it comes from. */
    public record ClaimSet(String name, boolean systemReserved, boolean admin, Source source) {}

    /** A node of the resource claims hierarchy, with its default strategies by action. */
    record ResourceClaim(String name, ResourceClaim parent, Map<Action, List<AuthorizationStrategy>> defaults, boolean leaf) {}

    private final Map<String, ClaimSet> claimSets;
    /** The hierarchy, in file order, by {@link #key}. */
    private final Map<String, ResourceClaim> claims;
    /** By claim set, by claim ({@link #key}): the actions given there with their overrides (an empty list: none). */
    private final Map<String, Map<String, Map<Action, List<AuthorizationStrategy>>>> grantsByClaimSet;
    private final Map<String, Grants> resolved = new ConcurrentHashMap<>();

    ClaimSets(Collection<ClaimSet> claimSets, Collection<ResourceClaim> claims,
            Map<String, Map<String, Map<Action, List<AuthorizationStrategy>>>> grantsByClaimSet) {
        Map<String, ClaimSet> sets = new LinkedHashMap<>();
        sets.put(FULL_ACCESS, new ClaimSet(FULL_ACCESS, true, true, Source.PROJECT));
        sets.put(ADMIN, new ClaimSet(ADMIN, true, true, Source.PROJECT));
        claimSets.forEach(set -> sets.put(set.name(), set));
        this.claimSets = Collections.unmodifiableMap(sets);
        Map<String, ResourceClaim> byName = new LinkedHashMap<>();
        claims.forEach(claim -> byName.put(key(claim.name()), claim));
        this.claims = Collections.unmodifiableMap(byName);
        Map<String, Map<String, Map<Action, List<AuthorizationStrategy>>>> grants = new LinkedHashMap<>();
        grantsByClaimSet.forEach((set, byClaim) -> {
            Map<String, Map<Action, List<AuthorizationStrategy>>> keyed = new LinkedHashMap<>();
            byClaim.forEach((claim, actions) -> keyed.put(key(claim), actions));
            grants.put(set, keyed);
        });
        this.grantsByClaimSet = Collections.unmodifiableMap(grants);
    }

    /** This project's claim sets alone, without Ed-Fi claims: for tests and tools whose clients have full access. */
    public static ClaimSets projectOnly() {
        return new ClaimSets(List.of(), List.of(), Map.of());
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

    private Grants resolve(String claimSet, Optional<ResourceClaim> claim) {
        Map<Action, List<AuthorizationStrategy>> granted = new EnumMap<>(Action.class);
        Map<String, Map<Action, List<AuthorizationStrategy>>> given = grantsByClaimSet.getOrDefault(claimSet, Map.of());
        if (claim.isEmpty()) {
            return new Grants(granted);
        }
        for (Action action : Action.values()) {
            boolean allowed = false;
            List<AuthorizationStrategy> overrides = null;
            List<AuthorizationStrategy> defaults = null;
            for (ResourceClaim level = claim.get(); level != null; level = level.parent()) {
                Map<Action, List<AuthorizationStrategy>> actions = given.get(key(level.name()));
                if (actions != null && actions.containsKey(action)) {
                    allowed = true;
                    if (overrides == null && !actions.get(action).isEmpty()) {
                        overrides = actions.get(action);
                    }
                }
                if (defaults == null && !level.defaults().getOrDefault(action, List.of()).isEmpty()) {
                    defaults = level.defaults().get(action);
                }
            }
            if (allowed) {
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

    public Optional<ClaimSet> find(String claimSet) {
        return Optional.ofNullable(claimSets.get(claimSet));
    }

    /** Every claim set: this project's two, then the file's in file order, then the imported ones. */
    public List<ClaimSet> claimSets() {
        return List.copyOf(claimSets.values());
    }

    public List<String> names() {
        return List.copyOf(claimSets.keySet());
    }

    // ---- import and export -------------------------------------------------------------------

    /**
     * These claim sets with {@code imported} added (the claims file's and this project's are kept:
     * an import cannot change them, {@link #checkImport} says so).
     */
    ClaimSets withImported(Collection<ClaimSetDefinition> imported) {
        List<ClaimSet> sets = new ArrayList<>(claimSets.values().stream().filter(set -> set.source() == Source.CLAIMS_FILE).toList());
        Map<String, Map<String, Map<Action, List<AuthorizationStrategy>>>> grants = new LinkedHashMap<>(grantsByClaimSet);
        for (ClaimSetDefinition definition : imported) {
            if (claimSets.containsKey(definition.name()) && claimSets.get(definition.name()).source() != Source.IMPORTED) {
                continue;
            }
            sets.add(new ClaimSet(definition.name(), false, false, Source.IMPORTED));
            grants.put(definition.name(), definition.grants());
        }
        return new ClaimSets(sets, claims.values(), grants);
    }

    /** Why {@code definition} cannot be imported here (its name is taken by a claim set it may not replace, or it names unknown claims); empty when it can. */
    Optional<String> checkImport(ClaimSetDefinition definition) {
        ClaimSet existing = claimSets.get(definition.name());
        if (existing != null && existing.source() != Source.IMPORTED) {
            return Optional.of("the claim set '" + definition.name() + "' is " + (existing.source() == Source.PROJECT
                    ? "this project's" : "the claims file's") + " and cannot be replaced; import it under another name");
        }
        List<String> unknown = definition.grants().keySet().stream().filter(claim -> !claims.containsKey(key(claim))).toList();
        return unknown.isEmpty() ? Optional.empty()
                : Optional.of("no resource claim of the claims hierarchy is named " + String.join(", ", unknown));
    }

    /** What {@code claimSet} is given, claim by claim in hierarchy order: the Ed-Fi export of a claim set. */
    Optional<ClaimSetDefinition> export(String claimSet) {
        if (!claimSets.containsKey(claimSet) || claimSets.get(claimSet).source() == Source.PROJECT) {
            return Optional.empty();
        }
        Map<String, Map<Action, List<AuthorizationStrategy>>> given = grantsByClaimSet.getOrDefault(claimSet, Map.of());
        Map<String, Map<Action, List<AuthorizationStrategy>>> byClaim = new LinkedHashMap<>();
        claims.forEach((key, claim) -> {
            if (given.containsKey(key)) {
                byClaim.put(claim.name(), given.get(key));
            }
        });
        return Optional.of(new ClaimSetDefinition(claimSet, byClaim));
    }

    /** The claim of this name in the hierarchy, for an export's parent names and defaults. */
    Optional<ResourceClaim> claim(String name) {
        return Optional.ofNullable(claims.get(key(name)));
    }

    // ---- a schema against the claims ---------------------------------------------------------

    /**
     * How a schema and the claims meet: the resources no claim covers (refused to every claim set
     * but {@code full-access}), and the leaf claims that name no resource of the schema.
     */
    public record Coverage(List<String> resourcesWithoutClaim, List<String> claimsWithoutResource) {}

    public Coverage coverage(ApiSchema schema) {
        List<String> uncovered = new ArrayList<>();
        Set<String> used = new HashSet<>();
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
