package org.edfi.dms.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.AbstractStatus;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;

/**
 * A Kafka Connect worker (standalone mode) inside this JVM, for the Debezium connectors of the
 * laptop mode. Source offsets live in a file under the data directory, so a restart resumes where
 * CDC stopped. Its REST API listens on 127.0.0.1, as the real one would: connectors are registered
 * through it, the same calls as for a Connect cluster.
 */
public final class EmbeddedConnect implements AutoCloseable {

    /**
     * How often source offsets are saved. After a crash Debezium resumes from the last saved
     * position and re-sends what followed (at-least-once, as with any Connect source); the
     * standalone default of 60 s would make that tail long.
     */
    private static final String OFFSET_FLUSH_INTERVAL_MS = "1000";

    private final Connect<StandaloneHerder> connect;
    private final String restUrl;

    private EmbeddedConnect(Connect<StandaloneHerder> connect, String restUrl) {
        this.connect = connect;
        this.restUrl = restUrl;
    }

    public static EmbeddedConnect start(String bootstrapServers, Path dataDir) {
        return start(bootstrapServers, dataDir, FreePorts.one());
    }

    /**
     * The settings of a worker of this project's connectors, standalone or distributed: JSON
     * converters (each connector sets its own), source offsets saved every second, the REST API on
     * 127.0.0.1:{@code port}, plugins found by their ServiceLoader manifests, and the config
     * providers by which a connector names its secrets.
     */
    public static Map<String, String> workerSettings(String bootstrapServers, int port) {
        Map<String, String> worker = new java.util.HashMap<>(Map.of(
                "bootstrap.servers", bootstrapServers,
                "key.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                "key.converter.schemas.enable", "false",
                "value.converter.schemas.enable", "false",
                "offset.flush.interval.ms", OFFSET_FLUSH_INTERVAL_MS,
                "listeners", "http://127.0.0.1:" + port,
                // Every plugin on the classpath has a ServiceLoader manifest; scanning the classpath instead costs ~7 s (STACK.md).
                "plugin.discovery", "service_load"));
        // Connector configurations may name secrets by reference (${file:PATH:KEY}, ${env:NAME}), resolved
        // here and never shown by the REST API, as a production worker configured so does (docs/operations.md).
        worker.put("config.providers", "file,env");
        worker.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        worker.put("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        return worker;
    }

    /** Starts a worker whose REST API listens on {@code port}, known before it is up. */
    public static EmbeddedConnect start(String bootstrapServers, Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> worker = workerSettings(bootstrapServers, port);
        worker.put("offset.storage.file.filename", dataDir.resolve("source-offsets").toString());
        // The Connect command line exits the JVM when the worker fails to start; here that must be an exception.
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("The Kafka Connect worker did not start (status " + status + "): " + message);
        });
        try {
            Connect<StandaloneHerder> connect = new ConnectStandalone().startConnect(worker);
            return new EmbeddedConnect(connect, "http://127.0.0.1:" + port);
        } finally {
            Exit.resetExitProcedure();
        }
    }

    private boolean running(String name) {
        ConnectorStateInfo status = connect.herder().connectorStatus(name);
        String failed = AbstractStatus.State.FAILED.name();
        if (status.connector().state().equals(failed) || status.tasks().stream().anyMatch(t -> t.state().equals(failed))) {
            throw new IllegalStateException("Connector " + name + " failed: " + status(name));
        }
        String running = AbstractStatus.State.RUNNING.name();
        return status.connector().state().equals(running)
                && !status.tasks().isEmpty()
                && status.tasks().stream().allMatch(t -> t.state().equals(running));
    }

    private String status(String name) {
        ConnectorStateInfo status = connect.herder().connectorStatus(name);
        StringBuilder text = new StringBuilder("connector ").append(status.connector().state());
        if (status.connector().trace() != null) {
            text.append(" (").append(status.connector().trace()).append(')');
        }
        status.tasks().forEach(t -> text.append(", task ").append(t.id()).append(' ').append(t.state())
                .append(t.trace() == null ? "" : " (" + t.trace() + ")"));
        return text.toString();
    }

    /** Whether every connector and task of the worker runs. */
    public boolean isRunning() {
        try {
            return connect.herder().connectors().stream().allMatch(this::running);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The worker's REST API, as a real Kafka Connect cluster offers it. */
    public String restUrl() {
        return restUrl;
    }

    @Override
    public void close() {
        connect.stop();
    }
}
