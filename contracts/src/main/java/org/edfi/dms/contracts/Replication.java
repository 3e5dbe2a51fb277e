package org.edfi.dms.contracts;

import java.util.Map;

/**
 * How the topics the system creates are replicated: the {@code kafka.replication-factor} setting,
 * for every one of them (an instance's topics, the processor's changelogs, an API node's reply
 * topic, the analytics topic). Every producer of the system sends with {@code acks=all}; with more
 * than one replica a topic also requires two of them in sync ({@code min.insync.replicas}), so a
 * record acknowledged to a writer is on two brokers and survives the loss of one. With one replica
 * (a single broker) nothing is added. A factor of -1 leaves both to the brokers' defaults.
 *
 * @param factor the replicas of each partition
 */
public record Replication(short factor) {

    /** One replica: the embedded single broker's, and the default. */
    public static final Replication SINGLE = new Replication((short) 1);

    /** The replicas that must hold a record before it is acknowledged; 0 when the broker's default stands. */
    public int minInSyncReplicas() {
        return factor > 1 ? Math.min(2, factor) : 0;
    }

    /** The topic configuration that goes with the factor, for every topic the system creates. */
    public Map<String, String> topicConfigs() {
        return minInSyncReplicas() > 0 ? Map.of("min.insync.replicas", Integer.toString(minInSyncReplicas())) : Map.of();
    }
}
