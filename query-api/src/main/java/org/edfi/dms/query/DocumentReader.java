package org.edfi.dms.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
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

    /**
     * One page of a query, with the total when it was asked for.
     *
     * @param next the position after which the next page starts ({@code document_seq} of this
     *     page's last document), present only when more documents of the slice follow
     */
    public record Page(List<Row> rows, Long totalCount, OptionalLong next) {}

    /**
     * Which documents of a query a page takes: those after position {@code after} up to
     * {@code until} (creation order, {@code document_seq}), skipping {@code offset}, at most
     * {@code limit}. Cursor pages start at their position and skip nothing, so their cost does not
     * grow with depth; offset pages start at the first document.
     */
    public record Slice(long after, long until, int limit, int offset) {

        public static Slice offset(int limit, int offset) {
            return new Slice(0, Long.MAX_VALUE, limit, offset);
        }

        static Slice cursor(PageToken from, int size) {
            return new Slice(from.after(), from.until(), size, 0);
        }
    }

    /** The columns a read of documents looks at, in {@code document} and {@code document_history} alike. */
    private static final String READ_COLUMNS = "document_id, document_seq, project, resource, edfi_doc, etag, last_modified, change_version,"
            + " created_by_ownership_token, education_organization_ids, people";

    /**
     * The instance as of the change version {@code :snapshot} (store version 8): each live document
     * whose last change is at most it, and each version kept in the history that was current at it
     * (from its change to the one that replaced it). A document is in one of the two at most: its
     * kept versions were all replaced by the time of its live row. Counts, partitions and GET by id
     * read this union; a page reads its halves apart ({@link #pageAsOf}).
     */
    private static final String LIVE_AS_OF = "SELECT " + READ_COLUMNS + " FROM document r WHERE r.change_version <= :snapshot";
    private static final String KEPT_AS_OF = "SELECT " + READ_COLUMNS + " FROM document_history r"
            + " WHERE r.change_version <= :snapshot AND r.superseded_change_version > :snapshot";
    private static final String AS_OF = "(" + LIVE_AS_OF + " UNION ALL " + KEPT_AS_OF + ")";

    /**
     * A page as of {@code :snapshot}: the union's halves cannot be merged in order by PostgreSQL from
     * their indexes (a UNION ALL arm with a WHERE is planned alone, as a sort of the whole range:
     * 350 ms where a live page took 15), so each half is cut in creation order on its own; and the
     * kept half only up to the position where the live half's cut ends, since nothing after it can be
     * in the page. A page then reads the live rows it shows and the kept rows of the same span.
     */
    private static String pageAsOf(String where) {
        String after = " AND document_seq > :after AND document_seq <= ";
        return "WITH live AS (" + LIVE_AS_OF + " AND " + where + after + ":until ORDER BY document_seq LIMIT :cut)"
                + " SELECT document_id, edfi_doc::text, etag, last_modified, document_seq FROM (SELECT * FROM live UNION ALL (" + KEPT_AS_OF
                + " AND " + where + after + "(SELECT CASE WHEN count(*) < :cut THEN :until ELSE max(document_seq) END FROM live)"
                + " ORDER BY document_seq LIMIT :cut)) r ORDER BY document_seq LIMIT :limit OFFSET :offset";
    }

    /** What a snapshot read checks: the oldest change version a snapshot can be read at (null: none kept), the retention, the newest readable. */
    record Horizon(Long oldest, long retentionSeconds, long newest) {}

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
        return query(project, resource, filters, null, ChangeVersionWindow.ALL, null, Slice.offset(limit, offset), totalCount);
    }

    /** The store's snapshot horizon and newest readable change version, in one statement. */
    Horizon horizon() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT h.oldest_change_version, coalesce(extract(epoch FROM h.retention), 0)::bigint,
                               (SELECT coalesce(max(change_version), 0) FROM applied_offset)
                        FROM snapshot_horizon h""")
                .map((rs, ctx) -> new Horizon(rs.getObject(1, Long.class), rs.getLong(2), rs.getLong(3))).one());
    }

    /** The table a read is of: the live documents, or the instance as of {@code snapshot}. */
    private static String source(Snapshot snapshot) {
        return snapshot == null ? "document" : AS_OF;
    }

    /**
     * A page as {@link #query(String, String, List, int, int, boolean)}, of the documents that also
     * meet {@code restriction} (over the table alias {@code r}; none: every document), so that
     * paging and the total count only ever see what the client reaches, and whose change version is
     * in {@code window}, as of {@code snapshot} (null: the live documents).
     */
    Page query(String project, String resource, List<List<String>> filters, RelationshipFilter.Predicate restriction,
            ChangeVersionWindow window, Snapshot snapshot, Slice slice, boolean totalCount) {
        String where = where(filters, restriction, window);
        String from = source(snapshot);
        String range = " AND document_seq > :after AND document_seq <= :until ORDER BY document_seq LIMIT :limit OFFSET :offset";
        // Without filters, a page that skips documents (an offset) takes its ids from the covering index
        // alone and reads only the page's rows from the table: an offset of 100,000 skips index entries,
        // not documents. A page that skips nothing (a cursor's, a first page) reads its rows in index order
        // directly: joining them back by id costs a random primary-key probe a row (6.0 against 2.5 ms
        // for 500). A window reads change_version, which the index does not cover, so it reads the
        // table anyway. A snapshot reads its two halves apart.
        String sql = snapshot != null ? pageAsOf(where)
                : filters.isEmpty() && restriction == null && window.isAll() && slice.offset() > 0
                ? "SELECT d.document_id, d.edfi_doc::text, d.etag, d.last_modified, page.document_seq FROM document d JOIN"
                        + " (SELECT document_id, document_seq FROM document r WHERE " + where + range + ") page USING (document_id) ORDER BY page.document_seq"
                : "SELECT document_id, edfi_doc::text, etag, last_modified, document_seq FROM document r WHERE " + where + range;
        return jdbi.withHandle(handle -> {
            List<Row> rows = new ArrayList<>(Math.min(slice.limit() + 1, 1024));
            List<Long> positions = new ArrayList<>(Math.min(slice.limit() + 1, 1024));
            Query page = bind(handle.createQuery(sql), project, resource, filters, restriction, window, snapshot)
                    .bind("after", slice.after()).bind("until", slice.until())
                    .bind("limit", slice.limit() + 1).bind("offset", slice.offset()); // one more, to know whether a page follows
            if (snapshot != null) {
                page.bind("cut", (long) slice.limit() + 1 + slice.offset()); // of each half, as many as the page could take
            }
            page.map((rs, ctx) -> {
                positions.add(rs.getLong(5));
                return new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getObject(4, java.time.OffsetDateTime.class).toInstant());
            }).forEach(rows::add);
            OptionalLong next = OptionalLong.empty();
            if (rows.size() > slice.limit()) {
                rows.removeLast();
                // a page of none has no position of its own to continue from: it does not advance a walk
                next = slice.limit() > 0 ? OptionalLong.of(positions.get(slice.limit() - 1)) : OptionalLong.empty();
            }
            Long total = totalCount
                    ? bind(handle.createQuery("SELECT count(*) FROM " + from + " r WHERE " + where), project, resource, filters, restriction, window,
                            snapshot).mapTo(Long.class).one()
                    : null;
            return new Page(rows, total, next);
        });
    }

    /**
     * Where the query's documents divide into {@code parts} runs of (nearly) equal size, in creation
     * order: the first position of each run but the first, ascending. Fewer when fewer documents match.
     */
    List<Long> boundaries(String project, String resource, List<List<String>> filters, RelationshipFilter.Predicate restriction,
            ChangeVersionWindow window, Snapshot snapshot, int parts) {
        // ntile numbers the matching positions 1..parts in order; each run starts at its least position.
        String sql = "SELECT min(document_seq) FROM (SELECT document_seq, ntile(:parts) OVER (ORDER BY document_seq) run FROM " + source(snapshot)
                + " r WHERE " + where(filters, restriction, window) + ") runs GROUP BY run ORDER BY 1";
        return jdbi.withHandle(handle -> bind(handle.createQuery(sql), project, resource, filters, restriction, window, snapshot).bind("parts", parts)
                .mapTo(Long.class).list());
    }

    private static String where(List<List<String>> filters, RelationshipFilter.Predicate restriction, ChangeVersionWindow window) {
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
        return where.toString();
    }

    /** A document found by id, and the first of the conditions asked with it that it does not meet (empty: it meets every one). */
    record Found(Row row, OptionalInt firstUnmet) {}

    /**
     * The document {@code id} of the resource as of {@code snapshot} (null: live), with the first of
     * {@code conditions} (over the table alias {@code r}) it does not meet, all in one query.
     */
    Optional<Found> find(String project, String resource, UUID id, List<RelationshipFilter.Predicate> conditions, Snapshot snapshot) {
        StringBuilder select = new StringBuilder("SELECT document_id, edfi_doc::text, etag, last_modified");
        for (RelationshipFilter.Predicate condition : conditions) {
            // IS TRUE: a condition over a null column is unmet, not unknown.
            select.append(", (").append(condition.sql()).append(") IS TRUE");
        }
        select.append(" FROM ").append(source(snapshot)).append(" r WHERE r.document_id = :id AND r.project = :project AND r.resource = :resource");
        return jdbi.withHandle(handle -> {
            Query query = bind(handle.createQuery(select.toString()), project, resource, List.of(), null, ChangeVersionWindow.ALL, snapshot)
                    .bind("id", id);
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

    private static Query bind(Query query, String project, String resource, List<List<String>> filters, RelationshipFilter.Predicate restriction,
            ChangeVersionWindow window, Snapshot snapshot) {
        if (restriction != null) {
            restriction.parameters().forEach(query::bind);
        }
        if (snapshot != null) {
            query.bind("snapshot", snapshot.changeVersion());
        }
        query.bind("project", project).bind("resource", resource).bindMap(window.parameters());
        for (int f = 0; f < filters.size(); f++) {
            for (int a = 0; a < filters.get(f).size(); a++) {
                query.bind("f" + f + "_" + a, filters.get(f).get(a));
            }
        }
        return query;
    }
}
