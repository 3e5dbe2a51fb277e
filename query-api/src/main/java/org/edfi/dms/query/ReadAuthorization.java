package org.edfi.dms.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edfi.dms.contracts.Action;
import org.edfi.dms.contracts.AuthorizationStrategy;
import org.edfi.dms.contracts.Caller;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.JsonPath;
import org.edfi.dms.schema.NamespaceSecurity;
import org.edfi.dms.schema.Refusal;
import org.edfi.dms.schema.RelationshipSecurity;
import org.edfi.dms.schema.ResourceSchema;

/**
 * The read strategies of a caller's claim set, as SQL requirements over the instance's
 * {@code document} table (alias {@code r}) that a document must all meet, so that GET by id, every
 * page and {@code Total-Count} hold only what the caller reaches. Strategies combine as the
 * processor combines them for writes: NamespaceBased and OwnershipBased must hold, and of the
 * relationship-based ones, one.
 */
final class ReadAuthorization {

    /** One condition a readable document meets, and the 403 a GET by id of one that does not is answered with. */
    record Requirement(RelationshipFilter.Predicate condition, Problem denial) {}

    /**
     * What a read is limited to: requirements, all of which a document meets (none: everything), or
     * the problem that refuses the read whatever the document (a strategy not supported, a client
     * not configured for one).
     */
    record Restriction(List<Requirement> requirements, Problem refusal) {

        static final Restriction NONE = new Restriction(List.of(), null);

        static Restriction refused(Problem problem) {
            return new Restriction(List.of(), problem);
        }

        /** Every requirement as one predicate, for the {@code WHERE} of a query; empty when nothing limits. */
        Optional<RelationshipFilter.Predicate> predicate() {
            if (requirements.isEmpty()) {
                return Optional.empty();
            }
            Map<String, Object> parameters = new LinkedHashMap<>();
            requirements.forEach(r -> parameters.putAll(r.condition().parameters()));
            return Optional.of(new RelationshipFilter.Predicate("(" + String.join(" AND ",
                    requirements.stream().map(r -> r.condition().sql()).toList()) + ")", parameters));
        }
    }

    private final RelationshipFilter relationships;

    ReadAuthorization(ApiSchema schema) {
        this.relationships = new RelationshipFilter(schema);
    }

    /** What {@code caller} (null: the pipeline called directly, not limited) reads of {@code resource}. */
    Restriction restriction(ResourceSchema resource, Caller caller) {
        return restriction(resource, caller, Action.READ);
    }

    /**
     * What {@code caller} reaches of {@code resource} under the strategies of {@code action}: Read
     * for documents, ReadChanges for the tracked deletes and key changes of change queries, whose
     * rows carry the same columns the requirements look at (the document, its creator's token, its
     * education organizations and people).
     */
    Restriction restriction(ResourceSchema resource, Caller caller, Action action) {
        if (caller == null) {
            return Restriction.NONE;
        }
        List<AuthorizationStrategy> strategies = caller.grants().strategies(action).orElse(List.of());
        List<Requirement> all = new ArrayList<>();
        List<String> anyRelationship = new ArrayList<>();
        Map<String, Object> relationshipParameters = new LinkedHashMap<>();
        // A*, down the hierarchy, or up it for the inverted strategy.
        Map<Boolean, RelationshipFilter.Predicate> reaches = new HashMap<>();
        for (AuthorizationStrategy strategy : strategies) {
            switch (strategy) {
                case NO_FURTHER_AUTHORIZATION_REQUIRED -> { }
                case NAMESPACE_BASED -> namespaces(resource, caller.namespacePrefixes()).ifPresent(all::add);
                case OWNERSHIP_BASED -> {
                    if (caller.ownershipToken() == null) {
                        return Restriction.refused(Problem.noOwnershipToken());
                    }
                    all.addAll(OwnershipFilter.requirements(caller.ownershipToken()));
                }
                default -> {
                    if (relationships.family(resource) == RelationshipSecurity.Family.NONE) {
                        anyRelationship.add("true");
                        continue;
                    }
                    RelationshipSecurity.Reach through = strategy.reach().orElseThrow();
                    RelationshipFilter.Predicate reach = reaches.computeIfAbsent(through.inverted(),
                            inverted -> relationships.reach(caller.educationOrganizationIds(), through));
                    RelationshipFilter.Predicate predicate = relationships.predicate(resource, reach, through, strategy.includingDeletes(),
                            "s" + anyRelationship.size() + "_");
                    relationshipParameters.putAll(predicate.parameters());
                    anyRelationship.add(predicate.sql());
                }
            }
        }
        if (!anyRelationship.isEmpty()) {
            all.add(new Requirement(new RelationshipFilter.Predicate("(" + String.join(" OR ", anyRelationship) + ")", relationshipParameters),
                    Problem.relationshipDenied(caller.educationOrganizationIds(), List.of(), null)));
        }
        return all.isEmpty() ? Restriction.NONE : new Restriction(all, null);
    }

    /**
     * Every namespace the document holds starts with one of the vendor's prefixes (none: only
     * documents without a namespace); empty when the resource is not namespaced.
     */
    private static Optional<Requirement> namespaces(ResourceSchema resource, List<String> prefixes) {
        List<JsonPath> paths = NamespaceSecurity.namespacePaths(resource);
        if (paths.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("namespacePrefixes", MessageCodec.encodeToString(prefixes));
        List<String> conditions = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            String name = "namespacePath" + i;
            parameters.put(name, jsonPath(paths.get(i)));
            conditions.add("NOT EXISTS (SELECT 1 FROM jsonb_path_query(r.edfi_doc, CAST(:" + name + " AS jsonpath)) v(x)"
                    + " WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(CAST(:namespacePrefixes AS jsonb)) p(prefix)"
                    + " WHERE starts_with(v.x #>> '{}', p.prefix)))");
        }
        Problem outside = Problem.of(Refusal.namespaceDenied("The 'Namespace' value of the data does not start with any of the"
                + " caller's associated namespace prefixes ('" + String.join("', '", prefixes) + "')."));
        // A tracked delete recorded before the store kept documents shows no namespace: it is not reached (a live document always has one).
        conditions.add("r.edfi_doc IS NOT NULL");
        return Optional.of(new Requirement(new RelationshipFilter.Predicate("(" + String.join(" AND ", conditions) + ")", parameters), outside));
    }

    /** The path as a PostgreSQL jsonpath with quoted keys: {@code $."a"[*]."b"} (bound, never written into the SQL). */
    private static String jsonPath(JsonPath path) {
        String text = path.toString();
        StringBuilder out = new StringBuilder("$");
        int i = 1;
        while (i < text.length()) {
            if (text.startsWith("[*]", i)) {
                out.append("[*]");
                i += 3;
            } else if (text.charAt(i) == '.') {
                int end = i + 1;
                while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
                    end++;
                }
                out.append(".\"").append(text.substring(i + 1, end).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
                i = end;
            } else {
                throw new IllegalArgumentException("Unsupported JSON path: " + text);
            }
        }
        return out.toString();
    }

}
