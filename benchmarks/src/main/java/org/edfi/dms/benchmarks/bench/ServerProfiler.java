package org.edfi.dms.benchmarks.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import one.profiler.AsyncProfilerLoader;

/**
 * async-profiler on the server JVM ({@code bin/dms bench --profile}): the agent is loaded when the
 * server starts ({@link #jvmOptions}) and records nothing until a measured phase starts; each phase
 * then gets a CPU and a wall-clock flame graph (HTML) and the CPU per unit of work by part of the
 * system ({@link Part}), from Linux's per-thread accounting ({@code /proc/PID/task/TID/stat}: exact,
 * not sampled) with the threads named by the profile (whose names are not cut at 15 characters as
 * the kernel's are), and PostgreSQL from its own processes ({@link CpuMeter}).
 */
final class ServerProfiler {

    /** CPU sampling and wall-clock sampling every 10 ms: about 1% of a core on this machine. */
    private static final String INTERVAL = "10ms";
    private static final double TICKS_PER_SECOND = 100;
    private static final Pattern THREAD = Pattern.compile("^\\[(.*) tid=(\\d+)\\]");

    /**
     * The parts of the write path a thread's CPU is counted under, by the thread's name. The
     * Kafka broker runs inside the {@code dms run} JVM (embedded), on its own threads, so it is told
     * apart from the processor and the sink by name too; the clients' network threads are named
     * after their client id, which names the role that owns them.
     */
    enum Part {
        HTTP("HTTP, security, validation, ingress", "ForkJoinPool-1-.*|VirtualThread-unblocker|dms-replies-.*|kafka-producer-network-thread \\| producer-.*"),
        BROKER("Kafka broker (embedded)", "data-plane-.*|kafka-scheduler.*|ExpirationReape.*|group-coordinat.*|share-.*|kafka-1-.*|quorum-controll.*"
                + "|broker-1-.*|controller-1-.*|transaction-log.*|TxnMarkerSender.*|AddPartitionsTo.*|LogDirFailureH.*|kafka-log-clean.*|executor-.*"
                + "|raft-.*|persister.*|network-partiti.*|client-metrics-.*|metrics-meter-t.*|SensorExpiryThr.*"),
        PROCESSOR("processor (Kafka Streams, RocksDB)", ".*dms-processor\\..*|rocksdb:.*|dms-processor.d"),
        SINK("store-sink (and its CDC lag watch)", "dms-sink-.*|dms-applied-watch.*|dms-cdc-lag-.*"),
        CONNECT("Kafka Connect, Debezium", "task-thread-.*|connector-.*|debezium-.*|SourceTaskOffse.*|FileOffsetBacki.*|qtp.*|.*connector-(producer|adminclient|consumer)-.*"),
        GC("GC", "GC Thread.*|G1 .*|VM Thread"),
        JIT("JIT compilers", "C[12] CompilerThre.*"),
        OTHER("other threads of the JVM", ".*"),
        EXITED("threads that ended during the phase", "(?!)"),
        POSTGRES("PostgreSQL (its own processes)", "(?!)");

        final String label;
        final Pattern names;

        Part(String label, String names) {
            this.label = label;
            this.names = Pattern.compile(names);
        }

        static Part of(String threadName) {
            for (Part part : values()) {
                if (part.names.matcher(threadName).matches()) {
                    return part;
                }
            }
            return OTHER;
        }
    }

    /** What a phase cost, by part: CPU seconds, and the work it did ({@code units} of {@code unit}). */
    record Costs(String phase, double seconds, long units, String unit, Map<Part, Double> cpuSeconds, Map<String, Double> threads) {

        double microsPerUnit(Part part) {
            return cpuSeconds.getOrDefault(part, 0.0) * 1e6 / Math.max(1, units);
        }

        double total() {
            return cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** The table of the report: each part's CPU per unit, share and cores while the phase ran. */
        String markdown() {
            StringBuilder md = new StringBuilder();
            md.append(String.format(Locale.ROOT, "%s: %,d %ss in %.1f s (%.0f/s)%n%n", phase, units, unit, seconds, units / seconds));
            md.append("| part | CPU per ").append(unit).append(" | share | cores |\n|---|---:|---:|---:|\n");
            for (Part part : Part.values()) {
                double cpu = cpuSeconds.getOrDefault(part, 0.0);
                md.append(String.format(Locale.ROOT, "| %s | %s us | %.1f%% | %.2f |%n", part.label, Charts.fmt(microsPerUnit(part)), 100 * cpu / total(),
                        cpu / seconds));
            }
            md.append(String.format(Locale.ROOT, "| **all** | **%s us** | 100%% | %.2f |%n", Charts.fmt(total() * 1e6 / Math.max(1, units)), total() / seconds));
            md.append("\nBusiest threads (CPU seconds):\n\n");
            threads.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(25)
                    .forEach(t -> md.append(String.format(Locale.ROOT, "- %.2f s  %s (%s)%n", t.getValue(), t.getKey(), Part.of(t.getKey()).name())));
            return md.toString();
        }
    }

    /** A phase being recorded: the threads' CPU when it started. */
    final class Phase {
        private final String name;
        private final Map<Long, Double> threadsAtStart;
        private final double processAtStart;
        private final Path jfr;

        private Phase(String name) throws IOException {
            this.name = name;
            this.jfr = Files.createTempDirectory(name).resolve(name + ".jfr");
            this.threadsAtStart = threadCpu();
            this.processAtStart = CpuMeter.cpuSeconds(pid, false);
            run(AsyncProfilerLoader.executeProfiler("start", "-e", "cpu", "-i", INTERVAL, "--wall", INTERVAL, "-f", jfr.toString(),
                    Long.toString(pid)));
        }

        /**
         * Stops recording and writes the flame graphs and the parts' costs beside the report:
         * {@code cpu} the CPU the phase measured ({@link CpuMeter}) for PostgreSQL.
         */
        Costs stop(double seconds, Cpu cpu, long units, String unit) throws IOException {
            run(AsyncProfilerLoader.executeProfiler("stop", "-f", jfr.toString(), Long.toString(pid)));
            Map<Long, Double> threadsAtEnd = threadCpu();
            double process = CpuMeter.cpuSeconds(pid, false) - processAtStart;
            Files.createDirectories(dir);
            // The per-thread stacks (megabytes of text) stay in the scratch directory, beside where the recording was.
            Path collapsed = jfr.resolveSibling(name + "-cpu.collapsed");
            convert("--cpu", "--threads", "-o", "collapsed", jfr.toString(), collapsed.toString());
            convert("--wall", "--threads", "-o", "collapsed", jfr.toString(), jfr.resolveSibling(name + "-wall.collapsed").toString());
            convert("--cpu", "--minwidth", "0.05", "--title", name + ": CPU of the server JVM", jfr.toString(), dir.resolve(name + "-cpu.html").toString());
            convert("--wall", "--threads", "--minwidth", "0.05", "--title", name + ": wall clock of the server JVM's threads", jfr.toString(),
                    dir.resolve(name + "-wall.html").toString());
            Map<Long, String> names = namesFrom(collapsed);
            Charts.flame(dir.resolve(name + "-cpu.png"), name + ": CPU of the server JVM by part, then by code (async-profiler, "
                    + INTERVAL + " samples)", byPart(collapsed), 30);
            Map<Part, Double> parts = new EnumMap<>(Part.class);
            Map<String, Double> threads = new HashMap<>();
            double live = 0;
            for (Map.Entry<Long, Double> end : threadsAtEnd.entrySet()) {
                double used = end.getValue() - threadsAtStart.getOrDefault(end.getKey(), 0.0);
                if (used <= 0) {
                    continue;
                }
                live += used;
                String thread = names.getOrDefault(end.getKey(), comm(end.getKey()));
                parts.merge(Part.of(thread), used, Double::sum);
                threads.merge(thread.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "*"), used, Double::sum);
            }
            parts.put(Part.EXITED, Math.max(0, process - live));
            parts.put(Part.POSTGRES, cpu.postgres() * seconds);
            Files.delete(jfr);
            System.out.println("async-profiler: " + name + "'s CPU and wall-clock stacks by thread in " + collapsed.getParent());
            Costs costs = new Costs(name, seconds, units, unit, parts, threads);
            Files.writeString(dir.resolve(name + "-parts.md"), costs.markdown());
            Charts.bars(dir.resolve(name + "-parts.png"), name + ": server CPU per " + unit + " by part (us)", "us per " + unit,
                    List.of(Part.values()).stream().filter(p -> parts.getOrDefault(p, 0.0) > 0)
                            .map(p -> new Charts.Bar(p.label, costs.microsPerUnit(p), Double.NaN, Double.NaN, Double.NaN)).toList());
            return costs;
        }
    }

    private final long pid;
    private final Path dir;

    /** A profiler of the JVM {@code pid} (started with {@link #jvmOptions}) writing its files under {@code dir}. */
    ServerProfiler(long pid, Path dir) {
        this.pid = pid;
        this.dir = dir;
    }

    /**
     * The server JVM's options that load the agent (recording nothing yet) and keep debug
     * information at every instruction, so that samples land on the right line, not the nearest safepoint.
     */
    static List<String> jvmOptions() {
        try {
            return List.of("-agentpath:" + AsyncProfilerLoader.getAsyncProfilerPath(), "-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract async-profiler", e);
        }
    }

    Phase start(String name) throws IOException {
        return new Phase(name);
    }

    private void convert(String... args) throws IOException {
        run(AsyncProfilerLoader.executeConverter(args));
    }

    /** The tools' output is not wanted (asprof prints a summary on stop); what they say on stderr is kept. */
    private static void run(AsyncProfilerLoader.ExecutionResult result) {
        if (!result.getStderr().isBlank()) {
            System.err.println("async-profiler: " + result.getStderr().strip());
        }
    }

    /**
     * The profile's stacks with each thread's name replaced by its part and the frames shortened to
     * class and method, the threads' generic run loops and lambdas left out: the picture of {@link Charts#flame}.
     */
    private static Map<String, Long> byPart(Path collapsed) throws IOException {
        Map<String, Long> stacks = new HashMap<>();
        try (Stream<String> lines = Files.lines(collapsed)) {
            lines.forEach(line -> {
                Matcher m = THREAD.matcher(line);
                int space = line.lastIndexOf(' ');
                if (!m.find() || space < 0) {
                    return;
                }
                StringBuilder stack = new StringBuilder(Part.of(m.group(1)).label);
                boolean generic = true;
                for (String frame : line.substring(m.end(), space).split(";")) {
                    if (frame.isEmpty() || frame.contains("Lambda") || frame.contains("lambda$")) {
                        continue; // a lambda's frame is its caller's call of it: folded, to keep the picture short
                    }
                    String shortName = frame.replaceAll("_\\[[a-z0-9]\\]$", "").replaceAll("^.*/", "");
                    if (generic && (frame.startsWith("java/lang/Thread") || frame.startsWith("java/util/concurrent/") || frame.equals("start_thread")
                            || frame.equals("thread_native_entry") || frame.equals("Thread::call_run") || frame.startsWith("clone"))) {
                        continue;
                    }
                    generic = false;
                    stack.append(';').append(shortName);
                }
                stacks.merge(stack.toString(), Long.parseLong(line.substring(space + 1)), Long::sum);
            });
        }
        return stacks;
    }

    /** Full thread names by id, from the profile's per-thread stacks ({@code [name tid=N];frame;...}). */
    private static Map<Long, String> namesFrom(Path collapsed) throws IOException {
        Map<Long, String> names = new HashMap<>();
        try (Stream<String> lines = Files.lines(collapsed)) {
            lines.forEach(line -> {
                Matcher m = THREAD.matcher(line);
                if (m.find()) {
                    names.putIfAbsent(Long.parseLong(m.group(2)), m.group(1));
                }
            });
        }
        return names;
    }

    /** utime + stime of each live thread of the server, in seconds. */
    private Map<Long, Double> threadCpu() {
        Map<Long, Double> cpu = new HashMap<>();
        List<Path> tasks = new ArrayList<>();
        try (Stream<Path> list = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            list.forEach(tasks::add);
        } catch (IOException e) {
            return cpu;
        }
        for (Path task : tasks) {
            try {
                String stat = Files.readString(task.resolve("stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                cpu.put(Long.parseLong(task.getFileName().toString()), (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND);
            } catch (IOException | RuntimeException gone) {
                // the thread ended between the listing and the read
            }
        }
        return cpu;
    }

    /** The kernel's name of a thread (its first 15 characters), for threads the profile did not sample. */
    private String comm(long tid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(tid), "comm")).strip();
        } catch (IOException e) {
            return "tid " + tid;
        }
    }
}
