package org.edfi.dms.app.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edfi.dms.contracts.KafkaCluster;

/**
 * The settings of one dms process, typed and checked. Built by {@link SettingsLoader} from the
 * defaults, a settings file, the environment and the command line, in that order of precedence
 * (a later source wins).
 */
public record Settings(
        String host,
        int port,
        Path dataDir,
        List<Path> apiSchemas,
        Optional<String> kafkaBootstrapServers,
        Optional<String> postgresUrl,
        String postgresUser,
        String postgresPassword,
        Map<String, String> postgresServers,
        short replicationFactor,
        Optional<String> connectUrl,
        String nodeId,
        Duration resultTimeout,
        Duration commitInterval,
        boolean tenants,
        List<String> routeQualifiers,
        Optional<String> clientId,
        Optional<String> clientSecret,
        Optional<String> adminClientId,
        Optional<String> adminClientSecret,
        Duration tokenLifetime,
        Path claims,
        Path claimsSchema,
        int rateLimit,
        Optional<String> pageTokenSecret,
        List<String> corsOrigins,
        String correlationHeader,
        LogFormat logFormat,
        Optional<URI> otelEndpoint,
        boolean sinkCdcLag,
        Duration snapshotRetention,
        int maxMessageBytes,
        int maxCascadeDocuments,
        Optional<Path> xsdDirectory,
        Map<String, String> kafkaClientProperties,
        Optional<String> connectPostgresPassword,
        boolean acceptUnscopedCommands) {

    /** How log lines are written. */
    public enum LogFormat {
        TEXT, JSON
    }

    public Settings {
        apiSchemas = List.copyOf(apiSchemas);
        postgresServers = Collections.unmodifiableMap(new LinkedHashMap<>(postgresServers));
        routeQualifiers = List.copyOf(routeQualifiers);
        corsOrigins = List.copyOf(corsOrigins);
        kafkaClientProperties = Map.copyOf(kafkaClientProperties);
    }

    /** The Kafka brokers and how every client connects to them (kafka.client-properties), which the production roles cannot do without. */
    public KafkaCluster requireKafkaCluster() {
        return kafkaCluster(requireKafka());
    }

    /** The cluster at {@code bootstrapServers}, reached with the connection settings of kafka.client-properties. */
    public KafkaCluster kafkaCluster(String bootstrapServers) {
        return new KafkaCluster(bootstrapServers, kafkaClientProperties);
    }

    /** The XSD files of the {@code xsd} directory, by name; none when it is not set. */
    public List<Path> xsdFiles() {
        if (xsdDirectory.isEmpty()) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(xsdDirectory.get())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".xsd") && java.nio.file.Files.isRegularFile(f)).sorted().toList();
        } catch (java.io.IOException e) {
            throw new SettingsException(Setting.XSD.key() + ": cannot list " + xsdDirectory.get() + ": " + e.getMessage());
        }
    }

    /** The Kafka brokers, which the production roles cannot do without. */
    public String requireKafka() {
        return kafkaBootstrapServers.orElseThrow(() -> missing(Setting.KAFKA_BOOTSTRAP_SERVERS));
    }

    /** The PostgreSQL server, which the production roles cannot do without. */
    public String requirePostgres() {
        return postgresUrl.orElseThrow(() -> missing(Setting.POSTGRES_URL));
    }

    private static SettingsException missing(Setting setting) {
        return new SettingsException("this role needs " + setting.key() + ": give " + setting.flag() + ", "
                + setting.environmentVariable() + " or " + setting.key() + "= in a settings file");
    }
}
