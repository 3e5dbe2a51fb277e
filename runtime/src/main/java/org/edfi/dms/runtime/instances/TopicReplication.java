package org.edfi.dms.runtime.instances;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.edfi.dms.contracts.Replication;

/**
 * Brings the topics the system made earlier to the replication the node is configured with. A topic
 * is created with {@code kafka.replication-factor} and its {@code min.insync.replicas}, but a topic
 * made before the setting was raised keeps what it had: Kafka changes neither on its own. What
 * needs no data to move is done here: a topic that already has the replicas gets the
 * {@code min.insync.replicas} that goes with them. Adding replicas moves data between brokers,
 * which is the operator's to decide ({@code kafka-reassign-partitions.sh}): such topics are
 * returned, to be reported.
 */
public final class TopicReplication {

    /** The prefixes of every topic the system creates: instance and reply topics, the processors' internal topics. */
    private static final List<String> SYSTEM_PREFIXES = List.of("dms.", "dms-processor.");
    private static final String MIN_IN_SYNC = "min.insync.replicas";

    /** A topic with fewer replicas than the setting asks for. */
    public record UnderReplicated(String topic, int replicas, int wanted) {
        @Override
        public String toString() {
            return topic + " (" + replicas + " of " + wanted + ")";
        }
    }

    private final Admin kafka;
    private final Replication replication;

    public TopicReplication(Admin kafka, Replication replication) {
        this.kafka = kafka;
        this.replication = replication;
    }

    /** Aligns every topic of the system; returns those that lack replicas, by name. */
    public List<UnderReplicated> align() {
        if (replication.factor() <= 1) {
            return List.of(); // one replica is never short, and wants no min.insync.replicas; -1 leaves both to the brokers
        }
        try {
            List<String> ours = kafka.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(name -> SYSTEM_PREFIXES.stream().anyMatch(name::startsWith)).sorted().toList();
            return align(ours);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not list the topics to check their replication: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Could not list the topics to check their replication within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking the replication of topics", e);
        }
    }

    private List<UnderReplicated> align(Collection<String> topics) throws ExecutionException, TimeoutException, InterruptedException {
        if (topics.isEmpty()) {
            return List.of();
        }
        Map<String, TopicDescription> described = kafka.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
        Map<ConfigResource, Config> configs = kafka.describeConfigs(topics.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList()).all().get(30, TimeUnit.SECONDS);
        List<UnderReplicated> lacking = new ArrayList<>();
        Map<ConfigResource, Collection<AlterConfigOp>> raise = new HashMap<>();
        for (String topic : topics) {
            int replicas = described.get(topic).partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
            if (replicas < replication.factor()) {
                lacking.add(new UnderReplicated(topic, replicas, replication.factor()));
                continue; // two in sync of one replica would refuse every write
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            ConfigEntry minInSync = configs.get(resource).get(MIN_IN_SYNC);
            int now = minInSync == null ? 1 : Integer.parseInt(minInSync.value());
            if (now < replication.minInSyncReplicas()) {
                raise.put(resource, List.of(new AlterConfigOp(
                        new ConfigEntry(MIN_IN_SYNC, Integer.toString(replication.minInSyncReplicas())), AlterConfigOp.OpType.SET)));
            }
        }
        if (!raise.isEmpty()) {
            kafka.incrementalAlterConfigs(raise).all().get(30, TimeUnit.SECONDS);
        }
        return List.copyOf(lacking);
    }
}
