package org.edfi.dms.benchmarks.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * CPU time of the processes of a run from Linux's /proc: the server JVM, the PostgreSQL
 * postmaster with its backends (pg_ctl detaches them from the JVM, so they are found by their data
 * directory), and this JVM.
 */
final class CpuMeter {

    private static final double TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux this runs on

    /** The result of a measured phase, with its wall time and CPU. */
    record Timed<T>(T result, double seconds, Cpu cpu) {}

    private record Snapshot(long nanos, double server, double postgres, double generator) {}

    private final long serverPid;
    private final Path postgresDataDir;
    private final ServerProfiler profiler;

    CpuMeter(long serverPid, Path postgresDataDir) {
        this(serverPid, postgresDataDir, null);
    }

    CpuMeter(long serverPid, Path postgresDataDir, ServerProfiler profiler) {
        this.serverPid = serverPid;
        this.postgresDataDir = postgresDataDir;
        this.profiler = profiler;
    }

    /**
     * {@link #measure} that, on a profiled server ({@code --profile}), also records the phase's flame
     * graphs and its CPU by part per unit of work ({@code units} of the result, each a {@code unit}),
     * named {@code phase}. Unprofiled, or with no phase (a later run's), the same as {@link #measure}.
     */
    <T> Timed<T> profiled(String phase, String unit, java.util.function.ToLongFunction<T> units, Callable<T> work) throws Exception {
        if (profiler == null || phase == null) {
            return measure(work);
        }
        ServerProfiler.Phase recording = profiler.start(phase);
        Timed<T> timed = measure(work);
        ServerProfiler.Costs costs = recording.stop(timed.seconds(), timed.cpu(), units.applyAsLong(timed.result()), unit);
        System.out.println(costs.markdown());
        return timed;
    }

    /** Runs {@code phase} and answers its result, wall time and the cores each process used meanwhile. */
    <T> Timed<T> measure(Callable<T> phase) throws Exception {
        Snapshot start = snapshot();
        T result = phase.call();
        Snapshot end = snapshot();
        double seconds = (end.nanos - start.nanos) / 1e9;
        return new Timed<>(result, seconds, new Cpu((end.server - start.server) / seconds, (end.postgres - start.postgres) / seconds,
                (end.generator - start.generator) / seconds));
    }

    private Snapshot snapshot() {
        double postgres = 0;
        for (ProcessHandle postmaster : postmasters()) {
            // Backends that ended meanwhile are in the postmaster's children times; live ones are read directly.
            postgres += cpuSeconds(postmaster.pid(), true);
            postgres += postmaster.descendants().mapToDouble(p -> cpuSeconds(p.pid(), false)).sum();
        }
        return new Snapshot(System.nanoTime(), cpuSeconds(serverPid, false), postgres, cpuSeconds(ProcessHandle.current().pid(), false));
    }

    private List<ProcessHandle> postmasters() {
        String dir = postgresDataDir.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("postgres") && c.contains(dir)).orElse(false))
                .toList();
    }

    /** utime + stime (and the reaped children's, when asked) of a process, in seconds; 0 when it is gone. */
    static double cpuSeconds(long pid, boolean withReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which is in parentheses and may hold spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (withReapedChildren) {
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            }
            return ticks / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }
}
