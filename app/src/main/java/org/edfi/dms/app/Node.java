package org.edfi.dms.app;

import com.zaxxer.hikari.HikariDataSource;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
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
 * The roles one process runs, over Kafka and PostgreSQL that live elsewhere: the production shape
 * runs one role per process, the embedded default all of them beside its own broker and database.
 * Parts start in dependency order and stop in the reverse order.
 */
public final class Node implements AutoCloseable {

    /** What a process can be. The {@code api} command is INGRESS and QUERY together. */
    public enum Role {
        /** The integrity processor: the instance's Kafka Streams topology. */
        PROCESSOR,
        /** The store-sink: the documents topic into the instance's database. */
        SINK,
        /** The write half of the HTTP API. */
        INGRESS,
        /** The read half of the HTTP API, with discovery and metadata. */
        QUERY
    }

    /** Where a node's parts find the shared infrastructure, and how it serves. */
    public record Wiring(String bootstrapServers, Optional<PostgresServer> postgres, String host, int port, Path dataDir, String nodeId,
            Duration resultTimeout, Duration commitInterval) {}

    /** The roles that read or write the instance's database. */
    private static final Set<Role> STORE_ROLES = EnumSet.of(Role.SINK, Role.INGRESS, Role.QUERY);

    private final List<AutoCloseable> parts;
    private final WebServer server;
    private final InstanceProcessor processor;

    private Node(List<AutoCloseable> parts, WebServer server, InstanceProcessor processor) {
        this.parts = parts;
        this.server = server;
        this.processor = processor;
    }

    /** Starts the roles; {@code moreHealth} adds checks of parts started outside the node to its /health. */
    public static Node start(ApiSchema schema, Set<Role> roles, Wiring wiring, List<MetadataService.HealthCheck> moreHealth)
            throws InterruptedException {
        InstanceId instance = InstanceId.DEFAULT;
        DocumentValidator validator = DocumentValidator.forSchema(schema);
        List<AutoCloseable> started = new ArrayList<>();
        try {
            List<MetadataService.HealthCheck> health = new ArrayList<>();
            Jdbi jdbi = null;
            String jdbcUrl = null;
            if (!Collections.disjoint(roles, STORE_ROLES)) {
                PostgresServer postgres = wiring.postgres().orElseThrow(() -> new IllegalArgumentException("The " + roles + " roles need PostgreSQL"));
                String database = StoreSchema.databaseName(instance);
                jdbcUrl = postgres.jdbcUrl(database);
                postgres.ensureDatabase(database);
                HikariDataSource pool = Databases.pool(jdbcUrl, "dms-" + instance, 10);
                started.add(pool);
                Jdbi store = Databases.jdbi(pool);
                StoreSchema.migrate(store); // whichever role starts first makes the tables the others read
                health.add(new MetadataService.HealthCheck("postgresql",
                        () -> store.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one() == 1)));
                jdbi = store;
            }
            Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, wiring.bootstrapServers(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000));
            started.add(admin);
            health.add(new MetadataService.HealthCheck("kafka", () -> kafkaReachable(admin)));

            InstanceProcessor processor = null;
            if (roles.contains(Role.PROCESSOR)) {
                processor = InstanceProcessor.start(schema, validator, instance,
                        ProcessorConfig.defaults(wiring.bootstrapServers(), wiring.dataDir().resolve("processor"))
                                .withCommitInterval(wiring.commitInterval()));
                started.add(processor);
                InstanceProcessor running = processor;
                health.add(new MetadataService.HealthCheck("processor", () -> running.state() == KafkaStreams.State.RUNNING));
            }
            if (roles.contains(Role.SINK)) {
                DocumentSink sink = DocumentSink.start(instance, wiring.bootstrapServers(), jdbi);
                started.add(sink);
                health.add(new MetadataService.HealthCheck("sink", sink::isRunning));
            }
            if (processor != null) {
                processor.awaitRunning(Duration.ofSeconds(60));
            }

            List<HttpService> services = new ArrayList<>();
            if (roles.contains(Role.INGRESS)) {
                CommandDispatcher dispatcher = CommandDispatcher.start(
                        IngressConfig.defaults(wiring.nodeId(), wiring.bootstrapServers()).withResultTimeout(wiring.resultTimeout()));
                started.add(dispatcher);
                AppliedVersionWatch applied = AppliedVersionWatch.start(jdbcUrl);
                started.add(applied);
                VisibilityGate readYourWrites = (ignored, changeVersion) -> {
                    try {
                        return applied.awaitApplied(changeVersion, wiring.resultTimeout());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                };
                services.add(new WriteService(new WritePipeline(schema, validator, dispatcher, readYourWrites, instance), true));
            }
            if (roles.contains(Role.QUERY)) {
                services.add(new ReadService(new ReadPipeline(schema, new DocumentReader(jdbi))));
            }
            WebServer server = null;
            if (!services.isEmpty()) {
                health.addAll(moreHealth);
                services.addFirst(new MetadataService(schema, List.copyOf(health)));
                server = ApiServer.start(wiring.host(), wiring.port(), services);
                started.add(server::stop);
            }
            return new Node(started.reversed(), server, processor);
        } catch (RuntimeException | InterruptedException e) {
            closeAll(started.reversed());
            throw e;
        }
    }

    /** One admin client for the node's life: a health probe every few seconds must not build and tear down a client each time. */
    private static boolean kafkaReachable(Admin admin) {
        try {
            return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    /** The HTTP port, or -1 when this node serves no HTTP role. */
    public int port() {
        return server == null ? -1 : server.port();
    }

    /** The processor of this node, or null when it runs none. */
    public InstanceProcessor processor() {
        return processor;
    }

    /** Stops the HTTP server first (requests in flight finish), then the rest in the reverse order of their start. */
    @Override
    public void close() {
        closeAll(parts);
    }

    static void closeAll(List<AutoCloseable> parts) {
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                // keep closing the rest; each part logs its own trouble
            }
        }
    }

    static Set<Role> all() {
        return EnumSet.allOf(Role.class);
    }
}
