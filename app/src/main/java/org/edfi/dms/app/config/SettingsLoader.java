package org.edfi.dms.app.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads {@link Settings} from four sources, each overriding the one before: the defaults, a settings
 * file (Java properties, named by {@code --config FILE} or {@code DMS_CONFIG}), environment variables
 * ({@code DMS_*}), and command-line flags.
 */
public final class SettingsLoader {

    public static final String CONFIG_FLAG = "--config";
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

    /** Reads the settings; flags this loader does not know, or values that do not parse, are a {@link SettingsException}. */
    public Settings load(List<String> args) {
        Map<Setting, List<String>> flags = new EnumMap<>(Setting.class);
        String configFile = environment.get(CONFIG_VARIABLE);
        CommandLine line = CommandLine.parse(args);
        if (!line.positional().isEmpty()) {
            throw new SettingsException("unexpected argument " + line.positional().getFirst());
        }
        for (CommandLine.Option option : line.options()) {
            if (option.name().equals(CONFIG_FLAG)) {
                configFile = option.value();
                continue;
            }
            Setting setting = Arrays.stream(Setting.values()).filter(s -> s.flag().equals(option.name())).findFirst()
                    .orElseThrow(() -> new SettingsException("unknown option " + option.name()));
            flags.computeIfAbsent(setting, s -> new ArrayList<>()).add(option.value());
        }
        Properties file = configFile == null ? new Properties() : readFile(Path.of(configFile));
        for (String key : file.stringPropertyNames()) {
            if (Arrays.stream(Setting.values()).noneMatch(s -> s.key().equals(key))) {
                throw new SettingsException(configFile + ": unknown setting " + key);
            }
        }

        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            String value = file.getProperty(setting.key());
            if (environment.containsKey(setting.environmentVariable())) {
                value = environment.get(setting.environmentVariable());
            }
            if (flags.containsKey(setting)) {
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
                optional(values.get(Setting.CLAIM_SETS)).map(this::path),
                integer(Setting.RATE_LIMIT, values.get(Setting.RATE_LIMIT)));
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
