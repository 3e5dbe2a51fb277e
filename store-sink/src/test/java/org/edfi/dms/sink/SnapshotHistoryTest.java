package org.edfi.dms.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.edfi.dms.contracts.DocumentEnvelope;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceStore;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.schema.Fixtures;
import org.edfi.dms.schema.RelationshipSecurity;
import org.edfi.dms.schema.SchemaLoadException;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the sink keeps for consistent snapshots (store version 8), in the transaction of each batch:
 * the version each update replaces and each delete removes, with the change that replaced it, by the
 * multi-row INSERT and by COPY alike, once however often a batch is delivered; nothing without a
 * retention; and what pruning removes raises the horizon past it.
 */
class SnapshotHistoryTest {

    @TempDir
    static Path dir;

    private static EmbeddedPostgresServer postgres;
    private static RelationshipSecurity relationships;

    @BeforeAll
    static void start() throws SchemaLoadException {
        postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"));
        relationships = RelationshipSecurity.of(ApiSchemaLoader.load(Fixtures.dataStandard50()));
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    private static Jdbi store(String name) {
        InstanceStore store = InstanceStore.ownDatabase(new InstanceId("snapshots", name));
        postgres.createDatabase(store.database());
        DataSource source = EmbeddedPostgresServer.dataSource(store.onSearchPath(postgres.jdbcUrl(store.database())));
        StoreSchema.migrate(source);
        return Jdbi.create(source);
    }

    private static DocumentEnvelope write(UUID id, long version, String name) {
        ObjectNode body = MessageCodec.MAPPER.createObjectNode().put("schoolId", 255901001).put("nameOfInstitution", name);
        return new DocumentEnvelope(1, id, "ed-fi", "schools", "School", UUID.randomUUID(), Map.of("$.schoolId", "255901001"), body,
                "etag-" + version, Instant.now(), version, false, "7");
    }

    private static DocumentEnvelope delete(UUID id, long version) {
        return new DocumentEnvelope(1, id, "ed-fi", "schools", "School", UUID.randomUUID(), Map.of("$.schoolId", "255901001"), null, null,
                Instant.now(), version, true, null);
    }

    /** Each kept version as "name from..until", in version order. */
    private static List<String> kept(Jdbi jdbi, UUID id) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT edfi_doc->>'nameOfInstitution' || ' ' || change_version || '..' || superseded_change_version || ' ' || etag
                               || ' ' || created_by_ownership_token || ' ' || education_organization_ids::text
                        FROM document_history WHERE document_id = :id ORDER BY change_version""")
                .bind("id", id).mapTo(String.class).list());
    }

    private static Long horizon(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT oldest_change_version FROM snapshot_horizon").mapTo(Long.class).one());
    }

    @Test
    void eachUpdateAndDeleteKeepsTheVersionItReplacesOnceByInsertAndByCopy() {
        Jdbi jdbi = store("kept");
        DocumentWriter writer = new DocumentWriter(jdbi, relationships, new SnapshotHistory(Duration.ofHours(1)));
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        writer.apply("t", 0, List.of(write(a, 1, "A1"), write(b, 2, "B2")), 2);
        List<DocumentEnvelope> second = List.of(write(a, 3, "A3"), write(a, 4, "A4"), delete(b, 5));
        writer.apply("t", 0, second, 5);
        writer.apply("t", 0, second, 5); // redelivered

        assertEquals(List.of("A1 1..4 etag-1 7 {255901001}"), kept(jdbi, a),
                "the stored version, replaced by the batch's newest (a snapshot is never inside a batch)");
        assertEquals(List.of("B2 2..5 etag-2 7 {255901001}"), kept(jdbi, b), "a delete keeps what it removed");

        List<DocumentEnvelope> copied = new ArrayList<>();
        for (int i = 0; i < DocumentWriter.MAX_INSERT_ROWS; i++) { // past the multi-row INSERT: streamed by COPY
            copied.add(write(UUID.randomUUID(), 6 + i, "C" + i));
        }
        copied.add(write(a, 6 + DocumentWriter.MAX_INSERT_ROWS, "A-copied"));
        writer.apply("t", 0, copied, 5 + copied.size());
        writer.apply("t", 0, copied, 5 + copied.size());
        assertEquals(List.of("A1 1..4 etag-1 7 {255901001}", "A4 4.." + (6 + DocumentWriter.MAX_INSERT_ROWS) + " etag-4 7 {255901001}"),
                kept(jdbi, a));
        assertEquals(3, (int) jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM document_history").mapTo(Integer.class).one()),
                "new documents replace nothing");
        assertEquals(List.of(1L), jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT document_seq FROM document_history WHERE document_id = :id")
                .bind("id", a).mapTo(Long.class).list()), "a kept version has its document's place in creation order");
    }

    @Test
    void withoutARetentionNothingIsKeptAndNoSnapshotCanBeRead() {
        Jdbi jdbi = store("none");
        SnapshotHistory.NONE.begin(jdbi, 0);
        DocumentWriter writer = new DocumentWriter(jdbi, relationships, SnapshotHistory.NONE);
        UUID a = UUID.randomUUID();
        writer.apply("t", 0, List.of(write(a, 1, "A1")), 1);
        writer.apply("t", 0, List.of(write(a, 2, "A2"), delete(a, 3)), 3);
        assertEquals(List.of(), kept(jdbi, a));
        assertNull(horizon(jdbi));
    }

    @Test
    void snapshotsStartWhereTheFirstSinkWithARetentionStartedAndPruningRaisesTheirHorizon() throws InterruptedException {
        Jdbi jdbi = store("pruned");
        SnapshotHistory history = new SnapshotHistory(Duration.ofMillis(300));
        DocumentWriter writer = new DocumentWriter(jdbi, relationships, history);
        UUID a = UUID.randomUUID();
        writer.apply("t", 0, List.of(write(a, 1, "A1")), 1);
        assertNull(horizon(jdbi), "no sink has kept history yet");
        history.begin(jdbi, 1);
        assertEquals(1L, horizon(jdbi), "earlier versions were not kept: snapshots begin at the applied version");
        writer.apply("t", 0, List.of(write(a, 2, "A2")), 2);
        Thread.sleep(400);
        writer.apply("t", 0, List.of(write(a, 3, "A3")), 3);
        history.begin(jdbi, 3);
        assertEquals(1L, horizon(jdbi), "a restart with a retention goes on with the history kept");

        history.prune(jdbi);
        assertEquals(List.of("A2 2..3 etag-2 7 {255901001}"), kept(jdbi, a), "only what was replaced longer than the retention ago goes");
        assertEquals(2L, horizon(jdbi), "a snapshot at 1 would need the version 2 replaced");
        history.prune(jdbi);
        assertEquals(2L, horizon(jdbi), "nothing pruned, nothing moves");

        SnapshotHistory.NONE.begin(jdbi, 3);
        assertNull(horizon(jdbi), "a sink without retention ends snapshots");
        assertEquals(List.of(), kept(jdbi, a), "and their history, which it would leave with gaps");
    }
}
