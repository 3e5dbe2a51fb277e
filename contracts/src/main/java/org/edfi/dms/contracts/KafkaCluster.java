package org.edfi.dms.contracts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The Kafka cluster every client of the system connects to: its brokers, and how to connect to
 * them when their listeners require TLS or SASL (the {@code kafka.client-properties} setting,
 * docs/operations.md#securing-the-deployment). Every producer, consumer, admin and Kafka Streams
 * client of the roles and the loader is configured through {@link #clientConfig}, the one place the
 * connection's settings join a client's own, so none of them can connect without them.
 *
 * @param bootstrapServers the brokers, {@code host:port,...}
 * @param connection the connection's security settings as Kafka names them: {@code security.protocol}
 *     and the {@code sasl.*} and {@code ssl.*} properties (a client's own settings are not the
 *     deployment's to change); empty for a plaintext listener
 */
public record KafkaCluster(String bootstrapServers, Map<String, String> connection) {

    /** The property prefixes a connection setting may have. */
    public static final List<String> CONNECTION_PREFIXES = List.of("security.", "sasl.", "ssl.");

    public KafkaCluster {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("A Kafka cluster needs its bootstrap servers");
        }
        for (String key : connection.keySet()) {
            if (!isConnectionSetting(key)) {
                throw new IllegalArgumentException("'" + key + "' is not a connection setting: the Kafka client properties hold "
                        + "security.protocol and sasl.* and ssl.* properties only");
            }
        }
        connection = Collections.unmodifiableMap(new TreeMap<>(connection));
    }

    /** A cluster whose listeners take plaintext connections without authentication (the embedded broker's, a test's). */
    public static KafkaCluster plaintext(String bootstrapServers) {
        return new KafkaCluster(bootstrapServers, Map.of());
    }

    /** Whether {@code key} is a property of the connection rather than of one client. */
    public static boolean isConnectionSetting(String key) {
        return CONNECTION_PREFIXES.stream().anyMatch(key::startsWith);
    }

    /**
     * A client's configuration: the brokers, the connection's settings and the client's own
     * {@code settings}, which may not name the brokers or a connection setting themselves.
     */
    public Map<String, Object> clientConfig(Map<String, ?> settings) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.putAll(connection);
        settings.forEach((key, value) -> {
            if (config.containsKey(key) || isConnectionSetting(key)) {
                throw new IllegalArgumentException("A client's own settings may not set " + key + ": it is the cluster's");
            }
            config.put(key, value);
        });
        return config;
    }

    /** {@link #clientConfig} as {@link Properties}, as Kafka Streams takes them. */
    public Properties clientProperties(Map<String, ?> settings) {
        Properties properties = new Properties();
        properties.putAll(clientConfig(settings));
        return properties;
    }

    /** Whether the connection is configured beyond plaintext. */
    public boolean secured() {
        return !connection.isEmpty();
    }

    /** The brokers and the names of the connection's settings, never their values: a JAAS configuration holds a password. */
    @Override
    public String toString() {
        return bootstrapServers + (connection.isEmpty() ? "" : " " + connection.keySet());
    }
}
