package org.edfi.dms.benchmarks.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.edfi.dms.benchmarks.bench.ServerProfiler.Part;
import org.junit.jupiter.api.Test;

/** Which part of the write path a thread of the server JVM counts under, by its name (full, or cut at 15 characters by the kernel). */
class ServerProfilerTest {

    @Test
    void theEmbeddedBrokersThreadsAreTheBrokers() {
        assertEquals(Part.BROKER, Part.of("data-plane-kafka-request-handler-3"));
        assertEquals(Part.BROKER, Part.of("data-plane-kafka-network-thread-1-PLAINTEXT-PLAINTEXT-0"));
        assertEquals(Part.BROKER, Part.of("AddPartitionsToTxnSenderThread-1"));
        assertEquals(Part.BROKER, Part.of("TxnMarkerSenderThread-1"));
        assertEquals(Part.BROKER, Part.of("group-coordinator-event-processor-2"));
        assertEquals(Part.BROKER, Part.of("data-plane-kafk")); // as the kernel names it
    }

    @Test
    void aKafkaClientsNetworkThreadCountsWithTheRoleItsClientIdNames() {
        assertEquals(Part.PROCESSOR, Part.of("kafka-producer-network-thread | dms-processor.default.default-62103738-3266-4eaf-80db-12773fafe9e5-StreamThread-1-producer"));
        assertEquals(Part.HTTP, Part.of("kafka-producer-network-thread | producer-1"));
        assertEquals(Part.CONNECT, Part.of("kafka-producer-network-thread | connector-producer-dms-cdc.default.default-0"));
        assertEquals(Part.CONNECT, Part.of("kafka-admin-client-thread | connector-adminclient-dms-cdc.default.default-0"));
    }

    @Test
    void rolesAndTheJvmsOwnThreads() {
        assertEquals(Part.PROCESSOR, Part.of("dms-processor.default.default-62103738-3266-4eaf-80db-12773fafe9e5-StreamThread-1"));
        assertEquals(Part.PROCESSOR, Part.of("rocksdb:low"));
        assertEquals(Part.SINK, Part.of("dms-sink-default.default"));
        assertEquals(Part.HTTP, Part.of("ForkJoinPool-1-worker-3"));
        assertEquals(Part.HTTP, Part.of("dms-replies-local"));
        assertEquals(Part.CONNECT, Part.of("debezium-postgresconnector-dms-cdc.default.default-change-event-source-coordinator"));
        assertEquals(Part.CONNECT, Part.of("task-thread-dms-cdc.default.default-0"));
        assertEquals(Part.GC, Part.of("G1 Conc#0"));
        assertEquals(Part.GC, Part.of("GC Thread#1"));
        assertEquals(Part.JIT, Part.of("C2 CompilerThre"));
        assertEquals(Part.OTHER, Part.of("main"));
    }
}
