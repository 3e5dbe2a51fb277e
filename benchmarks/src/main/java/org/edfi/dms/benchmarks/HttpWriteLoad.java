package org.edfi.dms.benchmarks;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.WebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.edfi.dms.benchmarks.bench.Load;
import org.edfi.dms.benchmarks.bench.RawKafka;
import org.edfi.dms.ingress.IngressConfig;
import org.edfi.dms.runtime.EmbeddedStack;
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
    static Result produce(int clients, int seconds, String bootstrapServers) throws Exception {
        return result(RawKafka.acknowledgedSends(bootstrapServers, clients, seconds, 400));
    }

    /** One client's call: true when it succeeded. */
    interface Call {
        boolean run() throws InterruptedException;
    }

    /** {@code clients} virtual threads making calls back to back for {@code seconds} (the bench's closed loop); rate and latency percentiles over all. */
    static Result closedLoop(int clients, int seconds, Call call) throws InterruptedException {
        return result(Load.closedLoop(clients, seconds, (client, i) -> call.run()));
    }

    private static Result result(Load.Outcome outcome) {
        long[] sorted = outcome.latencies().clone();
        Arrays.sort(sorted);
        return new Result(outcome.perSecond(), sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6, (int) outcome.errors());
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
