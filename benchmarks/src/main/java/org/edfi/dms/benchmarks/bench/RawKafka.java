package org.edfi.dms.benchmarks.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka's own limits on the broker the system uses: a producer sending command-sized records and
 * waiting for each acknowledgement (acks=all, idempotent, as the ingress produces), and a batch of
 * records produced and consumed back by a plain consumer, and an exactly-once transaction of the
 * processor's shape committed and read back.
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

    /** The partitions a lone command's transaction writes: the document, the result and two stores' changelogs. */
    static final int TRANSACTION_PARTITIONS = 4;

    /** Milliseconds between two of {@link #transactions}. */
    static final long TRANSACTION_GAP_MS = 5;

    /**
     * {@code count} transactions one after the other, each as the processor commits a lone command
     * (as Kafka Streams commits: the records flushed, then the consumed offset added, then the end):
     * a record to each of {@link #TRANSACTION_PARTITIONS} partitions; each timed from its records
     * handed to the producer until a read-committed consumer (fetching as the ingress's reply reader
     * does) has its record. Nanoseconds of each. A pause of {@link #TRANSACTION_GAP_MS} ms, not
     * timed, keeps them at least as far apart as a serial create's: a transaction begun as the one
     * before ends has its offsets refused while that one's markers are written, and waits a retry.
     */
    static long[] transactions(String bootstrapServers, int count, int size) throws Exception {
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < TRANSACTION_PARTITIONS; i++) {
            topics.add(topic(bootstrapServers));
        }
        byte[] value = new byte[size];
        TopicPartition consumed = new TopicPartition(topics.getFirst(), 0);
        ConsumerGroupMetadata group = new ConsumerGroupMetadata("bench-ceiling-" + UUID.randomUUID());
        long[] latencies = new long[count];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-ceiling-" + UUID.randomUUID(), ProducerConfig.LINGER_MS_CONFIG, 5,
                        ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer());
                KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            producer.initTransactions();
            TopicPartition result = new TopicPartition(topics.get(1), 0);
            reader.assign(List.of(result));
            reader.seekToBeginning(List.of(result));
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                producer.beginTransaction();
                for (String topic : topics) {
                    producer.send(new ProducerRecord<>(topic, value));
                }
                producer.flush();
                producer.sendOffsetsToTransaction(Map.of(consumed, new OffsetAndMetadata(i + 1)), group);
                producer.commitTransaction();
                while (reader.poll(Duration.ofMillis(100)).isEmpty()) {
                    // each transaction puts one record on the partition read
                }
                latencies[i] = System.nanoTime() - start;
                Thread.sleep(TRANSACTION_GAP_MS);
            }
        }
        return latencies;
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
