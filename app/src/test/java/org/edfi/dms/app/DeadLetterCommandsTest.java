package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.WebServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.edfi.dms.contracts.DocumentEnvelope;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceStore;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.instances.InstanceRegistry;
import org.edfi.dms.instances.InstanceRules;
import org.edfi.dms.instances.InstanceState;
import org.edfi.dms.instances.NewInstance;
import org.edfi.dms.instances.RegistrySchema;
import org.edfi.dms.runtime.PostgresServer;
import org.edfi.dms.runtime.instances.DeadLetterService;
import org.edfi.dms.runtime.instances.PostgresServers;
import org.edfi.dms.schema.RelationshipSecurity;
import org.edfi.dms.sink.DocumentWriter;
import org.edfi.dms.sink.SnapshotHistory;
import org.edfi.dms.sink.StoreRefusal;
import org.edfi.dms.sink.StoreSchema;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dms deadletter} against a real admin API on a real instance store, whose dead letters are
 * changes its PostgreSQL really refused (a CHECK of the store), parked as the sink parks them.
 */
class DeadLetterCommandsTest {

    @TempDir
    static Path dir;

    private static EmbeddedPostgresServer postgres;
    private static WebServer server;
    private static String url;
    private static Jdbi store;
    private static DocumentWriter writer;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"));
        postgres.createDatabase(InstanceRegistry.DATABASE);
        DataSource config = EmbeddedPostgresServer.dataSource(postgres.jdbcUrl(InstanceRegistry.DATABASE));
        RegistrySchema.migrate(config);
        InstanceRegistry registry = new InstanceRegistry(Jdbi.create(config));
        registry.register(NewInstance.of(InstanceId.DEFAULT.tenant(), Map.of()), new InstanceRules(List.of(PostgresServers.MAIN), List.of()));
        registry.transition(InstanceId.DEFAULT, Set.of(InstanceState.PROVISIONING), InstanceState.READY);
        InstanceStore own = InstanceStore.ownDatabase(InstanceId.DEFAULT);
        postgres.createDatabase(own.database());
        DataSource storeSource = EmbeddedPostgresServer.dataSource(own.onSearchPath(postgres.jdbcUrl(own.database())));
        StoreSchema.migrate(storeSource);
        store = Jdbi.create(storeSource);
        RelationshipSecurity relationships = RelationshipSecurity.of(TestApi.dataStandard());
        writer = new DocumentWriter(store, relationships);
        DeadLetterService letters = new DeadLetterService(registry,
                PostgresServers.of(new PostgresServer(postgres.jdbcUrl("postgres"), "postgres", "")), relationships, SnapshotHistory.NONE);
        server = WebServer.builder().host("127.0.0.1").port(0).routing(r -> r.register(letters)).build().start();
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.stop();
        postgres.close();
    }

    private static CommandRun dms(String... args) {
        List<String> line = new ArrayList<>(List.of(args));
        line.add("--url=" + url);
        return CommandRun.of(TestApi.HOME, Map.of(), line);
    }

    private static DocumentEnvelope school(UUID id, long version, String name) {
        ObjectNode body = MessageCodec.MAPPER.createObjectNode().put("schoolId", 255901001).put("nameOfInstitution", name);
        return new DocumentEnvelope(1, id, "ed-fi", "schools", "School", UUID.randomUUID(), Map.of("$.schoolId", "255901001"),
                body, "etag-" + version, Instant.now(), version, false, null);
    }

    /** What the sink does with a change its store refuses: the refusal is PostgreSQL's own. */
    private static void parkRefused(DocumentEnvelope change, long offset) {
        RuntimeException refused = assertThrows(RuntimeException.class, () -> writer.apply("documents", 0, List.of(change), offset + 1));
        writer.park("documents", 0, offset, change, MessageCodec.encode(change), null, StoreRefusal.of(refused).orElseThrow());
    }

    private static String nameOf(UUID id) {
        return store.withHandle(h -> h.createQuery("SELECT edfi_doc->>'nameOfInstitution' FROM document WHERE document_id = :id")
                .bind("id", id).mapTo(String.class).findOne().orElse(null));
    }

    @Test
    void anOperatorListsReplaysAndDiscardsTheChangesTheStoreRefused() {
        store.useHandle(h -> h.execute("ALTER TABLE document ADD CONSTRAINT no_closed_schools CHECK (edfi_doc->>'nameOfInstitution' <> 'Closed')"));
        UUID closed = UUID.randomUUID();
        parkRefused(school(closed, 7, "Closed"), 6);

        CommandRun list = dms("deadletter", "list", "--instance", "default/default");
        assertEquals(0, list.status(), list.err());
        List<String> lines = list.out().lines().toList();
        assertTrue(lines.get(0).matches("ID  STATE   CHANGE VERSION  OFFSET  RESOURCE       DOCUMENT +PARKED AT +ERROR"), lines.get(0));
        assertTrue(lines.get(1).startsWith("1   parked  7               6       ed-fi/schools  " + closed), lines.get(1));
        assertTrue(lines.get(1).contains("no_closed_schools") && lines.get(1).endsWith("[23514]"), lines.get(1));

        CommandRun stillRefused = dms("deadletter", "replay", "1");
        assertEquals(1, stillRefused.status());
        assertTrue(stillRefused.err().contains("the server answered 409") && stillRefused.err().contains("the store refuses dead letter 1 again"),
                stillRefused.err());

        store.useHandle(h -> h.execute("ALTER TABLE document DROP CONSTRAINT no_closed_schools"));
        CommandRun replayed = dms("deadletter", "replay", "1");
        assertEquals(0, replayed.status(), replayed.err());
        assertEquals("dead letter 1 of instance default/default replayed: change version 7 of ed-fi/schools " + closed + " applied\n", replayed.out());
        assertEquals("Closed", nameOf(closed));
        assertEquals("no dead letters in instance default/default\n", dms("deadletter", "list").out());
        assertTrue(dms("deadletter", "list", "--all").out().lines().toList().get(1).startsWith("1   replayed"));
        CommandRun twice = dms("deadletter", "replay", "1");
        assertEquals(1, twice.status());
        assertTrue(twice.err().contains("dead letter 1 was replayed already"), twice.err());

        // NOT VALID: the replayed school stays, new rows are checked
        store.useHandle(h -> h.execute("ALTER TABLE document ADD CONSTRAINT no_closed_schools CHECK (edfi_doc->>'nameOfInstitution' <> 'Closed') NOT VALID"));
        UUID other = UUID.randomUUID();
        parkRefused(school(other, 9, "Closed"), 8);
        CommandRun discarded = dms("deadletter", "discard", "2");
        assertEquals(0, discarded.status(), discarded.err());
        assertEquals("dead letter 2 of instance default/default discarded: change version 9 of ed-fi/schools " + other + " will not be applied\n",
                discarded.out());
        assertEquals(null, nameOf(other));
        assertEquals("no dead letters in instance default/default\n", dms("deadletter", "replay", "--all").out());

        CommandRun unknown = dms("deadletter", "list", "--instance", "district-z/none");
        assertEquals(1, unknown.status());
        assertEquals("deadletter: the server answered 404: No ready instance district-z/none.\n", unknown.err());
    }
}
