package org.edfi.dms.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.JsonPath;
import org.edfi.dms.schema.QualifiedResourceName;
import org.edfi.dms.schema.ReferenceDefinition;
import org.edfi.dms.schema.RelationshipSecurity;
import org.edfi.dms.schema.ResourceSchema;
import org.jdbi.v3.core.Jdbi;

/**
 * Relationship-based authorization of reads, as SQL over the instance's {@code document} table
 * (see docs/security.md, "Where it is enforced"): a client given education organizations reaches
 * <ul>
 *   <li>the education organizations A*: its own, and, transitively, those whose references to
 *       education organizations hold an id in A* (the schools of its LEA): {@link #reach};
 *   <li>a document of the EDUCATION_ORGANIZATION family when any education organization id it
 *       carries is in A*;
 *   <li>a document of the PERSON family when any person it carries has an enrollment
 *       (StudentSchoolAssociation, ...) whose education organization is in A*;
 *   <li>any other document.
 * </ul>
 * Ids are compared as {@code jsonb} values (so {@code 255901} and {@code 255901.0} are the same
 * number, a string is never a number, and no cast can fail). Everything the request gives is a
 * bound parameter; the JSON paths come from the ApiSchema and are written into the SQL only as
 * {@code #>} path literals of {@code [A-Za-z0-9_]+} segments, else (array wildcards, unusual
 * names) bound as a {@code jsonpath}.
 */
final class RelationshipFilter {

    private static final Pattern PLAIN_SEGMENT = Pattern.compile("[A-Za-z0-9_]+");

    /** A predicate over the table alias {@code r} and its bound parameters. */
    record Predicate(String sql, Map<String, Object> parameters) {}

    /** An education organization resource: its own id, and the ids of its parents. */
    private record EducationOrganization(String project, String resource, JsonPath ownId, List<JsonPath> parentIds) {}

    private final ApiSchema schema;
    private final RelationshipSecurity security;
    private final List<EducationOrganization> educationOrganizations = new ArrayList<>();
    private final List<ResourceSchema> enrollments = new ArrayList<>();

    RelationshipFilter(ApiSchema schema) {
        this.schema = schema;
        this.security = RelationshipSecurity.of(schema);
        for (ResourceSchema resource : schema.resources()) {
            security.ownIdPath(resource).ifPresent(own -> {
                // An organization's id paths are its own id, then its parents' (educationOrganizationIdPaths).
                List<JsonPath> parents = security.educationOrganizationIdPaths(resource).stream().filter(path -> !path.equals(own)).toList();
                if (!parents.isEmpty()) {
                    educationOrganizations.add(new EducationOrganization(resource.projectEndpoint(), resource.endpointName(), own, parents));
                }
            });
            if (security.isEnrollment(resource.name())) {
                enrollments.add(resource);
            }
        }
    }

    RelationshipSecurity.Family family(ResourceSchema resource) {
        return security.family(resource);
    }

    /**
     * The education organizations a client given {@code ids} reaches, A*, as a JSON array text
     * ({@code [255901, 255901001]}): one recursive query over the education organizations that
     * reference others (UNION stops when nothing new is found, cycles included).
     */
    String reach(Jdbi jdbi, List<Long> ids) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        StringBuilder edges = new StringBuilder();
        int n = 0;
        for (EducationOrganization organization : educationOrganizations) {
            for (JsonPath parent : organization.parentIds()) {
                String alias = "o" + n;
                parameters.put("op" + n, organization.project());
                parameters.put("or" + n, organization.resource());
                edges.append(edges.isEmpty() ? "" : " UNION ALL ")
                        .append("SELECT ").append(scalar(alias, organization.ownId(), parameters, "ow" + n)).append(" AS child, v.x AS parent")
                        .append(" FROM document ").append(alias).append(" CROSS JOIN LATERAL ").append(values(alias, parent, parameters, "oj" + n))
                        .append(" WHERE ").append(alias).append(".project = :op").append(n).append(" AND ").append(alias).append(".resource = :or").append(n);
                n++;
            }
        }
        parameters.put("ids", ids.toString());
        String sql = edges.isEmpty()
                ? "SELECT COALESCE(jsonb_agg(DISTINCT id), '[]'::jsonb)::text FROM jsonb_array_elements(CAST(:ids AS jsonb)) seed(id)"
                : "WITH RECURSIVE edge(child, parent) AS MATERIALIZED (" + edges + "),"
                        + " reach(id) AS (SELECT jsonb_array_elements(CAST(:ids AS jsonb))"
                        + " UNION SELECT edge.child FROM edge JOIN reach ON edge.parent = reach.id WHERE edge.child IS NOT NULL)"
                        + " SELECT COALESCE(jsonb_agg(id), '[]'::jsonb)::text FROM reach";
        return jdbi.withHandle(handle -> {
            var query = handle.createQuery(sql);
            parameters.forEach(query::bind);
            return query.mapTo(String.class).one();
        });
    }

    /**
     * The predicate a document of {@code resource} (table alias {@code r}) must meet for a client
     * reaching the education organizations {@code reach} ({@link #reach}); {@code true} when the
     * resource is not limited by relationships.
     *
     * @param through which relationships reach a document (the strategy's), as the processor decides writes
     * @param prefix of the predicate's parameter names, so that several predicates combine in one query
     */
    Predicate predicate(ResourceSchema resource, String reach, RelationshipSecurity.Reach through, String prefix) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("reach", reach);
        Counter counter = new Counter(prefix);
        if (security.family(resource) == RelationshipSecurity.Family.NONE) {
            return new Predicate("true", parameters);
        }
        // Its people decide when no education organization does: reached through them, or, carrying none, as the strategy says.
        String byPeople = through.throughPeople()
                ? people(resource, through, parameters, counter).orElse(Boolean.toString(through.reachesDocumentsWithoutPeople()))
                : "false";
        if (security.family(resource) == RelationshipSecurity.Family.PERSON || !through.throughEducationOrganizations()) {
            return new Predicate(byPeople, parameters);
        }
        // Reached through its education organization ids; when its (optional) references are absent, through its people.
        List<JsonPath> paths = security.educationOrganizationIdPaths(resource);
        String carriesNone = "(" + String.join(" AND ", paths.stream().map(path -> absent("r", path, parameters, counter)).toList()) + ")";
        return new Predicate("(" + reachesEducationOrganization("r", paths, parameters, counter) + " OR (" + carriesNone
                + " AND " + byPeople + "))", parameters);
    }

    /** The document (alias {@code r}) is a reached person, or references one, of those {@code through} counts; empty when it carries none. */
    private Optional<String> people(ResourceSchema resource, RelationshipSecurity.Reach through, Map<String, Object> parameters, Counter counter) {
        List<String> alternatives = new ArrayList<>();
        if (security.counts(through, resource.name())) {
            // a person's own unique id (the first of personIdPaths; the rest are its references)
            JsonPath own = security.personIdPaths(resource).getFirst();
            alternatives.add(in("r", own, reachablePeople(resource.name(), through, parameters, counter), parameters, counter));
        }
        for (ReferenceDefinition reference : security.personReferences(resource)) {
            if (!security.counts(through, reference.target())) {
                continue;
            }
            for (ReferenceDefinition.Field field : reference.fields()) {
                alternatives.add(in("r", field.referencePath(), reachablePeople(reference.target(), through, parameters, counter), parameters,
                        counter));
            }
        }
        return alternatives.isEmpty() ? Optional.empty() : Optional.of("(" + String.join(" OR ", alternatives) + ")");
    }

    /** No value at {@code path} of the document {@code alias}. */
    private static String absent(String alias, JsonPath path, Map<String, Object> parameters, Counter counter) {
        Optional<String> literal = pathLiteral(path);
        if (literal.isPresent()) {
            return "(" + alias + ".edfi_doc #> '" + literal.get() + "') IS NULL";
        }
        return "NOT EXISTS (SELECT 1 FROM " + values(alias, path, parameters, counter.name("a")) + ")";
    }

    /** Any value at these paths of the document {@code alias} is in A* (the bound {@code :reach}). */
    private String reachesEducationOrganization(String alias, List<JsonPath> paths, Map<String, Object> parameters, Counter counter) {
        List<String> alternatives = new ArrayList<>();
        for (JsonPath path : paths) {
            alternatives.add(in(alias, path, "SELECT jsonb_array_elements(CAST(:reach AS jsonb))", parameters, counter));
        }
        return alternatives.isEmpty() ? "false" : "(" + String.join(" OR ", alternatives) + ")";
    }

    /**
     * A query of the ids of the people of resource {@code person} (students) that have an
     * enrollment ({@code through} says which count) reaching A*: the person ids of every such
     * enrollment document whose education organization ids meet A*. Empty (matches nothing) when
     * no enrollment carries such people.
     */
    private String reachablePeople(QualifiedResourceName person, RelationshipSecurity.Reach through, Map<String, Object> parameters,
            Counter counter) {
        List<String> selects = new ArrayList<>();
        for (ResourceSchema enrollment : enrollments) {
            if (!security.reachesThrough(through, enrollment.name())) {
                continue;
            }
            for (ReferenceDefinition reference : security.personReferences(enrollment)) {
                if (!reference.target().equals(person)) {
                    continue;
                }
                for (ReferenceDefinition.Field field : reference.fields()) {
                    String n = counter.name("");
                    String alias = "e" + n;
                    parameters.put("ep" + n, enrollment.projectEndpoint());
                    parameters.put("er" + n, enrollment.endpointName());
                    selects.add("SELECT v.x FROM document " + alias + " CROSS JOIN LATERAL " + values(alias, field.referencePath(), parameters, "ej" + n)
                            + " WHERE " + alias + ".project = :ep" + n + " AND " + alias + ".resource = :er" + n
                            + " AND " + reachesEducationOrganization(alias, security.educationOrganizationIdPaths(enrollment), parameters, counter));
                }
            }
        }
        return selects.isEmpty() ? "SELECT NULL::jsonb WHERE false" : String.join(" UNION ALL ", selects);
    }

    /** Any value at {@code path} of the document {@code alias} is among the rows of {@code set} (one jsonb column). */
    private static String in(String alias, JsonPath path, String set, Map<String, Object> parameters, Counter counter) {
        Optional<String> literal = pathLiteral(path);
        if (literal.isPresent()) {
            return "(" + alias + ".edfi_doc #> '" + literal.get() + "') IN (" + set + ")";
        }
        String name = counter.name("j");
        return "EXISTS (SELECT 1 FROM " + values(alias, path, parameters, name) + " WHERE v.x IN (" + set + "))";
    }

    /** The one value at a path without wildcards (null when absent); with wildcards, the first, bound as a jsonpath. */
    private static String scalar(String alias, JsonPath path, Map<String, Object> parameters, String name) {
        Optional<String> literal = pathLiteral(path);
        if (literal.isPresent()) {
            return alias + ".edfi_doc #> '" + literal.get() + "'";
        }
        parameters.put(name, jsonPath(path));
        return "jsonb_path_query_first(" + alias + ".edfi_doc, CAST(:" + name + " AS jsonpath))";
    }

    /** A FROM item {@code v(x)}: every value at the path, one row each (none when absent). */
    private static String values(String alias, JsonPath path, Map<String, Object> parameters, String name) {
        Optional<String> literal = pathLiteral(path);
        if (literal.isPresent()) {
            return "(SELECT " + alias + ".edfi_doc #> '" + literal.get() + "' AS x) v";
        }
        parameters.put(name, jsonPath(path));
        return "jsonb_path_query(" + alias + ".edfi_doc, CAST(:" + name + " AS jsonpath)) v(x)";
    }

    /** {@code {a,b}} for {@code $.a.b} when every step is a plain name; empty for wildcards and other names. */
    static Optional<String> pathLiteral(JsonPath path) {
        String text = path.toString();
        if (!text.startsWith("$.")) {
            return Optional.empty();
        }
        String[] steps = text.substring(2).split("\\.", -1);
        for (String step : steps) {
            if (!PLAIN_SEGMENT.matcher(step).matches()) {
                return Optional.empty();
            }
        }
        return Optional.of("{" + String.join(",", steps) + "}");
    }

    /** The path as a PostgreSQL jsonpath with quoted keys: {@code $."a"[*]."b"} (bound, never written into the SQL). */
    static String jsonPath(JsonPath path) {
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

    /** Unique parameter names within one predicate, under the predicate's prefix. */
    private static final class Counter {
        private final String prefix;
        private int next;

        Counter(String prefix) {
            this.prefix = prefix;
        }

        String name(String base) {
            return base + prefix + next++;
        }
    }
}
