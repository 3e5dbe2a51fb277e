package org.edfi.dms.runtime.instances;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.Tracing;
import org.edfi.dms.instances.Instance;
import org.edfi.dms.processor.InstanceProcessor;
import org.edfi.dms.processor.ProcessorConfig;
import org.edfi.dms.query.DocumentReader;
import org.edfi.dms.query.PageTokens;
import org.edfi.dms.query.ReadPipeline;
import org.edfi.dms.runtime.Databases;
import org.edfi.dms.runtime.Node.Role;
import org.edfi.dms.runtime.PostgresServer;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.RelationshipSecurity;
import org.edfi.dms.schema.validation.DocumentValidator;
import org.edfi.dms.sink.AppliedVersionWatch;
import org.edfi.dms.sink.CaptureLag;
import org.edfi.dms.sink.DocumentSink;
import org.edfi.dms.sink.SnapshotHistory;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts a node runs for each ready instance, by its roles: the instance's processor (its own
 * Kafka Streams client), its sink, the watch that tells the ingress when a write is visible, and
 * the read pipeline over its database. Instances are started and stopped as the catalog changes,
 * each apart from the others: one failing to start leaves the rest serving.
 */
public final class InstanceParts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceParts.class);

    /** The gauge of each instance's applied change version on a sink node. */
    public static final String APPLIED = "dms.sink.applied.change.version";

    /** The gauge of each instance's parked changes (dead letters) on a sink node: above 0, an operator has work (docs/operations.md). */
    public static final String DEAD_LETTERS = "dms.sink.dead.letters";

    /** Connections one instance's sink and reads share; idle ones close, so quiet instances hold none. */
    private static final int POOL_SIZE = 4;

    private final ApiSchema schema;
    private final RelationshipSecurity relationships;
    private final DocumentValidator validator;
    private final Set<Role> roles;
    private final PostgresServers servers;
    private final ProcessorConfig processorConfig;
    private final MeterRegistry metrics;
    private final Tracing tracing;
    private final boolean cdcLag;
    private final PageTokens pageTokens;
    private final SnapshotHistory snapshots;
    private final Map<InstanceId, Running> running = new ConcurrentHashMap<>();
    /** Instances whose parts could not start here, until the next reconcile tries them again. */
    private final Map<InstanceId, String> failedToStart = new ConcurrentHashMap<>();

    /**
     * @param metrics where each instance's processor and sink put their meters while they run
     * @param tracing the spans of their traced commands and documents
     * @param cdcLag whether each sink's CDC lag is measured ({@link CaptureLag})
     * @param pageTokens the signer of each instance's page tokens (cursor paging)
     */
    public InstanceParts(ApiSchema schema, DocumentValidator validator, Set<Role> roles, PostgresServers servers,
            ProcessorConfig processorConfig, MeterRegistry metrics, Tracing tracing, boolean cdcLag, PageTokens pageTokens) {
        this(schema, validator, roles, servers, processorConfig, metrics, tracing, cdcLag, pageTokens, SnapshotHistory.NONE);
    }

    /** The same, each sink keeping the versions changes replace for consistent snapshots as {@code snapshots} says. */
    public InstanceParts(ApiSchema schema, DocumentValidator validator, Set<Role> roles, PostgresServers servers,
            ProcessorConfig processorConfig, MeterRegistry metrics, Tracing tracing, boolean cdcLag, PageTokens pageTokens,
            SnapshotHistory snapshots) {
        this.schema = schema;
        this.relationships = RelationshipSecurity.of(schema);
        this.validator = validator;
        this.roles = Set.copyOf(roles);
        this.servers = servers;
        this.processorConfig = processorConfig;
        this.metrics = metrics;
        this.tracing = tracing;
        this.cdcLag = cdcLag;
        this.pageTokens = pageTokens;
        this.snapshots = snapshots;
    }

    /** Starts the parts of instances that became ready and stops those of instances that are no longer. */
    public synchronized void reconcile(Collection<Instance> ready) {
        Set<InstanceId> wanted = new HashSet<>();
        for (Instance instance : ready) {
            wanted.add(instance.id());
            if (!running.containsKey(instance.id())) {
                try {
                    running.put(instance.id(), start(instance));
                    failedToStart.remove(instance.id());
                } catch (RuntimeException e) {
                    failedToStart.put(instance.id(), String.valueOf(e.getMessage()));
                    LOG.error("Cannot start the parts of instance {}; the others keep serving", instance.id(), e);
                }
            }
        }
        for (InstanceId id : List.copyOf(running.keySet())) {
            if (!wanted.contains(id)) {
                stop(id);
            }
        }
        failedToStart.keySet().retainAll(wanted);
    }

    /** Stops an instance's parts on this node now (before a purge or delete), if it runs any. */
    public synchronized void stop(InstanceId id) {
        Running parts = running.remove(id);
        if (parts != null) {
            parts.close();
        }
    }

    /** The read pipeline of a ready instance, when this node serves reads. */
    public Optional<ReadPipeline> reads(InstanceId id) {
        return Optional.ofNullable(running.get(id)).map(parts -> parts.reads);
    }

    /** Waits until the instance's store has applied {@code changeVersion}; false when it is not served here or gave up. */
    public boolean awaitVisible(InstanceId id, long changeVersion, Duration timeout) {
        Running parts = running.get(id);
        if (parts == null || parts.applied == null) {
            return false;
        }
        try {
            return parts.applied.awaitApplied(changeVersion, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The state of each instance this node serves, by instance ({@code tenant.instance}): each comes
     * up on its own, so one that restores a large state holds none of the others back.
     */
    public SortedMap<String, String> states() {
        SortedMap<String, String> states = new TreeMap<>();
        running.forEach((id, parts) -> states.put(id.toString(), parts.readiness().label()));
        failedToStart.keySet().forEach(id -> states.put(id.toString(), Readiness.FAILED.label()));
        return states;
    }

    /** Where an instance's parts on this node are. */
    public enum Readiness {
        /** Its processor joins its group or rebalances: it processes nothing yet. */
        STARTING,
        /** Its processor restores its state from the changelogs: it processes nothing yet. */
        RESTORING,
        /** Everything it has here serves (a processor standing by for another node's counts). */
        READY,
        /** A part stopped or could not start: it needs an operator (or the next change of the instance). */
        FAILED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The processor of an instance, when this node runs it (tests stop and restart it). */
    public Optional<InstanceProcessor> processor(InstanceId id) {
        return Optional.ofNullable(running.get(id)).map(parts -> parts.processor);
    }

    private Running start(Instance instance) {
        Running parts = new Running();
        try {
            InstanceId id = instance.id();
            boolean store = roles.contains(Role.SINK) || roles.contains(Role.INGRESS) || roles.contains(Role.QUERY);
            String jdbcUrl = null;
            Jdbi jdbi = null;
            if (store) {
                PostgresServer server = servers.get(instance.server());
                jdbcUrl = server.jdbcUrl(instance.store());
                parts.pool = Databases.pool(jdbcUrl, "dms-" + id, POOL_SIZE, 0);
                jdbi = Databases.jdbi(parts.pool);
            }
            if (roles.contains(Role.PROCESSOR)) {
                parts.processor = InstanceProcessor.start(schema, validator, id, processorConfig, metrics, tracing);
            }
            if (roles.contains(Role.SINK)) {
                parts.sink = DocumentSink.start(id, processorConfig.kafka(), parts.pool, relationships, tracing, snapshots);
                parts.sinkMetrics = parts.sink.clientMetrics();
                parts.sinkMetrics.bindTo(metrics);
                DocumentSink sink = parts.sink;
                parts.appliedGauge = Gauge.builder(APPLIED, sink::appliedChangeVersion)
                        .description("The highest change version the instance's store has applied")
                        .tag("instance", id.toString()).register(metrics);
                parts.deadLettersGauge = Gauge.builder(DEAD_LETTERS, sink::parked)
                        .description("The changes the instance's store refused, parked and neither replayed nor discarded (dms deadletter list)")
                        .tag("instance", id.toString()).register(metrics);
                if (cdcLag) {
                    parts.captureLag = CaptureLag.start(id, processorConfig.kafka(), sink, metrics);
                }
            }
            if (roles.contains(Role.INGRESS)) {
                // With the sink beside it, the ingress learns of applied writes from the sink itself, not over a connection.
                parts.applied = parts.sink != null ? AppliedVersionWatch.fedInProcess() : AppliedVersionWatch.start(jdbcUrl);
                if (parts.sink != null) {
                    AppliedVersionWatch watch = parts.applied;
                    parts.sink.onParked(watch::parked);
                    parts.sink.onApplied(watch::advance);
                    watch.advance(parts.sink.appliedChangeVersion());
                }
            }
            if (roles.contains(Role.QUERY)) {
                // bound to the instance: a token of another instance names positions in other documents
                parts.reads = new ReadPipeline(schema, new DocumentReader(jdbi), pageTokens.forInstance(id.toString()));
            }
            return parts;
        } catch (RuntimeException e) {
            parts.close();
            throw e;
        }
    }

    /**
     * Waits up to {@code timeout} while an instance's processor on this node is still starting or
     * restoring, and returns those that still are: the caller goes on without them, never fails.
     */
    public List<String> awaitProcessors(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> waiting = new ArrayList<>();
            states().forEach((id, state) -> {
                if (state.equals(Readiness.STARTING.label()) || state.equals(Readiness.RESTORING.label())) {
                    waiting.add(id);
                }
            });
            if (waiting.isEmpty() || System.nanoTime() > deadline) {
                return waiting;
            }
            Thread.sleep(20);
        }
    }

    @Override
    public synchronized void close() {
        List.copyOf(running.keySet()).forEach(this::stop);
    }

    /** One instance's parts on this node, closed in the reverse order of their start. */
    private final class Running implements AutoCloseable {
        HikariDataSource pool;
        InstanceProcessor processor;
        DocumentSink sink;
        CaptureLag captureLag;
        KafkaClientMetrics sinkMetrics;
        Gauge appliedGauge;
        Gauge deadLettersGauge;
        AppliedVersionWatch applied;
        ReadPipeline reads;

        Readiness readiness() {
            if (processor != null) {
                switch (processor.state()) {
                    case CREATED, REBALANCING -> {
                        return processor.restoring() ? Readiness.RESTORING : Readiness.STARTING;
                    }
                    case RUNNING -> {
                        if (processor.restoring()) {
                            return Readiness.RESTORING;
                        }
                    }
                    default -> {
                        return Readiness.FAILED; // stopping, stopped or in error
                    }
                }
            }
            return sink != null && !sink.isRunning() ? Readiness.FAILED : Readiness.READY;
        }

        @Override
        public void close() {
            if (appliedGauge != null) {
                metrics.remove(appliedGauge);
            }
            if (deadLettersGauge != null) {
                metrics.remove(deadLettersGauge);
            }
            List<AutoCloseable> parts = new ArrayList<>();
            parts.add(applied);
            parts.add(captureLag);
            parts.add(sinkMetrics);
            parts.add(sink);
            parts.add(processor);
            parts.add(pool);
            for (AutoCloseable part : parts) {
                if (part == null) {
                    continue;
                }
                try {
                    part.close();
                } catch (Exception e) {
                    LOG.warn("Stopping {} failed", part.getClass().getSimpleName(), e);
                }
            }
        }
    }
}
