package org.edfi.dms.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
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

/** An instance's store upgraded from version 1 with documents in it, in both modes, on a real PostgreSQL. */
class StoreSchemaTest {

    @TempDir
    static Path dir;

    private static EmbeddedPostgresServer postgres;

    @BeforeAll
    static void start() {
        postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"));
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    private static DataSource store(InstanceStore store) {
        postgres.createDatabase(store.database());
        return EmbeddedPostgresServer.dataSource(store.onSearchPath(postgres.jdbcUrl(store.database())));
    }

    /** What the hand-written migrations did, before Flyway: the schema, then version 1's script, and no history. */
    private static void madeBeforeFlyway(Jdbi jdbi, String schema) {
        try (InputStream script = StoreSchema.class.getResourceAsStream("/db/store/V1__initial.sql")) {
            String sql = new String(script.readAllBytes(), StandardCharsets.UTF_8);
            jdbi.useTransaction(h -> {
                h.execute("CREATE SCHEMA " + schema);
                h.createScript(sql).execute();
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void atVersion1(DataSource store, String schema) {
        StoreSchema.migration(schema).configure(store).target("1").load().migrate();
    }

    /** Two schools as a version 1 store holds them: its columns, written as its sink wrote them. */
    private static void writeTwoSchools(Jdbi jdbi) {
        String[] names = {"Grand Bend High", "Grand Bend Middle"};
        jdbi.useHandle(h -> {
            for (int version = 1; version <= names.length; version++) {
                h.createUpdate("""
                        INSERT INTO document (document_id, project, resource, resource_name, referential_id, identity, edfi_doc, etag,
                                              last_modified, change_version)
                        VALUES (:id, 'ed-fi', 'schools', 'School', :referentialId, CAST(:identity AS jsonb), CAST(:document AS jsonb),
                                :etag, now(), :version)""")
                        .bind("id", UUID.randomUUID()).bind("referentialId", UUID.randomUUID())
                        .bind("identity", "{\"$.schoolId\": \"" + (255901000 + version) + "\"}")
                        .bind("document", MessageCodec.MAPPER.createObjectNode().put("schoolId", 255901000 + version)
                                .put("nameOfInstitution", names[version - 1]).toString())
                        .bind("etag", "etag-" + version).bind("version", version)
                        .execute();
            }
            h.execute("INSERT INTO applied_offset (topic, kafka_partition, next_offset, change_version) VALUES ('documents', 0, 2, 2)");
        });
    }

    private static List<String> schools(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT edfi_doc->>'nameOfInstitution' FROM document ORDER BY document_seq")
                .mapTo(String.class).list());
    }

    /** The store's versions and how each came: {@code SQL} (its script ran) or {@code BASELINE} (adopted). */
    private static List<String> history(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT version || ' ' || type FROM flyway_schema_history WHERE type <> 'SCHEMA' ORDER BY installed_rank")
                .mapTo(String.class).list());
    }

    private static boolean hasTable(Jdbi jdbi, String schema, String table) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM pg_tables WHERE schemaname = :schema AND tablename = :table")
                .bind("schema", schema).bind("table", table).mapTo(Integer.class).one()) > 0;
    }

    @Test
    void aStoreMadeBeforeFlywayIsAdoptedAtVersion1AndUpgradedWithItsDocuments() throws SchemaLoadException {
        InstanceStore own = InstanceStore.ownDatabase(new InstanceId("upgrade", "own"));
        DataSource store = store(own);
        Jdbi jdbi = Jdbi.create(store);
        madeBeforeFlyway(jdbi, own.schema());
        writeTwoSchools(jdbi);

        StoreSchema.migrate(store);
        StoreSchema.migrate(store);

        assertEquals(List.of("1 BASELINE", "2 SQL", "3 SQL", "4 SQL", "5 SQL", "6 SQL", "7 SQL", "8 SQL", "9 SQL", "10 SQL"), history(jdbi), "adopted, not made again; upgraded once");
        assertEquals(List.of("Grand Bend High", "Grand Bend Middle"), schools(jdbi));
        DocumentWriter writer = new DocumentWriter(jdbi, RelationshipSecurity.of(ApiSchemaLoader.load(Fixtures.dataStandard50())));
        assertEquals(new DocumentWriter.Position(2, 2), writer.position("documents", 0), "the sink's position is kept");
        assertFalse(hasTable(jdbi, own.schema(), "schema_version"), "version 2 dropped the hand-written history");
        writer.apply("documents", 0, List.of(), Map.of(), 2); // version 3's columns take the sink's writes
        assertEquals(Arrays.asList(null, null), ownershipTokens(jdbi), "documents from before version 4 have no creator token");
        UUID owned = UUID.randomUUID();
        writer.apply("documents", 0, List.of(new DocumentEnvelope(1, owned, "ed-fi", "schools", "School", UUID.randomUUID(),
                Map.of("$.schoolId", "255901003"), MessageCodec.MAPPER.createObjectNode().put("schoolId", 255901003).put("nameOfInstitution", "New"),
                "etag-3", Instant.now(), 3, false, "7")), 3);
        assertEquals(Arrays.asList(null, null, "7"), ownershipTokens(jdbi), "version 4's column takes the creator's token");
        assertEquals(2, writer.deriveMissingRelationships(), "version 5's relationship columns are derived for the documents from before it");
        assertEquals(0, writer.deriveMissingRelationships());
        assertEquals(List.of("{255901001}", "{255901002}", "{255901003}"), jdbi.withHandle(h -> h.createQuery(
                "SELECT education_organization_ids::text FROM document ORDER BY document_seq").mapTo(String.class).list()));
    }

    private static List<String> ownershipTokens(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT created_by_ownership_token FROM document ORDER BY document_seq").mapTo(String.class).list());
    }

    @Test
    void aVersion1StoreInASharedDatabaseIsUpgradedWithItsDocumentsAndAlone() {
        InstanceStore upgraded = InstanceStore.sharedDatabase(new InstanceId("upgrade", "2024"));
        InstanceStore neighbour = InstanceStore.sharedDatabase(new InstanceId("upgrade", "2025"));
        DataSource store = store(upgraded);
        DataSource neighbourStore = store(neighbour);
        atVersion1(store, upgraded.schema());
        atVersion1(neighbourStore, neighbour.schema());
        Jdbi jdbi = Jdbi.create(store);
        writeTwoSchools(jdbi);

        StoreSchema.migrate(store);

        assertEquals(List.of("1 SQL", "2 SQL", "3 SQL", "4 SQL", "5 SQL", "6 SQL", "7 SQL", "8 SQL", "9 SQL", "10 SQL"), history(jdbi));
        assertEquals(List.of("Grand Bend High", "Grand Bend Middle"), schools(jdbi));
        assertFalse(hasTable(jdbi, upgraded.schema(), "schema_version"));
        Jdbi neighbourJdbi = Jdbi.create(neighbourStore);
        assertEquals(List.of("1 SQL"), history(neighbourJdbi), "the other instance's schema keeps its own version");
        assertTrue(hasTable(neighbourJdbi, neighbour.schema(), "schema_version"));
    }
}
