package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceStore;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.embedded.EmbeddedConnect;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.migrations.SchemaMigration;
import org.edfi.dms.runtime.Databases;
import org.edfi.dms.runtime.PostgresServer;
import org.edfi.dms.sink.StoreSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production way to turn CDC on: {@code dms connector register} against a Kafka Connect REST API
 * (here the embedded worker's, which is Kafka Connect's own), then a row the sink would write
 * reaches the analytics topic. Registering again updates the same connector.
 */
class ConnectorRegisterTest {

    @TempDir
    Path dataDir;

    @Test
    void registerPutsTheConnectorIntoKafkaConnectAndChangesFlow() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"));
                EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir.resolve("postgres"));
                EmbeddedConnect connect = EmbeddedConnect.start(kafka.bootstrapServers(), dataDir.resolve("connect"))) {
            String postgresUrl = "jdbc:postgresql://127.0.0.1:" + server.port() + "/";
            PostgresServer postgres = new PostgresServer(postgresUrl, "postgres", "");
            postgres.ensureDatabase("dms_default_default");
            try (var pool = Databases.pool(postgres.jdbcUrl(InstanceStore.ownDatabase(InstanceId.DEFAULT)), "test", SchemaMigration.CONNECTIONS)) {
                StoreSchema.migrate(pool);
            }
            List<String> register = List.of("connector", "register", "--connect-url", connect.restUrl(),
                    "--postgres-url", postgresUrl, "--postgres-user", "postgres", "--postgres-password", "any");

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int status = new Main(Path.of(".."), Map.of()).run(register, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
            assertEquals(0, status);
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("connector dms-cdc.default.default created"), out.toString(StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!connect.isRunning() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(connect.isRunning(), "connector and task running");

            String id = UUID.randomUUID().toString();
            try (Connection db = DriverManager.getConnection(postgres.jdbcUrl("dms_default_default"));
                    Statement insert = db.createStatement()) {
                insert.execute("INSERT INTO dms.document (document_id, project, resource, resource_name, referential_id, identity, edfi_doc,"
                        + " etag, last_modified, change_version) VALUES ('" + id + "', 'ed-fi', 'students', 'Student', '" + UUID.randomUUID()
                        + "', '{}', '{\"studentUniqueId\": \"604822\"}', '\"1\"', now(), 1)");
            }
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "t-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("edfi.default.default.documents"));
                ConsumerRecord<String, String> change = null;
                while (change == null && System.nanoTime() < deadline + Duration.ofSeconds(30).toNanos()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        change = record;
                    }
                }
                assertEquals(id, change == null ? null : change.key());
                JsonNode value = MessageCodec.MAPPER.readTree(change.value());
                assertEquals("604822", value.get("document").get("studentUniqueId").asText());
            }

            out.reset();
            assertEquals(0, new Main(Path.of(".."), Map.of()).run(register, new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("updated"), "registering again is safe: " + out);
        }
    }

    /**
     * Connect's REST API shows a connector's configuration to whoever reaches it. Given
     * {@code connect.postgres-password}, a config provider reference the worker resolves, the
     * registered configuration holds the reference, never the password.
     */
    @Test
    void aRegisteredConnectorWithAPasswordReferenceShowsNoPassword() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"));
                EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir.resolve("postgres"));
                EmbeddedConnect connect = EmbeddedConnect.start(kafka.bootstrapServers(), dataDir.resolve("connect"))) {
            String postgresUrl = "jdbc:postgresql://127.0.0.1:" + server.port() + "/";
            PostgresServer postgres = new PostgresServer(postgresUrl, "postgres", "");
            postgres.ensureDatabase("dms_default_default");
            try (var pool = Databases.pool(postgres.jdbcUrl(InstanceStore.ownDatabase(InstanceId.DEFAULT)), "test", SchemaMigration.CONNECTIONS)) {
                StoreSchema.migrate(pool);
            }
            String password = "s3cret-" + UUID.randomUUID();
            java.nio.file.Path secrets = java.nio.file.Files.writeString(dataDir.resolve("postgres-secret.properties"), "password=" + password + "\n");
            String reference = "${file:" + secrets + ":password}";

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int status = new Main(Path.of(".."), Map.of()).run(List.of("connector", "register", "--connect-url", connect.restUrl(),
                    "--postgres-url", postgresUrl, "--postgres-user", "postgres", "--postgres-password", password,
                    "--connect-postgres-password", reference), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
            assertEquals(0, status, out.toString(StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!connect.isRunning() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(connect.isRunning(), "the worker resolved the reference and runs the connector");

            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            for (String path : List.of("/connectors/dms-cdc.default.default/config", "/connectors/dms-cdc.default.default",
                    "/connectors/dms-cdc.default.default/tasks")) {
                String shown = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(connect.restUrl() + path)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                assertTrue(!shown.contains(password), path + " shows the password: " + shown);
                assertTrue(shown.contains(reference), path + " shows the reference: " + shown);
            }
        }
    }
}
