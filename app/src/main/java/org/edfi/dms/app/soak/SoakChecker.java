package org.edfi.dms.app.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.processor.DocumentsChangelog;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.extraction.DescriptorReference;
import org.edfi.dms.schema.extraction.DocumentExtractor;
import org.edfi.dms.schema.extraction.DocumentReference;
import org.edfi.dms.schema.extraction.ExtractedDocument;

/**
 * The end of a soak: a full scan of an instance's store in PostgreSQL against the ledger of
 * acknowledged writes. It asserts, and counts what breaks:
 * <ul>
 * <li><b>acknowledged lost</b>: a document whose last acknowledged write created or updated it is
 *     not in the store under its natural key (its referential id);
 * <li><b>acknowledged stale</b>: it is, but a field of its last acknowledged body has another value
 *     (an acknowledged update or key change undone), or it has another document id than the API gave;
 * <li><b>deleted present</b>: an acknowledged delete, whose natural key is still in the store;
 * <li><b>former keys present</b>: a natural key a document had before an acknowledged key change is
 *     still in the store;
 * <li><b>duplicates</b>: two rows with one natural key (referential id);
 * <li><b>dangling references</b>: a reference or descriptor of a stored document that no stored
 *     document satisfies (by its identity, its superclass identity or its reference identity);
 * <li><b>purged present</b>: a document written before the instance was purged (and not written again
 *     after) is in the store;
 * <li><b>change versions repeated</b> and <b>change version gaps</b>: the store keeps, for every
 *     change version the processor gave, the live document at it, the tracked delete at it, or the
 *     replaced version at it (the sink's snapshot history, kept an hour by default), so each number
 *     from 1 to the newest appears exactly once among them; below the snapshot horizon (history the
 *     sink pruned) gaps are explained and not counted;
 * <li><b>processor state differs</b>: a document the processor's changelog (what a node taking the
 *     instance over restores) holds and the store does not, or the reverse, or at another change
 *     version or natural key; and its change version counter behind or ahead of the store's newest;
 * <li><b>analytics differs</b>: a live document whose latest change on the analytics topic is
 *     missing, a delete, or of another version or content, and a document live on the topic that
 *     the store does not hold;
 * <li><b>analytics versions unknown</b>: a change version on the topic that the store never gave
 *     that document (above the snapshot horizon).
 * </ul>
 * The topic carries each applied batch's last version of a document (the sink writes only that),
 * so versions the store keeps as replaced history need not appear on it; repeats of Connect's
 * at-least-once delivery are dropped by change version, as its consumers do, and only counted.
 * Documents the ledger calls uncertain (their last write had no decisive answer) are left out.
 */
final class SoakChecker {

    /** What the scan found in one instance. */
    record Findings(long storedDocuments, long checkedDocuments, long newestChangeVersion, long acknowledgedLost, long acknowledgedStale,
            long deletedPresent, long formerKeysPresent, long duplicates, long danglingReferences, long purgedPresent,
            long changeVersionsRepeated, long changeVersionGaps, long processorStateDiffers, long analyticsDiffers, long analyticsUnknownVersions,
            long analyticsRepeats, List<String> examples) {

        long faults() {
            return acknowledgedLost + acknowledgedStale + deletedPresent + formerKeysPresent + duplicates + danglingReferences + purgedPresent
                    + changeVersionsRepeated + changeVersionGaps + processorStateDiffers + analyticsDiffers + analyticsUnknownVersions;
        }
    }

    /**
     * The copies of an instance's documents outside its store: the processor's ({@link DocumentsChangelog}: its
     * documents by id and its last change version) and the analytics topic's.
     */
    record Copies(Map<UUID, DocumentsChangelog.Entry> processorDocuments, long processorChangeVersion, AnalyticsChanges analytics) {}

    private record Row(UUID documentId, ResourceSchema resource, UUID referentialId, JsonNode edfiDoc, long changeVersion) {}

    private final ApiSchema schema;

    SoakChecker(ApiSchema schema) {
        this.schema = schema;
    }

    /**
     * @param purged documents written before a purge; those also in {@code documents} were written again after it
     */
    Findings check(String storeUrl, Collection<Ledger.Document> documents, Collection<Written> purged, Copies copies)
            throws SQLException {
        List<String> examples = new ArrayList<>();
        Map<UUID, List<Row>> byKey = new HashMap<>();
        Map<UUID, Row> byId = new HashMap<>();
        long stored = 0;
        Map<Long, UUID> documentAt = new HashMap<>();
        long[] versions;
        Long horizon;
        try (Connection connection = DriverManager.getConnection(storeUrl); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false); // one snapshot for every query, and a cursor for the scan
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            statement.setFetchSize(1_000);
            try (ResultSet rows = statement.executeQuery(
                    "SELECT document_id, project, resource, referential_id, edfi_doc::text, change_version FROM document")) {
                while (rows.next()) {
                    stored++;
                    ResourceSchema resource = schema.findResource(rows.getString(2), rows.getString(3)).orElseThrow(
                            () -> new IllegalStateException("a stored document of an unknown resource"));
                    Row row = new Row(rows.getObject(1, UUID.class), resource, rows.getObject(4, UUID.class), read(rows.getString(5)),
                            rows.getLong(6));
                    byKey.computeIfAbsent(row.referentialId(), k -> new ArrayList<>(1)).add(row);
                    byId.put(row.documentId(), row);
                }
            }
            versions = changeVersions(statement, documentAt);
            try (ResultSet row = statement.executeQuery("SELECT oldest_change_version FROM snapshot_horizon")) {
                horizon = row.next() ? (Long) row.getObject(1) : null;
            }
            connection.commit();
        }

        long duplicates = 0;
        for (List<Row> rows : byKey.values()) {
            if (rows.size() > 1) {
                duplicates += rows.size() - 1;
                example(examples, "duplicate natural key: " + rows.stream().map(r -> r.resource().endpointName() + " " + r.documentId()).toList());
            }
        }

        long lost = 0, stale = 0, deletedPresent = 0, formerPresent = 0, checked = 0;
        Set<UUID> expectedKeys = new HashSet<>(); // the natural keys that must be stored
        for (Ledger.Document document : documents) {
            if (!document.uncertain() && !document.deleted()) {
                expectedKeys.add(keyOf(document.resource, document.body()));
            }
        }
        for (Ledger.Document document : documents) {
            if (document.uncertain()) {
                continue;
            }
            checked++;
            UUID key = keyOf(document.resource, document.body());
            if (document.deleted()) {
                if (byKey.containsKey(key)) {
                    deletedPresent++;
                    example(examples, "deleted yet present: " + document.resource.endpointName() + " " + document.body());
                }
                continue;
            }
            List<Row> rows = byKey.get(key);
            if (rows == null) {
                lost++;
                example(examples, "acknowledged, not stored: " + document.resource.endpointName() + " (" + document.via + ") " + document.body());
                continue;
            }
            Row row = rows.getFirst();
            if (document.id().isPresent() && !document.id().get().equals(row.documentId().toString())) {
                stale++;
                example(examples, "stored under another id: " + document.resource.endpointName() + " " + document.id().get() + " vs " + row.documentId());
            } else if (!holds(row.edfiDoc(), document.body())) {
                stale++;
                example(examples, "acknowledged write not stored: " + document.resource.endpointName() + " expected " + document.body()
                        + ", stored " + row.edfiDoc());
            }
            for (ObjectNode former : document.formerKeys()) {
                UUID formerKey = keyOf(document.resource, former);
                if (!formerKey.equals(key) && byKey.containsKey(formerKey) && !expectedKeys.contains(formerKey)) {
                    formerPresent++;
                    example(examples, "a former key is still stored: " + document.resource.endpointName() + " " + former);
                }
            }
        }

        long purgedPresent = 0;
        for (Written written : purged) {
            UUID key = keyOf(written.resource(), written.body());
            if (byKey.containsKey(key) && !expectedKeys.contains(key)) {
                purgedPresent++;
                example(examples, "purged yet present: " + written.body());
            }
        }

        long dangling = danglingReferences(byKey, examples);

        long repeated = 0, gaps = 0, newest = versions.length == 0 ? 0 : versions[versions.length - 1];
        BitSet seen = new BitSet();
        for (long version : versions) {
            if (version < 1 || version > Integer.MAX_VALUE) {
                repeated++;
                continue;
            }
            if (seen.get((int) version)) {
                repeated++;
                example(examples, "change version twice: " + version);
            }
            seen.set((int) version);
        }
        long floor = horizon == null ? 1 : horizon + 1;
        for (long version = floor; version <= newest; version++) {
            if (!seen.get((int) version)) {
                gaps++;
                example(examples, "change version missing: " + version);
            }
        }
        long processorDiffers = processorStateDiffers(byId, newest, copies, examples);
        long analyticsDiffers = analyticsDiffers(byId, copies.analytics(), examples);
        long unknown = 0;
        for (Map.Entry<Long, UUID> change : copies.analytics().versions().entrySet()) {
            if (change.getKey() >= floor && !change.getValue().equals(documentAt.get(change.getKey()))) {
                unknown++;
                example(examples, "analytics change version " + change.getKey() + " of document " + change.getValue()
                        + ", which the store gave " + documentAt.get(change.getKey()));
            }
        }
        return new Findings(stored, checked, newest, lost, stale, deletedPresent, formerPresent, duplicates, dangling, purgedPresent, repeated,
                gaps, processorDiffers, analyticsDiffers, unknown, copies.analytics().repeats(), examples);
    }

    /** Documents the processor's changelog holds otherwise than the store, and its counter when it is not the store's newest version. */
    private static long processorStateDiffers(Map<UUID, Row> byId, long newest, Copies copies, List<String> examples) {
        long differs = 0;
        for (Row row : byId.values()) {
            DocumentsChangelog.Entry entry = copies.processorDocuments().get(row.documentId());
            if (entry == null || entry.changeVersion() != row.changeVersion() || !entry.referentialId().equals(row.referentialId())) {
                differs++;
                example(examples, "the processor holds " + row.resource().endpointName() + " " + row.documentId() + " as " + entry
                        + ", the store at change version " + row.changeVersion());
            }
        }
        for (Map.Entry<UUID, DocumentsChangelog.Entry> entry : copies.processorDocuments().entrySet()) {
            if (!byId.containsKey(entry.getKey())) {
                differs++;
                example(examples, "the processor holds document " + entry.getKey() + " (" + entry.getValue() + "), the store does not");
            }
        }
        if (copies.processorChangeVersion() != newest) {
            differs++;
            example(examples, "the processor's last change version is " + copies.processorChangeVersion() + ", the store's " + newest);
        }
        return differs;
    }

    /** Live documents whose latest analytics change is not their stored version, and documents live on the topic only. */
    private static long analyticsDiffers(Map<UUID, Row> byId, AnalyticsChanges analytics, List<String> examples) {
        long differs = 0;
        for (Row row : byId.values()) {
            AnalyticsChanges.Latest latest = analytics.latest().get(row.documentId());
            if (latest == null || latest.deleted() || latest.changeVersion() != row.changeVersion() || !row.edfiDoc().equals(latest.document())) {
                differs++;
                example(examples, "the analytics topic's latest of " + row.resource().endpointName() + " " + row.documentId() + " is "
                        + (latest == null ? "nothing" : (latest.deleted() ? "a delete" : "a change") + " at version " + latest.changeVersion())
                        + ", the store holds version " + row.changeVersion());
            }
        }
        for (Map.Entry<UUID, AnalyticsChanges.Latest> entry : analytics.latest().entrySet()) {
            if (!entry.getValue().deleted() && !byId.containsKey(entry.getKey())) {
                differs++;
                example(examples, "the analytics topic holds document " + entry.getKey() + " at version " + entry.getValue().changeVersion()
                        + ", the store does not");
            }
        }
        return differs;
    }

    /**
     * Every change version the store holds (live documents, tracked deletes, replaced versions), sorted;
     * the document each was given to goes into {@code documentAt}.
     */
    private static long[] changeVersions(Statement statement, Map<Long, UUID> documentAt) throws SQLException {
        List<Long> all = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("""
                SELECT change_version, document_id FROM document
                UNION ALL SELECT change_version, document_id FROM tracked_delete
                UNION ALL SELECT change_version, document_id FROM document_history
                ORDER BY 1""")) {
            while (rows.next()) {
                all.add(rows.getLong(1));
                documentAt.put(rows.getLong(1), rows.getObject(2, UUID.class));
            }
        }
        return all.stream().mapToLong(Long::longValue).toArray();
    }

    /** References that nothing stored satisfies. */
    private long danglingReferences(Map<UUID, List<Row>> byKey, List<String> examples) {
        Set<UUID> satisfiable = new HashSet<>(byKey.keySet());
        List<ExtractedDocument> extracted = new ArrayList<>();
        for (List<Row> rows : byKey.values()) {
            for (Row row : rows) {
                ExtractedDocument document = DocumentExtractor.extract(row.resource(), row.edfiDoc());
                document.superclassIdentity().ifPresent(identity -> satisfiable.add(identity.referentialId().value()));
                document.referenceIdentity().ifPresent(identity -> satisfiable.add(identity.referentialId().value()));
                extracted.add(document);
            }
        }
        long dangling = 0;
        for (ExtractedDocument document : extracted) {
            for (DocumentReference reference : document.documentReferences()) {
                if (!satisfiable.contains(reference.target().referentialId().value())) {
                    dangling++;
                    example(examples, "dangling reference from " + document.identity().resource() + " " + reference.path() + " to "
                            + reference.target().elements());
                }
            }
            for (DescriptorReference descriptor : document.descriptorReferences()) {
                if (!satisfiable.contains(descriptor.target().referentialId().value())) {
                    dangling++;
                    example(examples, "dangling descriptor in " + document.identity().resource() + " " + descriptor.path() + ": " + descriptor.uri());
                }
            }
        }
        return dangling;
    }

    /** Whether the stored document has every field of the acknowledged body, as written. */
    private static boolean holds(JsonNode stored, ObjectNode expected) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = expected.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().equals(stored.get(field.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static UUID keyOf(ResourceSchema resource, JsonNode body) {
        return DocumentExtractor.identityOf(resource, body).referentialId().value();
    }

    private static JsonNode read(String json) {
        try {
            return MessageCodec.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored document that is not JSON", e);
        }
    }

    private static void example(List<String> examples, String example) {
        if (examples.size() < 20) {
            examples.add(example.length() > 600 ? example.substring(0, 600) + "..." : example);
        }
    }

    /** A document as written (before a purge). */
    record Written(ResourceSchema resource, ObjectNode body) {}
}
