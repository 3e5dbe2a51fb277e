package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.processor.ProcessorConfig;
import org.edfi.dms.runtime.Node;
import org.edfi.dms.runtime.PostgresServer;
import org.edfi.dms.runtime.instances.PostgresServers;
import org.edfi.dms.schema.ApiSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a cluster of three brokers with {@code kafka.replication-factor=3}, every topic the system
 * creates (an instance's topics, the processor's changelogs, an API node's reply topic) has three
 * replicas and refuses a write that fewer than two of them hold: an acknowledged write survives
 * the loss of a broker. The documents topic keeps every change, so a store can be rebuilt from it.
 */
class ReplicationTest {

    @TempDir
    Path dir;

    @Test
    void everyTopicTheSystemCreatesIsReplicatedAsConfigured() throws Exception {
        ApiSchema schema = TestApi.dataStandard();
        try (KafkaCluster kafka = KafkaCluster.start(dir.resolve("kafka"), 3);
                EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("postgres"));
                Admin admin = kafka.admin()) {
            PostgresServer postgres = new PostgresServer("jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres?ssl=false", "postgres", "secret");
            Node.Wiring wiring = new Node.Wiring(kafka.bootstrapServers(), PostgresServers.of(postgres), "127.0.0.1", 0, dir.resolve("node"), "api-1",
                    Duration.ofSeconds(30), ProcessorConfig.DEFAULT_COMMIT_INTERVAL, Node.Routing.DEFAULT, (short) 3, 1, Optional.empty(),
                    Node.Security.DEFAULT.withDevelopmentClient(TestApi.CLIENT), Node.Observability.NONE);
            try (Node node = Node.start(schema, Node.all(), wiring, List.of())) {
                new TestApi(node.port()).expect(201, "POST", "/data/ed-fi/gradeLevelDescriptors",
                        "{\"namespace\": \"uri://ed-fi.org/GradeLevelDescriptor\", \"codeValue\": \"Ninth grade\", \"shortDescription\": \"Ninth grade\"}");

                Set<String> ours = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                        .filter(name -> !name.startsWith("__")).collect(Collectors.toSet());
                InstanceTopics topics = new InstanceTopics(InstanceId.DEFAULT);
                assertTrue(ours.containsAll(List.of(topics.commands(), topics.documents(), topics.results(), topics.changes(),
                        InstanceTopics.replies("api-1"))), "the instance's and the API node's topics: " + ours);
                assertTrue(ours.stream().anyMatch(name -> name.endsWith("-changelog")), "the processor's changelogs: " + ours);

                Map<String, TopicDescription> described = admin.describeTopics(ours).allTopicNames().get(30, TimeUnit.SECONDS);
                Map<ConfigResource, Config> configs = admin.describeConfigs(ours.stream()
                        .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList()).all().get(30, TimeUnit.SECONDS);
                Map<String, String> wrong = new TreeMap<>();
                for (String topic : ours) {
                    Set<Integer> replicas = described.get(topic).partitions().stream().map(p -> p.replicas().size()).collect(Collectors.toSet());
                    String minInSync = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic)).get("min.insync.replicas").value();
                    if (!replicas.equals(Set.of(3)) || !"2".equals(minInSync)) {
                        wrong.put(topic, "replicas " + replicas + ", min.insync.replicas " + minInSync);
                    }
                }
                assertEquals(Map.of(), wrong, "topics not replicated as configured");

                Config documents = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topics.documents()));
                assertEquals("-1", documents.get("retention.ms").value(), "the documents topic keeps every change, to rebuild a store from");
                assertEquals("-1", documents.get("retention.bytes").value());
            }
        }
    }
}
