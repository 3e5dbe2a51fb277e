package org.edfi.dms.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.edfi.dms.cdc.CdcConnector;
import org.edfi.dms.embedded.EmbeddedConnect;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.messages.InstanceId;
import org.edfi.dms.messages.InstanceTopics;
import org.edfi.dms.processor.InstanceProcessor;
import org.edfi.dms.processor.ProcessorConfig;
import org.edfi.dms.query.MetadataService;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.sink.StoreSchema;

/**
 * Everything in one JVM for a laptop or a test: an in-process Kafka broker, PostgreSQL, a Kafka
 * Connect worker with the default instance's Debezium connector feeding its analytics topic, and a
 * {@link Node} with every role (processor, sink, HTTP writes and reads). Data lives under
 * {@code dataDir} and survives restarts. Closing stops the parts in the reverse order of their start.
 */
public final class EmbeddedStack implements AutoCloseable {

    /** The embedded server's superuser; the server trusts local connections, whatever the password. */
    private static final String POSTGRES_USER = "postgres";

    private final List<AutoCloseable> parts;
    private final Node node;
    private final String bootstrapServers;
    private final String jdbcUrl;

    private EmbeddedStack(List<AutoCloseable> parts, Node node, String bootstrapServers, String jdbcUrl) {
        this.parts = parts;
        this.node = node;
        this.bootstrapServers = bootstrapServers;
        this.jdbcUrl = jdbcUrl;
    }

    public static EmbeddedStack start(ApiSchema schema, Path dataDir, String host, int port, Duration resultTimeout) throws InterruptedException {
        return start(schema, dataDir, host, port, resultTimeout, ProcessorConfig.DEFAULT_COMMIT_INTERVAL);
    }

    public static EmbeddedStack start(ApiSchema schema, Path dataDir, String host, int port, Duration resultTimeout, Duration commitInterval)
            throws InterruptedException {
        InstanceId instance = InstanceId.DEFAULT;
        List<AutoCloseable> started = new ArrayList<>();
        try {
            // Independent parts start side by side: PostgreSQL beside Kafka, Kafka Connect beside the roles.
            CompletableFuture<EmbeddedPostgresServer> startingPostgres =
                    CompletableFuture.supplyAsync(() -> EmbeddedPostgresServer.start(dataDir.resolve("postgres")));
            started.add(() -> startingPostgres.thenAccept(EmbeddedPostgresServer::close).exceptionally(e -> null).join());
            EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"));
            started.add(kafka);
            EmbeddedPostgresServer postgres = join(startingPostgres);
            PostgresServer server = new PostgresServer("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/", POSTGRES_USER, "");
            String database = StoreSchema.databaseName(instance);
            server.ensureDatabase(database);

            // The connector's publication names the store's tables, so they exist before it starts.
            try (var pool = Databases.pool(server.jdbcUrl(database), "dms-migrate", 1)) {
                StoreSchema.migrate(Databases.jdbi(pool));
            }
            // The analytics topic exists from the start, as the connector template would make it, so
            // consumers may subscribe before the first change.
            kafka.createTopics(List.of(new InstanceTopics(instance).changes()), Map.of("cleanup.policy", "compact"));
            CompletableFuture<EmbeddedConnect> startingConnect = CompletableFuture.supplyAsync(() -> {
                EmbeddedConnect connect = EmbeddedConnect.start(kafka.bootstrapServers(), dataDir.resolve("connect"));
                CdcConnector cdc = CdcConnectors.forInstance(instance, "127.0.0.1", postgres.port(), POSTGRES_USER, "trusted", 1);
                try {
                    connect.register(cdc.name(), CdcConnectors.config(cdc), Duration.ofSeconds(60));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    connect.close();
                    throw new IllegalStateException("Interrupted while registering the CDC connector", e);
                } catch (RuntimeException e) {
                    connect.close();
                    throw e;
                }
                return connect;
            });
            started.add(() -> startingConnect.thenAccept(EmbeddedConnect::close).exceptionally(e -> null).join());

            Node node = Node.start(schema, Node.all(),
                    new Node.Wiring(kafka.bootstrapServers(), Optional.of(server), host, port, dataDir, "local", resultTimeout, commitInterval),
                    List.of(new MetadataService.HealthCheck("cdc", () -> startingConnect.isDone() && startingConnect.join().isRunning())));
            started.add(node);
            join(startingConnect); // ready means every change from now on reaches the analytics topic
            return new EmbeddedStack(started.reversed(), node, kafka.bootstrapServers(), server.jdbcUrl(database));
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

    public InstanceProcessor processor() {
        return node.processor();
    }

    /** The in-process broker, for Kafka-native loaders, tests and tools. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The default instance's database, for tests and tools. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    @Override
    public void close() {
        Node.closeAll(parts);
    }
}
