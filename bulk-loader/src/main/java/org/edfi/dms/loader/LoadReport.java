package org.edfi.dms.loader;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counts per resource as a load goes, and the summary at its end. Safe for many loading threads. */
public final class LoadReport {

    /** The counts of one resource. */
    public record Counts(long read, long created, long updated, long rejected, long skipped) {}

    private static final class Tally {
        final LongAdder read = new LongAdder();
        final LongAdder created = new LongAdder();
        final LongAdder updated = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final LongAdder skipped = new LongAdder();
    }

    private final Map<String, Tally> byResource = new ConcurrentHashMap<>();
    private final AtomicLong expected = new AtomicLong();
    private final long started = System.nanoTime();

    private Tally tally(String resource) {
        return byResource.computeIfAbsent(resource, r -> new Tally());
    }

    void expect(long records) {
        expected.addAndGet(records);
    }

    void read(String resource) {
        tally(resource).read.increment();
    }

    void outcome(String resource, Outcome outcome) {
        (outcome.status() == 201 ? tally(resource).created : tally(resource).updated).increment();
    }

    void rejected(String resource) {
        tally(resource).rejected.increment();
    }

    /** An element that is not a resource record (e.g. a bare reference at the top of an interchange). */
    void skipped(String element) {
        tally(element).skipped.increment();
    }

    public Map<String, Counts> counts() {
        Map<String, Counts> counts = new TreeMap<>();
        byResource.forEach((resource, t) -> counts.put(resource,
                new Counts(t.read.sum(), t.created.sum(), t.updated.sum(), t.rejected.sum(), t.skipped.sum())));
        return counts;
    }

    public long expected() {
        return expected.get();
    }

    /** Records finished so far: loaded, rejected or skipped. */
    public long done() {
        return byResource.values().stream().mapToLong(t -> t.created.sum() + t.updated.sum() + t.rejected.sum() + t.skipped.sum()).sum();
    }

    public long rejectedTotal() {
        return byResource.values().stream().mapToLong(t -> t.rejected.sum()).sum();
    }

    public double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    /** The table printed at the end of a load. */
    public String summary() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-48s %8s %8s %8s %8s %8s%n", "resource", "read", "created", "updated", "rejected", "skipped"));
        long[] total = new long[5];
        counts().forEach((resource, c) -> {
            text.append(String.format(Locale.ROOT, "%-48s %8d %8d %8d %8d %8d%n", resource, c.read(), c.created(), c.updated(), c.rejected(), c.skipped()));
            total[0] += c.read();
            total[1] += c.created();
            total[2] += c.updated();
            total[3] += c.rejected();
            total[4] += c.skipped();
        });
        text.append(String.format(Locale.ROOT, "%-48s %8d %8d %8d %8d %8d%n", "total", total[0], total[1], total[2], total[3], total[4]));
        text.append(String.format(Locale.ROOT, "%d documents in %.1f s (%.0f/s)%n", total[1] + total[2], seconds(), (total[1] + total[2]) / Math.max(seconds(), 1e-9)));
        return text.toString();
    }
}
