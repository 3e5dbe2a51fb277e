package org.edfi.dms.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * An Apache Kafka broker and controller (KRaft, one node) inside this JVM, listening on 127.0.0.1.
 * Its log directory survives a restart when given one, so the laptop mode keeps its data.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final Path logDir;
    private final int brokerPort;
    private final int saslPort;
    private final KafkaRaftServer server;

    private EmbeddedKafka(Path logDir, int brokerPort, int saslPort, KafkaRaftServer server) {
        this.logDir = logDir;
        this.brokerPort = brokerPort;
        this.saslPort = saslPort;
        this.server = server;
    }

    /**
     * The users a SASL/PLAIN listener knows, by name with their passwords: a deployment's
     * authenticated listener, for tests of clients that must connect with credentials.
     */
    public record SaslUsers(Map<String, String> passwords) {

        public SaslUsers {
            passwords = Map.copyOf(passwords);
        }

        /** The JAAS configuration of the broker's PLAIN login module: one {@code user_<name>="<password>"} per user. */
        String brokerJaasConfig() {
            StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
            passwords.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
            return jaas.append(';').toString();
        }

        /** The JAAS configuration a client of {@code user} gives ({@code sasl.jaas.config}). */
        public String clientJaasConfig(String user) {
            return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\""
                    + passwords.get(user) + "\";";
        }
    }

    /** Starts a broker with its data in {@code logDir} (formatted on first use) and waits until it serves. */
    public static EmbeddedKafka start(Path logDir) {
        return start(logDir, Optional.empty());
    }

    /**
     * Starts a broker that also has a SASL_PLAINTEXT listener with the PLAIN mechanism for
     * {@code users}, at {@link #saslBootstrapServers()} (a port of its own on each start); the
     * broker itself and its controller keep talking plaintext on their own listeners.
     */
    public static EmbeddedKafka start(Path logDir, Optional<SaslUsers> sasl) {
        try {
            Files.createDirectories(logDir);
            Path ports = logDir.resolve("dms-ports");
            // A restart keeps its ports: clients and the metadata log remember them. Three ports held
            // together are distinct, and the saved two are free until the broker binds them, so the
            // SASL port is one of the three that is neither.
            List<Integer> free = FreePorts.take(3);
            List<Integer> saved = Files.exists(ports) ? Files.readAllLines(ports).stream().map(l -> Integer.parseInt(l.trim())).toList() : List.of();
            int brokerPort = saved.isEmpty() ? free.get(0) : saved.get(0);
            int controllerPort = saved.isEmpty() ? free.get(1) : saved.get(1);
            int saslPort = sasl.isPresent() ? free.stream().filter(p -> p != brokerPort && p != controllerPort).findFirst().orElseThrow() : -1;
            String saslListener = sasl.isPresent() ? ",SASL_PLAINTEXT://127.0.0.1:" + saslPort : "";
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort + saslListener);
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + saslListener);
            props.put("controller.listener.names", "CONTROLLER");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT" + (sasl.isPresent() ? ",SASL_PLAINTEXT:SASL_PLAINTEXT" : ""));
            if (sasl.isPresent()) {
                props.put("sasl.enabled.mechanisms", "PLAIN");
                props.put("listener.name.sasl_plaintext.sasl.enabled.mechanisms", "PLAIN");
                props.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", sasl.get().brokerJaasConfig());
            }
            props.put("log.dirs", logDir.toString());
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "5");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("transaction.state.log.num.partitions", "5");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("num.partitions", "1");
            props.put("auto.create.topics.enable", "false");

            if (!Files.exists(logDir.resolve("meta.properties"))) {
                new Formatter()
                        .setClusterId(Uuid.randomUuid().toString())
                        .setNodeId(1)
                        .addDirectory(logDir.toString())
                        .setMetadataLogDirectory(logDir.toString())
                        .setControllerListenerName("CONTROLLER")
                        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                        .run();
                Files.write(ports, List.of(String.valueOf(brokerPort), String.valueOf(controllerPort)));
            }
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            server.startup();
            EmbeddedKafka kafka = new EmbeddedKafka(logDir, brokerPort, saslPort, server);
            kafka.awaitReady(Duration.ofSeconds(60));
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("The embedded Kafka broker did not start: " + e.getMessage(), e);
        }
    }

    /**
     * The address of the broker that keeps its data in {@code logDir}, as remembered there: how
     * tools on the same machine find the broker of a running {@code dms run}.
     */
    public static Optional<String> bootstrapServersOf(Path logDir) {
        try {
            Path ports = logDir.resolve("dms-ports");
            return Files.exists(ports) ? Optional.of("127.0.0.1:" + Files.readAllLines(ports).getFirst().trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** The SASL_PLAINTEXT listener's address, when the broker was started with one. */
    public String saslBootstrapServers() {
        if (saslPort < 0) {
            throw new IllegalStateException("This broker has no SASL listener");
        }
        return "127.0.0.1:" + saslPort;
    }

    public Path logDir() {
        return logDir;
    }

    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(props);
    }

    /** Creates topics with one partition each, ignoring those that exist. */
    public void createTopics(Collection<String> topics) {
        createTopics(topics, Map.of());
    }

    /** Creates topics with one partition each and the given topic configuration, ignoring those that exist. */
    public void createTopics(Collection<String> topics, Map<String, String> configs) {
        try (Admin admin = admin()) {
            for (String topic : topics) {
                try {
                    admin.createTopics(Set.of(new NewTopic(topic, 1, (short) 1).configs(configs))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + topic, e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Topic creation timed out", e);
        }
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka broker not ready after " + timeout, e);
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
