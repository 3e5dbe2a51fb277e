package org.edfi.dms.ingress;

import java.time.Duration;
import org.edfi.dms.contracts.KafkaCluster;

/**
 * Settings of the api-ingress.
 *
 * @param nodeId names this ingress node; its results come back on {@code dms.replies.<nodeId>}
 * @param kafka the Kafka cluster, and how its clients connect to it (TLS, SASL)
 * @param resultTimeout how long a request waits for its command's result before answering 504
 *     (default 15 s)
 * @param replicationFactor of the reply topic it creates ({@link org.edfi.dms.contracts.Replication}; 1 for a single broker)
 * @param maxMessageBytes the largest command it sends (its producer's {@code max.request.size}); a
 *     write whose command is larger is answered 413 before anything is sent (default 1 MiB, Kafka's)
 */
public record IngressConfig(String nodeId, KafkaCluster kafka, Duration resultTimeout, short replicationFactor, int maxMessageBytes) {

    public static final Duration DEFAULT_RESULT_TIMEOUT = Duration.ofSeconds(15);
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

    public IngressConfig(String nodeId, String bootstrapServers, Duration resultTimeout, short replicationFactor) {
        this(nodeId, KafkaCluster.plaintext(bootstrapServers), resultTimeout, replicationFactor, DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** Defaults, on a plaintext listener. */
    public static IngressConfig defaults(String nodeId, String bootstrapServers) {
        return defaults(nodeId, KafkaCluster.plaintext(bootstrapServers));
    }

    public static IngressConfig defaults(String nodeId, KafkaCluster kafka) {
        return new IngressConfig(nodeId, kafka, DEFAULT_RESULT_TIMEOUT, (short) 1, DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** The brokers of {@link #kafka}. */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public IngressConfig withResultTimeout(Duration timeout) {
        return new IngressConfig(nodeId, kafka, timeout, replicationFactor, maxMessageBytes);
    }

    public IngressConfig withMaxMessageBytes(int bytes) {
        return new IngressConfig(nodeId, kafka, resultTimeout, replicationFactor, bytes);
    }

    /** The same with the reply topic replicated as {@code kafka.replication-factor} says. */
    public IngressConfig withReplicationFactor(short factor) {
        return new IngressConfig(nodeId, kafka, resultTimeout, factor, maxMessageBytes);
    }
}
