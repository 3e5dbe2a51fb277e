package org.edfi.dms.ingress;

import org.edfi.dms.contracts.InstanceId;

/**
 * Holds a write's answer until reads can see it (read-your-writes): the processor acknowledges a
 * change before the store-sink has written it to PostgreSQL. Kafka-native writers, which read
 * results from Kafka, never wait on it.
 */
public interface VisibilityGate {

    /** A gate for roles that serve no reads: answers at once. */
    VisibilityGate NONE = (instance, changeVersion) -> true;

    /** Waits until the instance's store has applied {@code changeVersion}; false when it gave up waiting. */
    boolean awaitVisible(InstanceId instance, long changeVersion);
}
