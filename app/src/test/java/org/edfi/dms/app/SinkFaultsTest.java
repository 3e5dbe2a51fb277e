package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.edfi.dms.contracts.DocumentEnvelope;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.runtime.EmbeddedStack;
import org.edfi.dms.security.ConfiguredClients;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store-sink of a whole {@code dms run} under the two faults it must neither hide nor halt on:
 * a change its PostgreSQL refuses (parked, the instance goes on, an operator replays it), and a
 * change version handed out again for other content (the instance's sink stops, and says so).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SinkFaultsTest {

    @TempDir
    static Path dataDir;

    private static EmbeddedStack stack;
    private static TestApi api;
    private static Jdbi store;

    @BeforeAll
    static void start() throws Exception {
        stack = EmbeddedStack.start(TestApi.dataStandard(), dataDir, "127.0.0.1", 0, Duration.ofSeconds(10));
        api = TestApi.of(stack);
        store = Jdbi.create(stack.jdbcUrl());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static HttpResponse<String> postDescriptor(String code) throws Exception {
        return api.send("POST", "/data/ed-fi/gradeLevelDescriptors",
                "{\"namespace\": \"uri://ed-fi.org/GradeLevelDescriptor\", \"codeValue\": \"" + code + "\", \"shortDescription\": \"" + code + "\"}");
    }

    private static int stored(String code) {
        return store.withHandle(h -> h.createQuery("SELECT count(*) FROM document WHERE edfi_doc->>'codeValue' = :code")
                .bind("code", code).mapTo(Integer.class).one());
    }

    private static CommandRun dms(String... args) {
        ConfiguredClients.Credentials client = stack.developmentClient().credentials();
        List<String> line = new ArrayList<>(List.of(args));
        line.addAll(List.of("--url=http://127.0.0.1:" + stack.port(), "--client-id=" + client.clientId(), "--client-secret=" + client.clientSecret()));
        return CommandRun.of(TestApi.HOME, Map.of(), line);
    }

    @Test
    @Order(1)
    void aWriteTheStoreRefusesIsParkedTheNextAppliedAndAReplayAppliesItOnceFixed() throws Exception {
        store.useHandle(h -> h.execute("ALTER TABLE document ADD CONSTRAINT no_refused_codes CHECK (edfi_doc->>'codeValue' <> 'Refused')"));

        long start = System.nanoTime();
        HttpResponse<String> refused = postDescriptor("Refused");
        assertEquals(504, refused.statusCode(), "committed, but the store refused it: not visible " + refused.body());
        assertTrue(System.nanoTime() - start < 8_000_000_000L, "told when the sink parks it, not after the 10 s timeout");
        assertEquals(201, postDescriptor("Ninth grade").statusCode(), "the instance goes on");
        assertEquals(0, stored("Refused"));
        assertEquals(1, stored("Ninth grade"));
        String metrics = api.send("GET", "/metrics", null).body();
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("dms_sink_dead_letters{") && line.contains("instance=\"default.default\"")
                && line.endsWith(" 1.0")), metrics);

        CommandRun list = dms("deadletter", "list");
        assertEquals(0, list.status(), list.err());
        String row = list.out().lines().toList().get(1);
        assertTrue(row.startsWith("1   parked") && row.contains("ed-fi/gradeLevelDescriptors") && row.contains("no_refused_codes")
                && row.endsWith("[23514]"), list.out());

        store.useHandle(h -> h.execute("ALTER TABLE document DROP CONSTRAINT no_refused_codes"));
        CommandRun replayed = dms("deadletter", "replay", "1", "--instance", "default/default");
        assertEquals(0, replayed.status(), replayed.err());
        assertEquals(1, stored("Refused"), "applied by the replay");
        HttpResponse<String> read = api.send("GET", "/data/ed-fi/gradeLevelDescriptors?codeValue=Refused", null);
        assertTrue(read.statusCode() == 200 && read.body().contains("Refused"), "and readable: " + read.body());
        assertEquals("no dead letters in instance default/default\n", dms("deadletter", "list").out());
    }

    @Test
    @Order(2)
    void aChangeVersionHandedOutAgainForAnotherDocumentStopsTheInstancesSinkAndHealthSaysSo() throws Exception {
        assertEquals(201, postDescriptor("Tenth grade").statusCode());
        long applied = store.withHandle(h -> h.createQuery("SELECT change_version FROM applied_offset").mapTo(Long.class).one());
        int documents = store.withHandle(h -> h.createQuery("SELECT count(*) FROM document").mapTo(Integer.class).one());

        // What a processor whose single broker lost an applied tail does: the same change version, for another write.
        UUID other = UUID.randomUUID();
        DocumentEnvelope reused = new DocumentEnvelope(1, other, "ed-fi", "gradeLevelDescriptors", "GradeLevelDescriptor", UUID.randomUUID(),
                Map.of("$.namespace", "uri://ed-fi.org/GradeLevelDescriptor", "$.codeValue", "Eleventh grade"),
                MessageCodec.MAPPER.createObjectNode().put("namespace", "uri://ed-fi.org/GradeLevelDescriptor").put("codeValue", "Eleventh grade")
                        .put("shortDescription", "Eleventh grade"), "\"other\"", Instant.now(), applied, false, null);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(new InstanceTopics(InstanceId.DEFAULT).documents(), other.toString(), MessageCodec.encode(reused))).get();
        }

        JsonNode health = null;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            health = MessageCodec.MAPPER.readTree(api.send("GET", "/health", null).body());
            if (health.at("/instances/default.default").asText().equals("failed")) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("failed", health.at("/instances/default.default").asText(), "the instance's sink stopped: " + health);
        assertEquals("Degraded", health.path("status").asText());
        assertEquals(documents, (int) store.withHandle(h -> h.createQuery("SELECT count(*) FROM document").mapTo(Integer.class).one()),
                "the store is as it was");
        assertEquals(0, stored("Eleventh grade"));
    }
}
