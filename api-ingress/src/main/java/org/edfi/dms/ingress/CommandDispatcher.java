package org.edfi.dms.ingress;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
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
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.contracts.Replication;
import org.edfi.dms.contracts.TraceParent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands commands to the integrity processor and waits for their results. Each ingress node has a
 * reply topic of its own, named in every command it sends, so a node reads only its own results,
 * however many nodes and instances there are. Results are read with read-committed isolation: a
 * result is seen only once the processor's transaction, and so the document, is committed.
 */
public final class CommandDispatcher implements CommandSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);

    private final IngressConfig config;
    private final String replyTopic;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> replies;
    private final Map<String, CompletableFuture<CommandResult>> pending = new ConcurrentHashMap<>();
    private final Thread replyReader;
    private volatile boolean running = true;

    private CommandDispatcher(IngressConfig config) {
        this.config = config;
        this.replyTopic = InstanceTopics.replies(config.nodeId());
        createReplyTopic();
        int lingerMs = 1;
        int requestTimeoutMs = (int) Math.min(config.resultTimeout().toMillis(), 30_000);
        this.producer = new KafkaProducer<>(config.kafka().clientConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, lingerMs,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.maxMessageBytes(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs,
                // The producer refuses a delivery timeout below linger plus request timeout.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(config.resultTimeout().toMillis(), requestTimeoutMs + lingerMs))),
                new StringSerializer(), new ByteArraySerializer());
        this.replies = new KafkaConsumer<>(config.kafka().clientConfig(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10)), new StringDeserializer(), new ByteArrayDeserializer());
        TopicPartition partition = new TopicPartition(replyTopic, 0);
        replies.assign(List.of(partition));
        replies.seekToEnd(List.of(partition));
        replies.position(partition); // resolve the end now: results of commands sent from here on are after it
        this.replyReader = Thread.ofPlatform().name("dms-replies-" + config.nodeId()).daemon().start(this::readReplies);
    }

    public static CommandDispatcher start(IngressConfig config) {
        return new CommandDispatcher(config);
    }

    /**
     * Sends a command to an instance and waits for its result until the command's deadline, the
     * result timeout from now, which the command carries: the processor applies nothing of it
     * later. Never throws for Kafka trouble: a command that cannot be handed over gives 503
     * (nothing applied), one whose result does not come in time gives 504 (it may have been
     * applied, once, but not after the deadline).
     */
    @Override
    public CommandResult dispatch(InstanceId instance, String key, Command command, TraceParent trace) {
        Instant deadline = Instant.now().plus(config.resultTimeout());
        byte[] encoded = MessageCodec.encode(command.due(deadline));
        if (encoded.length > config.maxMessageBytes()) {
            return CommandResult.failure(command.commandId(), Problem.messageTooLarge("The write's command (" + encoded.length + " bytes)", config.maxMessageBytes()));
        }
        CompletableFuture<CommandResult> result = new CompletableFuture<>();
        pending.put(command.commandId(), result);
        try {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(new InstanceTopics(instance).commands(), key, encoded);
            record.headers().add(TraceParent.HEADER, trace.headerValue());
            producer.send(record, (metadata, error) -> {
                if (error instanceof RecordTooLargeException) { // the broker's or the topic's limit is below ours
                    result.complete(CommandResult.failure(command.commandId(), Problem.messageTooLarge("The write's command", config.maxMessageBytes())));
                } else if (error != null) {
                    result.complete(CommandResult.failure(command.commandId(),
                            Problem.gatewayTimeout("The command could not be confirmed by Kafka: " + error.getMessage())));
                }
            });
        } catch (RuntimeException e) {
            pending.remove(command.commandId());
            return CommandResult.failure(command.commandId(), Problem.serviceUnavailable("The command could not be handed to Kafka: " + e.getMessage()));
        }
        try {
            return result.get(Math.max(0, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return CommandResult.failure(command.commandId(), Problem.gatewayTimeout(
                    "No result within " + config.resultTimeout().toSeconds() + " s"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CommandResult.failure(command.commandId(), Problem.serviceUnavailable("Interrupted while waiting"));
        } catch (ExecutionException e) {
            throw new IllegalStateException("A result future never completes exceptionally", e);
        } finally {
            pending.remove(command.commandId());
        }
    }

    @Override
    public String replyTopic() {
        return replyTopic;
    }

    private void readReplies() {
        while (running) {
            try {
                for (ConsumerRecord<String, byte[]> record : replies.poll(Duration.ofMillis(200))) {
                    CompletableFuture<CommandResult> waiting = pending.get(record.key());
                    if (waiting != null) {
                        waiting.complete(MessageCodec.decodeResult(record.value()));
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (MalformedMessageException e) {
                LOG.warn("Unreadable result on {}: {}", replyTopic, e.getMessage());
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn("Reading results from {} failed; retrying", replyTopic, e);
                }
            }
        }
    }

    private void createReplyTopic() {
        try (Admin admin = Admin.create(config.kafka().clientConfig(Map.of()))) {
            Map<String, String> configs = new HashMap<>(new Replication(config.replicationFactor()).topicConfigs());
            configs.put("retention.ms", String.valueOf(Duration.ofHours(1).toMillis()));
            admin.createTopics(List.of(new NewTopic(replyTopic, 1, config.replicationFactor()).configs(configs))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create reply topic " + replyTopic + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Creating reply topic " + replyTopic + " timed out", e);
        }
    }

    @Override
    public void close() {
        running = false;
        replies.wakeup();
        try {
            replyReader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        replies.close();
        producer.close(Duration.ofSeconds(5));
    }
}
