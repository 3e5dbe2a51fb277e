package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.embedded.EmbeddedConnect;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.runtime.Node;
import org.edfi.dms.runtime.PostgresServer;
import org.edfi.dms.runtime.instances.KafkaConnectClient;
import org.edfi.dms.runtime.instances.PostgresServers;
import org.edfi.dms.security.ConfiguredClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three tenants with two instances each, routed by {@code /{tenant}/{districtId}/{schoolYear}/data/...},
 * on two PostgreSQL servers, created through the admin API with real provisioning (databases,
 * topics, Debezium connectors): what one instance is given is never seen through another, and
 * purging or deleting one leaves the others as they were. Two tenants give each instance a
 * database of its own; the third keeps its instances as schemas of one shared database, with one
 * connector for both.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstanceIsolationTest {

    @TempDir
    static Path dir;

    private static EmbeddedKafka kafka;
    private static EmbeddedPostgresServer first;
    private static EmbeddedPostgresServer second;
    private static EmbeddedConnect connect;
    private static Node node;
    private static TestApi api;

    private static final String A_2024 = "/district-a/255901/2024";
    private static final String A_2025 = "/district-a/255901/2025";
    private static final String B_2024 = "/district-b/255902/2024";
    private static final String B_2025 = "/district-b/255902/2025";
    private static final String S_2024 = "/district-s/255903/2024";
    private static final String S_2025 = "/district-s/255903/2025";
    private static final List<String> ROUTES = List.of(A_2024, A_2025, B_2024, B_2025, S_2024, S_2025);

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        first = EmbeddedPostgresServer.start(dir.resolve("pg1"));
        second = EmbeddedPostgresServer.start(dir.resolve("pg2"));
        connect = EmbeddedConnect.start(kafka.bootstrapServers(), dir.resolve("connect"));
        PostgresServers servers = new PostgresServers(Map.of(
                "main", server(first),
                "second", server(second)));
        node = Node.start(TestApi.dataStandard(), Node.all(), new Node.Wiring(kafka.bootstrapServers(), servers, "127.0.0.1", 0, dir,
                "isolation", Duration.ofSeconds(20), Duration.ofMillis(5), new Node.Routing(true, List.of("districtId", "schoolYear")),
                (short) 1, 1, Optional.of(new KafkaConnectClient(connect.restUrl())), Node.Security.DEFAULT.withDevelopmentClient(TestApi.CLIENT),
                Node.Observability.NONE), List.of());
        api = new TestApi(node.port());
    }

    private static PostgresServer server(EmbeddedPostgresServer embedded) {
        return new PostgresServer("jdbc:postgresql://127.0.0.1:" + embedded.port() + "/", "postgres", "");
    }

    @AfterAll
    static void stop() {
        Node.closeAll(List.of(node, connect, second, first, kafka));
    }

    @Test
    @Order(1)
    void instancesAreCreatedThroughTheAdminApiOnTheServerAsked() throws Exception {
        create("district-a", "255901", "2024", "main", "database");
        create("district-a", "255901", "2025", "second", "database");
        create("district-b", "255902", "2024", "second", "database");
        create("district-b", "255902", "2025", "main", "database");
        create("district-s", "255903", "2024", "main", "schema");
        create("district-s", "255903", "2025", "main", "schema");
        // The development client reaches the default instance only: these six need a client of their own.
        api = new TestApi(node.port(), clientOf(List.of("district-a/255901-2024", "district-a/255901-2025", "district-b/255902-2024",
                "district-b/255902-2025", "district-s/255903-2024", "district-s/255903-2025")));
        HttpResponse<String> again = api.send("POST", "/admin/instances", request("district-a", "255901", "2024", "main", "database"));
        assertEquals(200, again.statusCode(), "creating the same instance again is a no-op: " + again.body());

        JsonNode list = MessageCodec.MAPPER.readTree(api.expect(200, "GET", "/admin/instances", null).body());
        assertEquals(6, list.size(), list.toString());
        assertTrue(databaseExists(first, "dms_district_a_255901_2024"));
        assertTrue(databaseExists(second, "dms_district_a_255901_2025"));
        assertTrue(!databaseExists(first, "dms_district_a_255901_2025"), "an instance lives on its own server only");
        assertTrue(databaseExists(first, "dms-district-s"), "schema-mode instances share their tenant's database");
        assertTrue(!databaseExists(first, "dms_district_s_255903_2024"));
        assertEquals(List.of("dms_255903_2024", "dms_255903_2025"), schemas(first, "dms-district-s"));
    }

    @Test
    @Order(2)
    void aWriteThroughOneRouteIsSeenThroughItAloneAndTheSameKeyMakesIndependentDocuments() throws Exception {
        List<String> ids = new ArrayList<>();
        for (String route : ROUTES) {
            ids.add(TestApi.idOf(api.expect(201, "POST", route + "/data/ed-fi/gradeLevelDescriptors", gradeLevel("Ninth grade"))));
        }
        assertEquals(ROUTES.size(), Set.copyOf(ids).size(), "the same natural key is a separate document in each instance");
        api.expect(201, "POST", A_2024 + "/data/ed-fi/gradeLevelDescriptors", gradeLevel("Tenth grade"));

        assertEquals(2, count(A_2024));
        assertEquals(1, count(A_2025));
        assertEquals(1, count(B_2024));
        assertEquals(1, count(B_2025));
        assertEquals(1, count(S_2024));
        assertEquals(1, count(S_2025));
        api.expect(404, "GET", A_2025 + "/data/ed-fi/gradeLevelDescriptors/" + ids.get(0), null);
        api.expect(200, "GET", A_2024 + "/data/ed-fi/gradeLevelDescriptors/" + ids.get(0), null);
        assertEquals(2, rows(first, id("district-a", "255901-2024")));
        assertEquals(1, rows(second, id("district-a", "255901-2025")));

        assertEquals(2, changes(id("district-a", "255901-2024"), 2).size(), "the analytics topic holds the instance's own changes");
        assertEquals(1, changes(id("district-b", "255902-2025"), 1).size());
        assertEquals(List.of(ids.get(4)), changes(id("district-s", "255903-2024"), 1), "one shared connector, a topic per instance");
        assertEquals(List.of(ids.get(5)), changes(id("district-s", "255903-2025"), 1));
        assertEquals(1, rows(first, "dms-district-s", "dms_255903_2024"));
    }

    @Test
    @Order(3)
    void aRouteThatNamesNoInstanceIs404AndTheUnprefixedRoutesNeedASingleInstance() throws Exception {
        HttpResponse<String> unknown = api.send("GET", "/district-c/1/2024/data/ed-fi/gradeLevelDescriptors", null);
        assertEquals(404, unknown.statusCode());
        assertEquals("application/problem+json", unknown.headers().firstValue("Content-Type").orElseThrow());
        api.expect(404, "POST", "/data/ed-fi/gradeLevelDescriptors", gradeLevel("Eleventh grade"));
        api.expect(404, "GET", "/district-c/1/2024/metadata", null);
        JsonNode discovery = MessageCodec.MAPPER.readTree(api.expect(200, "GET", A_2025 + "/", null).body());
        assertTrue(discovery.path("urls").path("dataManagementApi").asText().endsWith(A_2025 + "/data"), discovery.toString());
    }

    @Test
    @Order(4)
    void purgingAnInstanceEmptiesItAloneAndLeavesItUsable() throws Exception {
        api.expect(200, "POST", "/admin/instances/district-a/255901-2024/purge", null);

        assertEquals(0, count(A_2024));
        assertEquals(0, rows(first, id("district-a", "255901-2024")));
        assertEquals(1, count(A_2025));
        assertEquals(1, count(B_2024));
        assertEquals(1, count(B_2025));

        String again = TestApi.idOf(api.expect(201, "POST", A_2024 + "/data/ed-fi/gradeLevelDescriptors", gradeLevel("Ninth grade")));
        assertEquals(1, count(A_2024));
        assertEquals(List.of(again), changes(id("district-a", "255901-2024"), 1),
                "after a purge the analytics topic starts again with the new document");
    }

    @Test
    @Order(5)
    void purgingASchemaModeInstanceLeavesItsNeighbourInTheSharedDatabaseAsItWas() throws Exception {
        api.expect(200, "POST", "/admin/instances/district-s/255903-2024/purge", null);

        assertEquals(0, count(S_2024));
        assertEquals(0, rows(first, "dms-district-s", "dms_255903_2024"));
        assertEquals(1, count(S_2025));
        assertEquals(1, rows(first, "dms-district-s", "dms_255903_2025"));

        String again = TestApi.idOf(api.expect(201, "POST", S_2024 + "/data/ed-fi/gradeLevelDescriptors", gradeLevel("Ninth grade")));
        String neighbour = TestApi.idOf(api.expect(201, "POST", S_2025 + "/data/ed-fi/gradeLevelDescriptors", gradeLevel("Tenth grade")));
        assertEquals(List.of(again), changes(id("district-s", "255903-2024"), 1), "the shared connector goes on publishing the purged instance");
        assertEquals(2, changes(id("district-s", "255903-2025"), 2).size(), "and its neighbour: " + neighbour);
    }

    @Test
    @Order(6)
    void deletingAnInstanceRemovesItsRouteAndDatabaseOrSchema() throws Exception {
        api.expect(204, "DELETE", "/admin/instances/district-b/255902-2024", null);
        api.expect(204, "DELETE", "/admin/instances/district-s/255903-2024", null);

        api.expect(404, "GET", B_2024 + "/data/ed-fi/gradeLevelDescriptors", null);
        assertTrue(!databaseExists(second, "dms_district_b_255902_2024"));
        assertEquals(List.of("dms_255903_2025"), schemas(first, "dms-district-s"));
        assertEquals(1, count(B_2025));
        assertEquals(1, count(A_2025));
        assertEquals(2, count(S_2025));
    }

    /** A new full-access client of these instances, made through the admin API. */
    private static ConfiguredClients.Credentials clientOf(List<String> instances) throws Exception {
        api.expect(201, "POST", "/admin/vendors", "{\"name\": \"Isolation\", \"namespacePrefixes\": [\"uri://ed-fi.org\"]}");
        api.expect(201, "POST", "/admin/applications", "{\"vendor\": \"Isolation\", \"name\": \"Every instance\", \"claimSet\": \"full-access\"}");
        JsonNode client = MessageCodec.MAPPER.readTree(api.expect(201, "POST", "/admin/clients",
                "{\"vendor\": \"Isolation\", \"application\": \"Every instance\", \"instances\": " + MessageCodec.encodeToString(instances) + "}").body());
        return new ConfiguredClients.Credentials(client.path("clientId").asText(), client.path("clientSecret").asText());
    }

    private static void create(String tenant, String districtId, String schoolYear, String server, String mode) throws Exception {
        HttpResponse<String> created = api.expect(201, "POST", "/admin/instances", request(tenant, districtId, schoolYear, server, mode));
        JsonNode instance = MessageCodec.MAPPER.readTree(created.body());
        assertEquals("ready", instance.path("state").asText(), created.body());
        assertEquals(server, instance.path("server").asText(), created.body());
        assertEquals(mode, instance.path("mode").asText(), created.body());
    }

    private static String request(String tenant, String districtId, String schoolYear, String server, String mode) {
        return "{\"tenant\": \"" + tenant + "\", \"context\": {\"districtId\": \"" + districtId + "\", \"schoolYear\": \"" + schoolYear
                + "\"}, \"server\": \"" + server + "\", \"mode\": \"" + mode + "\"}";
    }

    private static InstanceId id(String tenant, String name) {
        return new InstanceId(tenant, name);
    }

    private static String gradeLevel(String code) {
        return "{\"namespace\": \"uri://ed-fi.org/GradeLevelDescriptor\", \"codeValue\": \"" + code + "\", \"shortDescription\": \"" + code + "\"}";
    }

    private static int count(String route) throws Exception {
        HttpResponse<String> page = api.expect(200, "GET", route + "/data/ed-fi/gradeLevelDescriptors?totalCount=true", null);
        return Integer.parseInt(page.headers().firstValue("Total-Count").orElseThrow());
    }

    private static boolean databaseExists(EmbeddedPostgresServer server, String database) throws Exception {
        try (Connection connection = DriverManager.getConnection(server(server).jdbcUrl("postgres"));
                ResultSet found = connection.createStatement().executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
            return found.next();
        }
    }

    /** The instance schemas of a shared database. */
    private static List<String> schemas(EmbeddedPostgresServer server, String database) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(server(server).jdbcUrl(database));
                ResultSet found = connection.createStatement().executeQuery(
                        "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'dms\\_%' ORDER BY nspname")) {
            while (found.next()) {
                names.add(found.getString(1));
            }
        }
        return names;
    }

    private static int rows(EmbeddedPostgresServer server, InstanceId instance) throws Exception {
        return rows(server, "dms_" + instance.tenant().replace('-', '_') + "_" + instance.instance().replace('-', '_'), "dms");
    }

    private static int rows(EmbeddedPostgresServer server, String database, String schema) throws Exception {
        try (Connection connection = DriverManager.getConnection(server(server).jdbcUrl(database));
                ResultSet count = connection.createStatement().executeQuery("SELECT count(*) FROM " + schema + ".document")) {
            count.next();
            return count.getInt(1);
        }
    }

    /** The ids of the documents on an instance's analytics topic, once {@code expected} have arrived (and a moment more for any extra). */
    private static List<String> changes(InstanceId instance, int expected) throws Exception {
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "isolation-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(new InstanceTopics(instance).changes()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long settle = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settle)) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        assertTrue(!MessageCodec.MAPPER.readTree(record.value()).path("deleted").asBoolean(), record.value());
                        ids.add(record.key());
                    }
                }
                if (ids.size() >= expected && settle == Long.MAX_VALUE) {
                    settle = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
        }
        assertEquals(expected, ids.size(), "changes of " + instance + ": " + ids);
        return ids;
    }
}
