package org.edfi.dms.app;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.edfi.dms.cdc.CdcConnector;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceStore;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.contracts.Tracing;
import org.edfi.dms.embedded.EmbeddedConnect;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.instances.Instance;
import org.edfi.dms.instances.InstanceState;
import org.edfi.dms.instances.StoreMode;
import org.edfi.dms.processor.ProcessorConfig;
import org.edfi.dms.query.PageTokens;
import org.edfi.dms.runtime.CdcConnectors;
import org.edfi.dms.runtime.Node;
import org.edfi.dms.runtime.PostgresServer;
import org.edfi.dms.runtime.instances.InstanceParts;
import org.edfi.dms.runtime.instances.InstanceProvisioner;
import org.edfi.dms.runtime.instances.KafkaConnectClient;
import org.edfi.dms.runtime.instances.PostgresServers;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.validation.DocumentValidator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provisioning, purging and removing an instance are each a list of steps that a crash can cut
 * short anywhere. Each test leaves the state such a crash leaves (the first steps done, the rest
 * not) and shows that running the operation again finishes it, and that running a finished one
 * again changes nothing. Real Kafka, PostgreSQL and Kafka Connect with Debezium.
 */
class InstanceProvisionerTest {

    @TempDir
    static Path dir;

    private static EmbeddedKafka kafka;
    private static EmbeddedPostgresServer postgres;
    private static EmbeddedConnect connect;
    private static PostgresServer server;
    private static Admin admin;
    private static InstanceParts parts;
    private static InstanceProvisioner provisioner;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"));
        connect = EmbeddedConnect.start(kafka.bootstrapServers(), dir.resolve("connect"));
        server = new PostgresServer("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/", "postgres", "");
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        ApiSchema schema = TestApi.dataStandard();
        PostgresServers servers = PostgresServers.of(server);
        ProcessorConfig processor = ProcessorConfig.defaults(kafka.bootstrapServers(), dir.resolve("processor"));
        // A node with no roles: nothing of an instance runs here, as on an admin-only node.
        parts = new InstanceParts(schema, DocumentValidator.forSchema(schema), Set.of(), servers, processor, new SimpleMeterRegistry(), Tracing.OFF, false,
                PageTokens.withSecret(PageTokens.DEFAULT_SECRET));
        provisioner = new InstanceProvisioner(servers, admin, new InstanceProvisioner.Options((short) 1, 1,
                Optional.of(new KafkaConnectClient(connect.restUrl())), processor.stateDir()), parts);
    }

    @AfterAll
    static void stop() {
        Node.closeAll(List.of(parts, admin, connect, postgres, kafka));
    }

    @Test
    void aProvisioningCutShortAfterTheDatabaseIsFinishedByProvisioningAgain() throws Exception {
        Instance instance = instance("cut-provision", StoreMode.DATABASE);
        server.ensureDatabase(instance.store().database()); // the first step, then the crash

        provisioner.provision(instance);
        provisioner.provision(instance); // and once more after it finished

        assertProvisioned(instance);
    }

    @Test
    void aPurgeCutShortAfterItsConnectorAndTopicsWentIsFinishedByPurgingAgain() throws Exception {
        Instance instance = instance("cut-purge", StoreMode.DATABASE);
        provisioner.provision(instance);
        insertDocument(instance);
        insertChangeHistory(instance);
        insertRelationshipRows(instance);
        // The purge's first steps: the connector (with its offsets and slot) and the topics; then the crash.
        new KafkaConnectClient(connect.restUrl()).remove(connector(instance), Duration.ofSeconds(30));
        admin.deleteTopics(topicsOf(instance)).all().get(30, TimeUnit.SECONDS);

        provisioner.purge(instance);
        provisioner.purge(instance);

        assertProvisioned(instance);
        assertEquals(0, documents(instance), "the purge emptied the tables");
        assertEquals(0, count(instance.store().database(), "SELECT (SELECT count(*) FROM " + instance.store().schema() + ".tracked_delete)"
                + " + (SELECT count(*) FROM " + instance.store().schema() + ".key_change)"), "and the change history: no delete or key change is told");
        String schema = instance.store().schema();
        assertEquals(0, count(instance.store().database(), "SELECT (SELECT count(*) FROM " + schema + ".enrollment) + (SELECT count(*) FROM " + schema
                + ".education_organization_parent) + (SELECT count(*) FROM " + schema + ".person_link)"),
                "and the relationship rows: a purged enrollment reaches no one");
    }

    @Test
    void aRemovalCutShortAfterItsConnectorWentIsFinishedByRemovingAgain() throws Exception {
        Instance instance = instance("cut-remove", StoreMode.DATABASE);
        provisioner.provision(instance);
        new KafkaConnectClient(connect.restUrl()).remove(connector(instance), Duration.ofSeconds(30));

        provisioner.remove(instance);
        provisioner.remove(instance);

        assertFalse(databaseExists(instance.store().database()));
        assertTrue(topics().stream().noneMatch(topicsOf(instance)::contains), "no topic of the instance is left");
        assertFalse(slotExists(connector(instance).slot()), "the replication slot is dropped");
        assertEquals(404, connectorStatus(instance));
    }

    @Test
    void inASharedDatabaseEachStepIsRepeatableAndRemovingOneInstanceLeavesTheOther() throws Exception {
        Instance kept = instance("shared-kept", StoreMode.SCHEMA);
        Instance removed = instance("shared-removed", StoreMode.SCHEMA);
        provisioner.provision(kept);
        provisioner.provision(removed);
        provisioner.provision(removed);
        insertDocument(kept);

        provisioner.remove(removed);
        provisioner.remove(removed);

        assertProvisioned(kept);
        assertEquals(1, documents(kept));
        assertTrue(topics().stream().noneMatch(topicsOf(removed)::contains));
        assertFalse(schemaExists(removed.store()));
        assertEquals(List.of(kept.store().schema()), publishedSchemas(kept));
    }

    // ---- what an instance has -------------------------------------------------------------

    private static Instance instance(String name, StoreMode mode) {
        Instant now = Instant.now();
        return new Instance(new InstanceId("steps", name), Map.of(), PostgresServers.MAIN, mode, InstanceState.PROVISIONING, now, now);
    }

    private static void assertProvisioned(Instance instance) throws Exception {
        assertTrue(databaseExists(instance.store().database()));
        assertTrue(schemaExists(instance.store()), "the store's tables exist");
        assertTrue(topics().containsAll(topicsOf(instance)), "every topic of the instance exists");
        assertEquals(200, connectorStatus(instance), "the connector is registered");
    }

    private static List<String> topicsOf(Instance instance) {
        InstanceTopics topics = new InstanceTopics(instance.id());
        return List.of(topics.commands(), topics.documents(), topics.results(), topics.changes());
    }

    private static Set<String> topics() throws Exception {
        return admin.listTopics().names().get(30, TimeUnit.SECONDS);
    }

    private static CdcConnector connector(Instance instance) {
        return CdcConnectors.forStore(instance.id(), instance.store(), instance.server(), server, 1);
    }

    private static int connectorStatus(Instance instance) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(connect.restUrl() + "/connectors/" + connector(instance).name() + "/status")).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A delete and a key change, as the sink records them for change queries. */
    private static void insertChangeHistory(Instance instance) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(instance.store()))) {
            connection.createStatement().execute("INSERT INTO tracked_delete (change_version, document_id, project, resource, resource_name,"
                    + " referential_id, identity, deleted_at) VALUES (7, gen_random_uuid(), 'ed-fi', 'schools', 'School', gen_random_uuid(),"
                    + " '{\"$.schoolId\": \"2\"}', now())");
            connection.createStatement().execute("INSERT INTO key_change (change_version, document_id, project, resource, old_key_values,"
                    + " new_key_values, edfi_doc, changed_at) VALUES (8, gen_random_uuid(), 'ed-fi', 'classPeriods', '{}', '{}', '{}', now())");
        }
    }

    /** An enrollment, a school under its LEA and a student's contact, as the sink keeps them for relationship-based reads. */
    private static void insertRelationshipRows(Instance instance) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(instance.store()))) {
            connection.createStatement().execute("INSERT INTO enrollment VALUES (gen_random_uuid(), 'StudentSchoolAssociation', 'Student',"
                    + " 'Student:S1', 255901001)");
            connection.createStatement().execute("INSERT INTO education_organization_parent VALUES (gen_random_uuid(), 255901001, 255901)");
            connection.createStatement().execute("INSERT INTO person_link VALUES (gen_random_uuid(), 'Contact', 'Contact:C1', 'Student:S1')");
        }
    }

    private static void insertDocument(Instance instance) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(instance.store()))) {
            connection.createStatement().execute("INSERT INTO document (document_id, project, resource, resource_name, referential_id, identity,"
                    + " edfi_doc, etag, last_modified, change_version) VALUES (gen_random_uuid(), 'ed-fi', 'schools', 'School',"
                    + " gen_random_uuid(), '{}', '{}', '1', now(), 1)");
        }
    }

    private static int documents(Instance instance) throws SQLException {
        return count(instance.store().database(), "SELECT count(*) FROM " + instance.store().schema() + ".document");
    }

    private static boolean databaseExists(String database) throws SQLException {
        return count("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + database + "'") > 0;
    }

    private static boolean schemaExists(InstanceStore store) throws SQLException {
        return count(store.database(), "SELECT count(*) FROM pg_tables WHERE schemaname = '" + store.schema() + "' AND tablename = 'document'") > 0;
    }

    private static boolean slotExists(String slot) throws SQLException {
        return count("postgres", "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "'") > 0;
    }

    private static List<String> publishedSchemas(Instance instance) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(instance.store().database()));
                ResultSet rows = connection.createStatement().executeQuery("SELECT DISTINCT schemaname FROM pg_publication_tables WHERE pubname = '"
                        + connector(instance).slot() + "' ORDER BY schemaname")) {
            List<String> schemas = new ArrayList<>();
            while (rows.next()) {
                schemas.add(rows.getString(1));
            }
            return schemas;
        }
    }

    private static int count(String database, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(database)); ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
