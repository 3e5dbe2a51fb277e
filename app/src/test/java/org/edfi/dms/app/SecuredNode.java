package org.edfi.dms.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceStore;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.processor.ProcessorConfig;
import org.edfi.dms.query.PageTokens;
import org.edfi.dms.runtime.Node;
import org.edfi.dms.runtime.PostgresServer;
import org.edfi.dms.runtime.instances.PostgresServers;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.security.ClaimSets;
import org.edfi.dms.sink.SnapshotHistory;

/**
 * What the security tests share: one node with every role over an embedded Kafka broker and
 * PostgreSQL, tenants in the path, no CDC, and {@link TestApi#CLIENT} as its development client.
 */
final class SecuredNode implements AutoCloseable {

    final EmbeddedPostgresServer postgres;
    final Node node;
    private final EmbeddedKafka kafka;
    private final ApiSchema schema;
    private final Node.Security security;
    private final SnapshotHistory snapshots;

    private SecuredNode(EmbeddedKafka kafka, EmbeddedPostgresServer postgres, ApiSchema schema, Node.Security security, SnapshotHistory snapshots,
            Node node) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.schema = schema;
        this.security = security;
        this.snapshots = snapshots;
        this.node = node;
    }

    /** @param rateLimit requests a second per client */
    static SecuredNode start(Path dir, String nodeId, ApiSchema schema, int rateLimit) throws Exception {
        return start(dir, nodeId, schema, rateLimit, TestApi.edFiClaims());
    }

    /** @param claimSets the claim sets clients may be given (the development client has full-access) */
    static SecuredNode start(Path dir, String nodeId, ApiSchema schema, int rateLimit, ClaimSets claimSets) throws Exception {
        return start(dir, nodeId, schema, rateLimit, claimSets, Node.all());
    }

    /** @param corsOrigins the browser origins that may call it (CORS) */
    static SecuredNode start(Path dir, String nodeId, ApiSchema schema, List<String> corsOrigins) throws Exception {
        return start(dir, nodeId, schema, Node.Security.DEFAULT.rateLimit(), TestApi.edFiClaims(), Node.all(),
                new SnapshotHistory(SnapshotHistory.DEFAULT_RETENTION), corsOrigins);
    }

    /** The same, with only these roles (others come from {@link #another}: the production shape). */
    static SecuredNode start(Path dir, String nodeId, ApiSchema schema, int rateLimit, ClaimSets claimSets, Set<Node.Role> roles) throws Exception {
        return start(dir, nodeId, schema, rateLimit, claimSets, roles, new SnapshotHistory(SnapshotHistory.DEFAULT_RETENTION));
    }

    /** The same, its sinks keeping snapshot history as {@code snapshots} says. */
    static SecuredNode start(Path dir, String nodeId, ApiSchema schema, int rateLimit, ClaimSets claimSets, Set<Node.Role> roles,
            SnapshotHistory snapshots) throws Exception {
        return start(dir, nodeId, schema, rateLimit, claimSets, roles, snapshots, List.of());
    }

    private static SecuredNode start(Path dir, String nodeId, ApiSchema schema, int rateLimit, ClaimSets claimSets, Set<Node.Role> roles,
            SnapshotHistory snapshots, List<String> corsOrigins) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"));
        Node.Security security = new Node.Security(Duration.ofMinutes(30), claimSets, rateLimit, Optional.of(TestApi.CLIENT), Optional.empty(),
                PageTokens.DEFAULT_SECRET, corsOrigins);
        Node node = Node.start(schema, roles, wiring(kafka, postgres, dir, nodeId, security, snapshots), List.of());
        return new SecuredNode(kafka, postgres, schema, security, snapshots, node);
    }

    /** Another node of these roles over the same Kafka and PostgreSQL: it shares the configuration database, clients and keys. */
    Node another(Path dir, String nodeId, Set<Node.Role> roles) throws Exception {
        return Node.start(schema, roles, wiring(kafka, postgres, dir, nodeId, security, snapshots), List.of());
    }

    private static Node.Wiring wiring(EmbeddedKafka kafka, EmbeddedPostgresServer postgres, Path dir, String nodeId, Node.Security security,
            SnapshotHistory snapshots) {
        PostgresServer server = new PostgresServer("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/", "postgres", "");
        return new Node.Wiring(kafka.bootstrapServers(), PostgresServers.of(server), "127.0.0.1", 0, dir, nodeId, Duration.ofSeconds(20),
                ProcessorConfig.DEFAULT_COMMIT_INTERVAL, Node.Routing.DEFAULT, (short) 1, 1, Optional.empty(), security, Node.Observability.NONE,
                snapshots);
    }

    int port() {
        return node.port();
    }

    /** The default instance's store, for a test that writes into it as the store-sink does. */
    String storeJdbcUrl() {
        InstanceStore store = InstanceStore.ownDatabase(InstanceId.DEFAULT);
        return store.onSearchPath(postgres.jdbcUrl(store.database()));
    }

    /** The broker, for a test that writes as a Kafka-native loader does. */
    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public void close() {
        Node.closeAll(List.of(node, postgres, kafka));
    }
}
