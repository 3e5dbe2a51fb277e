package org.edfi.dms.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.ingress.IngressConfig;
import org.edfi.dms.processor.ProcessorConfig;
import org.edfi.dms.runtime.DevelopmentClient;
import org.edfi.dms.runtime.EmbeddedStack;
import org.edfi.dms.runtime.Node;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.security.ConfiguredClients;

/**
 * Many instances in one embedded deployment: the time to create each through the admin API (its
 * database, tables, topics and CDC connector, and its processor and sink started), the memory each
 * adds (this JVM's RSS and PostgreSQL's PSS), and HTTP write throughput with the same clients on
 * one instance versus spread over all of them. Routes are {@code /district-a/{schoolYear}/data/...}.
 *
 * <p>Usage: {@code InstanceScale [INSTANCES] [CLIENTS] [SECONDS] [RUNS]} (defaults 50, 32, 10, 3).
 */
public final class InstanceScale {

    private InstanceScale() {}

    public static void main(String[] args) throws Exception {
        int instances = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Path schema = Path.of(System.getProperty("dms.home", "."), "../shared/edfi/ds-5.0/ApiSchema.json");
        Path dataDir = Files.createTempDirectory("dms-instance-scale");
        try (EmbeddedStack stack = EmbeddedStack.start(ApiSchemaLoader.load(schema), dataDir, "127.0.0.1", 0,
                IngressConfig.DEFAULT_RESULT_TIMEOUT, ProcessorConfig.DEFAULT_COMMIT_INTERVAL, new Node.Routing(true, List.of("schoolYear")),
                DevelopmentClient.resolve(dataDir, Optional.empty(), Optional.empty()), Node.Observability.NONE)) {
            String base = "http://127.0.0.1:" + stack.port();
            WebClient http = WebClient.create();
            String admin = BenchClient.authorization(stack);
            Thread.sleep(3_000);
            long[] before = memory(dataDir);
            System.out.printf(Locale.ROOT, "no instance: JVM RSS %d MB, PostgreSQL PSS %d MB%n", before[0] / 1024, before[1] / 1024);

            double[] createSeconds = new double[instances];
            List<String> routes = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                int year = 2001 + i;
                long start = System.nanoTime();
                int status = HttpWriteLoad.post(http, base + "/admin/instances", admin,
                        "{\"tenant\": \"district-a\", \"context\": {\"schoolYear\": \"" + year + "\"}}");
                createSeconds[i] = (System.nanoTime() - start) / 1e9;
                if (status != 201) {
                    throw new IllegalStateException("creating instance " + year + " answered " + status);
                }
                routes.add(base + "/district-a/" + year + "/data/ed-fi/");
            }
            // The development client reaches the default instance alone: these get a client of their own.
            String authorization = BenchClient.authorization(stack.port(), client(http, base, admin, instances));
            for (String route : routes) {
                if (HttpWriteLoad.post(http, route + "sexDescriptors", authorization,
                        "{\"namespace\": \"uri://ed-fi.org/SexDescriptor\", \"codeValue\": \"Female\", \"shortDescription\": \"Female\"}") != 201) {
                    throw new IllegalStateException("the first write into " + route + " failed");
                }
            }
            Thread.sleep(5_000);
            long[] after = memory(dataDir);
            double[] sorted = createSeconds.clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "%d instances: create median %.2f s (min %.2f, max %.2f); JVM RSS %d MB (+%.1f MB each),"
                            + " PostgreSQL PSS %d MB (+%.1f MB each)%n",
                    instances, sorted[instances / 2], sorted[0], sorted[instances - 1],
                    after[0] / 1024, (after[0] - before[0]) / 1024.0 / instances, after[1] / 1024, (after[1] - before[1]) / 1024.0 / instances);

            AtomicLong sequence = new AtomicLong();
            for (int run = 1; run <= runs; run++) {
                HttpWriteLoad.Result one = HttpWriteLoad.closedLoop(clients, seconds, () -> student(http, routes.getFirst(), authorization, sequence));
                HttpWriteLoad.Result spread = HttpWriteLoad.closedLoop(clients, seconds,
                        () -> student(http, routes.get((int) (sequence.get() % routes.size())), authorization, sequence));
                System.out.printf(Locale.ROOT, "run %d, %d clients: one instance %.0f writes/s (p50 %.1f ms, p99 %.1f ms, %d errors);"
                                + " spread over %d instances %.0f writes/s (p50 %.1f ms, p99 %.1f ms, %d errors)%n",
                        run, clients, one.perSecond(), one.p50(), one.p99(), one.errors(),
                        instances, spread.perSecond(), spread.p50(), spread.p99(), spread.errors());
            }
        }
        System.exit(0);
    }

    /** A full-access client of the benchmark's instances (district-a/2001, ...), made through the admin API. */
    private static ConfiguredClients.Credentials client(WebClient http, String base, String admin, int instances) throws Exception {
        HttpWriteLoad.post(http, base + "/admin/vendors", admin, "{\"name\": \"Bench\", \"namespacePrefixes\": [\"uri://ed-fi.org\"]}");
        HttpWriteLoad.post(http, base + "/admin/applications", admin, "{\"vendor\": \"Bench\", \"name\": \"Scale\", \"claimSet\": \"full-access\"}");
        List<String> granted = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            granted.add("district-a/" + (2001 + i));
        }
        try (HttpClientResponse created = http.post(base + "/admin/clients").header(HeaderValues.CONTENT_TYPE_JSON)
                .header(HeaderNames.AUTHORIZATION, admin)
                .submit("{\"vendor\": \"Bench\", \"application\": \"Scale\", \"instances\": " + MessageCodec.encodeToString(granted) + "}")) {
            JsonNode client = MessageCodec.MAPPER.readTree(created.as(String.class));
            return new ConfiguredClients.Credentials(client.path("clientId").asText(), client.path("clientSecret").asText());
        }
    }

    private static boolean student(WebClient http, String route, String authorization, AtomicLong sequence) {
        long i = sequence.incrementAndGet();
        return HttpWriteLoad.post(http, route + "students", authorization, "{\"studentUniqueId\": \"S" + i + "\", \"firstName\": \"Lisa\", \"lastSurname\": \"Woods\","
                + " \"birthDate\": \"2010-01-13\", \"birthSexDescriptor\": \"uri://ed-fi.org/SexDescriptor#Female\"}") == 201;
    }

    /** This JVM's RSS and PostgreSQL's PSS (its processes share buffers, which RSS would count in each), in kB. */
    private static long[] memory(Path dataDir) {
        long jvm = StartupProbe.memoryKb(ProcessHandle.current().pid(), "status", "VmRSS:");
        long postgres = StartupProbe.postgresProcesses(dataDir).stream().mapToLong(pid -> StartupProbe.memoryKb(pid, "smaps_rollup", "Pss:")).sum();
        return new long[] {jvm, postgres};
    }
}
