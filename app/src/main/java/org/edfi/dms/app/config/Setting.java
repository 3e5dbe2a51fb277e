package org.edfi.dms.app.config;

import java.util.Locale;

/**
 * Every setting of the dms roles, with its one name in each place it can be given. A key
 * {@code postgres.url} is {@code postgres.url=...} in a settings file, {@code DMS_POSTGRES_URL} in
 * the environment and {@code --postgres-url} on the command line. Defaults are those of the
 * embedded default on a laptop; README's settings table lists them all.
 */
public enum Setting {
    HOST("host", "127.0.0.1", "address the HTTP API listens on"),
    PORT("port", "8080", "HTTP port of the API (0 picks a free one)"),
    DATA_DIR("data-dir", "<project>/.dms/data", "where local state lives: embedded Kafka and PostgreSQL for run, the Kafka Streams state for the processor"),
    API_SCHEMA("api-schema", "<project>/../shared/edfi/ds-5.0/ApiSchema.json",
            "ApiSchema files, a core Data Standard then extensions; comma-separated in a file or the environment, repeat the flag"),
    XSD("xsd", "<project>/../shared/edfi/ds-5.0/xsd",
            "the core Data Standard's XSD directory, beside the ApiSchema: its *.xsd files give decimals their precision and scale and are served under /metadata/xsd; empty: none (the default directory is skipped when missing)"),
    KAFKA_BOOTSTRAP_SERVERS("kafka.bootstrap-servers", "", "Kafka brokers of the production roles (run starts its own)"),
    POSTGRES_URL("postgres.url", "", "JDBC URL of the PostgreSQL server of the production roles, without a database (run starts its own)"),
    POSTGRES_USER("postgres.user", "postgres", "PostgreSQL user"),
    POSTGRES_PASSWORD("postgres.password", "", "PostgreSQL password"),
    POSTGRES_SERVERS("postgres.servers", "",
            "more PostgreSQL servers instances may live on, as name=JDBC URL, comma-separated (postgres.url is the one named main; same user and password)"),
    KAFKA_CLIENT_PROPERTIES("kafka.client-properties", "",
            "a Java properties file of the Kafka connection's security settings (security.protocol, sasl.*, ssl.*), as Kafka's tools take with --command-config: every Kafka client of the node uses them; none: plaintext"),
    KAFKA_REPLICATION_FACTOR("kafka.replication-factor", "1",
            "replication factor of every topic the system creates (instance topics, changelogs, reply topics, the analytics topic); above 1, writes also need 2 replicas in sync"),
    KAFKA_MAX_MESSAGE_BYTES("kafka.max-message-bytes", "1048576",
            "the largest record the ingress and the processor write, at most the brokers' message.max.bytes and the topics' max.message.bytes: a larger write is answered 413 and changes nothing"),
    CONNECT_URL("connect.url", "",
            "Kafka Connect REST API where each instance's CDC connector is registered (none: instances get no CDC; connector register defaults to http://localhost:8083)"),
    CONNECT_POSTGRES_PASSWORD("connect.postgres-password", "",
            "what the CDC connectors registered at connect.url say in the PostgreSQL password's place: a Kafka Connect config provider reference the workers resolve (the env provider's POSTGRES_PASSWORD, say; docs/operations.md), so that Connect's REST API shows no password; none: the password itself"),
    TENANTS("tenants", "true", "whether API paths start with the tenant: /{tenant}/{qualifiers...}/data/... (false: /{qualifiers...}/data/...)"),
    ROUTE_QUALIFIERS("route-qualifiers", "",
            "names of the path segments after the tenant that select an instance, e.g. districtId,schoolYear; none: one instance per tenant"),
    NODE_ID("node-id", "local",
            "name of this node: an API node's results come back on dms.replies.<node-id>, so each API node needs its own; a processor node is <node-id>-<id kept in its data-dir> in each instance's group"),
    RESULT_TIMEOUT_MS("result-timeout-ms", "15000", "how long a write waits for its result and visibility before a 504"),
    COMMIT_INTERVAL_MS("processor.commit-interval-ms", "5",
            "the shortest time between two processor commits while it keeps up (it commits once caught up, unless it did within this), and its longest idle wait for commands; a backlog commits every ten intervals, at most a second: longer carries more per commit (bulk loads) and wakes idle instances less"),
    CLIENT_ID("client-id", "", "run: id of the development client (full access to the default instance and the admin API); none: the saved or a made-up one"),
    CLIENT_SECRET("client-secret", "", "run: secret of the development client; none: the saved or a made-up one"),
    ADMIN_CLIENT_ID("admin.client-id", "",
            "API nodes: id of an admin client (the admin API only, no data) to create or keep, for the operator's first steps; none: no such client"),
    ADMIN_CLIENT_SECRET("admin.client-secret", "", "API nodes: secret of the admin client"),
    TOKEN_LIFETIME_S("token-lifetime-s", "1800", "how long an access token is valid"),
    CLAIMS("claims", "<project>/../shared/edfi/dms-metadata/claims/Claims.json",
            "API nodes: the Ed-Fi security metadata, claim sets and the resource claims hierarchy (docs/security.md)"),
    CLAIMS_SCHEMA("claims-schema", "<project>/../shared/edfi/dms-metadata/claims/JsonSchemaForClaims.json",
            "API nodes: the JSON Schema the claims file is checked against"),
    RATE_LIMIT("rate-limit", "10000", "requests a second each API client may make (over that: 429 with Retry-After); 0: no limit"),
    PAGE_TOKEN_SECRET("query.page-token-secret", "",
            "API nodes: the secret page tokens (cursor paging) are signed with, the same on every node serving an instance; none: a built-in one (docs/paging.md)"),
    CORS_ORIGINS("cors-origins", "",
            "API nodes: the browser origins that may call the API (CORS: preflight OPTIONS, Access-Control-Allow-Origin), comma-separated, e.g. https://app.example.org; * for any; none: no CORS headers"),
    CORRELATION_HEADER("correlation-header", "correlation-id",
            "API nodes: the request header a caller's correlation id comes in, echoed on the answer and in problem bodies (correlationId); correlation-id and X-Correlation-Id are read too; a request without one gets a new id"),
    LOG_FORMAT("log-format", "text",
            "text, or json: one JSON object a line on standard error, with the correlation id and instance of the request a line was written for"),
    OTEL_ENDPOINT("otel.endpoint", "",
            "OpenTelemetry: the OTLP/HTTP receiver to export spans to, e.g. http://collector:4318 (its /v1/traces); none: no export"),
    SINK_CDC_LAG("sink.cdc-lag", "false",
            "sink nodes: measure how far CDC is behind the store (dms.cdc.lag), reading each instance's analytics topic; true where CDC connectors are registered (run always measures)"),
    MAX_CASCADE_DOCUMENTS("processor.max-cascade-documents", "10000",
            "how many referencing documents one key change may rewrite; a larger cascade is refused (409) before anything is written"),
    ACCEPT_UNSCOPED_COMMANDS("processor.accept-unscoped-commands", "false",
            "processor nodes: apply Kafka-native commands that carry no limits (no grants, namespaces or education organizations: full access, as dms load --via kafka sends) instead of refusing them with 403; true only where Kafka ACLs let none but trusted loaders produce to the command topics (run always accepts them)"),
    SNAPSHOT_RETENTION_S("sink.snapshot-retention-s", "3600",
            "sink nodes: how long the versions that changes replace are kept for consistent snapshots (Use-Snapshot, docs/paging.md); a snapshot stays readable this long after it is taken; 0: none kept, snapshot reads answer 410");

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    /** The default as written for people; paths under the project are resolved by {@link SettingsLoader}. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public String environmentVariable() {
        return "DMS_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String flag() {
        return "--" + key.replace('.', '-');
    }

    /** Whether the setting takes several values (repeat the flag, or separate them with commas). */
    public boolean isList() {
        return this == API_SCHEMA || this == POSTGRES_SERVERS || this == ROUTE_QUALIFIERS || this == CORS_ORIGINS;
    }
}
