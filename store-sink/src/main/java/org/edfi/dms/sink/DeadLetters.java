package org.edfi.dms.sink;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.edfi.dms.contracts.DocumentEnvelope;
import org.edfi.dms.contracts.MalformedMessageException;
import org.edfi.dms.contracts.MessageCodec;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The changes an instance's store refused, parked by its sink ({@code dead_letter}, store version
 * 10), and what an operator does with them: list them, replay one (after fixing what refused it:
 * it is applied through the {@link DocumentWriter}, by the same rules as the sink's, so a version
 * older than the document's stored one changes nothing), or discard one. Replayed and discarded
 * ones stay, marked, for the record.
 */
public final class DeadLetters {

    /** One parked change, as listed. */
    public record Letter(long id, String topic, int partition, long offset, long changeVersion, UUID documentId, String project,
            String resource, boolean deleted, String error, String sqlState, Instant parkedAt, Optional<Instant> replayedAt,
            Optional<Instant> discardedAt) {

        /** {@code parked}, {@code replayed} or {@code discarded}. */
        public String state() {
            return replayedAt.isPresent() ? "replayed" : discardedAt.isPresent() ? "discarded" : "parked";
        }
    }

    /** Why an operation on a dead letter was refused. */
    public static final class DeadLetterException extends RuntimeException {

        public enum Kind {
            /** No dead letter has the id. */
            NOT_FOUND,
            /** It was replayed or discarded already. */
            RESOLVED,
            /** The store refuses it again. */
            REFUSED
        }

        private final Kind kind;

        public DeadLetterException(Kind kind, String message) {
            super(message);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    private static final String COLUMNS = "id, topic, kafka_partition, kafka_offset, change_version, document_id, project, resource, deleted,"
            + " error, sql_state, parked_at, replayed_at, discarded_at";

    private final Jdbi jdbi;
    private final DocumentWriter writer;

    /** @param writer the writer of the same store, which replays */
    public DeadLetters(Jdbi jdbi, DocumentWriter writer) {
        this.jdbi = jdbi;
        this.writer = writer;
    }

    /** Parks a refused change in the caller's transaction; the same record again changes nothing. */
    static void park(Handle handle, String topic, int partition, long offset, DocumentEnvelope change, byte[] record, String traceParent,
            StoreRefusal refusal) {
        handle.createUpdate("""
                        INSERT INTO dead_letter (topic, kafka_partition, kafka_offset, change_version, document_id, project, resource, deleted,
                                                 etag, error, sql_state, envelope, trace_parent)
                        VALUES (:topic, :partition, :offset, :changeVersion, :documentId, :project, :resource, :deleted, :etag, :error,
                                :sqlState, :envelope, :traceParent)
                        ON CONFLICT (topic, kafka_partition, kafka_offset) DO NOTHING""")
                .bind("topic", topic).bind("partition", partition).bind("offset", offset)
                .bind("changeVersion", change.changeVersion()).bind("documentId", change.documentId())
                .bind("project", change.project()).bind("resource", change.resource()).bind("deleted", change.deleted())
                .bind("etag", change.etag()).bind("error", refusal.message()).bind("sqlState", refusal.sqlState())
                .bind("envelope", record).bind("traceParent", traceParent)
                .execute();
    }

    /** The parked ones (or, with {@code all}, the replayed and discarded ones too), by change version. */
    public List<Letter> list(boolean all) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM dead_letter"
                        + (all ? "" : " WHERE replayed_at IS NULL AND discarded_at IS NULL") + " ORDER BY change_version, id")
                .map((rs, ctx) -> letter(rs)).list());
    }

    /** How many are parked: neither replayed nor discarded. */
    public long parked() {
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM dead_letter WHERE replayed_at IS NULL AND discarded_at IS NULL").mapTo(Long.class).one());
    }

    /**
     * Applies a parked change again and marks it replayed, in one transaction. When the store
     * refuses it again, it stays parked with the new error ({@link DeadLetterException.Kind#REFUSED}).
     */
    public Letter replay(long id) {
        try {
            jdbi.useTransaction(handle -> {
                record Parked(String topic, int partition, long offset, byte[] envelope, String traceParent) {}
                Parked parked = handle.createQuery("""
                                SELECT topic, kafka_partition, kafka_offset, envelope, trace_parent FROM dead_letter
                                WHERE id = :id AND replayed_at IS NULL AND discarded_at IS NULL FOR UPDATE""")
                        .bind("id", id)
                        .map((rs, ctx) -> new Parked(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getBytes(4), rs.getString(5)))
                        .findOne().orElseThrow(() -> missingOrResolved(id));
                DocumentEnvelope change;
                try {
                    change = MessageCodec.decodeDocument(parked.envelope());
                } catch (MalformedMessageException e) {
                    throw new DeadLetterException(DeadLetterException.Kind.REFUSED, "dead letter " + id + " is no document change: " + e.getMessage());
                }
                // The position it records is the record's own: the sink's is past it, and stays.
                writer.applyIn(handle, parked.topic(), parked.partition(), List.of(change),
                        parked.traceParent() == null ? Map.of() : Map.of(change.changeVersion(), parked.traceParent()), parked.offset() + 1);
                handle.createUpdate("UPDATE dead_letter SET replayed_at = now() WHERE id = :id").bind("id", id).execute();
            });
        } catch (SQLException | RuntimeException e) {
            if (e instanceof DeadLetterException refused) {
                throw refused;
            }
            Optional<StoreRefusal> refusal = StoreRefusal.of(e);
            if (refusal.isEmpty()) {
                throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getMessage(), e);
            }
            jdbi.useHandle(handle -> handle.createUpdate("UPDATE dead_letter SET error = :error, sql_state = :state WHERE id = :id")
                    .bind("error", refusal.get().message()).bind("state", refusal.get().sqlState()).bind("id", id).execute());
            throw new DeadLetterException(DeadLetterException.Kind.REFUSED, "the store refuses dead letter " + id + " again: "
                    + refusal.get().message());
        }
        return find(id).orElseThrow();
    }

    /** Marks a parked change discarded: it is never applied. */
    public Letter discard(long id) {
        int marked = jdbi.withHandle(handle -> handle.createUpdate(
                        "UPDATE dead_letter SET discarded_at = now() WHERE id = :id AND replayed_at IS NULL AND discarded_at IS NULL")
                .bind("id", id).execute());
        if (marked == 0) {
            throw missingOrResolved(id);
        }
        return find(id).orElseThrow();
    }

    public Optional<Letter> find(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM dead_letter WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> letter(rs)).findOne());
    }

    private DeadLetterException missingOrResolved(long id) {
        return find(id).map(letter -> new DeadLetterException(DeadLetterException.Kind.RESOLVED, "dead letter " + id + " was " + letter.state()
                        + " already"))
                .orElseGet(() -> new DeadLetterException(DeadLetterException.Kind.NOT_FOUND, "no dead letter " + id));
    }

    private static Letter letter(ResultSet rs) throws SQLException {
        return new Letter(rs.getLong("id"), rs.getString("topic"), rs.getInt("kafka_partition"), rs.getLong("kafka_offset"),
                rs.getLong("change_version"), rs.getObject("document_id", UUID.class), rs.getString("project"), rs.getString("resource"),
                rs.getBoolean("deleted"), rs.getString("error"), rs.getString("sql_state"), instant(rs, "parked_at").orElseThrow(),
                instant(rs, "replayed_at"), instant(rs, "discarded_at"));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    /** Every parked one replayed in change version order; what each came to ({@code replayed}, or why not). */
    public List<String> replayAll() {
        List<String> outcomes = new ArrayList<>();
        for (Letter letter : list(false)) {
            try {
                replay(letter.id());
                outcomes.add("dead letter " + letter.id() + " replayed");
            } catch (DeadLetterException e) {
                outcomes.add(e.getMessage());
            }
        }
        return outcomes;
    }
}
