package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
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
                assertEquals(-1, processor.port(), "only API roles listen");
                TestApi http = new TestApi(api.port());
                HttpResponse<String> created = http.expect(201, "POST", "/data/ed-fi/gradeLevelDescriptors",
                        "{\"namespace\": \"uri://ed-fi.org/GradeLevelDescriptor\", \"codeValue\": \"Ninth grade\", \"shortDescription\": \"Ninth grade\"}");

                http.expect(200, "GET", created.headers().firstValue("Location").orElseThrow(), null);
                http.expect(200, "GET", "/health", null);
            }
        }
    }

    private static Node node(ApiSchema schema, Node.Role role, EmbeddedKafka kafka, PostgresServer postgres, Path dir) throws Exception {
        return Node.start(schema, Set.of(role), Node.Wiring.of(kafka.bootstrapServers(), postgres, dir, "unused", Duration.ofSeconds(10), TestApi.CLIENT), List.of());
    }
}
