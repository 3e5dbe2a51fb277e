package org.edfi.dms.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The quick start's {@code run} as a user meets it: a fresh JVM running {@code dms.jar run}, timed
 * from process start to the "ready" line, on a first run (empty data directory) and warm (the same
 * directory again); then the resident memory of the JVM and of its PostgreSQL processes once ready,
 * and the time a SIGTERM takes to stop everything.
 *
 * <p>Usage: {@code StartupProbe [RUNS]} (default 3 of each), from the project directory after
 * {@code bin/dms build}.
 */
public final class StartupProbe {

    private StartupProbe() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path home = Path.of(System.getProperty("dms.home", ".")).toAbsolutePath().normalize();
        System.out.println("kind   ready_s  jvm_rss_mb  postgres_pss_mb  stop_s  exit");
        for (int i = 0; i < runs; i++) {
            Path dataDir = Files.createTempDirectory("dms-startup");
            probe(home, dataDir, "first");
            probe(home, dataDir, "warm");
        }
    }

    private static void probe(Path home, Path dataDir, String kind) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long start = System.nanoTime();
        Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Ddms.home=" + home, "-jar",
                home.resolve("app/target/dms.jar").toString(), "run", "--port", "0", "--data-dir", dataDir.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("Ed-Fi API ready")) {
            // start-up noise (warnings) is skipped
        }
        if (line == null) {
            throw new IllegalStateException("dms run ended before it was ready, exit " + process.waitFor());
        }
        double ready = (System.nanoTime() - start) / 1e9;
        Thread.ofPlatform().daemon().start(() -> {
            try {
                out.lines().forEach(l -> { }); // keep draining, until the process is gone
            } catch (RuntimeException gone) {
                // the stream closes with the process
            }
        });
        Thread.sleep(2_000); // let the JIT and background threads settle before reading memory
        long jvm = memoryKb(process.pid(), "status", "VmRSS:");
        // PSS: each PostgreSQL process maps the same shared buffers, which RSS would count once per process.
        long postgres = postgresProcesses(dataDir).stream().mapToLong(pid -> memoryKb(pid, "smaps_rollup", "Pss:")).sum();
        long stopping = System.nanoTime();
        process.destroy(); // SIGTERM
        boolean stopped = process.waitFor(60, TimeUnit.SECONDS);
        double stop = (System.nanoTime() - stopping) / 1e9;
        System.out.printf(Locale.ROOT, "%-6s %7.2f  %10d  %15d  %6.2f  %s%n", kind, ready, jvm / 1024, postgres / 1024, stop,
                stopped ? Integer.toString(process.exitValue()) : "still running");
        if (!stopped) {
            process.destroyForcibly();
        }
    }

    /** The postmaster serving {@code dataDir} (pg_ctl detaches it from the JVM) and its backends. */
    static List<Long> postgresProcesses(Path dataDir) {
        List<Long> pids = new ArrayList<>();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("postgres") && c.contains(dataDir.toString())).orElse(false))
                .forEach(postmaster -> {
                    pids.add(postmaster.pid());
                    postmaster.descendants().forEach(p -> pids.add(p.pid()));
                });
        return pids;
    }

    /** A memory figure of a Linux process from /proc, in kB; 0 when it is gone. */
    public static long memoryKb(long pid, String file, String field) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), file))) {
            return lines.filter(l -> l.startsWith(field)).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong).findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }
}
