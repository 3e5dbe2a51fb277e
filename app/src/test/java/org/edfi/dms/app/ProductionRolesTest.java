package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.runtime.Node;
import org.edfi.dms.runtime.PostgresServer;
import org.edfi.dms.runtime.instances.InstanceParts;
import org.edfi.dms.schema.ApiSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production shape: processor, sink and API as separate nodes that share nothing but Kafka and
 * a PostgreSQL server (with a password, as a real one has). A write through the API node is
 * committed by the processor node, stored by the sink node and read back through the API node.
 */
class ProductionRolesTest {

    @TempDir
    Path dataDir;

    @Test
    void separateRolesServeTheApiTogether() throws Exception {
        ApiSchema schema = TestApi.dataStandard();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"));
                EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir.resolve("postgres"))) {
            PostgresServer postgres = new PostgresServer("jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres?ssl=false", "postgres", "secret");
            try (Node processor = node(schema, Node.Role.PROCESSOR, kafka, postgres, dataDir.resolve("p"));
                    Node sink = node(schema, Node.Role.SINK, kafka, postgres, dataDir.resolve("s"));
                    Node api = Node.start(schema, Set.of(Node.Role.INGRESS, Node.Role.QUERY),
                            Node.Wiring.of(kafka.bootstrapServers(), postgres, dataDir.resolve("a"), "api-1", Duration.ofSeconds(10), TestApi.CLIENT), List.of())) {
                TestApi http = new TestApi(api.port());
                HttpResponse<String> created = http.expect(201, "POST", "/data/ed-fi/gradeLevelDescriptors",
                        "{\"namespace\": \"uri://ed-fi.org/GradeLevelDescriptor\", \"codeValue\": \"Ninth grade\", \"shortDescription\": \"Ninth grade\"}");

                http.expect(200, "GET", created.headers().firstValue("Location").orElseThrow(), null);
                http.expect(200, "GET", "/health", null);

                // The processor and the sink serve their own health and meters, and no API.
                TestApi processorHttp = TestApi.anonymous(processor.port());
                processorHttp.expect(200, "GET", "/health", null);
                processorHttp.expect(404, "GET", "/data/ed-fi/gradeLevelDescriptors", null);
                assertTrue(processorHttp.sample("dms_processor_commands_total", "instance=\"default.default\"", "type=\"upsert\"", "status=\"201\"") >= 1,
                        "the processor counted the create");
                assertTrue(processorHttp.sample("kafka_consumer_fetch_manager_records_lag_max", "instance=\"default.default\"", "StreamThread") >= 0,
                        "the processor's command lag is measured");
                TestApi sinkHttp = TestApi.anonymous(sink.port());
                assertTrue(sinkHttp.sample(InstanceParts.APPLIED.replace('.', '_'), "instance=\"default.default\"") >= 1, "the sink applied it");
                assertTrue(sinkHttp.sample("kafka_consumer_fetch_manager_records_lag_max", "instance=\"default.default\"") >= 0,
                        "the sink's lag is measured");
                TestApi apiHttp = TestApi.anonymous(api.port());
                assertTrue(apiHttp.sample("http_server_requests_seconds_count", "family=\"data\"", "method=\"POST\"", "status=\"201\"") >= 1,
                        "the API timed the request");
                assertTrue(apiHttp.sample("dms_visibility_wait_seconds_count", "instance=\"default.default\"", "visible=\"true\"") >= 1,
                        "the write waited until it was visible");
                assertTrue(apiHttp.sample("jvm_memory_used_bytes") > 0);
            }
        }
    }

    private static Node node(ApiSchema schema, Node.Role role, EmbeddedKafka kafka, PostgresServer postgres, Path dir) throws Exception {
        return Node.start(schema, Set.of(role), Node.Wiring.of(kafka.bootstrapServers(), postgres, dir, "unused", Duration.ofSeconds(10), TestApi.CLIENT), List.of());
    }
}
