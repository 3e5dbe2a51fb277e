package org.edfi.dms.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.IntStream;
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

    public Optional<Row> find(String project, String resource, UUID id) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT document_id, edfi_doc::text, etag, last_modified FROM document
                        WHERE document_id = :id AND project = :project AND resource = :resource""")
                .bind("id", id).bind("project", project).bind("resource", resource)
                .map((rs, ctx) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getObject(4, java.time.OffsetDateTime.class).toInstant()))
                .findOne());
    }

    /**
     * A page of a resource's documents matching every filter, where each filter matches when any of
     * its alternatives (containment documents) does.
     */
    public Page query(String project, String resource, List<List<String>> filters, int limit, int offset, boolean totalCount) {
        return query(project, resource, filters, null, limit, offset, totalCount);
    }

    /**
     * A page as {@link #query(String, String, List, int, int, boolean)}, of the documents that also
     * meet {@code restriction} (over the table alias {@code r}; none: every document), so that
     * paging and the total count only ever see what the client reaches.
     */
    Page query(String project, String resource, List<List<String>> filters, RelationshipFilter.Predicate restriction,
            int limit, int offset, boolean totalCount) {
        StringBuilder where = new StringBuilder("project = :project AND resource = :resource");
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
        String sql = filters.isEmpty() && restriction == null
                ? "SELECT d.document_id, d.edfi_doc::text, d.etag, d.last_modified FROM document d JOIN"
                        + " (SELECT document_id, document_seq FROM document r WHERE " + where
                        + " ORDER BY document_seq LIMIT :limit OFFSET :offset) page USING (document_id) ORDER BY page.document_seq"
                : "SELECT document_id, edfi_doc::text, etag, last_modified FROM document r WHERE "
                        + where + " ORDER BY document_seq LIMIT :limit OFFSET :offset";
        return jdbi.withHandle(handle -> {
            Query page = bind(handle.createQuery(sql), project, resource, filters, restriction).bind("limit", limit).bind("offset", offset);
            List<Row> rows = page.map((rs, ctx) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                    rs.getObject(4, java.time.OffsetDateTime.class).toInstant())).list();
            Long total = totalCount
                    ? bind(handle.createQuery("SELECT count(*) FROM document r WHERE " + where), project, resource, filters, restriction).mapTo(Long.class).one()
                    : null;
            return new Page(rows, total);
        });
    }

    /**
     * The first of {@code conditions} (over the table alias {@code r}) that the document {@code id}
     * of the resource does not meet, all of them asked in one query; empty when it meets every one
     * (or there are none). A document gone since it was found meets none.
     */
    OptionalInt firstUnmet(String project, String resource, UUID id, List<RelationshipFilter.Predicate> conditions) {
        if (conditions.isEmpty()) {
            return OptionalInt.empty();
        }
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < conditions.size(); i++) {
            // IS TRUE: a condition over a null column is unmet, not unknown.
            select.append(i > 0 ? ", " : "").append('(').append(conditions.get(i).sql()).append(") IS TRUE");
        }
        select.append(" FROM document r WHERE r.document_id = :id AND r.project = :project AND r.resource = :resource");
        List<Boolean> met = jdbi.withHandle(handle -> {
            Query query = bind(handle.createQuery(select.toString()), project, resource, List.of(), null).bind("id", id);
            conditions.forEach(condition -> condition.parameters().forEach(query::bind));
            return query.map((rs, ctx) -> {
                List<Boolean> each = new ArrayList<>(conditions.size());
                for (int i = 1; i <= conditions.size(); i++) {
                    each.add(rs.getBoolean(i));
                }
                return each;
            }).findOne().orElse(Collections.nCopies(conditions.size(), false));
        });
        return IntStream.range(0, met.size()).filter(i -> !met.get(i)).findFirst();
    }

    /** The instance's database, for the queries of {@link RelationshipFilter}. */
    Jdbi jdbi() {
        return jdbi;
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
