package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.streams.KafkaStreams;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.processor.InstanceProcessor;
import org.edfi.dms.runtime.Node;
import org.edfi.dms.runtime.PostgresServer;
import org.edfi.dms.schema.ApiSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processor nodes, each started with the same settings (the default node id), serve one
 * instance together: one applies its commands, the other stands by in the same group to take over.
 * Neither may take the other's place in the group (a shared static member id fences the first).
 */
class ProcessorNodesTest {

    @TempDir
    Path dataDir;

    @Test
    void twoProcessorNodesWithTheDefaultNodeIdBothStayInTheInstancesGroup() throws Exception {
        ApiSchema schema = TestApi.dataStandard();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"));
                EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir.resolve("postgres"));
                Admin admin = kafka.admin()) {
            PostgresServer postgres = new PostgresServer("jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres?ssl=false", "postgres", "secret");
            try (Node api = Node.start(schema, Set.of(Node.Role.INGRESS, Node.Role.QUERY, Node.Role.SINK),
                    Node.Wiring.of(kafka.bootstrapServers(), postgres, dataDir.resolve("api"), "api-1", Duration.ofSeconds(10), TestApi.CLIENT), List.of());
                    Node first = processor(schema, kafka, postgres, dataDir.resolve("first"));
                    Node second = processor(schema, kafka, postgres, dataDir.resolve("second"))) {
                String group = InstanceProcessor.applicationId(InstanceId.DEFAULT);
                ConsumerGroupDescription description = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline) {
                    description = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
                    if (description.members().size() == 2) {
                        break;
                    }
                    Thread.sleep(200);
                }
                Thread.sleep(3_000); // a fenced member finds out at its next heartbeat
                description = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
                assertEquals(2, description.members().size(), "both nodes are members: " + description.members());
                assertEquals(2, description.members().stream().map(MemberDescription::groupInstanceId).distinct().count(),
                        "each under a member id of its own: " + description.members());
                for (Node node : List.of(first, second)) {
                    KafkaStreams.State state = node.processor(InstanceId.DEFAULT).orElseThrow().state();
                    assertTrue(state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING, "a processor was fenced: " + state);
                }
                new TestApi(api.port()).expect(201, "POST", "/data/ed-fi/gradeLevelDescriptors",
                        "{\"namespace\": \"uri://ed-fi.org/GradeLevelDescriptor\", \"codeValue\": \"Ninth grade\", \"shortDescription\": \"Ninth grade\"}");
            }
        }
    }

    /** A processor node as every one is started without a node id of its own: {@code node-id} is {@code local}. */
    private static Node processor(ApiSchema schema, EmbeddedKafka kafka, PostgresServer postgres, Path dir) throws Exception {
        return Node.start(schema, Set.of(Node.Role.PROCESSOR),
                Node.Wiring.of(kafka.bootstrapServers(), postgres, dir, "local", Duration.ofSeconds(10), TestApi.CLIENT), List.of());
    }
}
