package org.edfi.dms.query;

import java.util.ArrayList;
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
import org.edfi.dms.schema.RelationshipSecurity;
import org.edfi.dms.schema.ResourceSchema;
import org.jdbi.v3.core.Jdbi;

/**
 * The read strategies of a caller's claim set, as one SQL predicate over the instance's
 * {@code document} table (alias {@code r}), so that GET by id, every page and {@code Total-Count}
 * hold only what the caller reaches. Strategies combine as the processor combines them for writes:
 * NamespaceBased must hold, and of the relationship-based ones, one.
 */
final class ReadAuthorization {

    /**
     * What a read is limited to: a predicate (none: everything) and the 403 of a document outside
     * it, or a problem when a strategy cannot be applied.
     */
    record Restriction(Optional<RelationshipFilter.Predicate> predicate, Problem denied, Problem unsupported) {

        static final Restriction NONE = new Restriction(Optional.empty(), null, null);

        static Restriction unsupported(Problem problem) {
            return new Restriction(Optional.empty(), null, problem);
        }
    }

    private final RelationshipFilter relationships;

    ReadAuthorization(ApiSchema schema) {
        this.relationships = new RelationshipFilter(schema);
    }

    /** What {@code caller} (null: the pipeline called directly, not limited) reaches of {@code resource}. */
    Restriction restriction(ResourceSchema resource, Caller caller, Jdbi jdbi) {
        if (caller == null) {
            return Restriction.NONE;
        }
        List<AuthorizationStrategy> strategies = caller.grants().strategies(Action.READ).orElse(List.of());
        List<String> all = new ArrayList<>();
        List<String> anyRelationship = new ArrayList<>();
        Map<String, Object> parameters = new LinkedHashMap<>();
        String reach = null;
        for (AuthorizationStrategy strategy : strategies) {
            switch (strategy) {
                case NO_FURTHER_AUTHORIZATION_REQUIRED -> { }
                case NAMESPACE_BASED -> namespaces(resource, caller.namespacePrefixes(), parameters).ifPresent(all::add);
                default -> {
                    if (strategy.reach().isEmpty()) {
                        return Restriction.unsupported(Problem.notImplemented("The authorization strategy '" + strategy.edFiName()
                                + "' is not supported yet for reads of " + resource.name().resourceName() + "."));
                    }
                    if (relationships.family(resource) == RelationshipSecurity.Family.NONE) {
                        anyRelationship.add("true");
                        continue;
                    }
                    if (reach == null) {
                        reach = relationships.reach(jdbi, caller.educationOrganizationIds());
                    }
                    RelationshipFilter.Predicate predicate = relationships.predicate(resource, reach, strategy.reach().get(),
                            "s" + anyRelationship.size() + "_");
                    parameters.putAll(predicate.parameters());
                    anyRelationship.add(predicate.sql());
                }
            }
        }
        if (!anyRelationship.isEmpty()) {
            all.add("(" + String.join(" OR ", anyRelationship) + ")");
        }
        // A document outside the predicate: the relationships did not reach it, or (with none of those) its namespace is not the vendor's.
        Problem denied = !anyRelationship.isEmpty() ? Problem.relationshipDenied(caller.educationOrganizationIds(), List.of(), null)
                : Problem.of(org.edfi.dms.schema.Refusal.namespaceDenied("The 'Namespace' value of the data does not start with any of the"
                        + " caller's associated namespace prefixes ('" + String.join("', '", caller.namespacePrefixes()) + "')."));
        return all.isEmpty() ? Restriction.NONE
                : new Restriction(Optional.of(new RelationshipFilter.Predicate("(" + String.join(" AND ", all) + ")", parameters)), denied, null);
    }

    /**
     * Every namespace the document holds starts with one of the vendor's prefixes (none: only
     * documents without a namespace); empty when the resource is not namespaced.
     */
    private static Optional<String> namespaces(ResourceSchema resource, List<String> prefixes, Map<String, Object> parameters) {
        List<JsonPath> paths = NamespaceSecurity.namespacePaths(resource);
        if (paths.isEmpty()) {
            return Optional.empty();
        }
        parameters.put("namespacePrefixes", MessageCodec.encode(prefixes));
        List<String> conditions = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            String name = "namespacePath" + i;
            parameters.put(name, RelationshipFilter.jsonPath(paths.get(i)));
            conditions.add("NOT EXISTS (SELECT 1 FROM jsonb_path_query(r.edfi_doc, CAST(:" + name + " AS jsonpath)) v(x)"
                    + " WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(CAST(:namespacePrefixes AS jsonb)) p(prefix)"
                    + " WHERE starts_with(v.x #>> '{}', p.prefix)))");
        }
        return Optional.of("(" + String.join(" AND ", conditions) + ")");
    }
}
