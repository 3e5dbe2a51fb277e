package org.edfi.dms.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.edfi.dms.cdc.CdcConnector;
import org.edfi.dms.embedded.EmbeddedConnect;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.messages.InstanceId;
import org.edfi.dms.processor.InstanceProcessor;
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
        InstanceId instance = InstanceId.DEFAULT;
        List<AutoCloseable> started = new ArrayList<>();
        try {
            EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"));
            started.add(kafka);
            EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir.resolve("postgres"));
            started.add(postgres);
            PostgresServer server = new PostgresServer("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/", POSTGRES_USER, "");
            String database = StoreSchema.databaseName(instance);
            server.ensureDatabase(database);

            // The connector's publication names the store's tables, so they exist before it starts.
            try (var pool = Databases.pool(server.jdbcUrl(database), "dms-migrate", 1)) {
                StoreSchema.migrate(Databases.jdbi(pool));
            }
            EmbeddedConnect connect = EmbeddedConnect.start(kafka.bootstrapServers(), dataDir.resolve("connect"));
            started.add(connect);
            CdcConnector cdc = CdcConnectors.forInstance(instance, "127.0.0.1", postgres.port(), POSTGRES_USER, "trusted", 1);
            connect.register(cdc.name(), CdcConnectors.config(cdc), Duration.ofSeconds(60));

            Node node = Node.start(schema, Node.all(),
                    new Node.Wiring(kafka.bootstrapServers(), Optional.of(server), host, port, dataDir, "local", resultTimeout),
                    List.of(new MetadataService.HealthCheck("cdc", connect::isRunning)));
            started.add(node);
            return new EmbeddedStack(started.reversed(), node, kafka.bootstrapServers(), server.jdbcUrl(database));
        } catch (RuntimeException | InterruptedException e) {
            Node.closeAll(started.reversed());
            throw e;
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
