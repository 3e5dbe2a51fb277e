package org.edfi.dms.app.soak;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a one-partition topic from its first record to its last committed one, as a consumer that rebuilds state from it does. */
final class TopicScan {

    private TopicScan() {}

    /** Hands each record's key and value (null: a tombstone) to {@code each}, in order; nothing when the topic does not exist. */
    static void readAll(String bootstrapServers, String topic, Duration within, BiConsumer<byte[], byte[]> each) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            if (consumer.partitionsFor(topic, within).isEmpty()) {
                return;
            }
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            // Read committed: the end is the last stable offset, past every committed transaction.
            long end = consumer.endOffsets(List.of(partition), within).get(partition);
            long deadline = System.nanoTime() + within.toNanos();
            while (consumer.position(partition, within) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(topic + " could not be read to its end within " + within.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    each.accept(record.key(), record.value());
                }
            }
        }
    }
}
