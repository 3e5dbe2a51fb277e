package org.edfi.dms.app.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.edfi.dms.app.config.Setting;
import org.edfi.dms.app.config.Settings;
import org.edfi.dms.app.config.SettingsException;
import org.edfi.dms.app.config.SettingsLoader;
import org.edfi.dms.http.CorrelationHeader;
import org.edfi.dms.processor.CommandLimits;
import org.edfi.dms.query.PageTokens;
import org.edfi.dms.runtime.Node;
import org.edfi.dms.runtime.PostgresServer;
import org.edfi.dms.runtime.instances.KafkaConnectClient;
import org.edfi.dms.runtime.instances.PostgresServers;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.security.ClaimSets;
import org.edfi.dms.security.ClaimsFile;
import org.edfi.dms.security.ConfiguredClients;
import org.edfi.dms.sink.SnapshotHistory;
import picocli.CommandLine.Command;

/**
 * {@code dms processor|sink|ingress|query|api}: one role of the production shape, against external
 * Kafka and PostgreSQL named by the settings. Run each as its own process (docker-compose.yml does).
 */
public abstract sealed class RoleCommand extends ServiceCommand {

    private static final String ROLE = """
            A role of the production shape: it uses the Kafka brokers and the PostgreSQL servers the
            settings name and starts neither. It serves every ready instance of the configuration store
            (database dms_config on postgres.url), picking up new ones as they are created. An api or
            ingress node creates the default instance when there is none and no route qualifiers.""";

    private final Set<Node.Role> roles;

    private RoleCommand(SettingsLoader loader, Set<Node.Role> roles, PrintStream out, PrintStream err) {
        super(loader, settingsOf(roles), out, err);
        this.roles = roles;
    }

    /** The role commands, in the order --help lists them. */
    public static List<RoleCommand> all(SettingsLoader loader, PrintStream out, PrintStream err) {
        return List.of(new Api(loader, out, err), new Ingress(loader, out, err), new Query(loader, out, err), new Processor(loader, out, err),
                new Sink(loader, out, err));
    }

    @Command(name = "api", abbreviateSynopsis = true,
            description = {"Serve the HTTP API, writes and reads (the ingress and query roles together)", "", ROLE})
    static final class Api extends RoleCommand {
        Api(SettingsLoader loader, PrintStream out, PrintStream err) {
            super(loader, EnumSet.of(Node.Role.INGRESS, Node.Role.QUERY), out, err);
        }
    }

    @Command(name = "ingress", abbreviateSynopsis = true,
            description = {"Serve HTTP writes: validate, send commands, answer with their results", "", ROLE})
    static final class Ingress extends RoleCommand {
        Ingress(SettingsLoader loader, PrintStream out, PrintStream err) {
            super(loader, EnumSet.of(Node.Role.INGRESS), out, err);
        }
    }

    @Command(name = "query", abbreviateSynopsis = true, description = {"Serve HTTP reads, discovery and metadata from PostgreSQL", "", ROLE})
    static final class Query extends RoleCommand {
        Query(SettingsLoader loader, PrintStream out, PrintStream err) {
            super(loader, EnumSet.of(Node.Role.QUERY), out, err);
        }
    }

    @Command(name = "processor", abbreviateSynopsis = true,
            description = {"Run the integrity processor (Kafka Streams) of every instance", "", ROLE})
    static final class Processor extends RoleCommand {
        Processor(SettingsLoader loader, PrintStream out, PrintStream err) {
            super(loader, EnumSet.of(Node.Role.PROCESSOR), out, err);
        }
    }

    @Command(name = "sink", abbreviateSynopsis = true,
            description = {"Run the store-sink of every instance: committed documents into PostgreSQL", "", ROLE})
    static final class Sink extends RoleCommand {
        Sink(SettingsLoader loader, PrintStream out, PrintStream err) {
            super(loader, EnumSet.of(Node.Role.SINK), out, err);
        }
    }

    /** The settings the roles read, for --help. */
    private static List<Setting> settingsOf(Set<Node.Role> roles) {
        List<Setting> settings = new ArrayList<>(List.of(Setting.KAFKA_BOOTSTRAP_SERVERS, Setting.KAFKA_CLIENT_PROPERTIES, Setting.API_SCHEMA, Setting.XSD,
                Setting.POSTGRES_URL, Setting.POSTGRES_USER, Setting.POSTGRES_PASSWORD, Setting.POSTGRES_SERVERS, Setting.KAFKA_REPLICATION_FACTOR,
                Setting.LOG_FORMAT, Setting.OTEL_ENDPOINT));
        if (servesHttp(roles)) {
            settings.addAll(List.of(Setting.HOST, Setting.PORT, Setting.TENANTS, Setting.ROUTE_QUALIFIERS, Setting.ADMIN_CLIENT_ID,
                    Setting.ADMIN_CLIENT_SECRET, Setting.TOKEN_LIFETIME_S, Setting.CLAIMS, Setting.CLAIMS_SCHEMA, Setting.RATE_LIMIT, Setting.PAGE_TOKEN_SECRET,
                    Setting.CORS_ORIGINS, Setting.CORRELATION_HEADER));
        }
        if (roles.contains(Node.Role.INGRESS)) {
            settings.addAll(List.of(Setting.NODE_ID, Setting.RESULT_TIMEOUT_MS, Setting.CONNECT_URL, Setting.CONNECT_POSTGRES_PASSWORD));
        }
        if (roles.contains(Node.Role.INGRESS) || roles.contains(Node.Role.PROCESSOR)) {
            settings.add(Setting.KAFKA_MAX_MESSAGE_BYTES);
        }
        if (roles.contains(Node.Role.PROCESSOR)) {
            if (!roles.contains(Node.Role.INGRESS)) {
                settings.add(Setting.NODE_ID);
            }
            settings.addAll(List.of(Setting.DATA_DIR, Setting.COMMIT_INTERVAL_MS, Setting.MAX_CASCADE_DOCUMENTS, Setting.ACCEPT_UNSCOPED_COMMANDS));
        }
        if (roles.contains(Node.Role.SINK)) {
            settings.addAll(List.of(Setting.SINK_CDC_LAG, Setting.SNAPSHOT_RETENTION_S));
        }
        return settings;
    }

    @Override
    AutoCloseable start(Settings settings, ApiSchema schema) throws InterruptedException {
        Node node = Node.start(schema, roles, wiring(settings, roles), List.of());
        out.println(node.port() < 0
                ? "dms " + name() + " running (Kafka " + settings.requireKafka() + ")"
                : "dms " + name() + " ready at http://" + settings.host() + ":" + node.port() + "/ (Kafka " + settings.requireKafka() + ")");
        return node;
    }

    /** The production wiring: every server of the settings, the routes, Kafka Connect when named, the claims for an API. */
    static Node.Wiring wiring(Settings settings, Set<Node.Role> roles) {
        Map<String, PostgresServer> servers = new LinkedHashMap<>();
        servers.put(PostgresServers.MAIN, new PostgresServer(settings.requirePostgres(), settings.postgresUser(), settings.postgresPassword()));
        settings.postgresServers().forEach((name, url) -> servers.put(name, new PostgresServer(url, settings.postgresUser(), settings.postgresPassword())));
        return new Node.Wiring(settings.requireKafkaCluster(), new PostgresServers(servers), settings.host(), settings.port(), settings.dataDir(),
                settings.nodeId(), settings.resultTimeout(), settings.commitInterval(), new Node.Routing(settings.tenants(), settings.routeQualifiers()),
                settings.replicationFactor(), 1, settings.connectUrl().map(url -> new KafkaConnectClient(url, settings.connectPostgresPassword())),
                new Node.Security(settings.tokenLifetime(), servesHttp(roles) ? ClaimsFile.load(settings.claims(), settings.claimsSchema())
                        : ClaimSets.projectOnly(), settings.rateLimit(), Optional.empty(), adminClient(settings),
                        settings.pageTokenSecret().orElse(PageTokens.DEFAULT_SECRET), settings.corsOrigins()),
                new Node.Observability(settings.otelEndpoint(), settings.sinkCdcLag(), CorrelationHeader.of(settings.correlationHeader())), new SnapshotHistory(settings.snapshotRetention()),
                limits(settings), settings.acceptUnscopedCommands());
    }

    /** What one command may produce (docs/operations.md); a value out of range is a wrong setting. */
    static CommandLimits limits(Settings settings) {
        try {
            return new CommandLimits(settings.maxMessageBytes(), settings.maxCascadeDocuments());
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage());
        }
    }

    private static boolean servesHttp(Set<Node.Role> roles) {
        return roles.contains(Node.Role.INGRESS) || roles.contains(Node.Role.QUERY);
    }

    /** The admin client the settings name, when they name both its id and secret; never a development client. */
    private static Optional<ConfiguredClients.Credentials> adminClient(Settings settings) {
        if (settings.adminClientId().isPresent() != settings.adminClientSecret().isPresent()) {
            throw new SettingsException("Give both admin.client-id and admin.client-secret, or neither");
        }
        return settings.adminClientId().map(id -> new ConfiguredClients.Credentials(id, settings.adminClientSecret().orElseThrow()));
    }
}
