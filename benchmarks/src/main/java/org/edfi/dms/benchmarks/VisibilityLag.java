package org.edfi.dms.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.CommandResult;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.ingress.IngressConfig;
import org.edfi.dms.runtime.EmbeddedStack;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.sink.AppliedVersionWatch;

/**
 * The time from a write's acknowledgement (its result committed by the processor) to its
 * visibility to reads (the store-sink's batch committed in PostgreSQL), one write at a time, as a
 * Kafka-native writer sees both: the price read-your-writes adds to an HTTP write.
 *
 * <p>Usage: {@code VisibilityLag [WRITES]} (default 500).
 */
public final class VisibilityLag {

    private VisibilityLag() {}

    public static void main(String[] args) throws Exception {
        int writes = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Path schema = Path.of(System.getProperty("dms.home", "."), "../shared/edfi/ds-5.0/ApiSchema.json");
        InstanceTopics topics = new InstanceTopics(InstanceId.DEFAULT);
        try (EmbeddedStack stack = EmbeddedStack.start(ApiSchemaLoader.load(schema), Files.createTempDirectory("dms-lag"), "127.0.0.1", 0,
                        IngressConfig.DEFAULT_RESULT_TIMEOUT);
                AppliedVersionWatch applied = AppliedVersionWatch.start(stack.jdbcUrl());
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                        ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
                KafkaConsumer<String, byte[]> results = consumer(stack.bootstrapServers(), topics.results())) {
            long[] lags = new long[writes];
            for (int i = -50; i < writes; i++) { // the first 50 warm up
                String id = UUID.randomUUID().toString();
                Command command = Command.upsert(id, "ed-fi", "sexDescriptors", MessageCodec.MAPPER.createObjectNode()
                        .put("namespace", "uri://ed-fi.org/SexDescriptor").put("codeValue", "C" + i).put("shortDescription", "C"), null, null);
                producer.send(new ProducerRecord<>(topics.commands(), id, MessageCodec.encode(command)));
                CommandResult result = awaitResult(results, id);
                long acknowledged = System.nanoTime();
                if (!applied.awaitApplied(result.changeVersion(), Duration.ofSeconds(30))) {
                    throw new IllegalStateException("Change " + result.changeVersion() + " never became visible");
                }
                if (i >= 0) {
                    lags[i] = System.nanoTime() - acknowledged;
                }
            }
            Arrays.sort(lags);
            System.out.printf(Locale.ROOT, "acknowledgement to visibility over %d writes: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    writes, lags[writes / 2] / 1e6, lags[(int) (writes * 0.9)] / 1e6, lags[(int) (writes * 0.99)] / 1e6, lags[writes - 1] / 1e6);
        }
        System.exit(0);
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "lag-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(50));
        }
        return consumer;
    }

    private static CommandResult awaitResult(KafkaConsumer<String, byte[]> consumer, String commandId) throws Exception {
        while (true) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                if (record.key().equals(commandId)) {
                    return MessageCodec.decodeResult(record.value());
                }
            }
        }
    }
}
