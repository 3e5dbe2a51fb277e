package org.edfi.dms.benchmarks.bench;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What exporting spans costs a write and a read, as an A/B under the same noise: two {@code dms run}
 * servers side by side, one exporting its spans to an OTLP/HTTP receiver in this JVM (which drops
 * them), one without an endpoint, take a create and a read of it each in turn, the one that goes
 * first alternating. On a shared machine two runs one after the other differ by more than tracing
 * costs; interleaved, both servers meet the same load.
 *
 * <pre>
 * java -cp "benchmarks/target/classes:benchmarks/target/lib/*" -Ddms.home=. org.edfi.dms.benchmarks.bench.TracingOverhead [WARM-UP] [MEASURED]
 * </pre>
 */
public final class TracingOverhead {

    private TracingOverhead() {}

    public static void main(String[] args) throws Exception {
        int warmUp = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 1500;
        Path home = Path.of(System.getProperty("dms.home", ".")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("dms-tracing-overhead");
        AtomicLong received = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/v1/traces", exchange -> {
            try (exchange) {
                received.addAndGet(exchange.getRequestBody().readAllBytes().length);
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
        String endpoint = "http://127.0.0.1:" + receiver.getAddress().getPort();
        try (ServerProcess off = ServerProcess.start(home, work, ServerProcess.DEFAULT_JVM_OPTIONS);
                ServerProcess exporting = ServerProcess.start(home, work, ServerProcess.DEFAULT_JVM_OPTIONS, Map.of("DMS_OTEL_ENDPOINT", endpoint))) {
            List<ServerProcess> servers = List.of(off, exporting);
            List<LoadClient> clients = List.of(new LoadClient(off::authorization), new LoadClient(exporting::authorization));
            long[][] creates = new long[2][measured];
            long[][] reads = new long[2][measured];
            for (int i = 0; i < warmUp + measured; i++) {
                for (int turn = 0; turn < 2; turn++) {
                    int side = (i + turn) % 2;
                    String body = "{\"namespace\": \"uri://ed-fi.org/GradeLevelDescriptor\", \"codeValue\": \"T" + i
                            + "\", \"shortDescription\": \"Tracing overhead\"}";
                    long start = System.nanoTime();
                    LoadClient.Answer created = clients.get(side).post(servers.get(side).dataUrl() + "gradeLevelDescriptors", body).expectOk("a create");
                    long createdAt = System.nanoTime();
                    clients.get(side).get(servers.get(side).dataUrl() + "gradeLevelDescriptors/" + created.id().orElseThrow()).expectOk("a read");
                    if (i >= warmUp) {
                        creates[side][i - warmUp] = createdAt - start;
                        reads[side][i - warmUp] = System.nanoTime() - createdAt;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%d creates and reads of each server after %d of warm-up; %,d bytes of spans received%n", measured, warmUp,
                    received.get());
            System.out.println("| server | create p50 | p95 | p99 | read by id p50 | p95 | p99 |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|");
            for (int side = 0; side < 2; side++) {
                Measurement.Percentiles create = Measurement.Percentiles.ofNanos(creates[side]);
                Measurement.Percentiles read = Measurement.Percentiles.ofNanos(reads[side]);
                System.out.printf(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %.2f ms | %.3f ms | %.3f ms | %.3f ms |%n", side == 0 ? "off" : "exporting",
                        create.p50(), create.p95(), create.p99(), read.p50(), read.p95(), read.p99());
            }
        } finally {
            receiver.stop(0);
        }
        System.exit(0); // Helidon's client leaves non-daemon threads behind
    }
}
