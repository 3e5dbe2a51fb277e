package org.edfi.dms.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceStore;
import org.edfi.dms.embedded.EmbeddedConnect;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.embedded.FreePorts;
import org.edfi.dms.http.ObserveService;
import org.edfi.dms.processor.CommandLimits;
import org.edfi.dms.processor.InstanceProcessor;
import org.edfi.dms.processor.ProcessorConfig;
import org.edfi.dms.runtime.instances.KafkaConnectClient;
import org.edfi.dms.runtime.instances.PostgresServers;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.security.ClaimSets;
import org.edfi.dms.sink.SnapshotHistory;

/**
 * Everything in one JVM for a laptop or a test: an in-process Kafka broker, PostgreSQL, a Kafka
 * Connect worker with each instance's Debezium connector feeding its analytics topic, and a
 * {@link Node} with every role (processor, sink, HTTP writes and reads, admin) for every instance,
 * starting with the default one. Data lives under {@code dataDir} and survives restarts. Closing
 * stops the parts in the reverse order of their start.
 */
public final class EmbeddedStack implements AutoCloseable {

    /** The embedded server's superuser; the server trusts local connections, whatever the password. */
    private static final String POSTGRES_USER = "postgres";

    private final List<AutoCloseable> parts;
    private final Node node;
    private final String bootstrapServers;
    private final PostgresServer postgres;
    private final DevelopmentClient developmentClient;

    private EmbeddedStack(List<AutoCloseable> parts, Node node, String bootstrapServers, PostgresServer postgres, DevelopmentClient developmentClient) {
        this.parts = parts;
        this.node = node;
        this.bootstrapServers = bootstrapServers;
        this.postgres = postgres;
        this.developmentClient = developmentClient;
    }

    public static EmbeddedStack start(ApiSchema schema, Path dataDir, String host, int port, Duration resultTimeout) throws InterruptedException {
        return start(schema, dataDir, host, port, resultTimeout, ProcessorConfig.DEFAULT_COMMIT_INTERVAL);
    }

    public static EmbeddedStack start(ApiSchema schema, Path dataDir, String host, int port, Duration resultTimeout, Duration commitInterval)
            throws InterruptedException {
        return start(schema, dataDir, host, port, resultTimeout, commitInterval, Node.Routing.DEFAULT,
                DevelopmentClient.resolve(dataDir, Optional.empty(), Optional.empty()), Node.Observability.NONE);
    }

    public static EmbeddedStack start(ApiSchema schema, Path dataDir, String host, int port, Duration resultTimeout, Duration commitInterval,
            Node.Routing routing, DevelopmentClient developmentClient, Node.Observability observability) throws InterruptedException {
        return start(schema, dataDir, host, port, resultTimeout, commitInterval, routing, developmentClient, ClaimSets.projectOnly(), observability);
    }

    /** @param claimSets the Ed-Fi claim sets beside this project's (the development client has full-access whatever they are) */
    public static EmbeddedStack start(ApiSchema schema, Path dataDir, String host, int port, Duration resultTimeout, Duration commitInterval,
            Node.Routing routing, DevelopmentClient developmentClient, ClaimSets claimSets, Node.Observability observability)
            throws InterruptedException {
        return start(schema, dataDir, host, port, resultTimeout, commitInterval, routing, developmentClient, claimSets, observability,
                new SnapshotHistory(SnapshotHistory.DEFAULT_RETENTION));
    }

    /** @param snapshots how long the sink keeps the versions changes replace, for consistent snapshots */
    public static EmbeddedStack start(ApiSchema schema, Path dataDir, String host, int port, Duration resultTimeout, Duration commitInterval,
            Node.Routing routing, DevelopmentClient developmentClient, ClaimSets claimSets, Node.Observability observability,
            SnapshotHistory snapshots) throws InterruptedException {
        return start(schema, dataDir, host, port, resultTimeout, commitInterval, routing, developmentClient, claimSets, observability, snapshots,
                CommandLimits.DEFAULTS);
    }

    /** @param limits what one command may produce (docs/operations.md) */
    public static EmbeddedStack start(ApiSchema schema, Path dataDir, String host, int port, Duration resultTimeout, Duration commitInterval,
            Node.Routing routing, DevelopmentClient developmentClient, ClaimSets claimSets, Node.Observability observability,
            SnapshotHistory snapshots, CommandLimits limits) throws InterruptedException {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            // Independent parts start side by side: PostgreSQL beside Kafka, Kafka Connect beside the roles.
            CompletableFuture<EmbeddedPostgresServer> startingPostgres =
                    CompletableFuture.supplyAsync(() -> EmbeddedPostgresServer.start(dataDir.resolve("postgres")));
            started.add(() -> startingPostgres.thenAccept(EmbeddedPostgresServer::close).exceptionally(e -> null).join());
            EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"));
            started.add(kafka);
            int connectPort = FreePorts.one();
            CompletableFuture<EmbeddedConnect> startingConnect =
                    CompletableFuture.supplyAsync(() -> EmbeddedConnect.start(kafka.bootstrapServers(), dataDir.resolve("connect"), connectPort));
            started.add(() -> startingConnect.thenAccept(EmbeddedConnect::close).exceptionally(e -> null).join());
            EmbeddedPostgresServer postgres = join(startingPostgres);
            PostgresServer server = new PostgresServer("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/", POSTGRES_USER, "");

            // Provisioning an instance registers its connector, which waits for the worker if it is still starting.
            KafkaConnectClient connect = new KafkaConnectClient("http://127.0.0.1:" + connectPort);
            Node node = Node.start(schema, Node.all(),
                    new Node.Wiring(kafka.bootstrapServers(), PostgresServers.of(server), host, port, dataDir, "local", resultTimeout, commitInterval,
                            routing, (short) 1, 1, Optional.of(connect),
                            Node.Security.DEFAULT.withDevelopmentClient(developmentClient.credentials()).withClaimSets(claimSets),
                            observability.withCdcLag(), // its CDC connector always feeds the analytics topics
                            snapshots, limits),
                    List.of(new ObserveService.HealthCheck("cdc", () -> startingConnect.isDone() && startingConnect.join().isRunning())));
            started.add(node);
            join(startingConnect);
            node.reprovisionReady(); // ready means every change from now on reaches the analytics topics
            return new EmbeddedStack(started.reversed(), node, kafka.bootstrapServers(), server, developmentClient);
        } catch (RuntimeException | InterruptedException e) {
            Node.closeAll(started.reversed());
            throw e;
        }
    }

    /** The started part, or the exception that stopped it, as it was thrown. */
    private static <T> T join(CompletableFuture<T> starting) {
        try {
            return starting.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    public int port() {
        return node.port();
    }

    /** The client with full access to the default instance and the admin API. */
    public DevelopmentClient developmentClient() {
        return developmentClient;
    }

    /** The default instance's processor. */
    public InstanceProcessor processor() {
        return node.processor(InstanceId.DEFAULT).orElseThrow();
    }

    /** The in-process broker, for Kafka-native loaders, tests and tools. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The default instance's database, for tests and tools. */
    public String jdbcUrl() {
        return jdbcUrl(InstanceId.DEFAULT);
    }

    /** The store of an instance with a database of its own, for tests and tools. */
    public String jdbcUrl(InstanceId instance) {
        return postgres.jdbcUrl(InstanceStore.ownDatabase(instance));
    }

    @Override
    public void close() {
        Node.closeAll(parts);
    }
}
