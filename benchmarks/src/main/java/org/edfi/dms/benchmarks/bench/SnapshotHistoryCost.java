package org.edfi.dms.benchmarks.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What keeping snapshot history costs writes (docs/paging.md#snapshots), as an A/B under the same
 * noise: two {@code dms run} servers side by side, one keeping the versions that updates and deletes
 * replace (the default retention), one with {@code sink.snapshot-retention-s=0}.
 * <ol>
 *   <li>Serial: each server in turn (the one that goes first alternating) creates a student, updates
 *       it (PUT), reads it by id and deletes it; each step's latency, acknowledged once the store has
 *       applied it (read-your-writes), so the sink's statements are inside it.
 *   <li>Closed loop: the report's mix (creates, enrollments, sections, updates, reads, queries) at
 *       one client count, each server for the same seconds, in rounds whose order alternates.
 * </ol>
 *
 * <pre>
 * java -cp "benchmarks/target/classes:benchmarks/target/lib/*" -Ddms.home=. org.edfi.dms.benchmarks.bench.SnapshotHistoryCost [WARM-UP] [MEASURED] [CLIENTS] [SECONDS] [ROUNDS] [keeping-first]
 * </pre>
 * The server without history starts first, unless {@code keeping-first}: the two runs tell a server's
 * place apart from what history costs.
 */
public final class SnapshotHistoryCost {

    private SnapshotHistoryCost() {}

    private static final String[] STEPS = {"create", "update (PUT)", "read by id", "delete"};

    public static void main(String[] args) throws Exception {
        int warmUp = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 600;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 20;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        Path home = Path.of(System.getProperty("dms.home", ".")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("dms-snapshot-history-cost");
        boolean keepingFirst = args.length > 5 && args[5].equals("keeping-first");
        Map<String, String> noHistory = Map.of("DMS_SINK_SNAPSHOT_RETENTION_S", "0");
        try (ServerProcess first = ServerProcess.start(home, work, ServerProcess.DEFAULT_JVM_OPTIONS, keepingFirst ? Map.of() : noHistory);
                ServerProcess second = ServerProcess.start(home, work, ServerProcess.DEFAULT_JVM_OPTIONS, keepingFirst ? noHistory : Map.of())) {
            ServerProcess none = keepingFirst ? second : first;
            ServerProcess keeping = keepingFirst ? first : second;
            List<ServerProcess> servers = List.of(none, keeping);
            List<String> names = List.of("no history (retention 0)", "history kept (retention 3600 s)");
            List<LoadClient> apis = List.of(new LoadClient(none::authorization), new LoadClient(keeping::authorization));
            for (int side = 0; side < 2; side++) {
                Seed.warmUp(servers.get(side), 10);
                Seed.courseOffering(apis.get(side), servers.get(side).dataUrl());
            }
            long[][][] latencies = new long[2][STEPS.length][measured];
            for (int i = 0; i < warmUp + measured; i++) {
                for (int turn = 0; turn < 2; turn++) {
                    int side = (i + turn) % 2;
                    long[] took = steps(apis.get(side), servers.get(side).dataUrl(), "H" + i);
                    if (i >= warmUp) {
                        for (int step = 0; step < STEPS.length; step++) {
                            latencies[side][step][i - warmUp] = took[step];
                        }
                    }
                }
            }
            System.out.printf(Locale.ROOT, "Serial: %d create/update/read/delete cycles on each server after %d of warm-up, interleaved%n",
                    measured, warmUp);
            System.out.println("| server | " + String.join(" | ", Arrays.stream(STEPS).map(s -> s + " p50 | p95").toList()) + " |");
            System.out.println("|---|" + "---:|".repeat(STEPS.length * 2));
            for (int side = 0; side < 2; side++) {
                StringBuilder row = new StringBuilder("| " + names.get(side) + " |");
                for (int step = 0; step < STEPS.length; step++) {
                    Measurement.Percentiles p = Measurement.Percentiles.ofNanos(latencies[side][step]);
                    row.append(String.format(Locale.ROOT, " %.2f ms | %.2f ms |", p.p50(), p.p95()));
                }
                System.out.println(row);
            }

            List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>());
            List<List<Double>> p99s = List.of(new ArrayList<>(), new ArrayList<>());
            List<List<Long>> errors = List.of(new ArrayList<>(), new ArrayList<>());
            for (int round = 0; round < rounds; round++) {
                for (int turn = 0; turn < 2; turn++) {
                    int side = (round + turn) % 2;
                    Load.Outcome outcome = MixWorkload.mix(apis.get(side), servers.get(side).dataUrl(), clients, seconds, "M" + round + "-" + side, false);
                    rates.get(side).add(outcome.perSecond());
                    p99s.get(side).add(outcome.percentiles().p99());
                    errors.get(side).add(outcome.errors());
                    System.out.printf(Locale.ROOT, "round %d, %s: %.1f requests/s, p99 %.1f ms, %d errors%n", round + 1, names.get(side),
                            outcome.perSecond(), outcome.percentiles().p99(), outcome.errors());
                }
            }
            System.out.printf(Locale.ROOT, "Closed loop: the mix, %d clients, %.0f s a server a round, %d rounds (order alternating)%n", clients,
                    seconds, rounds);
            System.out.println("| server | requests/s, median (min-max) | p99, median (min-max) | errors |");
            System.out.println("|---|---:|---:|---:|");
            for (int side = 0; side < 2; side++) {
                System.out.printf(Locale.ROOT, "| %s | %s | %s ms | %d |%n", names.get(side), spread(rates.get(side)), spread(p99s.get(side)),
                        errors.get(side).stream().mapToLong(Long::longValue).sum());
            }
        }
        System.exit(0); // Helidon's client leaves non-daemon threads behind
    }

    /** Create, update, read, delete of one new student; each step's nanoseconds. */
    private static long[] steps(LoadClient api, String dataUrl, String uniqueId) {
        long[] took = new long[STEPS.length];
        long start = System.nanoTime();
        String id = api.post(dataUrl + "students", Seed.student(uniqueId, "Lisa")).expectOk("a create").id().orElseThrow();
        long created = System.nanoTime();
        api.put(dataUrl + "students/" + id, Seed.student(id, uniqueId, "Lisa updated")).expectOk("an update");
        long updated = System.nanoTime();
        api.get(dataUrl + "students/" + id).expectOk("a read");
        long read = System.nanoTime();
        api.delete(dataUrl + "students/" + id).expectOk("a delete");
        long deleted = System.nanoTime();
        took[0] = created - start;
        took[1] = updated - created;
        took[2] = read - updated;
        took[3] = deleted - read;
        return took;
    }

    private static String spread(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2) : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        return String.format(Locale.ROOT, "%.1f (%.1f-%.1f)", median, sorted.getFirst(), sorted.getLast());
    }
}
