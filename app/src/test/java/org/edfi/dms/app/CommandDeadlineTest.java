package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.edfi.dms.schema.ApiSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write the API answered with 504 (no outcome in time) must not be applied later: the client was
 * told it may repeat it, maybe under other claims, and a processor that comes back hours later must
 * not write it after all. The ingress gives each command a deadline, the moment it stops waiting;
 * the processor refuses a command it reaches after that.
 */
class CommandDeadlineTest {

    private static final String NINTH = """
            {"namespace": "uri://ed-fi.org/GradeLevelDescriptor", "codeValue": "Ninth grade", "shortDescription": "Ninth grade"}""";
    private static final String TENTH = """
            {"namespace": "uri://ed-fi.org/GradeLevelDescriptor", "codeValue": "Tenth grade", "shortDescription": "Tenth grade"}""";

    @TempDir
    Path dataDir;

    @Test
    void aWriteAnsweredWith504IsNotAppliedByAProcessorThatStartsAfterItsDeadline() throws Exception {
        ApiSchema schema = TestApi.dataStandard();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"));
                EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir.resolve("postgres"))) {
            PostgresServer postgres = new PostgresServer("jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres?ssl=false", "postgres", "secret");
            try (Node api = Node.start(schema, Set.of(Node.Role.INGRESS, Node.Role.QUERY),
                    Node.Wiring.of(kafka.bootstrapServers(), postgres, dataDir.resolve("api"), "api-1", Duration.ofSeconds(3), TestApi.CLIENT), List.of())) {
                TestApi http = new TestApi(api.port());
                http.expect(504, "POST", "/data/ed-fi/gradeLevelDescriptors", NINTH); // no processor runs: the command waits in its topic

                try (Node processor = node(schema, Node.Role.PROCESSOR, kafka, postgres, dataDir.resolve("processor"));
                        Node sink = node(schema, Node.Role.SINK, kafka, postgres, dataDir.resolve("sink"))) {
                    // Commands are applied in order: once the later one is answered, the earlier one was handled.
                    http.expect(201, "POST", "/data/ed-fi/gradeLevelDescriptors", TENTH);
                    HttpResponse<String> stored = http.expect(200, "GET", "/data/ed-fi/gradeLevelDescriptors", null);
                    assertTrue(stored.body().contains("Tenth grade"), stored.body());
                    assertFalse(stored.body().contains("Ninth grade"), "the write past its deadline was not applied: " + stored.body());
                }
            }
        }
    }

    private static Node node(ApiSchema schema, Node.Role role, EmbeddedKafka kafka, PostgresServer postgres, Path dir) throws Exception {
        return Node.start(schema, Set.of(role), Node.Wiring.of(kafka.bootstrapServers(), postgres, dir, "local", Duration.ofSeconds(10), TestApi.CLIENT), List.of());
    }
}
