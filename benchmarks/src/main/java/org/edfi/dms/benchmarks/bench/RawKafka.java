package org.edfi.dms.benchmarks.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka's own limits on the broker the system uses: a producer sending command-sized records and
 * waiting for each acknowledgement (acks=all, idempotent, as the ingress produces), and a batch of
 * records produced and consumed back by a plain consumer.
 */
public final class RawKafka {

    private RawKafka() {}

    /** {@code clients} clients each producing a record of {@code size} bytes and waiting for its acknowledgement, for {@code seconds}. */
    public static Load.Outcome acknowledgedSends(String bootstrapServers, int clients, double seconds, int size) throws Exception {
        String topic = topic(bootstrapServers);
        byte[] value = new byte[size];
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrapServers)) {
            return Load.closedLoop(clients, seconds, (client, i) -> {
                producer.send(new ProducerRecord<>(topic, value)).get();
                return true;
            });
        }
    }

    /** Seconds to produce {@code count} records of {@code size} bytes (batched, acknowledged) and consume every one of them back. */
    static double produceAndConsume(String bootstrapServers, int count, int size) throws Exception {
        String topic = topic(bootstrapServers);
        byte[] value = new byte[size];
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrapServers);
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, value));
            }
            producer.flush();
            consumer.subscribe(List.of(topic));
            long consumed = 0;
            while (consumed < count) {
                consumed += consumer.poll(Duration.ofMillis(100)).count();
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 1), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A new single-partition topic of its own, so each ceiling reads back only its records. */
    private static String topic(String bootstrapServers) throws InterruptedException {
        String topic = "bench.ceiling." + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot create " + topic, e);
        }
        return topic;
    }
}
