package org.edfi.dms.sink;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.edfi.dms.contracts.DocumentEnvelope;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.schema.RelationshipSecurity;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.postgresql.PGConnection;

/**
 * Applies a batch of document changes and the offset after them in one transaction, idempotently:
 * a row only moves to a higher change version, a delete only removes an older version and is
 * tracked once, so a redelivered batch changes nothing.
 */
public final class DocumentWriter {

    private static final String DELETE = """
            DELETE FROM document WHERE document_id = :documentId AND change_version < :changeVersion""";

    /** The columns of a document version that snapshots keep (store version 8), in {@code document} and {@code document_history} alike. */
    private static final String KEPT = "document_id, change_version, document_seq, project, resource, edfi_doc, etag, last_modified,"
            + " created_by_ownership_token, education_organization_ids, people";

    /** A delete that keeps the version it removes for snapshots, replaced by the delete's change version. */
    private static final String DELETE_KEEPING = "WITH gone AS (" + DELETE + " RETURNING " + KEPT + ")"
            + " INSERT INTO document_history (superseded_change_version, " + KEPT + ") SELECT :changeVersion, " + KEPT + " FROM gone";

    /**
     * Keeps, for snapshots, the stored version of each document that the upsert after it replaces
     * ({@code replacing}: the batch's newest versions, as {@code w(document_id, change_version)}).
     * A data-modifying CTE of the upsert: it reads the rows as they were before the upsert, in the
     * same round trip, and a redelivered older version replaces nothing, so it keeps nothing.
     */
    private static String keepingReplaced(String replacing) {
        return "WITH kept AS (INSERT INTO document_history (superseded_change_version, " + KEPT + ")"
                + " SELECT w.change_version, " + KEPT.replaceAll("(\\w+)", "d.$1") + " FROM " + replacing
                + " JOIN document d USING (document_id) WHERE d.change_version < w.change_version) ";
    }

    /** The document as it was goes with its delete (key values as written, namespaces, owner), read before the row goes. */
    private static final String TRACK_DELETE = """
            INSERT INTO tracked_delete (change_version, document_id, project, resource, resource_name, referential_id, identity, deleted_at,
                                        trace_parent, edfi_doc, created_by_ownership_token, education_organization_ids, people)
            SELECT :changeVersion, :documentId, :project, :resource, :resourceName, :referentialId, CAST(:identity AS jsonb), :lastModified,
                   :traceParent, d.edfi_doc, d.created_by_ownership_token, d.education_organization_ids, d.people
            FROM (SELECT 1) one LEFT JOIN document d ON d.document_id = :documentId
            ON CONFLICT (change_version) DO NOTHING""";

    private static final String TRACK_KEY_CHANGE = """
            INSERT INTO key_change (change_version, document_id, project, resource, old_key_values, new_key_values, edfi_doc,
                                    created_by_ownership_token, education_organization_ids, people, changed_at)
            VALUES (:changeVersion, :documentId, :project, :resource, CAST(:oldKeyValues AS jsonb), CAST(:newKeyValues AS jsonb),
                    CAST(:document AS jsonb), :ownershipToken, CAST(:organizations AS bigint[]), CAST(:people AS text[]), :lastModified)
            ON CONFLICT (change_version) DO NOTHING""";

    /**
     * The partition's position, the deletes whose natural key this batch's writes hold again (a
     * re-created document, or a key changed to a deleted one's: /deletes hides them), and, at
     * commit, the notification that the batch is visible: one round trip.
     */
    private static final String OFFSET_AND_NOTIFY = """
            WITH recorded AS (
                INSERT INTO applied_offset (topic, kafka_partition, next_offset, change_version)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (topic, kafka_partition) DO UPDATE SET
                    next_offset = GREATEST(applied_offset.next_offset, EXCLUDED.next_offset),
                    change_version = GREATEST(applied_offset.change_version, EXCLUDED.change_version)),
            recreated AS (
                UPDATE tracked_delete t SET recreated_at = w.change_version
                FROM unnest(CAST(? AS uuid[]), CAST(? AS bigint[])) w(referential_id, change_version)
                WHERE t.referential_id = w.referential_id AND t.change_version < w.change_version AND t.recreated_at IS NULL)
            SELECT pg_notify(current_schema(), ?)""";

    private static final String COLUMNS =
            "document_id, project, resource, resource_name, referential_id, identity, edfi_doc, etag, last_modified, change_version, trace_parent,"
            + " created_by_ownership_token, education_organization_ids, people";

    /** A newer version replaces the row; an older or repeated one changes nothing. */
    private static final String ON_CONFLICT = """
            ON CONFLICT (document_id) DO UPDATE SET
                project = EXCLUDED.project, resource = EXCLUDED.resource, resource_name = EXCLUDED.resource_name,
                referential_id = EXCLUDED.referential_id, identity = EXCLUDED.identity, edfi_doc = EXCLUDED.edfi_doc,
                etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified, change_version = EXCLUDED.change_version,
                trace_parent = EXCLUDED.trace_parent, created_by_ownership_token = EXCLUDED.created_by_ownership_token,
                education_organization_ids = EXCLUDED.education_organization_ids, people = EXCLUDED.people
            WHERE document.change_version < EXCLUDED.change_version
            RETURNING document_id""";

    /**
     * Up to this many rows go as one multi-row INSERT (one round trip); more are streamed by COPY
     * into a staging table and merged, which costs three round trips but wins on big batches.
     */
    static final int MAX_INSERT_ROWS = 64;

    /** The multi-row INSERT text for each row count, built once; and the same keeping the versions it replaces, whose ids and versions come first. */
    private static final String[] INSERTS = new String[MAX_INSERT_ROWS + 1];
    private static final String[] INSERTS_KEEPING = new String[MAX_INSERT_ROWS + 1];

    static {
        for (int rows = 1; rows <= MAX_INSERT_ROWS; rows++) {
            StringBuilder sql = new StringBuilder("INSERT INTO document (" + COLUMNS + ") VALUES ");
            for (int row = 0; row < rows; row++) {
                sql.append(row == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?)");
            }
            INSERTS[rows] = sql.append(' ').append(ON_CONFLICT).toString();
            INSERTS_KEEPING[rows] = keepingReplaced("unnest(CAST(? AS uuid[]), CAST(? AS bigint[])) w(document_id, change_version)") + INSERTS[rows];
        }
    }

    private final Jdbi jdbi;
    private final RelationshipSecurity relationships;
    private final SnapshotHistory history;

    /** A writer that keeps no snapshot history. */
    public DocumentWriter(Jdbi jdbi, RelationshipSecurity relationships) {
        this(jdbi, relationships, SnapshotHistory.NONE);
    }

    /**
     * @param relationships derives what relationship-based authorization keeps of each document
     * @param history whether the versions that changes replace or delete are kept for snapshots
     */
    public DocumentWriter(Jdbi jdbi, RelationshipSecurity relationships, SnapshotHistory history) {
        this.jdbi = jdbi;
        this.relationships = relationships;
        this.history = history;
    }

    /** Where a topic partition's changes were applied up to: the next offset to read, and the highest change version. */
    public record Position(long nextOffset, long changeVersion) {}

    /** The staging table lives as long as the connection (pooled) and empties at each commit: no catalog churn per batch. */
    private static final String STAGE = """
            CREATE TEMP TABLE IF NOT EXISTS incoming (document_id uuid, project text, resource text, resource_name text,
                                        referential_id uuid, identity jsonb, edfi_doc jsonb, etag text, last_modified timestamptz,
                                        change_version bigint, trace_parent text, created_by_ownership_token text,
                                        education_organization_ids bigint[], people text[], position int)
            ON COMMIT DELETE ROWS""";

    /** The staged rows are one version per document already, in order of first appearance, so new rows get their creation order. */
    private static final String MERGE = "INSERT INTO document (" + COLUMNS + ") SELECT " + COLUMNS + " FROM incoming ORDER BY position " + ON_CONFLICT;

    private static final String MERGE_KEEPING = keepingReplaced("incoming w") + MERGE;

    /**
     * Writes {@code changes} (in change version order) and records {@code nextOffset} for the
     * partition, all or nothing. Only the newest version of each document in the batch is written,
     * at the place of its first appearance; deletes are terminal for a document id, so they go last.
     */
    public void apply(String topic, int partition, List<DocumentEnvelope> changes, long nextOffset) {
        apply(topic, partition, changes, Map.of(), nextOffset);
    }

    /**
     * The same, recording with each change the traceparent its record came with ({@code traces}, by
     * change version; a change without one has none).
     */
    public void apply(String topic, int partition, List<DocumentEnvelope> changes, Map<Long, String> traces, long nextOffset) {
        try {
            jdbi.useTransaction(handle -> applyIn(handle, topic, partition, changes, traces, nextOffset));
        } catch (SQLException e) {
            throw new IllegalStateException("Applying a batch of " + changes.size() + " changes failed: " + e.getMessage(), e);
        }
    }

    /** The same, in the caller's transaction (a replayed dead letter is marked in it). */
    void applyIn(Handle handle, String topic, int partition, List<DocumentEnvelope> changes, Map<Long, String> traces, long nextOffset)
            throws SQLException {
        long highest = changes.stream().mapToLong(DocumentEnvelope::changeVersion).max().orElse(0);
        Map<UUID, DocumentEnvelope> newest = new LinkedHashMap<>();
        List<DocumentEnvelope> deletes = new ArrayList<>();
        List<DocumentEnvelope> changed = new ArrayList<>();
        for (DocumentEnvelope change : changes) {
            if (change.deleted()) {
                deletes.add(change);
            } else {
                newest.merge(change.documentId(), change, (a, b) -> b.changeVersion() > a.changeVersion() ? b : a);
                changed.add(change);
            }
        }
        Map<UUID, RelationshipSecurity.Subjects> subjects = new HashMap<>();
        for (DocumentEnvelope row : newest.values()) {
            subjects.put(row.documentId(), relationships.subjects(row.project(), row.resource(), row.document()));
        }
        write(handle, topic, partition, newest.values(), subjects, deletes, changed, traces, nextOffset, highest);
    }

    /**
     * Parks a change the store refused ({@code refusal}) in {@code dead_letter} and records the
     * position past it, in one transaction: the sink goes on with the next change. {@code record}
     * is the change's record as it came; parking the same record again changes nothing.
     */
    public void park(String topic, int partition, long offset, DocumentEnvelope change, byte[] record, String traceParent, StoreRefusal refusal) {
        try {
            jdbi.useTransaction(handle -> {
                DeadLetters.park(handle, topic, partition, offset, change, record, traceParent, refusal);
                recordPosition(handle.getConnection(), topic, partition, offset + 1, change.changeVersion(), List.of(),
                    AppliedVersionWatch.PARKED + change.changeVersion());
            });
        } catch (SQLException e) {
            throw new IllegalStateException("Parking change version " + change.changeVersion() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Of {@code changes} (each of a change version the store has applied already), those the store
     * does not hold as they are: the same document at that change version with the same ETag (live,
     * kept for snapshots, deleted, or parked). A change that Kafka delivers again is held; one the
     * store does not hold reuses a change version for other content. One query, whatever the size.
     */
    public List<DocumentEnvelope> notHeld(List<DocumentEnvelope> changes) {
        if (changes.isEmpty()) {
            return List.of();
        }
        List<Integer> missing = jdbi.withHandle(handle -> handle.createQuery(NOT_HELD)
                .bindArray("versions", Long.class, changes.stream().map(DocumentEnvelope::changeVersion).toArray())
                .bindArray("ids", UUID.class, changes.stream().map(DocumentEnvelope::documentId).toArray())
                .bindArray("etags", String.class, changes.stream().map(DocumentEnvelope::etag).toArray())
                .bindArray("deleted", Boolean.class, changes.stream().map(DocumentEnvelope::deleted).toArray())
                .mapTo(Integer.class).list());
        return missing.stream().map(i -> changes.get(i - 1)).toList();
    }

    private static final String NOT_HELD = """
            SELECT b.i FROM unnest(CAST(:versions AS bigint[]), CAST(:ids AS uuid[]), CAST(:etags AS text[]), CAST(:deleted AS boolean[]))
                            WITH ORDINALITY b(change_version, document_id, etag, deleted, i)
            WHERE NOT CASE WHEN b.deleted
                THEN EXISTS (SELECT 1 FROM tracked_delete t WHERE t.change_version = b.change_version AND t.document_id = b.document_id)
                ELSE EXISTS (SELECT 1 FROM document d
                             WHERE d.document_id = b.document_id AND d.change_version = b.change_version AND d.etag = b.etag)
                  OR EXISTS (SELECT 1 FROM document_history h
                             WHERE h.document_id = b.document_id AND h.change_version = b.change_version AND h.etag = b.etag)
                END
              AND NOT EXISTS (SELECT 1 FROM dead_letter l WHERE l.change_version = b.change_version AND l.document_id = b.document_id
                              AND l.deleted = b.deleted AND l.etag IS NOT DISTINCT FROM b.etag)
            ORDER BY b.i""";

    /**
     * What the store holds at {@code changeVersion}, for the message of a sink that stops: the
     * document (and ETag) or delete, as far as it still has it. Only when stopping: a live document
     * is found by a scan (no index is kept by change version alone), bounded to a few seconds.
     */
    public String heldAt(long changeVersion) {
        try {
            return jdbi.inTransaction(handle -> {
                handle.execute("SET LOCAL statement_timeout = '10s'");
                return handle.createQuery("""
                                SELECT 'document ' || document_id || ' (ETag ' || etag || ')' FROM document WHERE change_version = :v
                                UNION ALL SELECT 'the delete of document ' || document_id FROM tracked_delete WHERE change_version = :v
                                UNION ALL SELECT 'document ' || document_id || ' (ETag ' || etag || ', since replaced)'
                                          FROM document_history WHERE change_version = :v
                                UNION ALL SELECT 'parked document ' || document_id FROM dead_letter WHERE change_version = :v
                                LIMIT 1""")
                        .bind("v", changeVersion).mapTo(String.class).findOne()
                        .orElse("no version any more (one replaced since, with no snapshot history to keep it)");
            });
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private void write(Handle handle, String topic, int partition, Collection<DocumentEnvelope> newest,
            Map<UUID, RelationshipSecurity.Subjects> subjects, List<DocumentEnvelope> deletes, List<DocumentEnvelope> changed,
            Map<Long, String> traces, long nextOffset,
            long highest) throws SQLException {
        Connection connection = handle.getConnection();
        List<UUID> written = List.of();
        if (newest.size() > MAX_INSERT_ROWS) {
            written = copyAndMerge(handle, newest, subjects, traces, history.kept());
        } else if (!newest.isEmpty()) {
            written = insert(connection, newest, subjects, traces, history.kept());
        }
        // Only the versions that won (a redelivered older one did not) replace their relationship rows.
        RelationshipRows.replace(handle, written.stream().filter(id -> subjects.get(id).relating()).toList(), subjects);
        trackKeyChanges(handle, changed);
        if (!deletes.isEmpty()) {
            // The tracked delete first: CDC then tells the delete before the row's tombstone (connect-config).
            PreparedBatch tracked = handle.prepareBatch(TRACK_DELETE);
            PreparedBatch deleted = handle.prepareBatch(history.kept() ? DELETE_KEEPING : DELETE);
            for (DocumentEnvelope change : deletes) {
                bind(tracked, change).bind("traceParent", traces.get(change.changeVersion())).add();
                bind(deleted, change).add();
            }
            tracked.execute();
            deleted.execute();
            // Deletes are terminal for a document id: its relationship rows go whatever version is redelivered,
            // its enrollments kept for the IncludingDeletes strategies.
            List<UUID> gone = deletes.stream().map(DocumentEnvelope::documentId).toList();
            RelationshipRows.keepDeletedEnrollments(handle, gone);
            RelationshipRows.replace(handle, gone, Map.of());
        }
        recordPosition(connection, topic, partition, nextOffset, highest, changed, Long.toString(highest));
    }

    /** The position and highest change version, the deletes {@code changed} re-creates, and the notification ({@link AppliedVersionWatch}). */
    private static void recordPosition(Connection connection, String topic, int partition, long nextOffset, long highest,
            List<DocumentEnvelope> changed, String notification) throws SQLException {
        // Readers waiting for a write (read-your-writes) learn at commit that it is visible.
        try (PreparedStatement offset = connection.prepareStatement(OFFSET_AND_NOTIFY)) {
            offset.setString(1, topic);
            offset.setInt(2, partition);
            offset.setLong(3, nextOffset);
            offset.setLong(4, highest);
            offset.setArray(5, connection.createArrayOf("uuid", changed.stream().map(DocumentEnvelope::referentialId).toArray()));
            offset.setArray(6, connection.createArrayOf("bigint", changed.stream().map(DocumentEnvelope::changeVersion).toArray()));
            offset.setString(7, notification);
            offset.executeQuery().close();
        }
    }

    /** Every key change of the batch, intermediate versions included: /keyChanges tells the first and last key of a window. */
    private void trackKeyChanges(Handle handle, List<DocumentEnvelope> changed) {
        PreparedBatch tracked = null;
        for (DocumentEnvelope change : changed) {
            if (change.keyChange() == null) {
                continue;
            }
            tracked = tracked == null ? handle.prepareBatch(TRACK_KEY_CHANGE) : tracked;
            RelationshipSecurity.Subjects subjects = relationships.subjects(change.project(), change.resource(), change.document());
            tracked.bind("changeVersion", change.changeVersion())
                    .bindArray("organizations", Long.class, subjects.educationOrganizationIds().toArray())
                    .bindArray("people", String.class, subjects.people().toArray())
                    .bind("documentId", change.documentId())
                    .bind("project", change.project())
                    .bind("resource", change.resource())
                    .bind("oldKeyValues", MessageCodec.encodeToString(change.keyChange().oldKeyValues()))
                    .bind("newKeyValues", MessageCodec.encodeToString(change.keyChange().newKeyValues()))
                    .bind("document", change.document() == null ? null : MessageCodec.encodeToString(change.document()))
                    .bind("ownershipToken", change.ownershipToken())
                    .bind("lastModified", OffsetDateTime.ofInstant(change.lastModified(), ZoneOffset.UTC))
                    .add();
        }
        if (tracked != null) {
            tracked.execute();
        }
    }

    /** The ids of the rows written (new, or a newer version). */
    private static List<UUID> insert(Connection connection, Collection<DocumentEnvelope> rows, Map<UUID, RelationshipSecurity.Subjects> subjects,
            Map<Long, String> traces, boolean keeping) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement((keeping ? INSERTS_KEEPING : INSERTS)[rows.size()])) {
            int i = 0;
            if (keeping) {
                insert.setArray(++i, connection.createArrayOf("uuid", rows.stream().map(DocumentEnvelope::documentId).toArray()));
                insert.setArray(++i, connection.createArrayOf("bigint", rows.stream().map(DocumentEnvelope::changeVersion).toArray()));
            }
            for (DocumentEnvelope row : rows) {
                insert.setObject(++i, row.documentId());
                insert.setString(++i, row.project());
                insert.setString(++i, row.resource());
                insert.setString(++i, row.resourceName());
                insert.setObject(++i, row.referentialId());
                insert.setString(++i, MessageCodec.encodeToString(row.identity()));
                // A change without a document is SQL null, which the NOT NULL column refuses, failing the batch.
                insert.setString(++i, row.document() == null ? null : MessageCodec.encodeToString(row.document()));
                insert.setString(++i, row.etag());
                insert.setObject(++i, OffsetDateTime.ofInstant(row.lastModified(), ZoneOffset.UTC));
                insert.setLong(++i, row.changeVersion());
                insert.setString(++i, traces.get(row.changeVersion()));
                insert.setString(++i, row.ownershipToken());
                RelationshipSecurity.Subjects of = subjects.get(row.documentId());
                insert.setArray(++i, connection.createArrayOf("bigint", of.educationOrganizationIds().toArray()));
                insert.setArray(++i, connection.createArrayOf("text", of.people().toArray()));
            }
            return writtenIds(insert);
        }
    }

    private static List<UUID> writtenIds(PreparedStatement statement) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (ResultSet written = statement.executeQuery()) {
            while (written.next()) {
                ids.add(written.getObject(1, UUID.class));
            }
        }
        return ids;
    }

    private static List<UUID> copyAndMerge(Handle handle, Collection<DocumentEnvelope> rows, Map<UUID, RelationshipSecurity.Subjects> subjects,
            Map<Long, String> traces, boolean keeping) {
        StringBuilder text = new StringBuilder(rows.size() * 512);
        int position = 0;
        for (DocumentEnvelope row : rows) {
            text.append(row.documentId()).append('\t').append(row.project()).append('\t').append(row.resource()).append('\t')
                    .append(row.resourceName()).append('\t').append(row.referentialId()).append('\t')
                    .append(copyText(MessageCodec.encodeToString(row.identity()))).append('\t')
                    // A change without a document is COPY's null, which the NOT NULL column refuses, failing the batch.
                    .append(row.document() == null ? "\\N" : copyText(MessageCodec.encodeToString(row.document()))).append('\t')
                    .append(row.etag()).append('\t').append(row.lastModified()).append('\t').append(row.changeVersion()).append('\t')
                    .append(traces.getOrDefault(row.changeVersion(), "\\N")).append('\t')
                    .append(row.ownershipToken() == null ? "\\N" : copyText(row.ownershipToken())).append('\t');
            RelationshipSecurity.Subjects of = subjects.get(row.documentId());
            appendArray(text, of.educationOrganizationIds().stream().map(String::valueOf).toList()).append('\t');
            appendArray(text, of.people()).append('\t')
                    .append(position++).append('\n');
        }
        handle.execute(STAGE);
        try {
            handle.getConnection().unwrap(PGConnection.class).getCopyAPI().copyIn("COPY incoming FROM STDIN", new StringReader(text.toString()));
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("COPY of a batch failed: " + e.getMessage(), e);
        }
        return handle.createQuery(keeping ? MERGE_KEEPING : MERGE).mapTo(UUID.class).list();
    }

    /**
     * An array in COPY's text format: a PostgreSQL array literal of quoted elements (quotes and
     * backslashes escaped), whose backslashes COPY escapes once more.
     */
    private static StringBuilder appendArray(StringBuilder text, List<String> elements) {
        StringBuilder literal = new StringBuilder("{");
        for (String element : elements) {
            literal.append(literal.length() > 1 ? "," : "").append('"').append(element.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return text.append(copyText(literal.append('}').toString()).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r"));
    }

    /** COPY's text format escapes backslashes; JSON text and ownership tokens (printable ASCII) hold no raw tabs or newlines. */
    private static String copyText(String json) {
        return json.replace("\\", "\\\\");
    }

    /** Documents whose relationship columns are derived at a time, in one transaction each. */
    private static final int DERIVE_BATCH = 1_000;

    /**
     * Derives the relationship columns and rows of the documents written before they existed
     * (store version 5: null arrays), so that relationship-based reads reach them; the sink does
     * it at its start, before it applies anything. Returns how many documents it derived.
     */
    public int deriveMissingRelationships() {
        int total = 0;
        while (true) {
            int derived = jdbi.inTransaction(handle -> {
                record Stored(UUID id, String project, String resource, String document) {}
                List<Stored> rows = handle.createQuery("""
                                SELECT document_id, project, resource, edfi_doc::text FROM document
                                WHERE education_organization_ids IS NULL LIMIT :limit FOR UPDATE""")
                        .bind("limit", DERIVE_BATCH)
                        .map((rs, ctx) -> new Stored(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4)))
                        .list();
                Map<UUID, RelationshipSecurity.Subjects> subjects = new HashMap<>();
                PreparedBatch update = handle.prepareBatch("""
                        UPDATE document SET education_organization_ids = CAST(:organizations AS bigint[]), people = CAST(:people AS text[])
                        WHERE document_id = :id""");
                for (Stored row : rows) {
                    RelationshipSecurity.Subjects of;
                    try {
                        of = relationships.subjects(row.project(), row.resource(), MessageCodec.MAPPER.readTree(row.document()));
                    } catch (IOException e) {
                        throw new IllegalStateException("Stored document " + row.id() + " is not JSON: " + e.getMessage(), e);
                    }
                    subjects.put(row.id(), of);
                    update.bindArray("organizations", Long.class, of.educationOrganizationIds().toArray())
                            .bindArray("people", String.class, of.people().toArray()).bind("id", row.id()).add();
                }
                if (!rows.isEmpty()) {
                    update.execute();
                    RelationshipRows.replace(handle, rows.stream().map(Stored::id).filter(id -> subjects.get(id).relating()).toList(), subjects);
                }
                return rows.size();
            });
            if (derived == 0) {
                return total;
            }
            total += derived;
        }
    }

    /** The recorded position of a topic partition; offset 0 when nothing was applied yet. */
    public Position position(String topic, int partition) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT next_offset, change_version FROM applied_offset WHERE topic = :topic AND kafka_partition = :partition")
                .bind("topic", topic).bind("partition", partition)
                .map((rs, ctx) -> new Position(rs.getLong(1), rs.getLong(2)))
                .findOne()
                .orElse(new Position(0, 0)));
    }

    private static PreparedBatch bind(PreparedBatch batch, DocumentEnvelope change) {
        return batch.bind("documentId", change.documentId())
                .bind("project", change.project())
                .bind("resource", change.resource())
                .bind("resourceName", change.resourceName())
                .bind("referentialId", change.referentialId())
                .bind("identity", MessageCodec.encodeToString(change.identity()))
                .bind("etag", change.etag())
                .bind("lastModified", OffsetDateTime.ofInstant(change.lastModified(), ZoneOffset.UTC))
                .bind("changeVersion", change.changeVersion());
    }

}
