package org.edfi.dms.app.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.edfi.dms.contracts.KafkaCluster;
import org.edfi.dms.http.CorrelationHeader;

/**
 * Reads {@link Settings} from four sources, each overriding the one before: the defaults, a settings
 * file (Java properties, named by {@code --config FILE} or {@code DMS_CONFIG}), environment variables
 * ({@code DMS_*}), and command-line flags (which the command line reads, see
 * {@code org.edfi.dms.app.cli.SettingOptions}).
 */
public final class SettingsLoader {

    public static final String CONFIG_VARIABLE = "DMS_CONFIG";

    private final Path home;
    private final Map<String, String> environment;

    /**
     * @param home        the project directory, against which the default paths are resolved
     * @param environment the process environment (a map, so that tests can give their own)
     */
    public SettingsLoader(Path home, Map<String, String> environment) {
        this.home = home;
        this.environment = environment;
    }

    /** The settings of the environment, the settings file it names and the defaults, for a command that takes no flags. */
    public Settings load() {
        return load(Map.of(), Optional.empty());
    }

    /**
     * Reads the settings; a key of the settings file that is no setting, or a value that does not parse,
     * is a {@link SettingsException}.
     *
     * @param flags      the values given on the command line for each setting, in order (a setting
     *                   given twice is given its values joined by commas)
     * @param configFile the settings file named on the command line, which beats {@code DMS_CONFIG}
     */
    public Settings load(Map<Setting, List<String>> flags, Optional<Path> configFile) {
        Optional<Path> file = configFile.or(() -> Optional.ofNullable(environment.get(CONFIG_VARIABLE)).map(Path::of));
        Properties fileSettings = file.map(SettingsLoader::readFile).orElseGet(Properties::new);
        for (String key : fileSettings.stringPropertyNames()) {
            if (Arrays.stream(Setting.values()).noneMatch(s -> s.key().equals(key))) {
                throw new SettingsException(file.get() + ": unknown setting " + key);
            }
        }

        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            String value = fileSettings.getProperty(setting.key());
            if (environment.containsKey(setting.environmentVariable())) {
                value = environment.get(setting.environmentVariable());
            }
            if (!flags.getOrDefault(setting, List.of()).isEmpty()) {
                value = String.join(",", flags.get(setting));
            }
            values.put(setting, value == null ? setting.defaultValue() : value.trim());
        }
        return new Settings(
                values.get(Setting.HOST),
                integer(Setting.PORT, values.get(Setting.PORT)),
                path(values.get(Setting.DATA_DIR)),
                Arrays.stream(values.get(Setting.API_SCHEMA).split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(this::path).toList(),
                optional(values.get(Setting.KAFKA_BOOTSTRAP_SERVERS)),
                optional(values.get(Setting.POSTGRES_URL)),
                values.get(Setting.POSTGRES_USER),
                values.get(Setting.POSTGRES_PASSWORD),
                servers(values.get(Setting.POSTGRES_SERVERS)),
                (short) integer(Setting.KAFKA_REPLICATION_FACTOR, values.get(Setting.KAFKA_REPLICATION_FACTOR)),
                optional(values.get(Setting.CONNECT_URL)),
                values.get(Setting.NODE_ID),
                Duration.ofMillis(integer(Setting.RESULT_TIMEOUT_MS, values.get(Setting.RESULT_TIMEOUT_MS))),
                Duration.ofMillis(integer(Setting.COMMIT_INTERVAL_MS, values.get(Setting.COMMIT_INTERVAL_MS))),
                bool(Setting.TENANTS, values.get(Setting.TENANTS)),
                list(values.get(Setting.ROUTE_QUALIFIERS)),
                optional(values.get(Setting.CLIENT_ID)),
                optional(values.get(Setting.CLIENT_SECRET)),
                optional(values.get(Setting.ADMIN_CLIENT_ID)),
                optional(values.get(Setting.ADMIN_CLIENT_SECRET)),
                Duration.ofSeconds(integer(Setting.TOKEN_LIFETIME_S, values.get(Setting.TOKEN_LIFETIME_S))),
                path(values.get(Setting.CLAIMS)),
                path(values.get(Setting.CLAIMS_SCHEMA)),
                integer(Setting.RATE_LIMIT, values.get(Setting.RATE_LIMIT)),
                optional(values.get(Setting.PAGE_TOKEN_SECRET)),
                list(values.get(Setting.CORS_ORIGINS)),
                headerName(Setting.CORRELATION_HEADER, values.get(Setting.CORRELATION_HEADER)),
                logFormat(values.get(Setting.LOG_FORMAT)),
                optional(values.get(Setting.OTEL_ENDPOINT)).map(SettingsLoader::httpUrl),
                bool(Setting.SINK_CDC_LAG, values.get(Setting.SINK_CDC_LAG)),
                Duration.ofSeconds(integer(Setting.SNAPSHOT_RETENTION_S, values.get(Setting.SNAPSHOT_RETENTION_S))),
                integer(Setting.KAFKA_MAX_MESSAGE_BYTES, values.get(Setting.KAFKA_MAX_MESSAGE_BYTES)),
                integer(Setting.MAX_CASCADE_DOCUMENTS, values.get(Setting.MAX_CASCADE_DOCUMENTS)),
                xsdDirectory(values.get(Setting.XSD)),
                kafkaClientProperties(values.get(Setting.KAFKA_CLIENT_PROPERTIES)),
                optional(values.get(Setting.CONNECT_POSTGRES_PASSWORD)),
                bool(Setting.ACCEPT_UNSCOPED_COMMANDS, values.get(Setting.ACCEPT_UNSCOPED_COMMANDS)));
    }

    /** The XSD directory; the default one is skipped when the Data Standard is not beside this checkout, a given one must exist. */
    private Optional<Path> xsdDirectory(String value) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Path directory = path(value);
        if (java.nio.file.Files.isDirectory(directory)) {
            return Optional.of(directory);
        }
        if (value.equals(Setting.XSD.defaultValue())) {
            return Optional.empty();
        }
        throw new SettingsException(Setting.XSD.key() + ": no such directory: " + directory);
    }

    /**
     * The Kafka connection's settings from the file {@code kafka.client-properties} names: read
     * once at start, each key a connection setting (a typo such as {@code sasl.jaas.confg} still
     * reaches Kafka, which warns of it; a client's own setting is refused here).
     */
    private Map<String, String> kafkaClientProperties(String value) {
        if (value.isEmpty()) {
            return Map.of();
        }
        Path file = path(value);
        if (!Files.isRegularFile(file)) {
            throw new SettingsException(Setting.KAFKA_CLIENT_PROPERTIES.key() + ": no such file: " + file);
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new SettingsException(Setting.KAFKA_CLIENT_PROPERTIES.key() + ": cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> settings = new java.util.TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (!KafkaCluster.isConnectionSetting(key)) {
                throw new SettingsException(Setting.KAFKA_CLIENT_PROPERTIES.key() + ": " + file + " sets " + key
                        + ", which is no connection setting: the file holds security.protocol, sasl.* and ssl.* properties only");
            }
            settings.put(key, properties.getProperty(key).trim());
        }
        return settings;
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** {@code name=url,name=url}: the servers beside postgres.url (which is {@code main}). */
    private static Map<String, String> servers(String value) {
        Map<String, String> servers = new LinkedHashMap<>();
        for (String entry : list(value)) {
            int equals = entry.indexOf('=');
            if (equals <= 0 || equals == entry.length() - 1) {
                throw new SettingsException(Setting.POSTGRES_SERVERS.key() + " takes name=JDBC URL pairs, not '" + entry + "'");
            }
            servers.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
        }
        return servers;
    }

    private static Settings.LogFormat logFormat(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "text" -> Settings.LogFormat.TEXT;
            case "json" -> Settings.LogFormat.JSON;
            default -> throw new SettingsException(Setting.LOG_FORMAT.key() + " takes text or json, not '" + value + "'");
        };
    }

    private static URI httpUrl(String value) {
        try {
            URI url = new URI(value);
            if (("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // worded below
        }
        throw new SettingsException(Setting.OTEL_ENDPOINT.key() + " takes an http:// or https:// URL, not '" + value + "'");
    }

    /** A header name, checked as the edge will take it. */
    private static String headerName(Setting setting, String value) {
        try {
            CorrelationHeader.of(value);
            return value;
        } catch (IllegalArgumentException e) {
            throw new SettingsException(setting.key() + ": " + e.getMessage());
        }
    }

    private static boolean bool(Setting setting, String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new SettingsException(setting.key() + " takes true or false, not '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private Path path(String value) {
        String resolved = value.startsWith("<project>/") ? home.resolve(value.substring("<project>/".length())).toString() : value;
        return Path.of(resolved).toAbsolutePath().normalize();
    }

    private static Optional<String> optional(String value) {
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static int integer(Setting setting, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number < 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new SettingsException(setting.key() + " takes a whole number of 0 or more, not '" + value + "'");
        }
    }

    private static Properties readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new SettingsException("cannot read the settings file " + file + ": " + e.getMessage());
        }
        return properties;
    }
}
