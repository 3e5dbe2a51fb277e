package org.edfi.dms.app;

import com.zaxxer.hikari.HikariDataSource;
import io.helidon.webserver.WebServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.edfi.dms.cdc.CdcConnector;
import org.edfi.dms.embedded.EmbeddedConnect;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.ingress.CommandDispatcher;
import org.edfi.dms.ingress.IngressConfig;
import org.edfi.dms.ingress.VisibilityGate;
import org.edfi.dms.ingress.WritePipeline;
import org.edfi.dms.ingress.WriteService;
import org.edfi.dms.messages.InstanceId;
import org.edfi.dms.processor.InstanceProcessor;
import org.edfi.dms.processor.ProcessorConfig;
import org.edfi.dms.query.AppliedVersionWatch;
import org.edfi.dms.query.DocumentReader;
import org.edfi.dms.query.MetadataService;
import org.edfi.dms.query.ReadPipeline;
import org.edfi.dms.query.ReadService;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.validation.DocumentValidator;
import org.edfi.dms.sink.DocumentSink;
import org.edfi.dms.sink.StoreSchema;
import org.jdbi.v3.core.Jdbi;

/**
 * Everything in one JVM for a laptop or a test: an in-process Kafka broker, PostgreSQL, the
 * integrity processor and the store-sink of the default instance, a Kafka Connect worker with the
 * instance's Debezium connector feeding its analytics topic, and the HTTP API (writes and reads). Data lives under {@code dataDir} and survives restarts. Closing stops the parts in the
 * reverse order of their start.
 */
public final class EmbeddedStack implements AutoCloseable {

    private final List<AutoCloseable> parts;
    private final WebServer server;
    private final InstanceProcessor processor;
    private final String jdbcUrl;

    private final String bootstrapServers;

    private EmbeddedStack(List<AutoCloseable> parts, WebServer server, InstanceProcessor processor, String jdbcUrl, String bootstrapServers) {
        this.parts = parts;
        this.server = server;
        this.processor = processor;
        this.jdbcUrl = jdbcUrl;
        this.bootstrapServers = bootstrapServers;
    }

    public static EmbeddedStack start(ApiSchema schema, Path dataDir, String host, int port, Duration resultTimeout) throws InterruptedException {
        InstanceId instance = InstanceId.DEFAULT;
        DocumentValidator validator = DocumentValidator.forSchema(schema);
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"));
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir.resolve("postgres"));
        String database = StoreSchema.databaseName(instance);
        postgres.createDatabase(database);
        String jdbcUrl = postgres.jdbcUrl(database);
        HikariDataSource pool = Databases.pool(jdbcUrl, "dms-" + instance, 10);
        Jdbi jdbi = Databases.jdbi(pool);

        InstanceProcessor processor = InstanceProcessor.start(schema, validator, instance,
                ProcessorConfig.defaults(kafka.bootstrapServers(), dataDir.resolve("processor")));
        DocumentSink sink = DocumentSink.start(instance, kafka.bootstrapServers(), jdbi);
        // After the sink, whose start creates the tables the connector's publication names.
        EmbeddedConnect connect = EmbeddedConnect.start(kafka.bootstrapServers(), dataDir.resolve("connect"));
        CdcConnector cdc = CdcConnectors.forInstance(instance, "127.0.0.1", postgres.port(), "postgres", "postgres", 1);
        connect.register(cdc.name(), CdcConnectors.config(cdc), Duration.ofSeconds(60));
        AppliedVersionWatch applied = AppliedVersionWatch.start(jdbcUrl);
        processor.awaitRunning(Duration.ofSeconds(60));

        CommandDispatcher dispatcher = CommandDispatcher.start(
                IngressConfig.defaults("local", kafka.bootstrapServers()).withResultTimeout(resultTimeout));
        VisibilityGate readYourWrites = (ignored, changeVersion) -> {
            try {
                return applied.awaitApplied(changeVersion, resultTimeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        };
        WritePipeline writes = new WritePipeline(schema, validator, dispatcher, readYourWrites, instance);
        ReadPipeline reads = new ReadPipeline(schema, new DocumentReader(jdbi));
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000));
        List<MetadataService.HealthCheck> health = List.of(
                new MetadataService.HealthCheck("postgresql", () -> jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one() == 1)),
                new MetadataService.HealthCheck("kafka", () -> kafkaReachable(admin)),
                new MetadataService.HealthCheck("processor", () -> processor.state() == KafkaStreams.State.RUNNING),
                new MetadataService.HealthCheck("sink", sink::isRunning),
                new MetadataService.HealthCheck("cdc", connect::isRunning));
        WebServer server = ApiServer.start(host, port,
                List.of(new MetadataService(schema, health), new ReadService(reads), new WriteService(writes, true)));
        return new EmbeddedStack(List.of(server::stop, admin, dispatcher, applied, connect, sink, processor, pool, postgres, kafka), server, processor, jdbcUrl,
                kafka.bootstrapServers());
    }

    /** One admin client for the stack's life: a health probe every few seconds must not build and tear down a client each time. */
    private static boolean kafkaReachable(Admin admin) {
        try {
            return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    public int port() {
        return server.port();
    }

    public InstanceProcessor processor() {
        return processor;
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
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                // keep closing the rest; each part logs its own trouble
            }
        }
    }
}
