package org.edfi.dms.processor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.edfi.dms.contracts.KafkaCluster;
import org.edfi.dms.schema.profile.Profile;

/**
 * Settings of the integrity processor.
 *
 * @param nodeId names this processor node among others: its static group membership in each instance's group,
 *     which must be its own ({@link ProcessorMember}); default {@code local}
 * @param kafka the Kafka cluster, and how its clients connect to it (TLS, SASL)
 * @param stateDir where each instance keeps its RocksDB state (a subdirectory per instance)
 * @param commitInterval the shortest time between two commits while the processor keeps up with
 *     its commands (default 5 ms): a result is visible to its caller only after the commit, and the
 *     processor commits as soon as it has caught up unless its last commit ended within this interval; while
 *     commands wait behind the one done, a transaction grows up to ten intervals, at most a second
 *     ({@link CommitPace}); larger values batch more for bulk loads
 * @param dedupRetention how long a command id is remembered, so that a replay is answered, not
 *     applied again (default 24 hours)
 * @param replicationFactor of the instance topics and the changelogs (1 for a single broker)
 * @param cacheMaxBytes the state store cache of each instance (default 10 MiB)
 * @param profiles the API profiles a command may name, by name in any case (docs/profiles.md); none by default
 * @param limits what one command may produce: the largest record, the largest identity cascade
 * @param acceptUnscopedCommands whether a command that carries no limits (no grants, namespaces or
 *     education organizations: a full-access Kafka-native write) is applied; refused with a 403
 *     otherwise ({@code processor.accept-unscoped-commands}, docs/operations.md#securing-the-deployment).
 *     The library's default accepts them; the production roles refuse them unless the setting says otherwise
 */
public record ProcessorConfig(
        String nodeId,
        KafkaCluster kafka,
        Path stateDir,
        Duration commitInterval,
        Duration dedupRetention,
        short replicationFactor,
        long cacheMaxBytes,
        Function<String, Optional<Profile>> profiles,
        CommandLimits limits,
        boolean acceptUnscopedCommands) {

    /** Settings of a plaintext cluster that accept unscoped commands. */
    public ProcessorConfig(String nodeId, String bootstrapServers, Path stateDir, Duration commitInterval, Duration dedupRetention,
            short replicationFactor, long cacheMaxBytes, Function<String, Optional<Profile>> profiles, CommandLimits limits) {
        this(nodeId, KafkaCluster.plaintext(bootstrapServers), stateDir, commitInterval, dedupRetention, replicationFactor, cacheMaxBytes, profiles,
                limits, true);
    }

    /** Settings with the default limits. */
    public ProcessorConfig(String nodeId, String bootstrapServers, Path stateDir, Duration commitInterval, Duration dedupRetention,
            short replicationFactor, long cacheMaxBytes, Function<String, Optional<Profile>> profiles) {
        this(nodeId, bootstrapServers, stateDir, commitInterval, dedupRetention, replicationFactor, cacheMaxBytes, profiles, CommandLimits.DEFAULTS);
    }

    /** Settings without profiles. */
    public ProcessorConfig(String nodeId, String bootstrapServers, Path stateDir, Duration commitInterval, Duration dedupRetention,
            short replicationFactor, long cacheMaxBytes) {
        this(nodeId, bootstrapServers, stateDir, commitInterval, dedupRetention, replicationFactor, cacheMaxBytes, name -> Optional.empty());
    }

    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(5);
    public static final Duration DEFAULT_DEDUP_RETENTION = Duration.ofHours(24);
    public static final long DEFAULT_CACHE_MAX_BYTES = 10L * 1024 * 1024;

    /** Defaults for everything but where Kafka (a plaintext listener) and the state are. */
    public static ProcessorConfig defaults(String bootstrapServers, Path stateDir) {
        return defaults(KafkaCluster.plaintext(bootstrapServers), stateDir);
    }

    /** Defaults for everything but where Kafka and the state are. */
    public static ProcessorConfig defaults(KafkaCluster kafka, Path stateDir) {
        return new ProcessorConfig("local", kafka, stateDir, DEFAULT_COMMIT_INTERVAL, DEFAULT_DEDUP_RETENTION, (short) 1, DEFAULT_CACHE_MAX_BYTES,
                name -> Optional.empty(), CommandLimits.DEFAULTS, true);
    }

    /** The brokers of {@link #kafka}. */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The same accepting, or refusing, commands that carry no limits. */
    public ProcessorConfig withUnscopedCommands(boolean accept) {
        return new ProcessorConfig(nodeId, kafka, stateDir, commitInterval, dedupRetention, replicationFactor, cacheMaxBytes, profiles, limits, accept);
    }

    public ProcessorConfig withCommitInterval(Duration interval) {
        return new ProcessorConfig(nodeId, kafka, stateDir, interval, dedupRetention, replicationFactor, cacheMaxBytes, profiles, limits, acceptUnscopedCommands);
    }

    /** The same with the replication of the topics the processor creates (its changelogs): the {@code kafka.replication-factor} setting. */
    public ProcessorConfig withReplicationFactor(short factor) {
        return new ProcessorConfig(nodeId, kafka, stateDir, commitInterval, dedupRetention, factor, cacheMaxBytes, profiles, limits, acceptUnscopedCommands);
    }

    /** The same under another node id (see {@link ProcessorMember}). */
    public ProcessorConfig withNodeId(String id) {
        return new ProcessorConfig(id, kafka, stateDir, commitInterval, dedupRetention, replicationFactor, cacheMaxBytes, profiles, limits, acceptUnscopedCommands);
    }

    public ProcessorConfig withProfiles(Function<String, Optional<Profile>> profiles) {
        return new ProcessorConfig(nodeId, kafka, stateDir, commitInterval, dedupRetention, replicationFactor, cacheMaxBytes, profiles, limits, acceptUnscopedCommands);
    }

    public ProcessorConfig withLimits(CommandLimits limits) {
        return new ProcessorConfig(nodeId, kafka, stateDir, commitInterval, dedupRetention, replicationFactor, cacheMaxBytes, profiles, limits, acceptUnscopedCommands);
    }
}
