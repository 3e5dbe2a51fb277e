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
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.contracts.Replication;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.processor.ProcessorConfig;
import org.edfi.dms.runtime.Node;
import org.edfi.dms.runtime.PostgresServer;
import org.edfi.dms.runtime.instances.PostgresServers;
import org.edfi.dms.runtime.instances.TopicReplication;
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
            try (Node node = Node.start(schema, Node.all(), wiring(kafka, server, (short) 3), List.of())) {
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

    /**
     * Topics made while the factor was 1 keep one replica when the setting is raised (Kafka adds
     * none on its own): the node names them at start, for the operator to reassign, and gives a
     * topic that has its replicas again the {@code min.insync.replicas} that goes with them.
     */
    @Test
    void topicsMadeBeforeTheFactorWasRaisedAreNamedAndAlignedOnceReassigned() throws Exception {
        ApiSchema schema = TestApi.dataStandard();
        try (KafkaCluster kafka = KafkaCluster.start(dir.resolve("kafka"), 3);
                EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("postgres"));
                Admin admin = kafka.admin()) {
            try (Node node = Node.start(schema, Node.all(), wiring(kafka, server, (short) 1), List.of())) {
                new TestApi(node.port()).expect(201, "POST", "/data/ed-fi/gradeLevelDescriptors",
                        "{\"namespace\": \"uri://ed-fi.org/GradeLevelDescriptor\", \"codeValue\": \"Ninth grade\", \"shortDescription\": \"Ninth grade\"}");
            }
            String documents = new InstanceTopics(InstanceId.DEFAULT).documents();
            List<TopicReplication.UnderReplicated> lacking = new TopicReplication(admin, new Replication((short) 3)).align();
            assertTrue(lacking.contains(new TopicReplication.UnderReplicated(documents, 1, 3)), "named: " + lacking);
            assertTrue(lacking.stream().anyMatch(topic -> topic.topic().endsWith("-changelog")), "the changelogs too: " + lacking);
            assertEquals("1", minInSync(admin, documents), "one replica: two in sync would refuse every write");

            // The operator adds the replicas (kafka-reassign-partitions.sh does this), then the node starts with factor 3.
            List<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(org.apache.kafka.common.Node::id).toList();
            admin.alterPartitionReassignments(Map.of(new TopicPartition(documents, 0), Optional.of(new NewPartitionReassignment(brokers))))
                    .all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (admin.describeTopics(List.of(documents)).allTopicNames().get(30, TimeUnit.SECONDS).get(documents).partitions().getFirst()
                    .replicas().size() < 3 || !admin.listPartitionReassignments().reassignments().get(30, TimeUnit.SECONDS).isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "reassigned within 60 s");
                Thread.sleep(200);
            }
            try (Node node = Node.start(schema, Node.all(), wiring(kafka, server, (short) 3), List.of())) {
                assertEquals("2", minInSync(admin, documents), "a reassigned topic refuses a write fewer than two replicas hold");
                assertEquals("1", minInSync(admin, new InstanceTopics(InstanceId.DEFAULT).commands()), "a topic still on one replica is left as it is");
                new TestApi(node.port()).expect(200, "GET", "/data/ed-fi/gradeLevelDescriptors?codeValue=Ninth%20grade", null);
            }
        }
    }

    private Node.Wiring wiring(KafkaCluster kafka, EmbeddedPostgresServer server, short replicationFactor) {
        PostgresServer postgres = new PostgresServer("jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres?ssl=false", "postgres", "secret");
        return new Node.Wiring(kafka.bootstrapServers(), PostgresServers.of(postgres), "127.0.0.1", 0, dir.resolve("node"), "api-1",
                Duration.ofSeconds(30), ProcessorConfig.DEFAULT_COMMIT_INTERVAL, Node.Routing.DEFAULT, replicationFactor, 1, Optional.empty(),
                Node.Security.DEFAULT.withDevelopmentClient(TestApi.CLIENT), Node.Observability.NONE);
    }

    private static String minInSync(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource).get("min.insync.replicas").value();
    }
}
