package org.edfi.dms.app.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.edfi.dms.app.Node;
import org.edfi.dms.app.PostgresServer;
import org.edfi.dms.app.instances.KafkaConnectClient;
import org.edfi.dms.app.instances.PostgresServers;
import org.edfi.dms.app.config.Setting;
import org.edfi.dms.app.config.Settings;
import org.edfi.dms.app.config.SettingsException;
import org.edfi.dms.app.config.SettingsLoader;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.security.ConfiguredClients;

/**
 * {@code dms processor|sink|ingress|query|api}: one role of the production shape, against external
 * Kafka and PostgreSQL named by the settings. Run each as its own process (docker-compose.yml does).
 */
public final class RoleCommand extends ServiceCommand {

    private final String name;
    private final String summary;
    private final Set<Node.Role> roles;

    private RoleCommand(SettingsLoader loader, String name, String summary, Set<Node.Role> roles) {
        super(loader);
        this.name = name;
        this.summary = summary;
        this.roles = roles;
    }

    /** The role commands, in the order --help lists them. */
    public static List<Command> all(SettingsLoader loader) {
        return List.of(
                new RoleCommand(loader, "api", "Serve the HTTP API, writes and reads (the ingress and query roles together)",
                        Set.of(Node.Role.INGRESS, Node.Role.QUERY)),
                new RoleCommand(loader, "ingress", "Serve HTTP writes: validate, send commands, answer with their results", Set.of(Node.Role.INGRESS)),
                new RoleCommand(loader, "query", "Serve HTTP reads, discovery and metadata from PostgreSQL", Set.of(Node.Role.QUERY)),
                new RoleCommand(loader, "processor", "Run the integrity processor (Kafka Streams) of every instance", Set.of(Node.Role.PROCESSOR)),
                new RoleCommand(loader, "sink", "Run the store-sink of every instance: committed documents into PostgreSQL", Set.of(Node.Role.SINK)));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    String description() {
        return summary + ".\n\nA role of the production shape: it uses the Kafka brokers and the PostgreSQL servers the\n"
                + "settings name and starts neither. It serves every ready instance of the configuration store\n"
                + "(database dms_config on postgres.url), picking up new ones as they are created. An api or\n"
                + "ingress node creates the default instance when there is none and no route qualifiers.\n";
    }

    @Override
    List<Setting> settings() {
        List<Setting> settings = new ArrayList<>(List.of(Setting.KAFKA_BOOTSTRAP_SERVERS, Setting.API_SCHEMA,
                Setting.POSTGRES_URL, Setting.POSTGRES_USER, Setting.POSTGRES_PASSWORD, Setting.POSTGRES_SERVERS));
        if (roles.contains(Node.Role.INGRESS) || roles.contains(Node.Role.QUERY)) {
            settings.addAll(List.of(Setting.HOST, Setting.PORT, Setting.TENANTS, Setting.ROUTE_QUALIFIERS, Setting.ADMIN_CLIENT_ID,
                    Setting.ADMIN_CLIENT_SECRET, Setting.TOKEN_LIFETIME_S, Setting.CLAIM_SETS, Setting.RATE_LIMIT));
        }
        if (roles.contains(Node.Role.INGRESS)) {
            settings.addAll(List.of(Setting.NODE_ID, Setting.RESULT_TIMEOUT_MS, Setting.KAFKA_REPLICATION_FACTOR, Setting.CONNECT_URL));
        }
        if (roles.contains(Node.Role.PROCESSOR)) {
            settings.addAll(List.of(Setting.DATA_DIR, Setting.COMMIT_INTERVAL_MS));
        }
        return settings;
    }

    @Override
    AutoCloseable start(Settings settings, ApiSchema schema, PrintStream out) throws InterruptedException {
        Node node = Node.start(schema, roles, wiring(settings), List.of());
        out.println(node.port() < 0
                ? "dms " + name + " running (Kafka " + settings.requireKafka() + ")"
                : "dms " + name + " ready at http://" + settings.host() + ":" + node.port() + "/ (Kafka " + settings.requireKafka() + ")");
        return node;
    }

    /** The production wiring: every server of the settings, the routes, Kafka Connect when named. */
    static Node.Wiring wiring(Settings settings) {
        Map<String, PostgresServer> servers = new LinkedHashMap<>();
        servers.put(PostgresServers.MAIN, new PostgresServer(settings.requirePostgres(), settings.postgresUser(), settings.postgresPassword()));
        settings.postgresServers().forEach((name, url) -> servers.put(name, new PostgresServer(url, settings.postgresUser(), settings.postgresPassword())));
        return new Node.Wiring(settings.requireKafka(), new PostgresServers(servers), settings.host(), settings.port(), settings.dataDir(),
                settings.nodeId(), settings.resultTimeout(), settings.commitInterval(), new Node.Routing(settings.tenants(), settings.routeQualifiers()),
                settings.replicationFactor(), 1, settings.connectUrl().map(KafkaConnectClient::new),
                new Node.Security(settings.tokenLifetime(), settings.claimSets(), settings.rateLimit(), Optional.empty(), adminClient(settings)));
    }

    /** The admin client the settings name, when they name both its id and secret; never a development client. */
    private static Optional<ConfiguredClients.Credentials> adminClient(Settings settings) {
        if (settings.adminClientId().isPresent() != settings.adminClientSecret().isPresent()) {
            throw new SettingsException("Give both admin.client-id and admin.client-secret, or neither");
        }
        return settings.adminClientId().map(id -> new ConfiguredClients.Credentials(id, settings.adminClientSecret().orElseThrow()));
    }
}
