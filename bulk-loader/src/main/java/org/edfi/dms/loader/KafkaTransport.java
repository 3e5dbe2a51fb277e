package org.edfi.dms.loader;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.CommandResult;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.contracts.MalformedMessageException;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.extraction.DocumentExtractor;

/**
 * Documents straight into the instance's command topic as upsert commands (docs/topics.md), with
 * their outcomes read from the instance's results topic: no HTTP, no ingress. The processor
 * validates each command as the API would, so the outcomes are the same as over HTTP. A write is
 * done when its result is committed; unlike HTTP it does not wait for the store.
 */
public final class KafkaTransport implements Transport {

    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(60);

    private final InstanceTopics topics;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, CompletableFuture<CommandResult>> pending = new ConcurrentHashMap<>();
    private final Thread resultReader;
    private volatile boolean running = true;

    public KafkaTransport(String bootstrapServers, InstanceId instance) throws InterruptedException {
        this.topics = new InstanceTopics(instance);
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20), new StringDeserializer(), new ByteArrayDeserializer());
        // The results topic has one partition; start at its end, before the first command goes out.
        TopicPartition results = new TopicPartition(topics.results(), 0);
        consumer.assign(List.of(results));
        consumer.seekToEnd(List.of(results));
        consumer.position(results);
        this.resultReader = Thread.ofPlatform().daemon().name("dms-load-results").start(() -> readResults(consumer));
    }

    private void readResults(KafkaConsumer<String, byte[]> consumer) {
        try (consumer) {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    CompletableFuture<CommandResult> waiting = pending.remove(record.key());
                    if (waiting != null) {
                        try {
                            waiting.complete(MessageCodec.decodeResult(record.value()));
                        } catch (MalformedMessageException e) {
                            waiting.completeExceptionally(e);
                        }
                    }
                }
            }
        }
    }

    @Override
    public Outcome upsert(ResourceSchema resource, ObjectNode document) throws InterruptedException {
        String commandId = UUID.randomUUID().toString();
        CompletableFuture<CommandResult> result = new CompletableFuture<>();
        pending.put(commandId, result);
        Command command = Command.upsert(commandId, resource.projectEndpoint(), resource.endpointName(), document, null, "bulk-loader");
        producer.send(new ProducerRecord<>(topics.commands(), key(resource, document, commandId), MessageCodec.encode(command)), (metadata, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            }
        });
        try {
            CommandResult answer = result.get(RESULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new Outcome(answer.status(), answer.succeeded() ? null : MessageCodec.MAPPER.valueToTree(answer.problem()));
        } catch (ExecutionException e) {
            return failed("the command could not be sent: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            return failed("no result within " + RESULT_TIMEOUT.toSeconds() + " s: is the processor of the instance running?");
        } finally {
            pending.remove(commandId);
        }
    }

    /** The topic's key for an upsert is the referential id (docs/topics.md); a document too broken to have one still goes, for its problem. */
    private static String key(ResourceSchema resource, ObjectNode document, String commandId) {
        try {
            return DocumentExtractor.identityOf(resource, document).referentialId().toString();
        } catch (RuntimeException invalid) {
            return commandId;
        }
    }

    private static Outcome failed(String detail) {
        return new Outcome(0, MessageCodec.MAPPER.createObjectNode().put("detail", detail));
    }

    @Override
    public String describe() {
        return topics.commands() + " (Kafka)";
    }

    @Override
    public void close() {
        producer.close();
        running = false;
        try {
            resultReader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
