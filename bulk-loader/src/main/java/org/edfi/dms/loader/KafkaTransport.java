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
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.CommandResult;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.contracts.KafkaCluster;
import org.edfi.dms.contracts.MalformedMessageException;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.extraction.DocumentExtractor;

/**
 * Documents straight into the instance's command topic as upsert commands (docs/topics.md), with
 * their outcomes read from the instance's results topic: no HTTP, no ingress. The processor
 * validates each command as the API would, so the outcomes are the same as over HTTP. A write is
 * done when its result is committed; unlike HTTP it does not wait for the store.
 *
 * <p>A lost broker stops the load ({@link LoadStoppedException}) instead of rejecting one record
 * after another: a command the broker does not take within {@link #DELIVERY_TIMEOUT}, or a command
 * it took whose result does not come within {@link #RESULT_TIMEOUT}, ends every command still
 * waiting, so the load ends within a minute of the last answer it got.
 */
public final class KafkaTransport implements Transport {

    /** How long the producer tries to hand a command to the broker (its {@code delivery.timeout.ms}). */
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);
    /** How long a command the broker took may wait for its result. */
    static final Duration RESULT_TIMEOUT = Duration.ofSeconds(60);

    private final InstanceTopics topics;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, CompletableFuture<CommandResult>> pending = new ConcurrentHashMap<>();
    private final Thread resultReader;
    private final String bootstrapServers;
    private final AtomicReference<LoadStoppedException> stopped = new AtomicReference<>();
    private volatile boolean running = true;

    /** A transport to a cluster with a plaintext listener. */
    public KafkaTransport(String bootstrapServers, InstanceId instance) throws InterruptedException {
        this(KafkaCluster.plaintext(bootstrapServers), instance);
    }

    public KafkaTransport(KafkaCluster kafka, InstanceId instance) throws InterruptedException {
        this.topics = new InstanceTopics(instance);
        this.bootstrapServers = kafka.bootstrapServers();
        this.producer = new KafkaProducer<>(kafka.clientConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // Kafka's defaults try for two minutes, and block a send a minute for a broker's metadata.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000)), new StringSerializer(), new ByteArraySerializer());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20)), new StringDeserializer(), new ByteArrayDeserializer());
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
        throwIfStopped();
        String commandId = UUID.randomUUID().toString();
        CompletableFuture<CommandResult> result = new CompletableFuture<>();
        pending.put(commandId, result);
        Command command = Command.upsert(commandId, resource.projectEndpoint(), resource.endpointName(), document, null, "bulk-loader");
        try {
            producer.send(new ProducerRecord<>(topics.commands(), key(resource, document, commandId), MessageCodec.encode(command)), (metadata, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                }
            });
            CommandResult answer = result.get(RESULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new Outcome(answer.status(), answer.succeeded() ? null : MessageCodec.MAPPER.valueToTree(answer.problem()));
        } catch (ExecutionException e) {
            return refusedOrStop(e.getCause());
        } catch (RecordTooLargeException | InvalidRecordException e) {
            return failed("the command could not be sent: " + e.getMessage());
        } catch (KafkaException e) {
            throw stop(new LoadStoppedException("the Kafka broker at " + bootstrapServers + " took no command: " + e.getMessage(), e));
        } catch (TimeoutException e) {
            throw stop(new LoadStoppedException("a command the Kafka broker at " + bootstrapServers + " took got no result within "
                    + RESULT_TIMEOUT.toSeconds() + " s: is the broker, or the processor of the instance, running?", e));
        } finally {
            pending.remove(commandId);
        }
    }

    /** A record the broker refuses for itself is one reject; anything else (a delivery timeout above all) is the broker gone. */
    private Outcome refusedOrStop(Throwable error) {
        if (error instanceof LoadStoppedException stop) {
            throw stop;
        }
        if (error instanceof RecordTooLargeException || error instanceof InvalidRecordException) {
            return failed("the command could not be sent: " + error.getMessage());
        }
        throw stop(new LoadStoppedException("the Kafka broker at " + bootstrapServers + " did not take a command within "
                + DELIVERY_TIMEOUT.toSeconds() + " s (" + error.getMessage() + ")", error));
    }

    /** The first reason wins; every command still waiting ends with it, so the load stops at once. */
    private LoadStoppedException stop(LoadStoppedException reason) {
        stopped.compareAndSet(null, reason);
        LoadStoppedException first = stopped.get();
        pending.values().forEach(waiting -> waiting.completeExceptionally(first));
        return first;
    }

    private void throwIfStopped() {
        LoadStoppedException reason = stopped.get();
        if (reason != null) {
            throw reason;
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
        // After a stop the broker is gone: what the producer still holds would never be delivered.
        producer.close(stopped.get() == null ? Duration.ofSeconds(30) : Duration.ZERO);
        running = false;
        try {
            resultReader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
