package org.edfi.dms.query;

import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * Reads an instance's change history from the tables the store-sink writes: {@code tracked_delete}
 * and {@code key_change} (alias {@code r} for the read strategies), and {@code applied_offset} for
 * the newest change version readers see.
 */
final class TrackedChangeReader {

    /** A delete: the document's id and change version, the document as it was (null for a delete recorded before the store kept it), its canonical identity. */
    record Delete(UUID id, long changeVersion, String document, String identity) {}

    /** The first and last key of a document in a window, at the change version of the last change. */
    record KeyChange(UUID id, long changeVersion, String oldKeyValues, String newKeyValues) {}

    record Page<T>(List<T> rows, Long totalCount) {}

    /**
     * Deletes whose natural key no document holds again: a document deleted and re-created (or whose
     * key another document took) is told by its current version, not by a delete that would undo it.
     */
    private static final String DELETES_WHERE = "r.project = :project AND r.resource = :resource AND r.recreated_at IS NULL";

    /** Key changes, each document once: the old key of its first change in the window, the new key of its last. */
    private static final String KEY_CHANGES_WHERE = "r.project = :project AND r.resource = :resource";

    private final Jdbi jdbi;

    TrackedChangeReader(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The highest change version the sink has applied: every change up to it is readable (it commits data and position together). */
    long newestChangeVersion() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT coalesce(max(change_version), 0) FROM applied_offset").mapTo(Long.class).one());
    }

    Page<Delete> deletes(String project, String resource, ChangeVersionWindow window, RelationshipFilter.Predicate restriction, Paging.Offset paging) {
        String where = DELETES_WHERE + window.sql() + (restriction == null ? "" : " AND " + restriction.sql());
        return jdbi.withHandle(handle -> {
            List<Delete> rows = bind(handle.createQuery("SELECT r.document_id, r.change_version, r.edfi_doc::text, r.identity::text"
                            + " FROM tracked_delete r WHERE " + where + " ORDER BY r.change_version LIMIT :limit OFFSET :offset"),
                    project, resource, window, restriction).bind("limit", paging.limit()).bind("offset", paging.offset())
                    .map((rs, ctx) -> new Delete(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3), rs.getString(4))).list();
            Long total = paging.totalCount()
                    ? bind(handle.createQuery("SELECT count(*) FROM tracked_delete r WHERE " + where), project, resource, window, restriction)
                            .mapTo(Long.class).one()
                    : null;
            return new Page<>(rows, total);
        });
    }

    Page<KeyChange> keyChanges(String project, String resource, ChangeVersionWindow window, RelationshipFilter.Predicate restriction,
            Paging.Offset paging) {
        String where = KEY_CHANGES_WHERE + window.sql() + (restriction == null ? "" : " AND " + restriction.sql());
        String changed = "SELECT r.document_id, min(r.change_version) AS first, max(r.change_version) AS last FROM key_change r WHERE "
                + where + " GROUP BY r.document_id";
        return jdbi.withHandle(handle -> {
            List<KeyChange> rows = bind(handle.createQuery("WITH changed AS (" + changed + ")"
                            + " SELECT c.document_id, c.last, f.old_key_values::text, l.new_key_values::text FROM changed c"
                            + " JOIN key_change f ON f.change_version = c.first JOIN key_change l ON l.change_version = c.last"
                            + " ORDER BY c.last LIMIT :limit OFFSET :offset"),
                    project, resource, window, restriction).bind("limit", paging.limit()).bind("offset", paging.offset())
                    .map((rs, ctx) -> new KeyChange(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3), rs.getString(4))).list();
            Long total = paging.totalCount()
                    ? bind(handle.createQuery("SELECT count(DISTINCT r.document_id) FROM key_change r WHERE " + where), project, resource, window,
                            restriction).mapTo(Long.class).one()
                    : null;
            return new Page<>(rows, total);
        });
    }

    private static Query bind(Query query, String project, String resource, ChangeVersionWindow window, RelationshipFilter.Predicate restriction) {
        if (restriction != null) {
            restriction.parameters().forEach(query::bind);
        }
        return query.bind("project", project).bind("resource", resource).bindMap(window.parameters());
    }
}
