package org.edfi.dms.benchmarks.bench;

import java.util.List;

/**
 * The sizes of a bench run. {@link #FULL} is the report's (the benchmark issue's sizes); {@link #SHORT}
 * checks a change in a few minutes with the same code paths.
 *
 * @param name            "short" or "full"
 * @param runs            repetitions of every workload; each figure is the median over them
 * @param warmUpSeconds   seconds of load on every server started before anything is measured
 * @param serialCount     students (and as many student school associations) created one at a time
 * @param mixSeconds      measured seconds per client count of the closed-loop mix
 * @param mixClients      client counts of the mix; more are added, doubling, while throughput still rises by a tenth
 * @param hotSeconds      measured seconds per connection count of the hot-reference test
 * @param generatedScale  scale units of the generated data set ({@code dms generate --scale}; 100,000 is about a million documents)
 * @param pagingDocuments documents of one resource for deep paging
 * @param pagingOffsets   offsets paged at, limit 500 (those beyond the documents are left out)
 * @param pagingSamples   pages read per offset and run
 */
record Scale(String name, int runs, double warmUpSeconds, int serialCount, double mixSeconds, List<Integer> mixClients, double hotSeconds,
        int generatedScale, int pagingDocuments, List<Integer> pagingOffsets, int pagingSamples) {

    static final Scale SHORT = new Scale("short", 2, 30, 300, 5, List.of(5, 10, 20, 40), 5, 300, 100_000,
            List.of(10_000, 100_000, 1_000_000), 10);

    static final Scale FULL = new Scale("full", 3, 60, 9_999, 20, List.of(5, 10, 20, 40), 20, 100_000, 1_000_000,
            List.of(10_000, 100_000, 1_000_000), 20);

    Scale withGeneratedScale(int generatedScale) {
        return new Scale(name, runs, warmUpSeconds, serialCount, mixSeconds, mixClients, hotSeconds, generatedScale, pagingDocuments, pagingOffsets,
                pagingSamples);
    }

    Scale withRuns(int runs) {
        return new Scale(name, runs, warmUpSeconds, serialCount, mixSeconds, mixClients, hotSeconds, generatedScale, pagingDocuments, pagingOffsets,
                pagingSamples);
    }
}
