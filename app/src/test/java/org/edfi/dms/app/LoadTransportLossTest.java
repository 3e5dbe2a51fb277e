package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceStore;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.loader.JsonLinesFileName;
import org.edfi.dms.runtime.Node;
import org.edfi.dms.runtime.PostgresServer;
import org.edfi.dms.schema.ApiSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A load whose way in dies (the Kafka broker of a Kafka-native load, the API of a load over HTTP):
 * the load notices within its stated limit (over Kafka a command not taken within 30 s, no result
 * within 60 s; over HTTP a document without an answer for 60 s), says so and exits non-zero instead
 * of running on silently or rejecting the rest; once it is back, the same load again finishes the
 * job, and the store holds every generated document exactly once.
 */
class LoadTransportLossTest {

    /** The loader's stated limit (docs/loading.md), with room for a shared, slow machine. */
    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(100);

    private static final String API_SCHEMA = TestApi.DATA_STANDARD.resolve("ApiSchema.json").toString();

    @TempDir
    Path dir;

    private static CommandRun dms(String... args) {
        return CommandRun.of(TestApi.HOME, Map.of(), List.of(args));
    }

    @Test
    void aLoadWhoseBrokerDiesStopsWithinTheLimitAndASecondLoadFinishesItWithoutDoubles() throws Exception {
        ApiSchema schema = TestApi.dataStandard();
        Path generated = generate();
        Map<String, Long> expected = expectedCounts(schema, generated);
        long total = expected.values().stream().mapToLong(Long::longValue).sum();

        Path kafkaDir = dir.resolve("kafka");
        EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir);
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("postgres"))) {
            PostgresServer postgres = new PostgresServer("jdbc:postgresql://127.0.0.1:" + server.port() + "/", "postgres", "");
            String store = postgres.jdbcUrl(InstanceStore.ownDatabase(InstanceId.DEFAULT));
            try (Node node = Node.start(schema, Node.all(),
                    Node.Wiring.of(kafka.bootstrapServers(), postgres, dir.resolve("node"), "local", Duration.ofSeconds(10), TestApi.CLIENT), List.of())) {
                String broker = kafka.bootstrapServers();
                CompletableFuture<CommandRun> first = CompletableFuture.supplyAsync(
                        () -> dms("load", "--via", "kafka", "--kafka-bootstrap-servers", broker, "--api-schema", API_SCHEMA, generated.toString()));
                awaitStored(store, 2_000, Duration.ofSeconds(120));
                assertFalse(first.isDone(), "the load is still going when the broker dies");

                kafka.close();
                long stopped = System.nanoTime();
                CommandRun interrupted = first.get(NOTICED_WITHIN.toSeconds(), TimeUnit.SECONDS);
                Duration noticed = Duration.ofNanos(System.nanoTime() - stopped);
                assertNotEquals(0, interrupted.status(), interrupted.output());
                assertTrue(interrupted.output().contains("load: stopped after"), interrupted.output());
                assertTrue(interrupted.output().contains("Kafka broker at " + broker), interrupted.output());
                assertTrue(noticed.compareTo(NOTICED_WITHIN) < 0, "noticed after " + noticed);

                kafka = EmbeddedKafka.start(kafkaDir); // the same ports: the node's clients find it again
                CommandRun second = dms("load", "--via", "kafka", "--kafka-bootstrap-servers", broker, "--api-schema", API_SCHEMA, generated.toString());
                assertEquals(0, second.status(), second.output());

                awaitStored(store, total, Duration.ofSeconds(180));
                assertEquals(expected, storedCounts(store), "every generated document is stored, none twice");
            }
        } finally {
            kafka.close();
        }
    }

    @Test
    void aLoadWhoseApiDiesStopsWithinTheLimitAndASecondLoadFinishesItWithoutDoubles() throws Exception {
        ApiSchema schema = TestApi.dataStandard();
        Path generated = generate();
        Map<String, Long> expected = expectedCounts(schema, generated);
        long total = expected.values().stream().mapToLong(Long::longValue).sum();

        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
                EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("postgres"))) {
            PostgresServer postgres = new PostgresServer("jdbc:postgresql://127.0.0.1:" + server.port() + "/", "postgres", "");
            String store = postgres.jdbcUrl(InstanceStore.ownDatabase(InstanceId.DEFAULT));
            Node.Wiring wiring = Node.Wiring.of(kafka.bootstrapServers(), postgres, dir.resolve("node"), "local", Duration.ofSeconds(10), TestApi.CLIENT);
            CompletableFuture<CommandRun> first;
            String url;
            try (Node node = Node.start(schema, Node.all(), wiring, List.of())) {
                url = "http://127.0.0.1:" + node.port();
                String api = url;
                first = CompletableFuture.supplyAsync(() -> dms("load", "--url", api, "--client-id", TestApi.CLIENT.clientId(),
                        "--client-secret", TestApi.CLIENT.clientSecret(), "--api-schema", API_SCHEMA, generated.toString()));
                awaitStored(store, 2_000, Duration.ofSeconds(120));
                assertFalse(first.isDone(), "the load is still going when the API dies");
            }
            long stopped = System.nanoTime();
            CommandRun interrupted = first.get(NOTICED_WITHIN.toSeconds(), TimeUnit.SECONDS);
            Duration noticed = Duration.ofNanos(System.nanoTime() - stopped);
            assertNotEquals(0, interrupted.status(), interrupted.output());
            assertTrue(interrupted.output().contains("load: stopped after"), interrupted.output());
            assertTrue(interrupted.output().contains("Ed-Fi API at " + url), interrupted.output());
            assertTrue(noticed.compareTo(NOTICED_WITHIN) < 0, "noticed after " + noticed);

            try (Node node = Node.start(schema, Node.all(), wiring, List.of())) {
                CommandRun second = dms("load", "--url", "http://127.0.0.1:" + node.port(), "--client-id", TestApi.CLIENT.clientId(),
                        "--client-secret", TestApi.CLIENT.clientSecret(), "--api-schema", API_SCHEMA, generated.toString());
                assertEquals(0, second.status(), second.output());
                awaitStored(store, total, Duration.ofSeconds(180));
                assertEquals(expected, storedCounts(store), "every generated document is stored, none twice");
            }
        }
    }

    /** A generated data set of about 15,000 documents. */
    private Path generate() {
        Path generated = dir.resolve("generated");
        CommandRun generate = dms("generate", "--out", generated.toString(), "--scale", "1500", "--seed", "3", "--api-schema", API_SCHEMA);
        assertEquals(0, generate.status(), generate.output());
        return generated;
    }

    private static Map<String, Long> expectedCounts(ApiSchema schema, Path generated) throws Exception {
        Map<String, Long> expected = new TreeMap<>();
        try (Stream<Path> files = Files.list(generated)) {
            for (Path file : files.toList()) {
                try (Stream<String> lines = Files.lines(file)) {
                    expected.merge(JsonLinesFileName.resourceOf(file, schema).endpointName(), lines.count(), Long::sum);
                }
            }
        }
        return expected;
    }

    private static Map<String, Long> storedCounts(String store) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(store);
                ResultSet rows = connection.createStatement().executeQuery("SELECT resource, count(*) FROM document GROUP BY resource")) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    private static void awaitStored(String store, long documents, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long stored = 0;
        while (System.nanoTime() < deadline) {
            try {
                stored = storedCounts(store).values().stream().mapToLong(Long::longValue).sum();
                if (stored >= documents) {
                    return;
                }
            } catch (SQLException notYet) {
                // the store's tables come with the instance
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the store holds " + stored + " documents, not " + documents + ", after " + timeout);
    }
}
