package org.edfi.dms.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * Reads an instance's documents from the table the store-sink writes ({@code document}, in the schema on the connection's search path).
 * Filters are JSONB containment documents ({@code edfi_doc @> '{"schoolReference": {"schoolId": 1}}'}),
 * which the table's {@code jsonb_path_ops} GIN index serves; pages follow creation order.
 */
public final class DocumentReader {

    /** A stored document: its id, the Ed-Fi JSON as stored, and its version stamps. */
    public record Row(UUID id, String document, String etag, Instant lastModified) {}

    /** One page of a query, with the total when it was asked for. */
    public record Page(List<Row> rows, Long totalCount) {}

    private final Jdbi jdbi;

    public DocumentReader(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The instance's database, for the change queries of the same instance ({@link TrackedChangeReader}). */
    Jdbi jdbi() {
        return jdbi;
    }

    /**
     * A page of a resource's documents matching every filter, where each filter matches when any of
     * its alternatives (containment documents) does.
     */
    public Page query(String project, String resource, List<List<String>> filters, int limit, int offset, boolean totalCount) {
        return query(project, resource, filters, null, ChangeVersionWindow.ALL, limit, offset, totalCount);
    }

    /**
     * A page as {@link #query(String, String, List, int, int, boolean)}, of the documents that also
     * meet {@code restriction} (over the table alias {@code r}; none: every document), so that
     * paging and the total count only ever see what the client reaches, and whose change version is
     * in {@code window}.
     */
    Page query(String project, String resource, List<List<String>> filters, RelationshipFilter.Predicate restriction,
            ChangeVersionWindow window, int limit, int offset, boolean totalCount) {
        StringBuilder where = new StringBuilder("project = :project AND resource = :resource").append(window.sql());
        if (restriction != null) {
            where.append(" AND ").append(restriction.sql());
        }
        for (int f = 0; f < filters.size(); f++) {
            where.append(" AND (");
            for (int a = 0; a < filters.get(f).size(); a++) {
                where.append(a > 0 ? " OR " : "").append("edfi_doc @> CAST(:f").append(f).append('_').append(a).append(" AS jsonb)");
            }
            where.append(')');
        }
        // Without filters, the page's ids come from the covering index alone and only the page's rows
        // are read from the table: an offset of 100,000 skips index entries, not documents.
        String sql = filters.isEmpty() && restriction == null && window.isAll()
                ? "SELECT d.document_id, d.edfi_doc::text, d.etag, d.last_modified FROM document d JOIN"
                        + " (SELECT document_id, document_seq FROM document r WHERE " + where
                        + " ORDER BY document_seq LIMIT :limit OFFSET :offset) page USING (document_id) ORDER BY page.document_seq"
                : "SELECT document_id, edfi_doc::text, etag, last_modified FROM document r WHERE "
                        + where + " ORDER BY document_seq LIMIT :limit OFFSET :offset";
        return jdbi.withHandle(handle -> {
            Query page = bind(handle.createQuery(sql), project, resource, filters, restriction).bind("limit", limit).bind("offset", offset)
                    .bindMap(window.parameters());
            List<Row> rows = page.map((rs, ctx) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                    rs.getObject(4, java.time.OffsetDateTime.class).toInstant())).list();
            Long total = totalCount
                    ? bind(handle.createQuery("SELECT count(*) FROM document r WHERE " + where), project, resource, filters, restriction)
                            .bindMap(window.parameters()).mapTo(Long.class).one()
                    : null;
            return new Page(rows, total);
        });
    }

    /** A document found by id, and the first of the conditions asked with it that it does not meet (empty: it meets every one). */
    record Found(Row row, OptionalInt firstUnmet) {}

    /**
     * The document {@code id} of the resource, with the first of {@code conditions} (over the table
     * alias {@code r}) it does not meet, all in one query.
     */
    Optional<Found> find(String project, String resource, UUID id, List<RelationshipFilter.Predicate> conditions) {
        StringBuilder select = new StringBuilder("SELECT document_id, edfi_doc::text, etag, last_modified");
        for (RelationshipFilter.Predicate condition : conditions) {
            // IS TRUE: a condition over a null column is unmet, not unknown.
            select.append(", (").append(condition.sql()).append(") IS TRUE");
        }
        select.append(" FROM document r WHERE r.document_id = :id AND r.project = :project AND r.resource = :resource");
        return jdbi.withHandle(handle -> {
            Query query = bind(handle.createQuery(select.toString()), project, resource, List.of(), null).bind("id", id);
            conditions.forEach(condition -> condition.parameters().forEach(query::bind));
            return query.map((rs, ctx) -> {
                Row row = new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getObject(4, java.time.OffsetDateTime.class).toInstant());
                OptionalInt unmet = OptionalInt.empty();
                for (int i = 0; i < conditions.size() && unmet.isEmpty(); i++) {
                    if (!rs.getBoolean(5 + i)) {
                        unmet = OptionalInt.of(i);
                    }
                }
                return new Found(row, unmet);
            }).findOne();
        });
    }

    private static Query bind(Query query, String project, String resource, List<List<String>> filters, RelationshipFilter.Predicate restriction) {
        if (restriction != null) {
            restriction.parameters().forEach(query::bind);
        }
        query.bind("project", project).bind("resource", resource);
        for (int f = 0; f < filters.size(); f++) {
            for (int a = 0; a < filters.get(f).size(); a++) {
                query.bind("f" + f + "_" + a, filters.get(f).get(a));
            }
        }
        return query;
    }
}
