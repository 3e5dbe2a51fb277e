package org.edfi.dms.runtime;

import com.zaxxer.hikari.HikariDataSource;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.HttpService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceRoutes;
import org.edfi.dms.contracts.KafkaCluster;
import org.edfi.dms.contracts.Replication;
import org.edfi.dms.contracts.Tracing;
import org.edfi.dms.http.ObserveService;
import org.edfi.dms.http.Cors;
import org.edfi.dms.http.CorrelationHeader;
import org.edfi.dms.http.RequestEdge;
import org.edfi.dms.ingress.CommandDispatcher;
import org.edfi.dms.ingress.IngressConfig;
import org.edfi.dms.ingress.VisibilityGate;
import org.edfi.dms.ingress.WritePipeline;
import org.edfi.dms.ingress.WriteService;
import org.edfi.dms.instances.AdminService;
import org.edfi.dms.instances.Instance;
import org.edfi.dms.instances.InstanceLifecycle;
import org.edfi.dms.instances.InstanceRegistry;
import org.edfi.dms.instances.InstanceRules;
import org.edfi.dms.instances.InstanceState;
import org.edfi.dms.instances.NewInstance;
import org.edfi.dms.instances.RegistrySchema;
import org.edfi.dms.processor.CommandLimits;
import org.edfi.dms.processor.InstanceProcessor;
import org.edfi.dms.processor.ProcessorConfig;
import org.edfi.dms.processor.ProcessorMember;
import org.edfi.dms.sink.SnapshotHistory;
import org.edfi.dms.query.MetadataService;
import org.edfi.dms.query.PageTokens;
import org.edfi.dms.query.ReadService;
import org.edfi.dms.query.SwaggerUiService;
import org.edfi.dms.runtime.instances.DeadLetterService;
import org.edfi.dms.runtime.instances.InstanceCatalog;
import org.edfi.dms.runtime.instances.InstanceParts;
import org.edfi.dms.runtime.instances.InstanceProvisioner;
import org.edfi.dms.runtime.instances.KafkaConnectClient;
import org.edfi.dms.runtime.instances.PostgresServers;
import org.edfi.dms.runtime.instances.TopicReplication;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.RelationshipSecurity;
import org.edfi.dms.schema.validation.DocumentValidator;
import org.edfi.dms.security.AccessGuard;
import org.edfi.dms.security.ClaimSetCatalog;
import org.edfi.dms.security.ClaimSetStore;
import org.edfi.dms.security.ClaimSets;
import org.edfi.dms.security.ClientAdminService;
import org.edfi.dms.security.ClientRegistry;
import org.edfi.dms.security.ConfiguredClients;
import org.edfi.dms.security.JsonWebTokens;
import org.edfi.dms.security.ProfileCatalog;
import org.edfi.dms.security.ProfileStore;
import org.edfi.dms.security.RevokedClients;
import org.edfi.dms.security.SecuritySchema;
import org.edfi.dms.security.SigningKeyStore;
import org.edfi.dms.security.SigningKeys;
import org.edfi.dms.security.TokenIntrospection;
import org.edfi.dms.security.TokenService;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The roles one process runs, over Kafka and PostgreSQL that live elsewhere: the production shape
 * runs one role per process, the embedded default all of them beside its own broker and database.
 * Every node reads the configuration store of tenants and instances and runs its roles' parts for
 * each ready instance, picking up instances created, purged or deleted anywhere without a restart.
 * Parts start in dependency order and stop in the reverse order.
 */
public final class Node implements AutoCloseable {

    /** What a process can be. The {@code api} command is INGRESS and QUERY together. */
    public enum Role {
        /** The integrity processor: each instance's Kafka Streams topology. */
        PROCESSOR,
        /** The store-sink: each instance's documents topic into its database. */
        SINK,
        /** The write half of the HTTP API, and the admin API. */
        INGRESS,
        /** The read half of the HTTP API, with discovery and metadata. */
        QUERY
    }

    /**
     * Where a node's parts find the shared infrastructure, and how it serves.
     *
     * @param kafka the Kafka cluster, and how every client of the node connects to it (TLS, SASL)
     * @param servers the PostgreSQL servers instances live on; the first holds the configuration store
     * @param routes whether paths start with the tenant, and the route qualifiers after it
     * @param connect Kafka Connect, where instances' CDC connectors are registered; empty registers none
     * @param observability what the node tells beyond /health and /metrics
     * @param snapshots how long its sinks keep the versions changes replace, for consistent snapshots (docs/paging.md#snapshots)
     * @param acceptUnscopedCommands whether its processors apply commands that carry no limits (a
     *     full-access Kafka-native write) rather than refuse them with a 403 (docs/operations.md#securing-the-deployment)
     */
    public record Wiring(KafkaCluster kafka, PostgresServers servers, String host, int port, Path dataDir, String nodeId,
            Duration resultTimeout, Duration commitInterval, Routing routes, short replicationFactor, int changePartitions,
            Optional<KafkaConnectClient> connect, Security security, Observability observability, SnapshotHistory snapshots,
            CommandLimits limits, boolean acceptUnscopedCommands) {

        /** The wiring of a plaintext cluster whose processors accept unscoped commands (the tests' and the embedded default's). */
        public Wiring(String bootstrapServers, PostgresServers servers, String host, int port, Path dataDir, String nodeId,
                Duration resultTimeout, Duration commitInterval, Routing routes, short replicationFactor, int changePartitions,
                Optional<KafkaConnectClient> connect, Security security, Observability observability, SnapshotHistory snapshots,
                CommandLimits limits) {
            this(KafkaCluster.plaintext(bootstrapServers), servers, host, port, dataDir, nodeId, resultTimeout, commitInterval, routes,
                    replicationFactor, changePartitions, connect, security, observability, snapshots, limits, true);
        }

        /** The wiring with the default command limits. */
        public Wiring(String bootstrapServers, PostgresServers servers, String host, int port, Path dataDir, String nodeId,
                Duration resultTimeout, Duration commitInterval, Routing routes, short replicationFactor, int changePartitions,
                Optional<KafkaConnectClient> connect, Security security, Observability observability, SnapshotHistory snapshots) {
            this(bootstrapServers, servers, host, port, dataDir, nodeId, resultTimeout, commitInterval, routes, replicationFactor, changePartitions,
                    connect, security, observability, snapshots, CommandLimits.DEFAULTS);
        }

        /** The same wiring with other limits on what one command may produce. */
        public Wiring withLimits(CommandLimits limits) {
            return new Wiring(kafka, servers, host, port, dataDir, nodeId, resultTimeout, commitInterval, routes, replicationFactor,
                    changePartitions, connect, security, observability, snapshots, limits, acceptUnscopedCommands);
        }

        /** The same wiring on a cluster reached as {@code kafka} says. */
        public Wiring withKafka(KafkaCluster kafka) {
            return new Wiring(kafka, servers, host, port, dataDir, nodeId, resultTimeout, commitInterval, routes, replicationFactor,
                    changePartitions, connect, security, observability, snapshots, limits, acceptUnscopedCommands);
        }

        /** The same wiring accepting, or refusing, commands that carry no limits. */
        public Wiring withUnscopedCommands(boolean accept) {
            return new Wiring(kafka, servers, host, port, dataDir, nodeId, resultTimeout, commitInterval, routes, replicationFactor,
                    changePartitions, connect, security, observability, snapshots, limits, accept);
        }

        /** The brokers of {@link #kafka}. */
        public String bootstrapServers() {
            return kafka.bootstrapServers();
        }

        /** The wiring with the default snapshot retention. */
        public Wiring(String bootstrapServers, PostgresServers servers, String host, int port, Path dataDir, String nodeId,
                Duration resultTimeout, Duration commitInterval, Routing routes, short replicationFactor, int changePartitions,
                Optional<KafkaConnectClient> connect, Security security, Observability observability) {
            this(bootstrapServers, servers, host, port, dataDir, nodeId, resultTimeout, commitInterval, routes, replicationFactor, changePartitions,
                    connect, security, observability, new SnapshotHistory(SnapshotHistory.DEFAULT_RETENTION));
        }

        /**
         * The single-server shape the tests and benchmarks use: tenants in the path, no qualifiers, no
         * CDC, and a development client of these credentials.
         */
        public static Wiring of(String bootstrapServers, PostgresServer server, Path dataDir, String nodeId, Duration resultTimeout,
                ConfiguredClients.Credentials developmentClient) {
            return new Wiring(bootstrapServers, PostgresServers.of(server), "127.0.0.1", 0, dataDir, nodeId, resultTimeout,
                    ProcessorConfig.DEFAULT_COMMIT_INTERVAL, Routing.DEFAULT, (short) 1, 1, Optional.empty(),
                    Security.DEFAULT.withDevelopmentClient(developmentClient), Observability.NONE);
        }
    }

    /**
     * What a node tells beyond its /health and /metrics (docs/operations.md).
     *
     * @param traceEndpoint the OTLP/HTTP receiver its spans are exported to; empty exports none and
     *     builds no OpenTelemetry SDK
     * @param cdcLag whether its sinks measure how far CDC is behind them, reading each instance's
     *     analytics topic (where a CDC connector feeds it)
     * @param correlationHeader the header its callers' correlation ids come in and are echoed in
     */
    public record Observability(Optional<URI> traceEndpoint, boolean cdcLag, CorrelationHeader correlationHeader) {

        public static final Observability NONE = new Observability(Optional.empty(), false);

        /** Correlation ids in the {@code correlation-id} header. */
        public Observability(Optional<URI> traceEndpoint, boolean cdcLag) {
            this(traceEndpoint, cdcLag, CorrelationHeader.DEFAULT);
        }

        public Observability withCdcLag() {
            return new Observability(traceEndpoint, true, correlationHeader);
        }

        public Observability withCorrelationHeader(CorrelationHeader header) {
            return new Observability(traceEndpoint, cdcLag, header);
        }
    }

    /**
     * How the HTTP API authenticates and authorizes (docs/security.md).
     *
     * @param rateLimit requests a second per client; 0 for none
     * @param developmentClient a client with full access to the default instance and the admin API,
     *     made or kept at start: the embedded default's, never a production role's
     * @param adminClient a client of the admin API alone, made or kept at start
     * @param pageTokenSecret what the page tokens of cursor paging are signed with; every node
     *     serving reads of the same instances needs the same ({@link PageTokens})
     * @param corsOrigins the browser origins that may call the API (CORS, {@link Cors}); none by default
     */
    public record Security(Duration tokenLifetime, ClaimSets claimSets, int rateLimit,
            Optional<ConfiguredClients.Credentials> developmentClient, Optional<ConfiguredClients.Credentials> adminClient,
            String pageTokenSecret, List<String> corsOrigins) {

        /** This project's claim sets alone (full-access and admin): the tests' and benchmarks', whose clients have full access. */
        public static final Security DEFAULT = new Security(TokenService.DEFAULT_LIFETIME, ClaimSets.projectOnly(),
                (int) AccessGuard.Limits.DEFAULT.requestsPerClient(), Optional.empty(), Optional.empty(), PageTokens.DEFAULT_SECRET);

        public Security {
            corsOrigins = List.copyOf(corsOrigins);
        }

        /** Security that lets no browser origin call the API. */
        public Security(Duration tokenLifetime, ClaimSets claimSets, int rateLimit, Optional<ConfiguredClients.Credentials> developmentClient,
                Optional<ConfiguredClients.Credentials> adminClient, String pageTokenSecret) {
            this(tokenLifetime, claimSets, rateLimit, developmentClient, adminClient, pageTokenSecret, List.of());
        }

        public Security withDevelopmentClient(ConfiguredClients.Credentials credentials) {
            return new Security(tokenLifetime, claimSets, rateLimit, Optional.of(credentials), adminClient, pageTokenSecret, corsOrigins);
        }

        public Security withClaimSets(ClaimSets claimSets) {
            return new Security(tokenLifetime, claimSets, rateLimit, developmentClient, adminClient, pageTokenSecret, corsOrigins);
        }

        public Security withCorsOrigins(List<String> origins) {
            return new Security(tokenLifetime, claimSets, rateLimit, developmentClient, adminClient, pageTokenSecret, origins);
        }
    }

    /** How paths name instances: {@code /{tenant}/{qualifier...}/data/...} (see {@link InstanceRoutes}). */
    public record Routing(boolean tenants, List<String> qualifiers) {

        public static final Routing DEFAULT = new Routing(true, List.of());

        public Routing {
            qualifiers = List.copyOf(qualifiers);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Node.class);

    /** How often a node looks for changes in the configuration store. */
    private static final Duration CATALOG_INTERVAL = Duration.ofMillis(250);
    /** How long a starting node waits for its instances' processors before it goes on without those not ready. */
    private static final Duration PROCESSOR_START_WAIT = Duration.ofSeconds(60);
    /** How long a starting node waits for Kafka to answer before it stops and says why. */
    private static final Duration KAFKA_START_WAIT = Duration.ofSeconds(30);

    private final List<AutoCloseable> parts;
    private final PrometheusMeterRegistry metrics;
    private final WebServer server;
    private final InstanceParts instances;
    private final InstanceCatalog catalog;
    private final InstanceLifecycle lifecycle;

    private Node(List<AutoCloseable> parts, PrometheusMeterRegistry metrics, WebServer server, InstanceParts instances, InstanceCatalog catalog,
            InstanceLifecycle lifecycle) {
        this.parts = parts;
        this.metrics = metrics;
        this.server = server;
        this.instances = instances;
        this.catalog = catalog;
        this.lifecycle = lifecycle;
    }

    /** Starts the roles; {@code moreHealth} adds checks of parts started outside the node to its /health. */
    public static Node start(ApiSchema schema, Set<Role> roles, Wiring wiring, List<ObserveService.HealthCheck> moreHealth)
            throws InterruptedException {
        DocumentValidator validator = DocumentValidator.forSchema(schema);
        PrometheusMeterRegistry metrics = NodeMetrics.create(wiring.nodeId());
        List<AutoCloseable> started = new ArrayList<>();
        started.add(metrics::close);
        try {
            // Stopped after every part that makes spans, so that the last ones are sent.
            Tracing tracing = Tracing.OFF;
            if (wiring.observability().traceEndpoint().isPresent()) {
                OtlpTracing export = OtlpTracing.start(wiring.observability().traceEndpoint().get(), wiring.nodeId(), roles);
                started.add(export);
                tracing = export.tracing();
            }
            List<ObserveService.HealthCheck> health = new ArrayList<>();
            PostgresServer main = wiring.servers().main();
            main.ensureDatabase(InstanceRegistry.DATABASE);
            HikariDataSource configPool = Databases.pool(main.jdbcUrl(InstanceRegistry.DATABASE), "dms-config", 4);
            started.add(configPool);
            RegistrySchema.migrate(configPool); // whichever node starts first makes the tables the others read
            InstanceRegistry registry = new InstanceRegistry(Databases.jdbi(configPool));
            health.add(new ObserveService.HealthCheck("postgresql", () -> registry.registryVersion() >= 0));

            Admin admin = Admin.create(wiring.kafka().clientConfig(Map.of(
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000)));
            started.add(admin);
            KafkaConnection.require(admin, wiring.kafka(), KAFKA_START_WAIT);
            health.add(new ObserveService.HealthCheck("kafka", () -> kafkaReachable(admin)));

            boolean ingress = roles.contains(Role.INGRESS);
            boolean query = roles.contains(Role.QUERY);
            // API profiles are in the security store: the API nodes negotiate them, the processor applies writable ones.
            Optional<ProfileCatalog> profiles = Optional.empty();
            if (ingress || query || roles.contains(Role.PROCESSOR)) {
                SecuritySchema.migrate(configPool);
                profiles = Optional.of(new ProfileCatalog(schema, new ProfileStore(Databases.jdbi(configPool)), java.time.Clock.systemUTC()));
            }
            Path stateDir = wiring.dataDir().resolve("processor");
            ProcessorConfig processorConfig = ProcessorConfig.defaults(wiring.kafka(), stateDir)
                    .withUnscopedCommands(wiring.acceptUnscopedCommands())
                    .withNodeId(roles.contains(Role.PROCESSOR) ? ProcessorMember.of(wiring.nodeId(), stateDir) : wiring.nodeId())
                    .withReplicationFactor(wiring.replicationFactor())
                    .withCommitInterval(wiring.commitInterval())
                    .withLimits(wiring.limits())
                    .withProfiles(profiles.isPresent() ? profiles.get()::find : name -> Optional.empty());
            InstanceParts instances = new InstanceParts(schema, validator, roles, wiring.servers(), processorConfig, metrics, tracing,
                    wiring.observability().cdcLag(), PageTokens.withSecret(wiring.security().pageTokenSecret()), wiring.snapshots());
            started.add(instances);
            InstanceLifecycle lifecycle = new InstanceProvisioner(wiring.servers(), admin, new InstanceProvisioner.Options(
                    wiring.replicationFactor(), wiring.changePartitions(), wiring.connect(), processorConfig.stateDir()), instances);
            InstanceRules rules = new InstanceRules(wiring.servers().names(), wiring.routes().qualifiers());
            if (roles.contains(Role.INGRESS) && wiring.routes().qualifiers().isEmpty()) {
                ensureDefaultInstance(registry, lifecycle, rules);
            }
            if (roles.contains(Role.INGRESS)) { // the node that provisions: it made the topics
                alignReplication(admin, wiring.replicationFactor());
            }
            InstanceCatalog catalog = new InstanceCatalog(registry, CATALOG_INTERVAL);
            started.add(catalog);
            catalog.onChange(instances::reconcile);

            InstanceRoutes routes = new InstanceRoutes(wiring.routes().tenants(), wiring.routes().qualifiers(), catalog);
            health.addAll(moreHealth);
            // Each request passes the edge (correlation id, instance, resource), then, on API nodes, the access guard.
            List<Filter> filters = new ArrayList<>(List.of(new RequestEdge(schema, routes, metrics, tracing, new Cors(wiring.security().corsOrigins()),
                    wiring.observability().correlationHeader())));
            // Every node answers /health and /metrics, the processor's and the sink's too (first, like
            // every fixed path: the discovery route /{tenant} would match them).
            List<HttpService> services = new ArrayList<>(List.of(new ObserveService(health, () -> instanceStates(catalog, instances), metrics::scrape)));
            if (ingress || query) {
                Authentication security = authentication(wiring.security(), configPool, schema, ingress, profiles.orElseThrow(), started);
                filters.add(security.guard());
                // Before discovery, whose /{tenant} route would take /swagger-ui for a tenant's name.
                services.add(new SwaggerUiService());
                services.add(new MetadataService(schema, routes, profiles.orElseThrow()::profiles));
                services.addAll(security.services());
            }
            if (ingress) {
                CommandDispatcher dispatcher = CommandDispatcher.start(
                        IngressConfig.defaults(wiring.nodeId(), wiring.kafka()).withResultTimeout(wiring.resultTimeout())
                                .withReplicationFactor(wiring.replicationFactor())
                                .withMaxMessageBytes(wiring.limits().maxMessageBytes()));
                started.add(dispatcher);
                VisibilityGate readYourWrites = new MeasuredVisibility(instances, wiring.resultTimeout(), metrics);
                services.add(new WriteService(new WritePipeline(schema, validator, dispatcher, readYourWrites), routes, query));
                services.add(new AdminService(registry, lifecycle, rules, catalog::refresh));
                services.add(new DeadLetterService(registry, wiring.servers(), RelationshipSecurity.of(schema), wiring.snapshots()));
            }
            if (query) {
                services.add(new ReadService(routes, instances::reads));
            }
            WebServer server = ApiServer.start(wiring.host(), wiring.port(), filters, services, wiring.observability().correlationHeader());
            started.add(server::stop);
            if (roles.contains(Role.PROCESSOR)) {
                // Serving already: a wait so that a node usually starts with its processors running (a loaded
                // machine may take tens of seconds), but one instance slow to restore (or failing) holds
                // neither the others back nor, after the wait, the start.
                List<String> waiting = instances.awaitProcessors(PROCESSOR_START_WAIT);
                if (!waiting.isEmpty()) {
                    LOG.warn("Instances {} are not processing yet; the node serves the others, /health tells when they are ready", waiting);
                }
            }
            return new Node(started.reversed(), metrics, server, instances, catalog, lifecycle);
        } catch (RuntimeException | InterruptedException e) {
            closeAll(started.reversed());
            throw e;
        }
    }

    /**
     * Each instance's state for /health: how far its parts on this node are ({@link InstanceParts#states}),
     * or the operation under way on it (provisioning, purging, deleting), which stops its parts.
     */
    private static SortedMap<String, String> instanceStates(InstanceCatalog catalog, InstanceParts instances) {
        SortedMap<String, String> states = instances.states();
        states.putAll(catalog.underway());
        return states;
    }

    /** The access guard every request passes, and the HTTP services of authentication. */
    private record Authentication(AccessGuard guard, List<HttpService> services) {}

    /**
     * The access guard, the token endpoints and key set, and (with the admin API) the clients'
     * admin. The configured clients are made or kept here. The node's view of revoked clients
     * goes into {@code started}, to be stopped with the node.
     */
    private static Authentication authentication(Security security, HikariDataSource configPool, ApiSchema schema, boolean admin,
            ProfileCatalog profiles, List<AutoCloseable> started) {
        Jdbi config = Databases.jdbi(configPool);
        ClaimSetCatalog claimSets = new ClaimSetCatalog(security.claimSets(), new ClaimSetStore(config), java.time.Clock.systemUTC());
        ClientRegistry clients = new ClientRegistry(config, claimSets);
        SigningKeys keys = new SigningKeys(new SigningKeyStore(config), security.tokenLifetime());
        keys.ensureKey();
        RevokedClients revoked = new RevokedClients(config, keys.tokenLifetime(), keys.clock(), RevokedClients.REFRESH_EVERY);
        started.add(revoked);
        JsonWebTokens tokens = new JsonWebTokens(keys, revoked::revoked);
        security.developmentClient().ifPresent(client -> ConfiguredClients.ensureDevelopment(clients, client, List.of(InstanceId.DEFAULT)));
        security.adminClient().ifPresent(client -> ConfiguredClients.ensureAdmin(clients, client));
        AccessGuard guard = new AccessGuard(tokens, claimSets,
                new AccessGuard.Limits(security.rateLimit(), AccessGuard.Limits.DEFAULT.tokenRequestsPerAddress()), Optional.of(profiles));
        List<HttpService> services = new ArrayList<>();
        services.add(new TokenService(clients, tokens, new TokenIntrospection(claimSets, schema, profiles::assignedTo), security.tokenLifetime(), TokenService.ANY_PREFIX));
        if (admin) {
            services.add(new ClientAdminService(clients, keys, claimSets, profiles));
        }
        return new Authentication(guard, services);
    }

    /**
     * A deployment without route qualifiers starts with the {@code default} tenant's {@code default}
     * instance, so the unprefixed {@code /data/...} routes work for a newcomer.
     */
    private static void ensureDefaultInstance(InstanceRegistry registry, InstanceLifecycle lifecycle, InstanceRules rules) {
        Optional<Instance> existing = registry.find(InstanceId.DEFAULT);
        if (existing.isEmpty() && !registry.instances().isEmpty()) {
            return; // the operator has instances of their own
        }
        Instance instance = existing.orElseGet(() -> registry.register(NewInstance.of(InstanceId.DEFAULT.tenant(), Map.of()), rules).value());
        if (instance.state() == InstanceState.PROVISIONING) { // new, or a start that died while provisioning it
            lifecycle.provision(instance);
            registry.transition(instance.id(), Set.of(InstanceState.PROVISIONING), InstanceState.READY);
        }
    }

    /**
     * Topics made before {@code kafka.replication-factor} was raised get the {@code min.insync.replicas}
     * that goes with the replicas they have; those lacking replicas are named, once per start, for the
     * operator to reassign (docs/operations.md#a-kafka-cluster).
     */
    private static void alignReplication(Admin admin, short factor) {
        List<TopicReplication.UnderReplicated> lacking = new TopicReplication(admin, new Replication(factor)).align();
        if (!lacking.isEmpty()) {
            LOG.warn("{} topics have fewer replicas than kafka.replication-factor={}, so an acknowledged write on them does not survive the "
                    + "loss of a broker: {}. Add replicas with kafka-reassign-partitions.sh; the next start sets their min.insync.replicas "
                    + "(docs/operations.md#a-kafka-cluster)", lacking.size(), factor, lacking);
        }
    }

    /**
     * Makes sure every ready instance has everything provisioning gives it, again: the embedded
     * Kafka Connect worker forgets its connectors when it stops, unlike a Connect cluster.
     */
    public void reprovisionReady() {
        catalog.ready().forEach(lifecycle::provision);
    }

    /** One admin client for the node's life: a health probe every few seconds must not build and tear down a client each time. */
    private static boolean kafkaReachable(Admin admin) {
        try {
            return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    /** The HTTP port: the API's, or on a processor or sink node, that of /health and /metrics alone. */
    public int port() {
        return server.port();
    }

    /** This node's meters, which /metrics shows. */
    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /** The processor of an instance on this node, when it runs one. */
    public Optional<InstanceProcessor> processor(InstanceId instance) {
        return instances.processor(instance);
    }

    /** Stops the HTTP server first (requests in flight finish), then the rest in the reverse order of their start. */
    @Override
    public void close() {
        closeAll(parts);
    }

    /** Closes each part in order, going on past any that fails (each part logs its own trouble). */
    public static void closeAll(List<AutoCloseable> parts) {
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                // keep closing the rest; each part logs its own trouble
            }
        }
    }

    public static Set<Role> all() {
        return EnumSet.allOf(Role.class);
    }
}
