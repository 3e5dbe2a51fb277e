package org.edfi.dms.sink;

import java.io.IOException;
import java.io.StringReader;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.edfi.dms.messages.DocumentEnvelope;
import org.edfi.dms.messages.MessageCodec;
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
            DELETE FROM dms.document WHERE document_id = :documentId AND change_version < :changeVersion""";

    private static final String TRACK_DELETE = """
            INSERT INTO dms.tracked_delete (change_version, document_id, project, resource, resource_name, referential_id, identity, deleted_at)
            VALUES (:changeVersion, :documentId, :project, :resource, :resourceName, :referentialId, CAST(:identity AS jsonb), :lastModified)
            ON CONFLICT (change_version) DO NOTHING""";

    private static final String OFFSET = """
            INSERT INTO dms.applied_offset (topic, kafka_partition, next_offset, change_version)
            VALUES (:topic, :partition, :nextOffset, :changeVersion)
            ON CONFLICT (topic, kafka_partition) DO UPDATE SET
                next_offset = GREATEST(dms.applied_offset.next_offset, EXCLUDED.next_offset),
                change_version = GREATEST(dms.applied_offset.change_version, EXCLUDED.change_version)""";

    /** The PostgreSQL notification channel on which each committed batch announces its highest change version. */
    public static final String APPLIED_CHANNEL = "dms_applied";

    private final Jdbi jdbi;

    public DocumentWriter(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Where a topic partition's changes were applied up to: the next offset to read, and the highest change version. */
    public record Position(long nextOffset, long changeVersion) {}

    /** The staging table lives as long as the connection (pooled) and empties at each commit: no catalog churn per batch. */
    private static final String STAGE = """
            CREATE TEMP TABLE IF NOT EXISTS incoming (document_id uuid, project text, resource text, resource_name text,
                                        referential_id uuid, identity jsonb, edfi_doc jsonb, etag text, last_modified timestamptz,
                                        change_version bigint)
            ON COMMIT DELETE ROWS""";

    /** The newest version of each document in the batch, inserted in order of first appearance, so new rows get their creation order. */
    private static final String MERGE = """
            INSERT INTO dms.document (document_id, project, resource, resource_name, referential_id, identity, edfi_doc,
                                      etag, last_modified, change_version)
            SELECT document_id, project, resource, resource_name, referential_id, identity, edfi_doc, etag, last_modified, change_version
            FROM (SELECT *, row_number() OVER (PARTITION BY document_id ORDER BY change_version DESC) AS newest,
                         min(change_version) OVER (PARTITION BY document_id) AS first_seen
                  FROM incoming) versions
            WHERE newest = 1
            ORDER BY first_seen
            ON CONFLICT (document_id) DO UPDATE SET
                project = EXCLUDED.project, resource = EXCLUDED.resource, resource_name = EXCLUDED.resource_name,
                referential_id = EXCLUDED.referential_id, identity = EXCLUDED.identity, edfi_doc = EXCLUDED.edfi_doc,
                etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified, change_version = EXCLUDED.change_version
            WHERE dms.document.change_version < EXCLUDED.change_version""";

    /**
     * Writes {@code changes} (in change version order) and records {@code nextOffset} for the
     * partition, all or nothing. Upserts are streamed by COPY into a temporary table and merged in
     * one statement (faster than multi-row prepared batches, docs/benchmarks.md); the newest version
     * of a document in the batch wins. Deletes are terminal for a document id, so they go last.
     */
    public void apply(String topic, int partition, List<DocumentEnvelope> changes, long nextOffset) {
        long highest = changes.stream().mapToLong(DocumentEnvelope::changeVersion).max().orElse(0);
        jdbi.useTransaction(handle -> {
            StringBuilder rows = new StringBuilder(changes.size() * 512);
            PreparedBatch deletes = handle.prepareBatch(DELETE);
            PreparedBatch tracked = handle.prepareBatch(TRACK_DELETE);
            for (DocumentEnvelope change : changes) {
                if (change.deleted()) {
                    bind(deletes, change).add();
                    bind(tracked, change).add();
                } else {
                    rows.append(change.documentId()).append('\t').append(change.project()).append('\t').append(change.resource()).append('\t')
                            .append(change.resourceName()).append('\t').append(change.referentialId()).append('\t')
                            .append(copyText(MessageCodec.encodeToString(change.identity()))).append('\t')
                            // A change without a document is COPY's null, which the NOT NULL column refuses, failing the batch.
                            .append(change.document() == null ? "\\N" : copyText(MessageCodec.encodeToString(change.document()))).append('\t')
                            .append(change.etag()).append('\t').append(change.lastModified()).append('\t').append(change.changeVersion()).append('\n');
                }
            }
            if (!rows.isEmpty()) {
                handle.execute(STAGE);
                try {
                    handle.getConnection().unwrap(PGConnection.class).getCopyAPI().copyIn("COPY incoming FROM STDIN", new StringReader(rows.toString()));
                } catch (SQLException | IOException e) {
                    throw new IllegalStateException("COPY of a batch failed: " + e.getMessage(), e);
                }
                handle.execute(MERGE);
            }
            // The tracked delete first: CDC then tells the delete before the row's tombstone (connect-config).
            execute(tracked);
            execute(deletes);
            handle.createUpdate(OFFSET).bind("topic", topic).bind("partition", partition)
                    .bind("nextOffset", nextOffset).bind("changeVersion", highest).execute();
            // Readers waiting for a write (read-your-writes) learn at commit that it is visible.
            handle.createQuery("SELECT pg_notify('" + APPLIED_CHANNEL + "', :changeVersion)")
                    .bind("changeVersion", Long.toString(highest)).mapTo(String.class).one();
        });
    }

    /** COPY's text format escapes backslashes; JSON text holds no raw tabs or newlines. */
    private static String copyText(String json) {
        return json.replace("\\", "\\\\");
    }

    /** The recorded position of a topic partition; offset 0 when nothing was applied yet. */
    public Position position(String topic, int partition) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT next_offset, change_version FROM dms.applied_offset WHERE topic = :topic AND kafka_partition = :partition")
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

    private static void execute(PreparedBatch batch) {
        if (batch.size() > 0) {
            batch.execute();
        }
    }
}
