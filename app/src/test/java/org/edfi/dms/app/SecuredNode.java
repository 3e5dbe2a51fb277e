package org.edfi.dms.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.processor.ProcessorConfig;
import org.edfi.dms.runtime.Node;
import org.edfi.dms.runtime.PostgresServer;
import org.edfi.dms.runtime.instances.PostgresServers;
import org.edfi.dms.schema.ApiSchema;

/**
 * What the security tests share: one node with every role over an embedded Kafka broker and
 * PostgreSQL, tenants in the path, no CDC, and {@link TestApi#CLIENT} as its development client.
 */
final class SecuredNode implements AutoCloseable {

    final EmbeddedPostgresServer postgres;
    final Node node;
    private final EmbeddedKafka kafka;

    private SecuredNode(EmbeddedKafka kafka, EmbeddedPostgresServer postgres, Node node) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.node = node;
    }

    /** @param rateLimit requests a second per client */
    static SecuredNode start(Path dir, String nodeId, ApiSchema schema, int rateLimit) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"));
        PostgresServer server = new PostgresServer("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/", "postgres", "");
        Node node = Node.start(schema, Node.all(), new Node.Wiring(kafka.bootstrapServers(), PostgresServers.of(server), "127.0.0.1", 0,
                dir, nodeId, Duration.ofSeconds(20), ProcessorConfig.DEFAULT_COMMIT_INTERVAL, Node.Routing.DEFAULT, (short) 1, 1,
                Optional.empty(), new Node.Security(Duration.ofMinutes(30), Optional.empty(), rateLimit, Optional.of(TestApi.CLIENT), Optional.empty()),
                Node.Observability.NONE),
                List.of());
        return new SecuredNode(kafka, postgres, node);
    }

    int port() {
        return node.port();
    }

    @Override
    public void close() {
        Node.closeAll(List.of(node, postgres, kafka));
    }
}
