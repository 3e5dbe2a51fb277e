package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edfi.dms.app.config.Settings;
import org.edfi.dms.app.config.SettingsLoader;
import org.edfi.dms.contracts.KafkaCluster;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.runtime.Node;
import org.edfi.dms.runtime.PostgresServer;
import org.edfi.dms.schema.ApiSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment whose Kafka listener requires SASL: a node given the connection's settings
 * ({@code kafka.client-properties}, a Java properties file as Kafka's tools take) reaches Kafka with
 * every client it makes, the ingress's, the processor's, the sink's and the admin's, and the
 * Kafka-native loader with it; a node without them, or with credentials the broker refuses, does
 * not come up and says why.
 */
class KafkaSecurityTest {

    private static final EmbeddedKafka.SaslUsers USERS = new EmbeddedKafka.SaslUsers(Map.of("dms", "dms-secret"));
    private static final String NINTH_GRADE =
            "{\"namespace\": \"uri://ed-fi.org/GradeLevelDescriptor\", \"codeValue\": \"Ninth grade\", \"shortDescription\": \"Ninth grade\"}";
    private static final String TENTH_GRADE =
            "{\"namespace\": \"uri://ed-fi.org/GradeLevelDescriptor\", \"codeValue\": \"Tenth grade\", \"shortDescription\": \"Tenth grade\"}";

    @TempDir
    static Path dir;
    private static EmbeddedKafka kafka;
    private static EmbeddedPostgresServer server;
    private static PostgresServer postgres;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), Optional.of(USERS));
        server = EmbeddedPostgresServer.start(dir.resolve("postgres"));
        postgres = new PostgresServer("jdbc:postgresql://127.0.0.1:" + server.port() + "/", "postgres", "");
    }

    @AfterAll
    static void stop() {
        server.close();
        kafka.close();
    }

    @Test
    void aNodeGivenTheClientPropertiesWritesAndReadsThroughTheAuthenticatedListener() throws Exception {
        Path properties = clientProperties("dms", "dms-secret");
        Settings settings = new SettingsLoader(TestApi.HOME, Map.of("DMS_KAFKA_BOOTSTRAP_SERVERS", kafka.saslBootstrapServers(),
                "DMS_KAFKA_CLIENT_PROPERTIES", properties.toString())).load();
        ApiSchema schema = TestApi.dataStandard();

        try (Node node = Node.start(schema, Node.all(), wiring("secured").withKafka(settings.requireKafkaCluster()), List.of())) {
            TestApi http = new TestApi(node.port());
            String location = http.expect(201, "POST", "/data/ed-fi/gradeLevelDescriptors", NINTH_GRADE).headers().firstValue("Location").orElseThrow();
            http.expect(200, "GET", location, null);

            // The Kafka-native loader, given the same file, produces and reads its results through the same listener.
            Path load = Files.createDirectories(dir.resolve("load"));
            Files.writeString(load.resolve("ed-fi.gradeLevelDescriptors.jsonl"), TENTH_GRADE + "\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            int status = new Main(TestApi.HOME, Map.of()).run(List.of("load", "--via", "kafka", "--kafka-bootstrap-servers", kafka.saslBootstrapServers(),
                    "--kafka-client-properties", properties.toString(), "--api-schema", TestApi.DATA_STANDARD.resolve("ApiSchema.json").toString(),
                    load.toString()), print, print);
            assertEquals(0, status, out.toString(StandardCharsets.UTF_8));
            assertTrue(http.texts("gradeLevelDescriptors", "/codeValue").contains("Tenth grade"), "the loaded descriptor is stored");
        }
    }

    @Test
    void withoutTheClientPropertiesTheNodeDoesNotComeUpAndSaysWhy() throws Exception {
        ApiSchema schema = TestApi.dataStandard();
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Node.start(schema, Node.all(),
                wiring("plain").withKafka(KafkaCluster.plaintext(kafka.saslBootstrapServers())), List.of()).close());

        assertTrue(refused.getMessage().contains("Kafka at " + kafka.saslBootstrapServers() + " did not answer"), refused.getMessage());
        assertTrue(refused.getMessage().contains("kafka.client-properties"), refused.getMessage());
    }

    @Test
    void withCredentialsTheBrokerRefusesTheNodeDoesNotComeUpAndSaysWhy() throws Exception {
        Settings settings = new SettingsLoader(TestApi.HOME, Map.of("DMS_KAFKA_BOOTSTRAP_SERVERS", kafka.saslBootstrapServers(),
                "DMS_KAFKA_CLIENT_PROPERTIES", clientProperties("dms", "wrong").toString())).load();
        ApiSchema schema = TestApi.dataStandard();
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Node.start(schema, Node.all(),
                wiring("wrong").withKafka(settings.requireKafkaCluster()), List.of()).close());

        assertTrue(refused.getMessage().contains("SaslAuthenticationException"), refused.getMessage());
        assertTrue(refused.getMessage().contains("check the connection settings"), refused.getMessage());
    }

    private static Node.Wiring wiring(String name) {
        return Node.Wiring.of("unused:9092", postgres, dir.resolve(name), "api-" + name, Duration.ofSeconds(20), TestApi.CLIENT);
    }

    private static Path clientProperties(String user, String password) throws Exception {
        Path file = dir.resolve("kafka-client-" + user + "-" + password + ".properties");
        String jaas = new EmbeddedKafka.SaslUsers(Map.of(user, password)).clientJaasConfig(user);
        Files.writeString(file, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config=" + jaas.replace("\\", "\\\\") + "\n");
        return file;
    }
}
