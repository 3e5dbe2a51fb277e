package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.runtime.EmbeddedStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance of bulk loading: the Data Standard 5.0 descriptors and sample XML into a fresh
 * embedded instance, straight into Kafka, then again over HTTP. Every record loads except the
 * known data quirks, each rejected with its reason; the per-resource counts the API reports match
 * the load; the CDC topic holds every document; the second load changes and duplicates nothing.
 */
class BulkLoadTest {

    private static final Path DS50 = TestApi.DATA_STANDARD;
    private static final Pattern SUMMARY_ROW = Pattern.compile("^(\\w+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$", Pattern.MULTILINE);

    @TempDir
    Path dataDir;

    private record Loaded(int status, String out, Map<String, long[]> rows) {}

    @Test
    void theDataStandardSamplesLoadOverKafkaThenReloadOverHttpWithoutDuplicates() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(TestApi.dataStandard(), dataDir.resolve("stack"),
                "127.0.0.1", 0, Duration.ofSeconds(30))) {
            Path rejects = dataDir.resolve("rejects.jsonl");
            Loaded kafka = load(stack, rejects, "--via", "kafka", "--kafka-bootstrap-servers", stack.bootstrapServers());
            assertEquals(0, kafka.status(), kafka.out());

            // Nothing is rejected; the one line says what was passed over: a bare reference at the top of an interchange.
            List<JsonNode> rejected = new ArrayList<>();
            for (String line : Files.readAllLines(rejects)) {
                rejected.add(MessageCodec.MAPPER.readTree(line));
            }
            assertEquals(1, rejected.size(), rejected.toString());
            assertEquals("SectionReference", rejected.getFirst().get("resource").asText());
            assertTrue(rejected.getFirst().get("file").asText().endsWith("StudentGradebook.xml"));

            TestApi http = TestApi.of(stack);
            long documents = 0;
            for (Map.Entry<String, long[]> row : kafka.rows().entrySet()) {
                long created = row.getValue()[1];
                long updated = row.getValue()[2];
                long rejectedCount = row.getValue()[3];
                if (row.getKey().equals("SectionReference")) {
                    continue;
                }
                assertEquals(row.getValue()[0], created + updated + rejectedCount, row.getKey() + ": every record read is accounted for");
                // A Kafka-native load is acknowledged when the processor committed; the store catches up after.
                assertEquals(created, awaitTotalCount(http, row.getKey(), created), row.getKey() + ": the API holds what the load created");
                documents += created;
            }
            assertTrue(documents > 20_000, "documents: " + documents);
            assertEquals(documents, cdcKeys(stack, documents).size(), "the analytics topic holds every document");

            Loaded again = load(stack, dataDir.resolve("rejects-again.jsonl"), "--via", "http", "--url", "http://127.0.0.1:" + stack.port(),
                    "--client-id", stack.developmentClient().credentials().clientId(), "--client-secret", stack.developmentClient().credentials().clientSecret());
            assertEquals(0, again.status(), again.out());
            for (Map.Entry<String, long[]> row : again.rows().entrySet()) {
                if (!row.getKey().equals("SectionReference")) {
                    assertEquals(0, row.getValue()[1], row.getKey() + ": a reload creates nothing");
                    assertEquals(kafka.rows().get(row.getKey())[1], totalCount(http, row.getKey()), row.getKey() + ": and duplicates nothing");
                }
            }
        }
    }

    private Loaded load(EmbeddedStack stack, Path rejects, String... transport) {
        List<String> args = new ArrayList<>(List.of("load", "--reject-file", rejects.toString()));
        args.addAll(List.of(transport));
        args.addAll(List.of(DS50.resolve("descriptors").toString(), DS50.resolve("sample-xml").toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = new Main(TestApi.HOME, Map.of()).run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        Map<String, long[]> rows = new TreeMap<>();
        Matcher row = SUMMARY_ROW.matcher(text);
        while (row.find()) {
            if (!row.group(1).equals("total")) {
                long[] counts = new long[5];
                for (int i = 0; i < 5; i++) {
                    counts[i] = Long.parseLong(row.group(i + 2));
                }
                rows.put(row.group(1), counts);
            }
        }
        return new Loaded(status, text, rows);
    }

    /** The resource's total count once it reaches {@code expected}, or what it is after 60 s. */
    private static long awaitTotalCount(TestApi http, String endpoint, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long count = totalCount(http, endpoint);
        while (count != expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
            count = totalCount(http, endpoint);
        }
        return count;
    }

    private static long totalCount(TestApi http, String endpoint) throws Exception {
        HttpResponse<String> response = http.expect(200, "GET", "/data/ed-fi/" + endpoint + "?totalCount=true&limit=0", null);
        return Long.parseLong(response.headers().firstValue("Total-Count").orElseThrow());
    }

    private static Set<String> cdcKeys(EmbeddedStack stack, long expected) {
        Set<String> keys = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "t-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("edfi.default.default.documents"));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (keys.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    keys.add(record.key());
                }
            }
        }
        return keys;
    }
}
