package org.edfi.dms.benchmarks.bench;

import java.util.Arrays;
import java.util.Optional;

/**
 * One figure of one run of a workload: a rate, a time or a latency, the CPU each process spent
 * while it was measured, and the name of the ceiling (a figure of the same workload and run) it is
 * compared against.
 */
record Measurement(String workload, int run, String figure, Unit unit, double value, Optional<Percentiles> latency, long errors, Cpu cpu,
        Kind kind, Optional<String> ceiling) {

    enum Unit {
        PER_SECOND("/s", true), SECONDS("s", false), MILLISECONDS("ms", false), MEGABYTES("MB", false);

        final String symbol;
        /** Whether a larger value is better: ratios to a ceiling are always "fraction of the ceiling reached". */
        final boolean higherIsBetter;

        Unit(String symbol, boolean higherIsBetter) {
            this.symbol = symbol;
            this.higherIsBetter = higherIsBetter;
        }
    }

    /** A figure of the system, or a ceiling: the same work done by the bare part that bounds it. */
    enum Kind { SYSTEM, CEILING }

    /** Latency percentiles in milliseconds. */
    record Percentiles(double p50, double p95, double p99) {

        static Percentiles ofNanos(long[] latencies) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            if (sorted.length == 0) {
                return new Percentiles(Double.NaN, Double.NaN, Double.NaN);
            }
            return new Percentiles(at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99));
        }

        private static double at(long[] sorted, double quantile) {
            return sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))] / 1e6;
        }
    }

    /** A system figure compared against {@code ceiling}. */
    static Measurement of(String workload, int run, String figure, Unit unit, double value, Optional<Percentiles> latency, long errors, Cpu cpu,
            String ceiling) {
        return new Measurement(workload, run, figure, unit, value, latency, errors, cpu, Kind.SYSTEM, Optional.of(ceiling));
    }

    /** A system figure with no ceiling to compare against (a resource the system holds, such as its memory). */
    static Measurement unbounded(String workload, int run, String figure, Unit unit, double value) {
        return new Measurement(workload, run, figure, unit, value, Optional.empty(), 0, Cpu.UNMEASURED, Kind.SYSTEM, Optional.empty());
    }

    /** A ceiling figure. */
    static Measurement ceiling(String workload, int run, String figure, Unit unit, double value, Optional<Percentiles> latency, Cpu cpu) {
        return new Measurement(workload, run, figure, unit, value, latency, 0, cpu, Kind.CEILING, Optional.empty());
    }

    /** The fraction of {@code ceiling} this figure reaches (1 = as fast as the bare part). */
    double ratioTo(Measurement ceiling) {
        return unit.higherIsBetter ? value / ceiling.value : ceiling.value / value;
    }
}
