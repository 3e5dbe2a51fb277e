package org.edfi.dms.cdc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Debezium connector reading instance stores, rendered from the template
 * {@code connectors/debezium-postgres.json} (the same file for the embedded worker, docker-compose
 * and a real Kafka Connect cluster). The rendered text is the body Kafka Connect's REST API takes at
 * {@code POST /connectors}. Two shapes:
 * <ul>
 *   <li>{@link #ownDatabase}: one instance's own database; Debezium makes the publication of its
 *       two tables, and every change goes to the instance's topic.
 *   <li>{@link #sharedDatabase}: a tenant's shared database holding one schema per instance;
 *       provisioning adds each instance's tables to the publication, which Debezium then only
 *       reads, and each change goes to the topic of the instance its schema belongs to (the
 *       {@code {instance}} placeholder of the topic, filled by {@link DocumentChangeTransform}).
 * </ul>
 *
 * @param name        the connector's name in Kafka Connect, also the prefix of Debezium's internal topic names
 * @param slot        replication slot and publication name: lower-case letters, digits and underscores
 * @param topic       the analytics topic, {@code edfi.<tenant>.<instance>.documents}, or its {@code {instance}} template
 * @param tables      Debezium's table include list
 * @param ownsPublication whether Debezium creates the publication from {@code tables} (else it must exist)
 * @param database    where Kafka Connect reaches the database
 * @param replication the replication factor of the topic when Connect creates it; -1 takes the broker's default
 */
public record CdcConnector(String name, String slot, String topic, String tables, boolean ownsPublication, Database database, int replication) {

    /**
     * A PostgreSQL database as the Connect worker sees it.
     *
     * @param password the password, or a reference Kafka Connect resolves with a config provider
     *     ({@code ${env:POSTGRES_PASSWORD}}, {@code ${file:/secrets/postgres.properties:password}}), which keeps
     *     it out of the connector's configuration that Connect's REST API shows
     * @param tls the connection's TLS parameters, as the JDBC URL names them ({@link #TLS_PARAMETERS}):
     *     each becomes Debezium's {@code database.<name>}; none for Debezium's defaults
     */
    public record Database(String host, int port, String name, String user, String password, Map<String, String> tls) {

        /** The JDBC URL parameters Debezium takes as {@code database.<name>}. */
        public static final List<String> TLS_PARAMETERS = List.of("sslmode", "sslrootcert", "sslcert", "sslkey", "sslpassword", "sslfactory");

        public Database {
            tls = Map.copyOf(tls);
            for (String key : tls.keySet()) {
                if (!TLS_PARAMETERS.contains(key)) {
                    throw new IllegalArgumentException("Not a TLS parameter of the connector: " + key);
                }
            }
        }

        /** A database reached without TLS parameters. */
        public Database(String host, int port, String name, String user, String password) {
            this(host, port, name, user, password, Map.of());
        }
    }

    private static final String TEMPLATE = "connectors/debezium-postgres.json";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z.]+)}");
    /** The lines of settings that may be left out: the broker's or Debezium's default then stands. */
    private static final Pattern OPTIONAL_LINE = Pattern.compile("(?m)^.*\\$\\{(min\\.insync|db\\.ssl[a-z]+)}.*\\R");

    /** The connector of one instance's own database ({@code dms.document} and {@code dms.tracked_delete}). */
    public static CdcConnector ownDatabase(String tenant, String instance, String topic, Database database, int replication) {
        return new CdcConnector("dms-cdc." + tenant + "." + instance, ("dms_" + tenant + "_" + instance).replace('-', '_'), topic,
                "dms.document,dms.tracked_delete", true, database, replication);
    }

    /**
     * The connector of a tenant's shared database on one server, reading every instance schema
     * ({@code dms_<instance>}) in it. Its slot name starts {@code dmsshared_}, which no own-database
     * slot ({@code dms_...}) can.
     */
    public static CdcConnector sharedDatabase(String tenant, String server, String topicTemplate, Database database, int replication) {
        return new CdcConnector("dms-cdc." + tenant + ".shared." + server, ("dmsshared_" + tenant + "_" + server).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_"),
                topicTemplate, "dms_[a-z0-9_]+[.]document,dms_[a-z0-9_]+[.]tracked_delete", false, database, replication);
    }

    /**
     * The replicas that must hold a record of the topic before it is acknowledged, when Connect
     * creates it: two once there are two or more, else 0 for the broker's default. The rule of
     * {@code org.edfi.dms.contracts.Replication}, which this plugin jar cannot depend on
     * ({@code NamingRulesTest} holds the two together).
     */
    public int minInSyncReplicas() {
        return replication > 1 ? Math.min(2, replication) : 0;
    }

    /** The full REST body ({@code {"name": ..., "config": {...}}}), placeholders filled in and JSON-escaped. */
    public String json() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", name());
        values.put("slot", slot());
        values.put("topic", topic);
        values.put("tables", tables);
        values.put("publication.mode", ownsPublication ? "filtered" : "disabled");
        values.put("replication", Integer.toString(replication));
        values.put("db.host", database.host());
        values.put("db.port", Integer.toString(database.port()));
        values.put("db.name", database.name());
        values.put("db.user", database.user());
        values.put("db.password", database.password());
        if (minInSyncReplicas() > 0) { // else the broker's default stands: no line for it
            values.put("min.insync", Integer.toString(minInSyncReplicas()));
        }
        Database.TLS_PARAMETERS.stream().filter(database.tls()::containsKey).forEach(name -> values.put("db." + name, database.tls().get(name)));
        // A setting without a value has no line: Debezium's default stands.
        String template = OPTIONAL_LINE.matcher(template()).replaceAll(line -> values.containsKey(line.group(1)) ? Matcher.quoteReplacement(line.group()) : "");
        Matcher matcher = PLACEHOLDER.matcher(template);
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
