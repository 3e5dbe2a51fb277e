package org.edfi.dms.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.ingress.IngressConfig;
import org.edfi.dms.runtime.EmbeddedStack;
import org.edfi.dms.schema.ApiSchemaLoader;

/**
 * CDC latency as an analytics consumer sees it: from the HTTP acknowledgement of a POST (201) to
 * the moment its message arrives on {@code edfi.default.default.documents}, one write at a time,
 * through the embedded stack (sink into PostgreSQL, Debezium in Kafka Connect, the transform).
 * Ceiling in the same run and on the same broker: a raw producer's record to a consumer polling
 * the same way.
 *
 * <p>Usage: {@code CdcLatency [WRITES]} (default 500; 50 more warm up first).
 */
public final class CdcLatency {

    private CdcLatency() {}

    public static void main(String[] args) throws Exception {
        int writes = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Path schema = Path.of(System.getProperty("dms.home", "."), "../shared/edfi/ds-5.0/ApiSchema.json");
        String topic = new InstanceTopics(InstanceId.DEFAULT).changes();
        HttpClient http = HttpClient.newHttpClient();
        try (EmbeddedStack stack = EmbeddedStack.start(ApiSchemaLoader.load(schema), Files.createTempDirectory("dms-cdc"), "127.0.0.1", 0,
                IngressConfig.DEFAULT_RESULT_TIMEOUT)) {
            Arrivals cdc = Arrivals.on(stack.bootstrapServers(), topic);
            String authorization = BenchClient.authorization(stack);
            long[] latencies = new long[writes];
            for (int i = -50; i < writes; i++) {
                String body = "{\"namespace\": \"uri://ed-fi.org/SexDescriptor\", \"codeValue\": \"C" + i + "\", \"shortDescription\": \"C\"}";
                HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.port() + "/data/ed-fi/sexDescriptors"))
                        .header("Content-Type", "application/json").header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                long acknowledged = System.nanoTime();
                if (created.statusCode() != 201) {
                    throw new IllegalStateException("POST answered " + created.statusCode() + ": " + created.body());
                }
                String location = created.headers().firstValue("Location").orElseThrow();
                long arrived = cdc.await(location.substring(location.lastIndexOf('/') + 1));
                if (i >= 0) {
                    latencies[i] = arrived - acknowledged;
                }
            }
            report("HTTP acknowledgement to CDC topic", latencies);

            // Ceiling: the same broker carrying a record from a producer to a consumer.
            String rawTopic = "bench.raw-latency";
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(rawTopic, 1, (short) 1))).all().get(); // a consumer finds a topic made later only minutes later
            }
            Arrivals raw = Arrivals.on(stack.bootstrapServers(), rawTopic);
            long[] rawLatencies = new long[writes];
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                    ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new StringSerializer())) {
                for (int i = -50; i < writes; i++) {
                    String key = UUID.randomUUID().toString();
                    long sent = System.nanoTime();
                    producer.send(new ProducerRecord<>(rawTopic, key, "{}"));
                    long arrived = raw.await(key);
                    if (i >= 0) {
                        rawLatencies[i] = arrived - sent;
                    }
                }
            }
            report("ceiling: raw producer to consumer", rawLatencies);
            cdc.close();
            raw.close();
        }
        System.exit(0);
    }

    private static void report(String what, long[] latencies) {
        Arrays.sort(latencies);
        int n = latencies.length;
        System.out.printf(Locale.ROOT, "%s over %d writes: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                what, n, latencies[n / 2] / 1e6, latencies[(int) (n * 0.9)] / 1e6, latencies[(int) (n * 0.99)] / 1e6, latencies[n - 1] / 1e6);
    }

    /** A consumer thread noting when each key arrives. */
    private static final class Arrivals implements AutoCloseable {
        private final Map<String, Long> seen = new ConcurrentHashMap<>();
        private final Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean running = true;

        private Arrivals(String bootstrap, String topic) throws InterruptedException {
            CountDownLatch assigned = new CountDownLatch(1);
            thread = Thread.ofPlatform().daemon().start(() -> {
                try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10), new StringDeserializer(), new StringDeserializer())) {
                    consumer.subscribe(List.of(topic));
                    while (running) {
                        consumer.poll(Duration.ofMillis(50)).forEach(r -> {
                            long now = System.nanoTime();
                            seen.putIfAbsent(r.key(), now);
                            CountDownLatch latch = waiting.get(r.key());
                            if (latch != null) {
                                latch.countDown();
                            }
                        });
                        assigned.countDown();
                    }
                }
            });
            assigned.await();
        }

        static Arrivals on(String bootstrap, String topic) throws InterruptedException {
            return new Arrivals(bootstrap, topic);
        }

        long await(String key) throws InterruptedException {
            CountDownLatch latch = waiting.computeIfAbsent(key, k -> new CountDownLatch(1));
            if (!seen.containsKey(key) && !latch.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("No message for " + key + " within 30 s");
            }
            return seen.get(key);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }
}
