package org.edfi.dms.cdc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Debezium connector of one instance database, rendered from the template
 * {@code connectors/debezium-postgres.json} (the same file for the embedded worker, docker-compose
 * and a real Kafka Connect cluster). The rendered text is the body Kafka Connect's REST API takes at
 * {@code POST /connectors}.
 *
 * @param tenant      the instance's tenant
 * @param instance    the instance's name
 * @param topic       the analytics topic every change goes to, {@code edfi.<tenant>.<instance>.documents}
 * @param database    where Kafka Connect reaches the instance's database
 * @param replication the replication factor of the topic when Connect creates it; -1 takes the broker's default
 */
public record CdcConnector(String tenant, String instance, String topic, Database database, int replication) {

    /** A PostgreSQL database as the Connect worker sees it. */
    public record Database(String host, int port, String name, String user, String password) {}

    private static final String TEMPLATE = "connectors/debezium-postgres.json";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z.]+)}");

    /** The connector's name in Kafka Connect, also the prefix of Debezium's internal topic names. */
    public String name() {
        return "dms-cdc." + tenant + "." + instance;
    }

    /** Replication slot and publication name: PostgreSQL allows lower-case letters, digits and underscores. */
    public String slot() {
        return ("dms_" + tenant + "_" + instance).replace('-', '_');
    }

    /** The full REST body ({@code {"name": ..., "config": {...}}}), placeholders filled in and JSON-escaped. */
    public String json() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", name());
        values.put("slot", slot());
        values.put("topic", topic);
        values.put("replication", Integer.toString(replication));
        values.put("db.host", database.host());
        values.put("db.port", Integer.toString(database.port()));
        values.put("db.name", database.name());
        values.put("db.user", database.user());
        values.put("db.password", database.password());
        Matcher matcher = PLACEHOLDER.matcher(template());
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException(TEMPLATE + " names an unknown placeholder " + matcher.group());
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(JsonText.appendEscaped(new StringBuilder(), value).toString()));
        }
        return matcher.appendTail(out).toString();
    }

    private static String template() {
        try (InputStream in = CdcConnector.class.getClassLoader().getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
