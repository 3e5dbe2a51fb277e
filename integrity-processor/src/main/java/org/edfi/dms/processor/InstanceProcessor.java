package org.edfi.dms.processor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.contracts.Replication;
import org.edfi.dms.contracts.Tracing;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.validation.DocumentValidator;

/**
 * The integrity processor of one instance: its own Kafka Streams client, with its own application
 * id, consumer group, state and transactional producer. One client per instance (not one topology
 * subscribing to every instance's topic by pattern) keeps instances apart: Kafka Streams groups
 * pattern-matched topics into tasks by partition number, which would put every instance's commands
 * in one task, one thread and one set of stores.
 */
public final class InstanceProcessor implements AutoCloseable {

    private final InstanceId instance;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics metrics;
    private final Restoration restoration;

    private InstanceProcessor(InstanceId instance, KafkaStreams streams, KafkaStreamsMetrics metrics, Restoration restoration) {
        this.instance = instance;
        this.streams = streams;
        this.metrics = metrics;
        this.restoration = restoration;
    }

    /**
     * Starts processing the instance's commands. Its topics exist already: provisioning the
     * instance makes them (they are not the processor's alone: the ingress writes commands, the
     * sink reads documents).
     */
    public static InstanceProcessor start(ApiSchema schema, DocumentValidator validator, InstanceId instance, ProcessorConfig config) {
        return start(schema, validator, instance, config, new CompositeMeterRegistry(), Tracing.OFF);
    }

    /**
     * Starts it with its meters in {@code metrics}: the commands it answers ({@link CommandMeter}) and
     * its Kafka Streams client's own (among them {@code kafka.consumer.fetch.manager.records.lag.max} of its
     * stream thread's consumer, the commands waiting), each tagged with the instance; the client's leave the registry when the processor closes.
     * Commands that carry a trace are handled in spans of {@code tracing}.
     */
    public static InstanceProcessor start(ApiSchema schema, DocumentValidator validator, InstanceId instance, ProcessorConfig config,
            MeterRegistry metrics, Tracing tracing) {
        InstanceTopics topics = new InstanceTopics(instance);
        FailedCommands failed = new FailedCommands(config.limits().maxMessageBytes());
        CommitSignals signals = new CommitSignals();
        Topology topology = IntegrityTopology.build(schema, validator, topics, config, Clock.systemUTC(), new CommandMeter(metrics, instance), tracing,
                failed, signals);
        // State another incarnation of the instance left on this node (before a purge or delete elsewhere) goes first.
        StateIncarnation.claim(config.stateDir().resolve(applicationId(instance)), commandsTopicId(topics, config));
        Properties props = streamsProperties(instance, config);
        props.put(FailedCommandHandler.FAILED_COMMANDS, failed);
        KafkaStreams streams = new KafkaStreams(topology, props, signals.clients());
        // A command Kafka cannot commit costs one thread, never the instance (docs/operations.md).
        streams.setUncaughtExceptionHandler(new ReplaceFailedThread(instance));
        KafkaStreamsMetrics clientMetrics = new KafkaStreamsMetrics(streams, Tags.of("instance", instance.toString()));
        clientMetrics.bindTo(metrics);
        Restoration restoration = new Restoration();
        streams.setGlobalStateRestoreListener(restoration);
        streams.start();
        return new InstanceProcessor(instance, streams, clientMetrics, restoration);
    }

    /** The id of the instance's command topic: each incarnation of the topic (made again by a purge) has its own. */
    private static Uuid commandsTopicId(InstanceTopics topics, ProcessorConfig config) {
        try (Admin admin = Admin.create(config.kafka().clientConfig(Map.of()))) {
            return admin.describeTopics(List.of(topics.commands())).allTopicNames().get(30, TimeUnit.SECONDS).get(topics.commands()).topicId();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot describe the command topic " + topics.commands() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot describe the command topic " + topics.commands() + " in 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing " + topics.commands(), e);
        }
    }

    /** The Kafka Streams application id of an instance: its consumer group, and the prefix of its internal topics and state directory. */
    public static String applicationId(InstanceId instance) {
        return "dms-processor." + instance;
    }

    /** The Kafka Streams settings of an instance's client (public for benchmarks that compare against them). */
    public static Properties streamsProperties(InstanceId instance, ProcessorConfig config) {
        // The brokers and the connection's settings reach every client Streams makes (consumers, producer, admin).
        Properties props = config.kafka().clientProperties(Map.of());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(instance));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        // The processor asks for its commits (CommitPace); Kafka Streams' timer commits a backlog.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, CommitPace.backlogInterval(config.commitInterval()).toMillis());
        // The stream thread commits, and ticks the processor's commit clock, only between polls. A
        // command done within the interval of the previous commit, with none after it, waits for the
        // next poll to come back empty: poll.ms, 100 ms by default, the slow half of a lone client's
        // writes. Polling no longer than the interval commits it within two intervals; an idle
        // instance's thread wakes more often, which measured within the noise of an idle server's CPU
        // (docs/benchmarks.md).
        props.put(StreamsConfig.POLL_MS_CONFIG, config.commitInterval().toMillis());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
        new Replication(config.replicationFactor()).topicConfigs().forEach((name, value) -> props.put(StreamsConfig.topicPrefix(name), value));
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, config.cacheMaxBytes());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put("processing.exception.handler.global.enabled", true); // the Kafka 5.0 default, and no start-up warning
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // A restarted processor rejoins at once under the same static member id, instead of waiting
        // for the dead member's session to expire; another node taking over waits at most the session timeout.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), applicationId(instance) + "." + config.nodeId());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        // A transaction's consumed offsets are refused (CONCURRENT_TRANSACTIONS) while the group
        // coordinator still applies the previous transaction's end marker, a few milliseconds after
        // it committed; the producer asks again after its retry backoff, 100 ms by default, which a
        // write committed soon after another waited in full (docs/benchmarks.md). Retries still back
        // off exponentially, up to retry.backoff.max.ms (1 s), when the broker is really away.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 5);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), config.limits().maxMessageBytes());
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, FailedCommandHandler.class);
        return props;
    }

    public InstanceId instance() {
        return instance;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Whether a store of the instance is being restored from its changelog now (the instance processes nothing until it is done). */
    public boolean restoring() {
        return restoration.inProgress();
    }

    /** Waits until the instance processes commands (RUNNING), or fails after {@code timeout}. */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("Processor of " + instance + " is " + streams.state() + ", not RUNNING");
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        metrics.close();
        streams.close(Duration.ofSeconds(30));
    }
}
