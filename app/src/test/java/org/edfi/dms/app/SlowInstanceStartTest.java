package org.edfi.dms.app;

import static org.edfi.dms.app.EdFiBodies.student;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.processor.InstanceProcessor;
import org.edfi.dms.processor.IntegrityTopology;
import org.edfi.dms.processor.ProcessorConfig;
import org.edfi.dms.runtime.Node;
import org.edfi.dms.runtime.PostgresServer;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.validation.DocumentValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A processor node serves many instances, and one of them may take long before it processes (a
 * large state to restore, a group that waits for a node that died). The node must not wait for it,
 * let alone fail to start: the other instances serve, and /health tells each instance's state.
 */
class SlowInstanceStartTest {

    @TempDir
    Path dir;

    @Test
    void aNodeStartsAndServesTheOtherInstancesWhileOneIsNotReadyAndHealthSaysWhich() throws Exception {
        ApiSchema schema = TestApi.dataStandard();
        InstanceId slow = new InstanceId("slow", "default");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
                EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"))) {
            PostgresServer server = new PostgresServer("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/", "postgres", "");
            try (Node api = Node.start(schema, Set.of(Node.Role.INGRESS, Node.Role.QUERY, Node.Role.SINK),
                    Node.Wiring.of(kafka.bootstrapServers(), server, dir.resolve("api"), "api-1", Duration.ofSeconds(30), TestApi.CLIENT), List.of())) {
                TestApi http = new TestApi(api.port());
                http.expect(201, "POST", "/admin/instances", "{\"tenant\": \"slow\"}");

                // The slow instance's group still counts a processor that died (its session runs 4 minutes):
                // a new processor of it waits in the rebalance until that session is over.
                try (KafkaStreams died = processorThatDies(schema, slow, kafka.bootstrapServers(), dir.resolve("died"))) {
                    // It starts (after its wait for the processors) though the slow instance is not ready.
                    try (Node processor = Node.start(schema, Set.of(Node.Role.PROCESSOR),
                            Node.Wiring.of(kafka.bootstrapServers(), server, dir.resolve("processor"), "processor-1", Duration.ofSeconds(30),
                                    TestApi.CLIENT), List.of())) {
                        http.expect(201, "POST", "/default/data/ed-fi/students", student("604822"));

                        HttpResponse<String> health = TestApi.anonymous(processor.port()).send("GET", "/health", null);
                        assertEquals(200, health.statusCode(), "an instance that is not ready yet does not take the node out: " + health.body());
                        JsonNode body = MessageCodec.MAPPER.readTree(health.body());
                        assertEquals("Degraded", body.path("status").asText(), health.body());
                        assertEquals("ready", body.at("/instances/default.default").asText(), health.body());
                        assertEquals("starting", body.at("/instances/slow.default").asText(), health.body());
                    }
                }
            }
        }
    }

    /** A processor of the instance that took its task and stopped without leaving the group, as a killed one does. */
    private static KafkaStreams processorThatDies(ApiSchema schema, InstanceId instance, String bootstrapServers, Path stateDir) throws Exception {
        ProcessorConfig config = ProcessorConfig.defaults(bootstrapServers, stateDir);
        Properties props = InstanceProcessor.streamsProperties(instance, config);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), "a-node-that-died");
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 240_000);
        KafkaStreams streams = new KafkaStreams(IntegrityTopology.build(schema, DocumentValidator.forSchema(schema), new InstanceTopics(instance), config,
                Clock.systemUTC()), props);
        streams.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(KafkaStreams.State.RUNNING, streams.state());
        streams.close(); // a static member's close does not leave the group: its session has to run out
        return streams;
    }
}
