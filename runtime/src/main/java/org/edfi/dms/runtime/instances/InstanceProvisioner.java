package org.edfi.dms.runtime.instances;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.edfi.dms.cdc.CdcConnector;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceStore;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.contracts.Replication;
import org.edfi.dms.instances.Instance;
import org.edfi.dms.instances.InstanceLifecycle;
import org.edfi.dms.instances.InstanceOperationException;
import org.edfi.dms.migrations.SchemaMigration;
import org.edfi.dms.processor.InstanceProcessor;
import org.edfi.dms.runtime.CdcConnectors;
import org.edfi.dms.runtime.Databases;
import org.edfi.dms.runtime.PostgresServer;
import org.edfi.dms.sink.StoreSchema;

/**
 * What an instance has outside the configuration store, made, emptied and removed step by step,
 * each step safe to repeat after a crash halfway (it makes what is missing and removes what is
 * left):
 * <pre>
 *   provision : database, schema and tables, topics, (shared database: publication of its tables,) CDC connector
 *   purge     : stop its parts, own connector (and its offsets and slot), Streams state and topics, tables; then topics and connector again
 *   remove    : stop its parts, own connector, Streams state and topics, database (shared database: its schema)
 * </pre>
 * An instance in schema mode lives in its tenant's shared database on its server, whose one
 * connector publishes every instance schema there ({@link InstanceStore}).
 * Its parts on other nodes stop when they see the instance leave the ready state; a purge or
 * delete waits until the instance's processor group has no member left before touching its state.
 */
public final class InstanceProvisioner implements InstanceLifecycle {

    /** How long a purge or delete waits for the instance's processors on other nodes to let go. */
    private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CONNECTOR_TIMEOUT = Duration.ofSeconds(60);

    /** What the documents topic keeps: everything (docs/topics.md). */
    private static final Map<String, String> KEEP_EVERYTHING = Map.of("retention.ms", "-1", "retention.bytes", "-1");

    /** Where the instance topics go, and how Kafka Connect reaches the databases. */
    public record Options(short replicationFactor, int changePartitions, Optional<KafkaConnectClient> connect, Path processorStateDir) {}

    private final PostgresServers servers;
    private final Admin kafka;
    private final Options options;
    private final InstanceParts localParts;

    public InstanceProvisioner(PostgresServers servers, Admin kafka, Options options, InstanceParts localParts) {
        this.servers = servers;
        this.kafka = kafka;
        this.options = options;
        this.localParts = localParts;
    }

    @Override
    public Instance provision(Instance instance) {
        PostgresServer server = servers.get(instance.server());
        InstanceStore store = instance.store();
        server.ensureDatabase(store.database());
        try (var pool = Databases.pool(server.jdbcUrl(store), "dms-provision", SchemaMigration.CONNECTIONS)) {
            StoreSchema.migrate(pool);
        }
        createTopics(instance.id());
        if (store.shared()) {
            publish(instance, server);
        }
        registerConnector(instance, server);
        return instance;
    }

    /**
     * Empties the instance. A connector of its own is removed with its offsets and slot and made
     * again; a shared database's connector serves the tenant's other instances and stays.
     */
    @Override
    public void purge(Instance instance) {
        PostgresServer server = releaseAndRemoveStreams(instance);
        InstanceStore store = instance.store();
        try (var pool = Databases.pool(server.jdbcUrl(store), "dms-purge", 1)) {
            StoreSchema.empty(Databases.jdbi(pool));
        }
        createTopics(instance.id());
        registerConnector(instance, server);
    }

    /** Removes the instance: its own database, or its schema in the shared one (whose connector stays for the others). */
    @Override
    public void remove(Instance instance) {
        PostgresServer server = releaseAndRemoveStreams(instance);
        InstanceStore store = instance.store();
        if (store.shared()) {
            dropSchema(server, store);
        } else {
            dropDatabase(server, store.database());
        }
    }

    /**
     * What purge and remove both begin with: the instance's parts stopped, its own connector (not a
     * shared database's) and its Kafka state gone. Returns the server its store lives on.
     */
    private PostgresServer releaseAndRemoveStreams(Instance instance) {
        release(instance);
        PostgresServer server = servers.get(instance.server());
        if (!instance.store().shared()) {
            removeConnector(instance, server);
        }
        removeKafkaState(instance.id());
        return server;
    }

    /** Stops the instance's parts here and waits until no processor of it runs anywhere. */
    private void release(Instance instance) {
        localParts.stop(instance.id());
        String group = InstanceProcessor.applicationId(instance.id());
        long deadline = System.nanoTime() + RELEASE_TIMEOUT.toNanos();
        while (true) {
            try {
                ConsumerGroupDescription description = kafka.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
                if (description == null || description.members().isEmpty()) {
                    return;
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupIdNotFoundException) {
                    return;
                }
                throw failed("describe the processor group " + group, e.getCause());
            } catch (TimeoutException e) {
                throw failed("describe the processor group " + group, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failed("wait for the processors of " + instance.id(), e);
            }
            if (System.nanoTime() > deadline) {
                throw new InstanceOperationException("The processor of " + instance.id() + " still runs on another node after "
                        + RELEASE_TIMEOUT.toSeconds() + " s; try again when it has stopped");
            }
            pause();
        }
    }

    /**
     * The instance's topics, replicated as configured ({@link Replication}). The documents topic
     * keeps every change (no retention by time or size): a store is rebuilt from it, from offset
     * 0, and a sink never skips a change it has not applied (docs/topics.md). Topics made before
     * that rule get it too (it is set on an existing documents topic again).
     */
    private void createTopics(InstanceId id) {
        InstanceTopics topics = new InstanceTopics(id);
        Replication replication = new Replication(options.replicationFactor());
        List<NewTopic> wanted = new ArrayList<>();
        // Commands, documents and results are one ordered stream each: one partition.
        wanted.add(new NewTopic(topics.commands(), 1, replication.factor()).configs(replication.topicConfigs()));
        wanted.add(new NewTopic(topics.documents(), 1, replication.factor()).configs(with(replication.topicConfigs(), KEEP_EVERYTHING)));
        wanted.add(new NewTopic(topics.results(), 1, replication.factor()).configs(replication.topicConfigs()));
        wanted.add(new NewTopic(topics.changes(), options.changePartitions(), replication.factor())
                .configs(with(replication.topicConfigs(), Map.of("cleanup.policy", "compact"))));
        for (NewTopic topic : wanted) {
            try {
                kafka.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw failed("create topic " + topic.name(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw failed("create topic " + topic.name(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failed("create topic " + topic.name(), e);
            }
        }
        keepEverything(topics.documents());
    }

    private static Map<String, String> with(Map<String, String> configs, Map<String, String> more) {
        Map<String, String> all = new HashMap<>(configs);
        all.putAll(more);
        return all;
    }

    /** Sets the documents topic's retention on a topic made before it was part of provisioning (a no-op on later ones). */
    private void keepEverything(String topic) {
        List<AlterConfigOp> ops = KEEP_EVERYTHING.entrySet().stream()
                .map(config -> new AlterConfigOp(new ConfigEntry(config.getKey(), config.getValue()), AlterConfigOp.OpType.SET)).toList();
        try {
            kafka.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), ops)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw failed("set the retention of topic " + topic, e.getCause());
        } catch (TimeoutException e) {
            throw failed("set the retention of topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("set the retention of topic " + topic, e);
        }
    }

    /**
     * Deletes the instance's topics, the processor's internal topics (changelogs) and consumer
     * group, and its local state directory: the processor starts again from nothing.
     */
    private void removeKafkaState(InstanceId id) {
        InstanceTopics topics = new InstanceTopics(id);
        String applicationId = InstanceProcessor.applicationId(id);
        try {
            Set<String> doomed = new HashSet<>(List.of(topics.commands(), topics.documents(), topics.results(), topics.changes()));
            for (String name : kafka.listTopics().names().get(30, TimeUnit.SECONDS)) {
                if (name.startsWith(applicationId + "-")) {
                    doomed.add(name);
                }
            }
            try {
                kafka.deleteTopics(doomed).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw failed("delete the topics of " + id, e.getCause());
                }
            }
            awaitTopicsGone(doomed);
            try {
                kafka.deleteConsumerGroups(List.of(applicationId)).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw failed("delete the processor group of " + id, e.getCause());
                }
            }
        } catch (ExecutionException e) {
            throw failed("list the topics of " + id, e.getCause());
        } catch (TimeoutException e) {
            throw failed("delete the Kafka state of " + id, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("delete the Kafka state of " + id, e);
        }
        deleteDirectory(options.processorStateDir().resolve(applicationId));
    }

    /** Topic deletion completes in the background; creating one of the same name before it finishes fails. */
    private void awaitTopicsGone(Set<String> names) throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (kafka.listTopics().names().get(30, TimeUnit.SECONDS).stream().anyMatch(names::contains)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topics " + names + " still exist");
            }
            pause();
        }
    }

    private void registerConnector(Instance instance, PostgresServer server) {
        options.connect().ifPresent(connect -> connect.register(connector(instance, server), CONNECTOR_TIMEOUT));
    }

    /** The connector and what Connect keeps for it, then its replication slot, which PostgreSQL would keep otherwise. */
    private void removeConnector(Instance instance, PostgresServer server) {
        CdcConnector connector = connector(instance, server);
        options.connect().ifPresent(connect -> connect.remove(connector, CONNECTOR_TIMEOUT));
        // The stopped task lets go of its replication connection a moment later; an active slot cannot be dropped.
        long deadline = System.nanoTime() + CONNECTOR_TIMEOUT.toNanos();
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"));
                PreparedStatement slot = connection.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?");
                PreparedStatement drop = connection.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
            slot.setString(1, connector.slot());
            drop.setString(1, connector.slot());
            while (true) {
                Boolean active = null;
                try (var found = slot.executeQuery()) {
                    if (found.next()) {
                        active = found.getBoolean(1);
                    }
                }
                if (active == null) {
                    return;
                }
                if (!active) {
                    drop.executeQuery().close();
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new InstanceOperationException("The replication slot " + connector.slot() + " is still in use");
                }
                pause();
            }
        } catch (SQLException e) {
            throw failed("drop the replication slot " + connector.slot(), e);
        }
    }

    private CdcConnector connector(Instance instance, PostgresServer server) {
        return CdcConnectors.forStore(instance.id(), instance.store(), instance.server(), server, options.replicationFactor(),
                options.connect().flatMap(KafkaConnectClient::postgresPassword));
    }

    /**
     * Adds a shared database's instance tables to the publication its connector reads (made here
     * when missing). A running connector sees them from the next change on: publication membership
     * is read as the WAL is decoded.
     */
    private void publish(Instance instance, PostgresServer server) {
        InstanceStore store = instance.store();
        String publication = connector(instance, server).slot();
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(store.database()));
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?");
                PreparedStatement published = connection.prepareStatement(
                        "SELECT 1 FROM pg_publication_tables WHERE pubname = ? AND schemaname = ?");
                Statement ddl = connection.createStatement()) {
            exists.setString(1, publication);
            try (var found = exists.executeQuery()) {
                if (!found.next()) {
                    ddl.execute("CREATE PUBLICATION " + publication);
                }
            } catch (SQLException e) {
                if (!"42710".equals(e.getSQLState())) { // duplicate_object: another instance's provisioning made it meanwhile
                    throw e;
                }
            }
            published.setString(1, publication);
            published.setString(2, store.schema());
            try (var found = published.executeQuery()) {
                if (!found.next()) {
                    ddl.execute("ALTER PUBLICATION " + publication + " ADD TABLE " + store.schema() + ".document, " + store.schema() + ".tracked_delete");
                }
            }
        } catch (SQLException e) {
            throw failed("publish the tables of schema " + store.schema() + " in database " + store.database(), e);
        }
    }

    private static void dropSchema(PostgresServer server, InstanceStore store) {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(store.database())); Statement drop = connection.createStatement()) {
            drop.execute("DROP SCHEMA IF EXISTS " + store.schema() + " CASCADE");
        } catch (SQLException e) {
            if (!"3D000".equals(e.getSQLState())) { // invalid_catalog_name: the database is gone too
                throw failed("drop schema " + store.schema() + " in database " + store.database(), e);
            }
        }
    }

    private static void dropDatabase(PostgresServer server, String database) {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres")); Statement drop = connection.createStatement()) {
            drop.execute("DROP DATABASE IF EXISTS \"" + database.replace("\"", "\"\"") + "\" WITH (FORCE)");
        } catch (SQLException e) {
            throw failed("drop database " + database, e);
        }
    }

    private static void deleteDirectory(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            throw failed("delete the processor state in " + directory, e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstanceOperationException("Interrupted");
        }
    }

    private static InstanceOperationException failed(String what, Throwable cause) {
        return new InstanceOperationException("Could not " + what + ": " + cause.getMessage(), cause);
    }
}
