package org.edfi.dms.benchmarks;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.WebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.edfi.dms.app.EmbeddedStack;
import org.edfi.dms.ingress.IngressConfig;
import org.edfi.dms.schema.ApiSchemaLoader;

/**
 * HTTP writes per second with concurrent clients through the whole write path (Helidon, ingress
 * validation, Kafka, the integrity processor with exactly-once commits, the reply topic), over the
 * Data Standard 5.0 schema, each client POSTing new students one request at a time. The ceilings in
 * the same run: the same load generator against a Helidon endpoint answering 201 with no work, and
 * the same number of clients each producing a command-sized record to the same broker and waiting
 * for its acknowledgement (a raw Kafka producer, acks=all, as the ingress produces).
 * The generator is Helidon's blocking WebClient on virtual threads over keep-alive connections: the
 * JDK's HttpClient spent more CPU than the server it measured (its selector thread and worker pool
 * took a third of the machine, mostly in the kernel).
 *
 * <p>Usage: {@code HttpWriteLoad [CLIENTS] [SECONDS] [RUNS]} (defaults 32, 20, 3).
 */
public final class HttpWriteLoad {

    private HttpWriteLoad() {}

    record Result(double perSecond, double p50, double p99, int errors) {}

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path schema = Path.of(System.getProperty("dms.home", "."), "../shared/edfi/ds-5.0/ApiSchema.json");
        List<String> rows = new ArrayList<>();
        try (EmbeddedStack stack = EmbeddedStack.start(ApiSchemaLoader.load(schema), Files.createTempDirectory("dms-http-bench"),
                "127.0.0.1", 0, IngressConfig.DEFAULT_RESULT_TIMEOUT)) {
            WebServer ceiling = WebServer.builder().host("127.0.0.1").port(0)
                    .routing(r -> r.post("/static", (req, res) -> {
                        req.content().consume();
                        res.status(201).send();
                    })).build().start();
            String base = "http://127.0.0.1:" + stack.port() + "/data/ed-fi/";
            // Every request carries the token, the static ceiling's too: the same bytes on the wire.
            String authorization = BenchClient.authorization(stack);
            post(WebClient.create(), base + "sexDescriptors", authorization,
                    "{\"namespace\": \"uri://ed-fi.org/SexDescriptor\", \"codeValue\": \"Female\", \"shortDescription\": \"Female\"}");
            AtomicLong sequence = new AtomicLong();
            for (int run = 1; run <= runs; run++) {
                // -Dbench.ceiling=false leaves the ceiling out, for profiling the write path alone.
                Result staticBody = Boolean.parseBoolean(System.getProperty("bench.ceiling", "true"))
                        ? load(clients, seconds, "http://127.0.0.1:" + ceiling.port() + "/static", authorization, sequence)
                        : new Result(0, 0, 0, 0);
                Result writes = load(clients, seconds, base + "students", authorization, sequence);
                Result rawKafka = Boolean.parseBoolean(System.getProperty("bench.ceiling", "true"))
                        ? produce(clients, seconds, stack.bootstrapServers())
                        : new Result(0, 0, 0, 0);
                rows.add(String.format(Locale.ROOT,
                        "run %d, %d clients: %.0f writes/s, p50 %.1f ms, p99 %.1f ms, %d errors | static-body ceiling %.0f/s, p50 %.1f ms, p99 %.1f ms"
                                + " | raw producer %.0f/s, p50 %.1f ms, p99 %.1f ms",
                        run, clients, writes.perSecond(), writes.p50(), writes.p99(), writes.errors(),
                        staticBody.perSecond(), staticBody.p50(), staticBody.p99(), rawKafka.perSecond(), rawKafka.p50(), rawKafka.p99()));
                System.out.println(rows.getLast());
            }
            ceiling.stop();
        }
        rows.forEach(System.out::println);
        System.exit(0);
    }

    /** {@code clients} virtual threads POSTing new students back to back for {@code seconds}. */
    static Result load(int clients, int seconds, String url, String authorization, AtomicLong sequence) throws InterruptedException {
        WebClient http = WebClient.create();
        return closedLoop(clients, seconds, () -> {
            long i = sequence.incrementAndGet();
            String body = "{\"studentUniqueId\": \"S" + i + "\", \"firstName\": \"Lisa\", \"lastSurname\": \"Woods\","
                    + " \"birthDate\": \"2010-01-13\", \"birthSexDescriptor\": \"uri://ed-fi.org/SexDescriptor#Female\"}";
            return post(http, url, authorization, body) == 201;
        });
    }

    /** {@code clients} virtual threads each producing a record of a command's size and waiting for its acknowledgement. */
    static Result produce(int clients, int seconds, String bootstrapServers) throws InterruptedException {
        String topic = "bench.raw-producer";
        byte[] value = new byte[400];
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot create " + topic, e);
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1), new StringSerializer(), new ByteArraySerializer())) {
            return closedLoop(clients, seconds, () -> {
                try {
                    producer.send(new ProducerRecord<>(topic, value)).get();
                    return true;
                } catch (ExecutionException e) {
                    return false;
                }
            });
        }
    }

    /** One client's call: true when it succeeded. */
    interface Call {
        boolean run() throws InterruptedException;
    }

    /** {@code clients} virtual threads making calls back to back for {@code seconds}; rate and latency percentiles over all. */
    static Result closedLoop(int clients, int seconds, Call call) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long[][] latencies = new long[clients][];
        AtomicInteger errors = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads.add(Thread.ofVirtual().start(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    boolean ok;
                    try {
                        ok = call.run();
                    } catch (InterruptedException e) {
                        break;
                    }
                    long t = System.nanoTime() - t0;
                    if (!ok) {
                        errors.incrementAndGet();
                    }
                    if (n == mine.length) {
                        mine = Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = t;
                }
                latencies[client] = Arrays.copyOf(mine, n);
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(all.length / elapsed, all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6, errors.get());
    }

    static int post(WebClient http, String url, String authorization, String body) {
        try (HttpClientResponse response = http.post(url).header(HeaderValues.CONTENT_TYPE_JSON).header(HeaderNames.AUTHORIZATION, authorization)
                .submit(body)) {
            return response.status().code();
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
