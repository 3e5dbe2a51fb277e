package org.edfi.dms.benchmarks.bench;

import io.helidon.webclient.api.WebClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.edfi.dms.benchmarks.BenchClient;
import org.edfi.dms.benchmarks.StartupProbe;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceStore;
import org.edfi.dms.loader.BearerToken;

/**
 * The system under test as a user runs it: {@code dms.jar run} in a JVM of its own, on a fresh
 * data directory, so that its CPU is told apart from the load generator's and no benchmark code
 * shares its heap or its threads.
 */
public final class ServerProcess implements AutoCloseable {

    /** The server JVM's options unless others are given: the heap the documentation's figures were measured with. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx1g");

    private static final Pattern READY = Pattern.compile("Ed-Fi API ready at http://[^:]+:(\\d+)/data/ .*Kafka at ([^)]+)\\)");

    private final Process process;
    private final Path dataDir;
    private final int port;
    private final String bootstrapServers;
    private final BearerToken token;
    /** async-profiler on this server's JVM, when the bench profiles ({@code --profile}). */
    private final ServerProfiler profiler;

    private ServerProcess(Process process, Path dataDir, int port, String bootstrapServers, Path profiles) throws Exception {
        this.process = process;
        this.profiler = profiles == null ? null : new ServerProfiler(process.pid(), profiles);
        this.dataDir = dataDir;
        this.port = port;
        this.bootstrapServers = bootstrapServers;
        this.token = BearerToken.of(WebClient.create(), baseUrl(), BenchClient.CREDENTIALS.clientId(), BenchClient.CREDENTIALS.clientSecret());
    }

    /** Starts {@code dms run} on a new data directory under {@code work} and waits until it is ready. */
    public static ServerProcess start(Path home, Path work, List<String> jvmOptions) throws Exception {
        return start(home, work, jvmOptions, Map.of());
    }

    /** The same, with {@code environment} added to this process's (settings as {@code DMS_*} variables). */
    public static ServerProcess start(Path home, Path work, List<String> jvmOptions, Map<String, String> environment) throws Exception {
        return start(home, work, jvmOptions, environment, null);
    }

    /**
     * The same, with async-profiler's agent loaded (recording nothing until a phase asks,
     * {@link CpuMeter#profiled}) when {@code profiles} names where its flame graphs go.
     */
    static ServerProcess start(Path home, Path work, List<String> jvmOptions, Map<String, String> environment, Path profiles) throws Exception {
        Path dataDir = Files.createTempDirectory(work, "server");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Ddms.home=" + home));
        command.addAll(jvmOptions);
        if (profiles != null) {
            command.addAll(ServerProfiler.jvmOptions());
        }
        command.addAll(List.of("-jar", home.resolve("app/target/dms.jar").toString(), "run", "--port", "0", "--data-dir", dataDir.toString(),
                "--client-id", BenchClient.CREDENTIALS.clientId(), "--client-secret", BenchClient.CREDENTIALS.clientSecret()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()));
        List<String> seen = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            Matcher ready = READY.matcher(line);
            if (ready.find()) {
                Thread.ofPlatform().daemon().start(() -> {
                    try {
                        out.lines().forEach(l -> { }); // keep draining, until the process is gone
                    } catch (RuntimeException gone) {
                        // the stream closes with the process
                    }
                });
                return new ServerProcess(process, dataDir, Integer.parseInt(ready.group(1)), ready.group(2), profiles);
            }
            seen.add(line);
        }
        throw new IllegalStateException("dms run ended before it was ready, exit " + process.waitFor() + ":\n" + String.join("\n", seen));
    }

    /** The base of the Ed-Fi resources, {@code http://127.0.0.1:PORT/data/ed-fi/}. */
    String dataUrl() {
        return "http://127.0.0.1:" + port + "/data/ed-fi/";
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code Bearer ...} for the development client (full access), renewed before it expires: the full run outlasts a token. */
    public String authorization() {
        try {
            return token.header();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** The default instance's store, from the port in PostgreSQL's postmaster.pid. */
    String jdbcUrl() throws IOException {
        int postgresPort = Integer.parseInt(Files.readAllLines(postgresDataDir().resolve("postmaster.pid")).get(3).trim());
        InstanceStore store = InstanceStore.ownDatabase(InstanceId.DEFAULT);
        return store.onSearchPath("jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + store.database() + "?user=postgres");
    }

    /** Empties the default instance (its topics, processor state and store) through the admin API, as {@code dms instance purge} does. */
    void purgeDefaultInstance() {
        new LoadClient(this::authorization).post(baseUrl() + "/admin/instances/" + InstanceId.DEFAULT.tenant() + "/" + InstanceId.DEFAULT.instance() + "/purge", "{}")
                .expectOk("purging the default instance");
    }

    /** The server's data directory (what {@code --data-dir} gave it). */
    public Path dataDir() {
        return dataDir;
    }

    /** The server JVM's resident memory in MB: the peak since it started ({@code VmHWM}) or now ({@code VmRSS}). */
    double residentMegabytes(boolean peak) {
        return StartupProbe.memoryKb(process.pid(), "status", peak ? "VmHWM:" : "VmRSS:") / 1024.0;
    }

    CpuMeter cpuMeter() {
        return new CpuMeter(process.pid(), postgresDataDir(), profiler);
    }

    private Path postgresDataDir() {
        return dataDir.resolve("postgres");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: the server stops its parts in order
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
