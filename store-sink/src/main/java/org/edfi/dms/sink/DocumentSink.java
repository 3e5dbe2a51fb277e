package org.edfi.dms.sink;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.edfi.dms.contracts.DocumentEnvelope;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.KafkaCluster;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.contracts.MalformedMessageException;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.contracts.TraceParent;
import org.edfi.dms.contracts.TraceSpan;
import org.edfi.dms.contracts.Tracing;
import org.edfi.dms.schema.RelationshipSecurity;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies an instance's committed documents into its PostgreSQL database. It reads the documents
 * topic with read-committed isolation from the offset its database records, applies each polled
 * batch and the next offset in one transaction ({@link DocumentWriter}), and tells listeners the
 * highest change version applied, so that readers can wait for a write. Kafka's own consumer
 * offsets are not used: the database is the only record of progress, so a crash between a batch
 * and any offset commit cannot lose or repeat anything. A batch's apply is a consumer span of each
 * trace its documents carry.
 *
 * <p>A change the store refuses (its data, not a passing failure: {@link StoreRefusal}) is parked
 * as a dead letter and the sink goes on; a change version that comes again with other content
 * than the store applied stops it, as a position the topic no longer holds does (both say why in
 * {@link #failure()}, the log and the instance's health).
 */
public final class DocumentSink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentSink.class);

    private final InstanceId instance;
    private final TopicPartition partition;
    private final DocumentWriter writer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Tracing tracing;
    private final Jdbi jdbi;
    private final SnapshotHistory history;
    private Instant lastPrune = Instant.EPOCH;
    private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();
    private final List<LongConsumer> parkedListeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long appliedChangeVersion;
    private volatile String failure;
    /** The store's parked changes (dead letters), counted at start and every minute (an operator replays them from elsewhere). */
    private volatile long parked;
    private Instant lastParkedCount = Instant.EPOCH;

    private DocumentSink(InstanceId instance, KafkaCluster kafka, DataSource store, RelationshipSecurity relationships, int maxBatch,
            Tracing tracing, SnapshotHistory history) {
        this.instance = instance;
        this.tracing = tracing;
        this.history = history;
        this.partition = new TopicPartition(new InstanceTopics(instance).documents(), 0);
        StoreSchema.migrate(store);
        this.jdbi = Jdbi.create(store);
        this.writer = new DocumentWriter(jdbi, relationships, history);
        int derived = writer.deriveMissingRelationships();
        if (derived > 0) {
            LOG.info("Derived the relationship rows of {} documents of {} stored before them", derived, instance);
        }
        Properties props = kafka.clientProperties(Map.of());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxBatch);
        // The store's recorded offset is where it goes on, never the topic's end: a position the
        // topic no longer holds fails (OffsetOutOfRangeException) instead of skipping to the end.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        // The broker answers a fetch as soon as a committed change is there; the wait only bounds an
        // idle fetch, and a short one costs every idle instance's sink a hundred fetches a second.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        DocumentWriter.Position position = writer.position(partition.topic(), partition.partition());
        this.appliedChangeVersion = position.changeVersion();
        history.begin(jdbi, position.changeVersion());
        consumer.assign(List.of(partition));
        consumer.seek(partition, position.nextOffset());
        this.thread = Thread.ofPlatform().name("dms-sink-" + instance).start(this::run);
    }

    /**
     * Starts copying the instance's documents topic into its store, migrating the store's tables
     * first (a node of a newer version brings them to its version). The documents' traces get
     * spans of {@code tracing}; {@code relationships} derives what relationship-based reads need of
     * each document.
     */
    public static DocumentSink start(InstanceId instance, String bootstrapServers, DataSource store, RelationshipSecurity relationships,
            Tracing tracing) {
        return start(instance, bootstrapServers, store, relationships, tracing, SnapshotHistory.NONE);
    }

    /** The same, keeping the versions that changes replace for consistent snapshots as {@code history} says, and pruning them. */
    public static DocumentSink start(InstanceId instance, String bootstrapServers, DataSource store, RelationshipSecurity relationships,
            Tracing tracing, SnapshotHistory history) {
        return start(instance, KafkaCluster.plaintext(bootstrapServers), store, relationships, tracing, history);
    }

    /** The same on a cluster whose connection {@code kafka} describes (TLS, SASL). */
    public static DocumentSink start(InstanceId instance, KafkaCluster kafka, DataSource store, RelationshipSecurity relationships,
            Tracing tracing, SnapshotHistory history) {
        return new DocumentSink(instance, kafka, store, relationships, 500, tracing, history);
    }

    /** Called with the highest applied change version after every committed batch. */
    public void onApplied(LongConsumer listener) {
        listeners.add(listener);
    }

    /** Called with each change version it parks (a dead letter), before it tells the versions after it applied. */
    public void onParked(LongConsumer listener) {
        parkedListeners.add(listener);
    }

    /** Whether it is copying (its thread is alive and not stopping). */
    public boolean isRunning() {
        return running && thread.isAlive() && failure == null;
    }

    /**
     * Why it stopped copying on its own, when it did: a position of its store that the topic no
     * longer holds, or a change version the store applied already with other content.
     */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    public long appliedChangeVersion() {
        return appliedChangeVersion;
    }

    /** How many changes its store refused and parked that are neither replayed nor discarded ({@link DeadLetters}). */
    public long parked() {
        return parked;
    }

    /**
     * The meters of its Kafka consumer (among them {@code kafka.consumer.fetch.manager.records.lag.max},
     * the committed documents not yet applied), tagged with the instance; close to remove them.
     */
    public KafkaClientMetrics clientMetrics() {
        return new KafkaClientMetrics(consumer, Tags.of("instance", instance.toString()));
    }

    /** A change as its record came: where, the bytes (parked as they are) and its trace. */
    private record Received(DocumentEnvelope change, long offset, byte[] value, TraceParent trace) {}

    private void run() {
        boolean resume = false;
        while (running) {
            try {
                if (resume) {
                    DocumentWriter.Position position = writer.position(partition.topic(), partition.partition());
                    consumer.seek(partition, position.nextOffset());
                    appliedChangeVersion = Math.max(appliedChangeVersion, position.changeVersion());
                    resume = false;
                }
                pruneIfDue();
                refreshParkedIfDue();
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                List<Received> received = new ArrayList<>(records.count());
                long nextOffset = -1;
                for (ConsumerRecord<String, byte[]> record : records) {
                    nextOffset = record.offset() + 1;
                    try {
                        DocumentEnvelope change = MessageCodec.decodeDocument(record.value());
                        Header header = record.headers().lastHeader(TraceParent.HEADER);
                        received.add(new Received(change, record.offset(), record.value(),
                                TraceParent.fromHeader(header == null ? null : header.value()).orElse(null)));
                    } catch (MalformedMessageException e) {
                        LOG.error("Skipping unreadable document at {} offset {}: {}", partition, record.offset(), e.getMessage());
                    }
                }
                if (repeatsAppliedVersions(received)) {
                    return;
                }
                try {
                    apply(received, nextOffset);
                } catch (RuntimeException e) {
                    if (StoreRefusal.of(e).isEmpty()) {
                        throw e;
                    }
                    // The store refuses a change of the batch: apply them one at a time, parking those it refuses.
                    applyOneByOne(received, nextOffset);
                }
                long highest = received.stream().mapToLong(r -> r.change().changeVersion()).max().orElse(appliedChangeVersion);
                appliedChangeVersion = Math.max(appliedChangeVersion, highest);
                listeners.forEach(l -> l.accept(appliedChangeVersion));
            } catch (WakeupException e) {
                return;
            } catch (OffsetOutOfRangeException e) {
                stopOnGap(e);
                return;
            } catch (RuntimeException e) {
                // The database is unreachable or failed the batch for a passing reason: start again from what it recorded.
                LOG.warn("Applying documents of {} failed; retrying from the recorded offset", instance, e);
                resume = true;
                pause();
            }
        }
    }

    /**
     * Whether the batch brings a change version the store has applied already with other content
     * (another document, or another ETag), in which case the sink stops. The topic's change
     * versions rise with its offsets, and the sink reads only past its position, so a version it
     * has passed comes again only when the topic lost records the store had applied (a single
     * broker's unflushed tail after an OS crash) and the processor handed those versions out
     * again: applying on would silently drop the later writes that reuse them (an upsert only
     * moves a row to a higher version). Kafka delivering the same change again is harmless and
     * goes on. Costs nothing while versions rise, one query when they do not.
     */
    private boolean repeatsAppliedVersions(List<Received> received) {
        long applied = appliedChangeVersion;
        List<DocumentEnvelope> repeated = received.stream().map(Received::change).filter(c -> c.changeVersion() <= applied).toList();
        if (repeated.isEmpty()) {
            return false;
        }
        List<DocumentEnvelope> other = writer.notHeld(repeated);
        if (other.isEmpty()) {
            return false;
        }
        DocumentEnvelope first = other.getFirst();
        long offset = received.stream().filter(r -> r.change() == first).findFirst().orElseThrow().offset();
        failure = "The documents topic of " + instance + " brings change version " + first.changeVersion() + " again (offset " + offset
                + ") for " + (first.deleted() ? "the delete of document " : "document ") + first.documentId()
                + (first.deleted() ? "" : " (ETag " + first.etag() + ")") + ", which the store does not hold: at change version " + first.changeVersion()
                + " it has " + writer.heldAt(first.changeVersion())
                + (other.size() > 1 ? ", and " + (other.size() - 1) + " more change versions of the batch alike" : "")
                + "; the store has applied up to change version " + applied + ". The topic lost changes the store had applied (a single broker's"
                + " unflushed log after a crash) and their change versions were handed out again: applying on would drop later writes"
                + " silently. The sink stopped; the store is as it was. See docs/operations.md, 'A repeated change version'";
        LOG.error(failure);
        return true;
    }

    /**
     * The topic does not hold the offset the store stands at: its changes from there were deleted
     * (retention; provisioning keeps them all), the topic was made anew, or it lost its tail (a
     * single broker's unflushed log after a crash). Going on from anywhere else would skip
     * acknowledged changes or apply another topic's, so the sink stops, and says so in the log and
     * on /health.
     */
    private void stopOnGap(OffsetOutOfRangeException e) {
        Long position = e.offsetOutOfRangePartitions().get(partition);
        String held;
        Long end = null;
        try {
            end = consumer.endOffsets(List.of(partition)).get(partition);
            held = "offsets " + consumer.beginningOffsets(List.of(partition)).get(partition) + " to " + end;
        } catch (RuntimeException unknown) {
            held = "unknown offsets";
        }
        String why = position != null && end != null && position > end
                ? "the topic ends before it: it lost changes the store had applied (a single broker's unflushed log after a crash)"
                : "the changes between are gone (deleted by retention, or the topic was made anew)";
        failure = "The store of " + instance + " stands at offset " + position + " of " + partition.topic() + ", which holds " + held
                + ": " + why + ". The sink stopped instead of skipping them;"
                + " restore the topic, or purge the instance and load it again (docs/operations.md)";
        LOG.error(failure);
    }

    /**
     * Applies a batch in one transaction, in a span of each trace its documents carry: one batch
     * holds the writes of many requests, and each request's trace shows the apply that made it visible.
     */
    private void apply(List<Received> received, long nextOffset) {
        List<DocumentEnvelope> changes = received.stream().map(Received::change).toList();
        Map<Long, String> traces = new HashMap<>();
        Set<TraceParent> parents = new LinkedHashSet<>();
        for (Received r : received) {
            if (r.trace() != null) {
                traces.put(r.change().changeVersion(), r.trace().toString());
                parents.add(r.trace());
            }
        }
        List<TraceSpan> spans = new ArrayList<>(parents.size());
        for (TraceParent parent : parents) {
            spans.add(tracing.consumer("apply documents", parent)
                    .attribute("messaging.destination.name", partition.topic())
                    .attribute("dms.batch.size", changes.size()));
        }
        try {
            writer.apply(partition.topic(), partition.partition(), changes, traces, nextOffset);
        } catch (RuntimeException e) {
            spans.forEach(span -> span.failed(e.getMessage()));
            throw e;
        } finally {
            spans.forEach(TraceSpan::close);
        }
    }

    /**
     * Applies a batch the store refused one change at a time, each with the position after it, and
     * parks each change the store refuses ({@link DeadLetters}) with the position past it: the
     * others are applied, and the sink goes on. A failure that is no refusal (the database went
     * away) is thrown: the sink starts again from the position recorded last.
     */
    private void applyOneByOne(List<Received> received, long nextOffset) {
        for (Received r : received) {
            try {
                apply(List.of(r), r.offset() + 1);
            } catch (RuntimeException e) {
                Optional<StoreRefusal> refusal = StoreRefusal.of(e);
                if (refusal.isEmpty()) {
                    throw e;
                }
                writer.park(partition.topic(), partition.partition(), r.offset(), r.change(), r.value(),
                        r.trace() == null ? null : r.trace().toString(), refusal.get());
                parked = parked + 1;
                parkedListeners.forEach(l -> l.accept(r.change().changeVersion()));
                DocumentEnvelope change = r.change();
                // The first line only: PostgreSQL's detail repeats the row, the document's data, which stays in the store.
                LOG.error("The store of {} refused change version {} ({} of {} {}, offset {} of {}): {} [SQLSTATE {}]. Parked as a dead letter;"
                                + " the sink goes on. See `dms deadletter list --instance {}` (docs/operations.md, 'Dead letters')",
                        instance, change.changeVersion(), change.deleted() ? "the delete" : "a version", change.resource(), change.documentId(),
                        r.offset(), partition.topic(), refusal.get().firstLine(), refusal.get().sqlState(), instance.tenant() + "/" + instance.instance());
            }
        }
        // Unreadable records after the last change are passed too.
        writer.apply(partition.topic(), partition.partition(), List.of(), Map.of(), nextOffset);
    }

    private void refreshParkedIfDue() {
        Instant now = Instant.now();
        if (Duration.between(lastParkedCount, now).compareTo(PARKED_COUNT_EVERY) >= 0) {
            lastParkedCount = now;
            parked = new DeadLetters(jdbi, writer).parked();
        }
    }

    private static final Duration PARKED_COUNT_EVERY = Duration.ofMinutes(1);

    /** On the sink's thread, between batches: pruning never races the batch that keeps a version. */
    private void pruneIfDue() {
        Instant now = Instant.now();
        if (history.pruneDue(lastPrune, now)) {
            lastPrune = now;
            history.prune(jdbi);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
    }
}
