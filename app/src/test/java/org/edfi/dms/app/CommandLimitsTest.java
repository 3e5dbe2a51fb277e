package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.runtime.Node;
import org.edfi.dms.runtime.PostgresServer;
import org.edfi.dms.schema.ApiSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One command cannot halt an instance: a write too large for Kafka is answered 413 and changes
 * nothing, and the instance serves the next write. Too large for the ingress's command (over
 * {@code kafka.max-message-bytes}) is refused before anything is sent; too large for what the
 * broker takes on the documents topic (a topic whose {@code max.message.bytes} is below the
 * setting) fails the processor's transaction once, and the thread that replaces the failed one
 * answers the command 413 instead of trying it forever.
 */
class CommandLimitsTest {

    @TempDir
    Path dir;

    /**
     * A valid education content with {@code authors} authors of about 100 bytes each. Authors are
     * free strings that identify their item, so a long list of distinct ones is a valid document.
     */
    private static String contentWithAuthors(String id, int authors) {
        StringBuilder body = new StringBuilder("{\"contentIdentifier\": \"" + id + "\", \"namespace\": \"uri://ed-fi.org\", \"authors\": [");
        for (int i = 0; i < authors; i++) {
            body.append(i == 0 ? "" : ", ").append("{\"author\": \"")
                    .append(String.format("Author %06d of a long list of contributors that a careless system keeps on and on and", i))
                    .append("\"}");
        }
        return body.append("]}").toString();
    }

    @Test
    void aWriteTooLargeForKafkaIsAnswered413AndTheInstanceServesTheNextWrite() throws Exception {
        ApiSchema schema = TestApi.dataStandard();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
                EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("postgres"))) {
            PostgresServer postgres = new PostgresServer("jdbc:postgresql://127.0.0.1:" + server.port() + "/", "postgres", "");
            try (Node node = Node.start(schema, Node.all(),
                    Node.Wiring.of(kafka.bootstrapServers(), postgres, dir.resolve("node"), "local", Duration.ofSeconds(30), TestApi.CLIENT), List.of())) {
                TestApi api = new TestApi(node.port());
                // Over the setting (1 MiB, Kafka's default): refused at the ingress.
                HttpResponse<String> huge = api.send("POST", "/data/ed-fi/educationContents", contentWithAuthors("C-HUGE", 12_000));
                assertEquals(413, huge.statusCode(), huge.body());
                assertEquals(Problem.PAYLOAD_TOO_LARGE, MessageCodec.MAPPER.readTree(huge.body()).path("type").asText());

                // Within the setting, but over what the documents topic takes: the broker refuses the processor's envelope.
                try (Admin admin = kafka.admin()) {
                    ConfigResource documents = new ConfigResource(ConfigResource.Type.TOPIC, new InstanceTopics(InstanceId.DEFAULT).documents());
                    admin.incrementalAlterConfigs(Map.of(documents, List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "65536"),
                            AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
                }
                HttpResponse<String> large = api.send("POST", "/data/ed-fi/educationContents", contentWithAuthors("C-LARGE", 1_000));
                assertEquals(413, large.statusCode(), large.body());
                JsonNode problem = MessageCodec.MAPPER.readTree(large.body());
                assertEquals(Problem.PAYLOAD_TOO_LARGE, problem.path("type").asText());

                // The instance goes on: the next write is applied, and readable.
                api.expect(201, "POST", "/data/ed-fi/educationContents", contentWithAuthors("C-NEXT", 3));
                JsonNode next = MessageCodec.MAPPER.readTree(api.expect(200, "GET", "/data/ed-fi/educationContents?contentIdentifier=C-NEXT", null).body());
                assertEquals(1, next.size());
                JsonNode none = MessageCodec.MAPPER.readTree(api.expect(200, "GET", "/data/ed-fi/educationContents?contentIdentifier=C-LARGE", null).body());
                assertEquals(0, none.size(), "nothing of the refused write was stored");
            }
        }
    }
}
