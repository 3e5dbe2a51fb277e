package org.edfi.dms.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One precedence for every setting: flag, then environment, then settings file, then default. */
class SettingsLoaderTest {

    private static final Path HOME = Path.of("/opt/dms");

    @Test
    void withNothingGivenTheLaptopDefaultsApply() {
        Settings settings = new SettingsLoader(HOME, Map.of()).load();
        assertEquals("127.0.0.1", settings.host());
        assertEquals(8080, settings.port());
        assertEquals(Path.of("/opt/dms/.dms/data"), settings.dataDir());
        assertEquals(List.of(Path.of("/opt/shared/edfi/ds-5.0/ApiSchema.json")), settings.apiSchemas());
        assertEquals(Optional.empty(), settings.kafkaBootstrapServers());
        assertEquals("local", settings.nodeId());
        assertEquals(Duration.ofSeconds(15), settings.resultTimeout());
    }

    @Test
    void aFlagBeatsTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefault(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dms.properties");
        Files.writeString(file, "port=7001\nhost=0.0.0.0\nnode-id=from-file\nkafka.bootstrap-servers=file:9092\n");
        Map<String, String> environment = Map.of("DMS_CONFIG", file.toString(), "DMS_PORT", "7002", "DMS_NODE_ID", "from-env");

        Settings settings = new SettingsLoader(HOME, environment).load(Map.of(Setting.PORT, List.of("7003")), Optional.empty());

        assertEquals(7003, settings.port(), "flag");
        assertEquals("from-env", settings.nodeId(), "environment over file");
        assertEquals("0.0.0.0", settings.host(), "file over default");
        assertEquals(Optional.of("file:9092"), settings.kafkaBootstrapServers());
    }

    @Test
    void aConfigFileFlagBeatsTheEnvironmentsConfigFile(@TempDir Path dir) throws Exception {
        Path fromEnvironment = Files.writeString(dir.resolve("environment.properties"), "node-id=from-environment-file\n");
        Path fromFlag = Files.writeString(dir.resolve("flag.properties"), "node-id=from-flag-file\n");
        SettingsLoader loader = new SettingsLoader(HOME, Map.of("DMS_CONFIG", fromEnvironment.toString()));
        assertEquals("from-environment-file", loader.load().nodeId());
        assertEquals("from-flag-file", loader.load(Map.of(), Optional.of(fromFlag)).nodeId());
    }

    @Test
    void theApiSchemaFlagRepeatsAndTheEnvironmentTakesACommaList() {
        assertEquals(List.of(Path.of("/a/core.json"), Path.of("/b/ext.json")), new SettingsLoader(HOME, Map.of())
                .load(Map.of(Setting.API_SCHEMA, List.of("/a/core.json", "/b/ext.json")), Optional.empty()).apiSchemas());
        assertEquals(List.of(Path.of("/a/core.json"), Path.of("/b/ext.json")),
                new SettingsLoader(HOME, Map.of("DMS_API_SCHEMA", "/a/core.json, /b/ext.json")).load().apiSchemas());
    }

    @Test
    void spansAreExportedOnlyWhereAnEndpointIsGiven() {
        assertEquals(Optional.empty(), new SettingsLoader(HOME, Map.of()).load().otelEndpoint());
        assertEquals(Optional.of(URI.create("http://collector:4318")),
                new SettingsLoader(HOME, Map.of("DMS_OTEL_ENDPOINT", "http://collector:4318")).load().otelEndpoint());
        assertTrue(assertThrows(SettingsException.class, () -> new SettingsLoader(HOME, Map.of("DMS_OTEL_ENDPOINT", "collector:4318")).load())
                .getMessage().contains("otel.endpoint takes an http:// or https:// URL, not 'collector:4318'"));
    }

    @Test
    void sinksMeasureTheCdcLagOnlyWhenAsked() {
        assertEquals(false, new SettingsLoader(HOME, Map.of()).load().sinkCdcLag());
        assertEquals(List.of("https://a.example.org", "https://b.example.org"), new SettingsLoader(HOME,
                Map.of("DMS_CORS_ORIGINS", "https://a.example.org, https://b.example.org")).load(Map.of(), Optional.empty()).corsOrigins());
        assertEquals(List.of(), new SettingsLoader(HOME, Map.of()).load(Map.of(), Optional.empty()).corsOrigins(), "no origin by default");
        assertEquals(true, new SettingsLoader(HOME, Map.of()).load(Map.of(Setting.SINK_CDC_LAG, List.of("true")), Optional.empty()).sinkCdcLag());
    }

    @Test
    void mistakesAreNamed(@TempDir Path dir) throws Exception {
        SettingsLoader loader = new SettingsLoader(HOME, Map.of());
        assertTrue(assertThrows(SettingsException.class, () -> loader.load(Map.of(Setting.PORT, List.of("eighty")), Optional.empty())).getMessage()
                .contains("port takes a whole number of 0 or more, not 'eighty'"));
        assertTrue(assertThrows(SettingsException.class, () -> new SettingsLoader(HOME, Map.of("DMS_PORT", "-1")).load()).getMessage()
                .contains("port takes a whole number of 0 or more, not '-1'"));
        Path file = dir.resolve("dms.properties");
        Files.writeString(file, "prot=1\n");
        assertTrue(assertThrows(SettingsException.class, () -> loader.load(Map.of(), Optional.of(file))).getMessage()
                .contains("unknown setting prot"));
        assertTrue(assertThrows(SettingsException.class, () -> loader.load().requireKafka()).getMessage()
                .contains("--kafka-bootstrap-servers, DMS_KAFKA_BOOTSTRAP_SERVERS"));
        assertTrue(assertThrows(SettingsException.class, () -> new SettingsLoader(HOME, Map.of("DMS_CORRELATION_HEADER", "Request Id")).load())
                .getMessage().contains("correlation-header: not an HTTP header name: 'Request Id'"));
    }

    @Test
    void correlationIdsComeInTheCorrelationIdHeaderUnlessTheDeploymentNamesAnother() {
        assertEquals("correlation-id", new SettingsLoader(HOME, Map.of()).load().correlationHeader());
        assertEquals("X-Request-Id", new SettingsLoader(HOME, Map.of("DMS_CORRELATION_HEADER", "X-Request-Id")).load().correlationHeader());
    }

    @Test
    void theKafkaClientPropertiesFileGivesEveryClientItsConnectionSettings(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("client.properties"), """
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="dms" password="p4ss";
                ssl.truststore.location=/certs/truststore.jks
                """);
        Settings settings = new SettingsLoader(HOME, Map.of("DMS_KAFKA_BOOTSTRAP_SERVERS", "kafka:9093", "DMS_KAFKA_CLIENT_PROPERTIES", file.toString())).load();

        Map<String, Object> client = settings.requireKafkaCluster().clientConfig(Map.of());
        assertEquals("kafka:9093", client.get("bootstrap.servers"));
        assertEquals("SASL_SSL", client.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", client.get("sasl.mechanism"));
        assertEquals("/certs/truststore.jks", client.get("ssl.truststore.location"));
        assertTrue(((String) client.get("sasl.jaas.config")).endsWith("password=\"p4ss\";"));
        assertTrue(new SettingsLoader(HOME, Map.of("DMS_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")).load().requireKafkaCluster().connection().isEmpty(),
                "none: plaintext");
    }

    @Test
    void theKafkaClientPropertiesFileHoldsConnectionSettingsOnlyAndMustExist(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("client.properties"), "security.protocol=SSL\nacks=0\n");
        assertTrue(assertThrows(SettingsException.class, () -> new SettingsLoader(HOME, Map.of("DMS_KAFKA_CLIENT_PROPERTIES", file.toString())).load())
                .getMessage().contains("sets acks, which is no connection setting"));
        assertTrue(assertThrows(SettingsException.class, () -> new SettingsLoader(HOME, Map.of("DMS_KAFKA_CLIENT_PROPERTIES", "/no/such.properties")).load())
                .getMessage().contains("kafka.client-properties: no such file"));
    }

    @Test
    void processorNodesRefuseUnscopedCommandsUnlessTold() {
        assertEquals(false, new SettingsLoader(HOME, Map.of()).load().acceptUnscopedCommands());
        assertEquals(true, new SettingsLoader(HOME, Map.of("DMS_PROCESSOR_ACCEPT_UNSCOPED_COMMANDS", "true")).load().acceptUnscopedCommands());
    }

    @Test
    void connectorsCarryAPasswordReferenceWhenGivenOne() {
        assertEquals(Optional.empty(), new SettingsLoader(HOME, Map.of()).load().connectPostgresPassword());
        assertEquals(Optional.of("${env:POSTGRES_PASSWORD}"),
                new SettingsLoader(HOME, Map.of("DMS_CONNECT_POSTGRES_PASSWORD", "${env:POSTGRES_PASSWORD}")).load().connectPostgresPassword());
    }
}
