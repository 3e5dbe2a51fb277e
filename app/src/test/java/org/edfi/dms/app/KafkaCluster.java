package org.edfi.dms.app;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.edfi.dms.embedded.FreePorts;

/**
 * A Kafka cluster of several brokers in this JVM (each a KRaft broker and controller on
 * 127.0.0.1), configured as a production cluster is: its own internal topics replicated on three
 * brokers with two in sync. For tests of what the system asks of a real cluster.
 */
final class KafkaCluster implements AutoCloseable {

    private final List<KafkaRaftServer> servers;
    private final String bootstrapServers;

    private KafkaCluster(List<KafkaRaftServer> servers, String bootstrapServers) {
        this.servers = servers;
        this.bootstrapServers = bootstrapServers;
    }

    static KafkaCluster start(Path dir, int brokers) throws Exception {
        List<Integer> ports = FreePorts.take(2 * brokers);
        List<Integer> brokerPorts = ports.subList(0, brokers);
        List<Integer> controllerPorts = ports.subList(brokers, 2 * brokers);
        String voters = java.util.stream.IntStream.range(0, brokers).mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts.get(i))
                .collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        int replicas = Math.min(3, brokers);
        List<CompletableFuture<KafkaRaftServer>> starting = new ArrayList<>();
        for (int i = 0; i < brokers; i++) {
            int node = i + 1;
            Path logDir = Files.createDirectories(dir.resolve("broker-" + node));
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", String.valueOf(node));
            props.put("controller.quorum.voters", voters);
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPorts.get(i) + ",CONTROLLER://127.0.0.1:" + controllerPorts.get(i));
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPorts.get(i));
            props.put("controller.listener.names", "CONTROLLER");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("log.dirs", logDir.toString());
            props.put("offsets.topic.replication.factor", String.valueOf(replicas));
            props.put("offsets.topic.num.partitions", "3");
            props.put("transaction.state.log.replication.factor", String.valueOf(replicas));
            props.put("transaction.state.log.min.isr", String.valueOf(Math.min(2, replicas)));
            props.put("transaction.state.log.num.partitions", "3");
            props.put("share.coordinator.state.topic.replication.factor", String.valueOf(replicas));
            props.put("share.coordinator.state.topic.min.isr", String.valueOf(Math.min(2, replicas)));
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("auto.create.topics.enable", "false");
            new Formatter().setClusterId(clusterId).setNodeId(node).addDirectory(logDir.toString()).setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName("CONTROLLER").setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream())).run();
            // A broker's start waits for the controller quorum, which needs the others: start them together.
            CompletableFuture<KafkaRaftServer> started = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                try {
                    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
                    server.startup();
                    started.complete(server);
                } catch (RuntimeException e) {
                    started.completeExceptionally(e);
                }
            });
            starting.add(started);
        }
        List<KafkaRaftServer> servers = new ArrayList<>();
        for (CompletableFuture<KafkaRaftServer> server : starting) {
            servers.add(server.get(120, TimeUnit.SECONDS));
        }
        String bootstrap = brokerPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
        KafkaCluster cluster = new KafkaCluster(servers, bootstrap);
        cluster.awaitBrokers(brokers);
        return cluster;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    Admin admin() {
        return Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    private void awaitBrokers(int brokers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Admin admin = admin()) {
            while (true) {
                try {
                    if (admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).size() == brokers) {
                        return;
                    }
                } catch (Exception e) {
                    // not yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The cluster has not " + brokers + " brokers after 60 s");
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void close() {
        // Together: a broker stopping alone waits for the controllers' approval, which the quorum
        // can no longer give once the others are gone (minutes). Even together, the last combined
        // broker and controller now and then keeps calling the others for minutes: the test's data
        // is in a temporary directory and its ports are its own, so the test goes on without it.
        List<Thread> stopping = servers.stream().map(server -> Thread.ofPlatform().daemon().start(() -> {
            server.shutdown();
            server.awaitShutdown();
        })).toList();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Thread thread : stopping) {
            try {
                thread.join(java.time.Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
