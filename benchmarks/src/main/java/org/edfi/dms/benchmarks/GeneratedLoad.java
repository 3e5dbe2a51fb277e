package org.edfi.dms.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.edfi.dms.benchmarks.bench.ServerProcess;

/**
 * A generated data set loaded as a user would: {@code dms generate} writes it, {@code dms run}
 * serves it, and {@code dms load} (a process of its own, so its memory is its own) loads it over
 * Kafka or HTTP; timed to the end of the load and to the moment the last resource is all readable,
 * with the loader's peak resident memory sampled every 200 ms. Run at two scales, the peak shows
 * whether the loader's memory stays flat as the data grows.
 *
 * <p>Usage: {@code GeneratedLoad SCALE [kafka|http]} from the project directory after {@code bin/dms build};
 * {@code -Dbench.loaderHeap=128m} caps the loader's heap, to show what it needs.
 */
public final class GeneratedLoad {

    private static final Pattern FILE = Pattern.compile("\\d+-([a-z0-9-]+)\\.([A-Za-z0-9]+)\\.jsonl");

    private GeneratedLoad() {}

    public static void main(String[] args) throws Exception {
        int scale = Integer.parseInt(args[0]);
        String via = args.length > 1 ? args[1] : "kafka";
        Path home = Path.of(System.getProperty("dms.home", ".")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("dms-generated-load");
        Path data = work.resolve("data");

        long start = System.nanoTime();
        run(home, List.of("generate", "--out", data.toString(), "--scale", Integer.toString(scale), "--seed", "1"));
        double generated = (System.nanoTime() - start) / 1e9;
        List<Path> files;
        try (Stream<Path> found = Files.list(data)) {
            files = found.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        long documents = 0;
        for (Path file : files) {
            try (Stream<String> lines = Files.lines(file)) {
                documents += lines.count();
            }
        }
        Path last = files.getLast();
        long lastCount;
        try (Stream<String> lines = Files.lines(last)) {
            lastCount = lines.count();
        }
        System.out.printf(Locale.ROOT, "generated %d documents in %d files in %.1f s%n", documents, files.size(), generated);

        List<String> client = List.of("--client-id", BenchClient.CREDENTIALS.clientId(), "--client-secret", BenchClient.CREDENTIALS.clientSecret());
        try (ServerProcess server = ServerProcess.start(home, work, ServerProcess.DEFAULT_JVM_OPTIONS)) {
            List<String> load = new ArrayList<>(List.of("load", "--via", via, "--data-dir", server.dataDir().toString(),
                    "--url", server.baseUrl(), data.toString()));
            load.addAll(client);
            long loadStart = System.nanoTime();
            Process loader = dms(home, load, Optional.ofNullable(System.getProperty("bench.loaderHeap")).map(heap -> "-Xmx" + heap));
            AtomicLong peakKb = new AtomicLong();
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (loader.isAlive()) {
                    peakKb.accumulateAndGet(StartupProbe.memoryKb(loader.pid(), "status", "VmRSS:"), Math::max);
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            String summary = drain(loader);
            int exit = loader.waitFor();
            double loaded = (System.nanoTime() - loadStart) / 1e9;
            sampler.interrupt();
            Matcher name = FILE.matcher(last.getFileName().toString());
            if (!name.matches()) {
                throw new IllegalStateException("unexpected file name " + last);
            }
            awaitCount(server, name.group(1), name.group(2), lastCount);
            double readable = (System.nanoTime() - loadStart) / 1e9;
            System.out.printf(Locale.ROOT, "scale %d via %s: %d documents loaded in %.1f s (%.0f/s), all readable at %.1f s,"
                            + " loader peak RSS %d MB, exit %d%n",
                    scale, via, documents, loaded, documents / loaded, readable, peakKb.get() / 1024, exit);
            if (exit != 0) {
                System.out.println(summary);
            }
        }
        System.exit(0);
    }

    private static Process dms(Path home, List<String> args) throws IOException {
        return dms(home, args, Optional.empty());
    }

    private static Process dms(Path home, List<String> args, Optional<String> jvmOption) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Ddms.home=" + home));
        jvmOption.ifPresent(command::add);
        command.addAll(List.of("-jar", home.resolve("app/target/dms.jar").toString()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static void run(Path home, List<String> args) throws Exception {
        Process process = dms(home, args);
        String output = drain(process);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("dms " + args + " failed:\n" + output);
        }
    }

    private static String drain(Process process) throws IOException {
        StringBuilder text = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null) {
                text.append(line).append('\n');
            }
        }
        return text.toString();
    }

    /** Polls the resource's Total-Count until it reaches {@code expected}. */
    private static void awaitCount(ServerProcess server, String project, String resource, long expected) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create(server.baseUrl() + "/data/" + project + "/" + resource + "?totalCount=true&limit=0");
        String authorization = server.authorization();
        while (true) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri).header("Authorization", authorization).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (page.statusCode() == 200 && Long.parseLong(page.headers().firstValue("Total-Count").orElse("0")) >= expected) {
                return;
            }
            Thread.sleep(100);
        }
    }
}
