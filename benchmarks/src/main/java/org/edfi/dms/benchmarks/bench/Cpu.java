package org.edfi.dms.benchmarks.bench;

/**
 * Cores each process used on average while a figure was measured (CPU seconds over wall seconds):
 * the {@code dms run} JVM, its PostgreSQL processes, and the benchmark's own JVM (the load
 * generator, the loaders and the in-process ceilings).
 */
record Cpu(double server, double postgres, double generator) {

    static final Cpu UNMEASURED = new Cpu(Double.NaN, Double.NaN, Double.NaN);
}
