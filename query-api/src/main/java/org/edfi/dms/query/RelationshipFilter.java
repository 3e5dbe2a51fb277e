package org.edfi.dms.query;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.RelationshipSecurity;
import org.edfi.dms.schema.ResourceSchema;

/**
 * Relationship-based authorization of reads, as SQL over the rows the store-sink keeps beside each
 * document (store migration V5; docs/security.md, "Where it is enforced"): a client given
 * education organizations reaches
 * <ul>
 *   <li>the education organizations A*: its own and, transitively, those under them (the schools of
 *       its LEA), found in {@code education_organization_parent}: {@link #reach};
 *   <li>a document that carries education organization ids when one of them is in A*
 *       ({@code document.education_organization_ids}, GIN-indexed);
 *   <li>a document that carries people when one of them has an enrollment
 *       (StudentSchoolAssociation, ...) with an education organization in A* ({@code document.people}
 *       joined to {@code enrollment} by its person index, one probe per candidate row), or is linked
 *       to a person who has ({@code person_link}: a contact through its students);
 *   <li>any other document.
 * </ul>
 * Everything the request gives is a bound parameter.
 */
final class RelationshipFilter {

    /** A predicate over the table alias {@code r} and its bound parameters. */
    record Predicate(String sql, Map<String, Object> parameters) {}

    private final RelationshipSecurity security;

    RelationshipFilter(ApiSchema schema) {
        this.security = RelationshipSecurity.of(schema);
    }

    RelationshipSecurity.Family family(ResourceSchema resource) {
        return security.family(resource);
    }

    /**
     * The education organizations a client given {@code ids} reaches under {@code through}, A*, as
     * a {@code bigint[]} expression: the store's {@code reached_education_organizations} (store
     * version 5) down the hierarchy from the given ones, or up it for the inverted strategy, as a
     * subquery, so that PostgreSQL computes it once per statement (an InitPlan) and a read costs no
     * extra round trip.
     */
    Predicate reach(List<Long> ids, RelationshipSecurity.Reach through) {
        String name = through.inverted() ? "reachUpFrom" : "reachDownFrom";
        String given = ids.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
        return new Predicate("CAST((SELECT reached_education_organizations(CAST(:" + name + " AS bigint[]), " + through.inverted() + ")) AS bigint[])",
                Map.of(name, given));
    }

    /**
     * The predicate a document of {@code resource} (table alias {@code r}) must meet for a client
     * reaching the education organizations {@code reach} (the subquery {@link #reach} gives); {@code true} when the
     * resource is not limited by relationships.
     *
     * @param through which relationships reach a document (the strategy's), as the processor decides writes
     * @param includingDeletes whether the enrollments of deleted enrollment documents count too (the ...IncludingDeletes strategies)
     * @param prefix of the predicate's parameter names, so that several predicates combine in one query
     */
    Predicate predicate(ResourceSchema resource, Predicate reach, RelationshipSecurity.Reach through, boolean includingDeletes, String prefix) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (security.family(resource) == RelationshipSecurity.Family.NONE) {
            return new Predicate("true", parameters);
        }
        String reached = reach.sql();
        parameters.putAll(reach.parameters());
        // Its people decide when no education organization does: reached through them, or, carrying none, as the strategy says.
        String byPeople = "false";
        if (through.throughPeople()) {
            if (security.carriesPeople(through, resource)) {
                parameters.put(prefix + "enrollments", arrayLiteral(security.enrollmentsThrough(through)));
                parameters.put(prefix + "kinds", arrayLiteral(security.personKinds(through)));
                String enrolledIn = " AND e.education_organization_id = ANY(" + reached + ")"
                        + " AND e.enrollment = ANY(CAST(:" + prefix + "enrollments AS text[]))";
                // Its people's own enrollments, or (a contact) those of the people a link ties it to (its students).
                String ownEnrollment = " e WHERE e.person = ANY(r.people)" + enrolledIn + " AND e.person_kind = ANY(CAST(:" + prefix + "kinds AS text[])))";
                byPeople = "EXISTS (SELECT 1 FROM enrollment" + ownEnrollment;
                if (includingDeletes) {
                    byPeople = "(" + byPeople + " OR EXISTS (SELECT 1 FROM deleted_enrollment" + ownEnrollment + ")";
                }
                List<String> linkedKinds = security.linkedKinds(through, resource);
                if (!linkedKinds.isEmpty()) {
                    parameters.put(prefix + "linkedKinds", arrayLiteral(linkedKinds));
                    byPeople = "(" + byPeople + " OR EXISTS (SELECT 1 FROM person_link l JOIN enrollment e ON e.person = l.linked WHERE l.person = ANY(r.people)"
                            + " AND l.person_kind = ANY(CAST(:" + prefix + "linkedKinds AS text[]))" + enrolledIn + "))";
                }
            } else {
                byPeople = Boolean.toString(through.reachesDocumentsWithoutPeople());
            }
        }
        if (security.family(resource) == RelationshipSecurity.Family.PERSON || !through.throughEducationOrganizations()) {
            return new Predicate(byPeople, parameters);
        }
        String byOrganizations = "r.education_organization_ids && " + reached;
        if (security.alwaysCarriesEducationOrganization(resource)) {
            // Every document carries one (in its natural key): the organizations alone decide, and the GIN index serves the query.
            return new Predicate(byOrganizations, parameters);
        }
        return new Predicate("(" + byOrganizations + " OR (cardinality(r.education_organization_ids) = 0 AND " + byPeople + "))", parameters);
    }

    /** A PostgreSQL array literal of names (resource names: letters only, so no quoting is needed), bound, never written into the SQL. */
    private static String arrayLiteral(List<String> names) {
        return "{" + String.join(",", names) + "}";
    }
}
