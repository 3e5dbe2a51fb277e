package org.edfi.dms.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
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
 * What the sink records for change queries, in the transaction of each batch: every key change (the
 * intermediate ones of a batch too), the document a delete removes with its creator's token, and the
 * deletes whose natural key a later write of the batch holds again, whatever the order within it.
 */
class ChangeHistoryTest {

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
        InstanceStore store = InstanceStore.ownDatabase(new InstanceId("history", name));
        postgres.createDatabase(store.database());
        DataSource source = EmbeddedPostgresServer.dataSource(store.onSearchPath(postgres.jdbcUrl(store.database())));
        StoreSchema.migrate(source);
        return Jdbi.create(source);
    }

    private static DocumentEnvelope write(UUID id, UUID key, long version, String name, DocumentEnvelope.KeyChange keyChange) {
        ObjectNode body = MessageCodec.MAPPER.createObjectNode().put("classPeriodName", name);
        return new DocumentEnvelope(1, id, "ed-fi", "classPeriods", "ClassPeriod", key, Map.of("$.classPeriodName", name), body, "e" + version,
                Instant.now(), version, false, "3", keyChange);
    }

    private static DocumentEnvelope delete(UUID id, UUID key, long version, String name) {
        return new DocumentEnvelope(1, id, "ed-fi", "classPeriods", "ClassPeriod", key, Map.of("$.classPeriodName", name), null, null,
                Instant.now(), version, true, null);
    }

    private static DocumentEnvelope.KeyChange rename(String from, String to) {
        return new DocumentEnvelope.KeyChange(MessageCodec.MAPPER.createObjectNode().put("$.classPeriodName", from),
                MessageCodec.MAPPER.createObjectNode().put("$.classPeriodName", to));
    }

    @Test
    void aDeleteKeepsTheDocumentItRemovedAndIsMarkedWhenItsKeyComesBackLaterInTheSameBatch() {
        Jdbi jdbi = store("recreated");
        UUID key = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        DocumentWriter writer = new DocumentWriter(jdbi, relationships);
        writer.apply("documents", 0, List.of(write(first, key, 1, "P1", null)), 1);
        List<DocumentEnvelope> batch = List.of(delete(first, key, 2, "P1"), write(second, key, 3, "P1", null), delete(second, key, 4, "P1"));
        writer.apply("documents", 0, batch, 4);
        writer.apply("documents", 0, batch, 4); // redelivered: changes nothing

        assertEquals(List.of("2 recreated at 3 {\"classPeriodName\": \"P1\"} 3", "4 told {\"classPeriodName\": \"P1\"} 3"), jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT change_version || ' ' || coalesce('recreated at ' || recreated_at, 'told') || ' ' || coalesce(edfi_doc::text, 'null')"
                        + " || ' ' || coalesce(created_by_ownership_token, 'null') FROM tracked_delete ORDER BY change_version")
                .mapTo(String.class).list()), "the first delete is undone by the re-creation, the second is told; each keeps the document"
                + " it removed, also one written earlier in its batch");
    }

    @Test
    void everyKeyChangeOfABatchIsRecordedOnceWithTheCreatorsToken() {
        Jdbi jdbi = store("keys");
        UUID period = UUID.randomUUID();
        DocumentWriter writer = new DocumentWriter(jdbi, relationships);
        List<DocumentEnvelope> batch = List.of(write(period, UUID.randomUUID(), 1, "P1", null), write(period, UUID.randomUUID(), 2, "P2", rename("P1", "P2")),
                write(period, UUID.randomUUID(), 3, "P3", rename("P2", "P3")));
        writer.apply("documents", 0, batch, 3);
        writer.apply("documents", 0, batch, 3);

        assertEquals(List.of("2 P1 P2 3", "3 P2 P3 3"), jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT change_version || ' ' || (old_key_values ->> '$.classPeriodName') || ' ' || (new_key_values ->> '$.classPeriodName')"
                        + " || ' ' || created_by_ownership_token FROM key_change ORDER BY change_version")
                .mapTo(String.class).list()), "the intermediate version is kept although only the newest document is written");
    }
}
