package org.edfi.dms.sink;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Properties;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.KafkaCluster;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.contracts.MessageCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far change data capture is behind an instance's store, seen from the node whose sink writes
 * it: it follows the instance's analytics topic from its end and, for each change that appears
 * there, records how long before this node's sink had committed it ({@value #LAG}), and keeps the
 * newest change version seen ({@value #CAPTURED}) beside the sink's applied one. It reads every
 * analytics record, so a node runs it only when asked (docs/operations.md).
 */
public final class CaptureLag implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureLag.class);

    /** The timer of each change, from the sink's commit to its record on the analytics topic. */
    public static final String LAG = "dms.cdc.lag";
    /** The gauge of the newest change version on the analytics topic. */
    public static final String CAPTURED = "dms.cdc.change.version";

    /** Batches remembered while CDC has not shown them; beyond, the oldest are forgotten (a stopped connector must not grow the heap). */
    private static final int MAX_PENDING = 4096;

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final MeterRegistry metrics;
    private final Timer lag;
    private final Gauge captured;
    /** The highest change version of each batch the sink committed, and when (System.nanoTime). */
    private final NavigableMap<Long, Long> committed = new ConcurrentSkipListMap<>();
    private final Thread thread;
    private volatile long capturedChangeVersion;
    /** Changes up to this version are not timed: committed before the watch began, or forgotten. Raised by both threads. */
    private final AtomicLong untimedUpTo = new AtomicLong();
    private volatile boolean running = true;

    private CaptureLag(InstanceId instance, KafkaCluster kafka, DocumentSink sink, MeterRegistry metrics) {
        this.topic = new InstanceTopics(instance).changes();
        this.metrics = metrics;
        this.lag = Timer.builder(LAG)
                .description("From the store-sink's commit of a change to its record on the instance's analytics topic")
                .tag("instance", instance.toString())
                .publishPercentileHistogram()
                .register(metrics);
        this.captured = Gauge.builder(CAPTURED, this, CaptureLag::capturedChangeVersion)
                .description("The newest change version on the instance's analytics topic")
                .tag("instance", instance.toString())
                .register(metrics);
        // Listen first, then read what is applied: a batch in between is then known and untimed, never mistimed.
        sink.onApplied(this::committed);
        untimedUpTo.set(sink.appliedChangeVersion());
        Properties props = kafka.clientProperties(Map.of());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The topic is provisioning's to make, with its partitions; reading must not make it.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "dms-cdc-lag-" + instance);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = Thread.ofPlatform().daemon().name("dms-cdc-lag-" + instance).start(this::run);
    }

    /** Starts following the instance's analytics topic, timing the changes {@code sink} commits from now on. */
    public static CaptureLag start(InstanceId instance, KafkaCluster kafka, DocumentSink sink, MeterRegistry metrics) {
        return new CaptureLag(instance, kafka, sink, metrics);
    }

    public long capturedChangeVersion() {
        return capturedChangeVersion;
    }

    private void committed(long changeVersion) {
        committed.putIfAbsent(changeVersion, System.nanoTime()); // a batch applied again after a restart keeps its first time
        while (committed.size() > MAX_PENDING) {
            untimedUpTo.accumulateAndGet(committed.pollFirstEntry().getKey(), Math::max);
        }
    }

    private void run() {
        try {
            while (running && !assign()) {
                Thread.sleep(1_000);
            }
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null) { // a tombstone follows its delete marker, which was timed
                        seen(changeVersionOf(record.value()), System.nanoTime());
                    }
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.warn("Measuring the CDC lag of {} stopped", topic, e);
        }
    }

    /**
     * Reads the topic from its last records on, once provisioning has made it: the last records
     * tell the version captured so far, the ones after them are timed.
     */
    private boolean assign() {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        if (partitions.isEmpty()) {
            return false;
        }
        consumer.assign(partitions);
        // The last two: a delete's marker is followed by its tombstone.
        consumer.endOffsets(partitions).forEach((partition, end) -> consumer.seek(partition, Math.max(0, end - 2)));
        return true;
    }

    private void seen(long changeVersion, long now) {
        capturedChangeVersion = Math.max(capturedChangeVersion, changeVersion);
        Map.Entry<Long, Long> batch = committed.ceilingEntry(changeVersion);
        if (batch != null && changeVersion > untimedUpTo.get()) {
            lag.record(Duration.ofNanos(now - batch.getValue()));
        }
        // Batches wholly before this change have shown all their changes (a partition keeps the
        // store's commit order); should another partition show one later, it goes untimed, not mistimed.
        NavigableMap<Long, Long> done = committed.headMap(changeVersion, false);
        if (!done.isEmpty()) {
            untimedUpTo.accumulateAndGet(done.lastKey(), Math::max);
            done.clear();
        }
    }

    /** The change version of an analytics record (docs/topics.md), read no further than that field. */
    static long changeVersionOf(byte[] value) {
        try (JsonParser parser = MessageCodec.MAPPER.getFactory().createParser(value)) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    if (field.equals("changeVersion")) {
                        return parser.getLongValue();
                    }
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            // not our contract: nothing to time
        }
        return -1;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
        metrics.remove(lag);
        metrics.remove(captured);
    }
}
