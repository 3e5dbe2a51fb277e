package org.edfi.dms.benchmarks.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.edfi.dms.benchmarks.bench.Measurement.Percentiles;
import org.edfi.dms.benchmarks.bench.Measurement.Unit;
import org.junit.jupiter.api.Test;

/** How repeated runs become one report row: medians with their spread, and ratios to the ceiling of the same run. */
class SummaryTest {

    private static final Cpu CPU = new Cpu(1, 0.5, 0.1);

    @Test
    void aFigureIsTheMedianOverRunsWithItsSpread() {
        List<Summary> rows = Summary.of(List.of(rate(1, 100), rate(2, 300), rate(3, 200), ceiling(1, 1000), ceiling(2, 1000), ceiling(3, 1000)));
        Summary writes = rows.getFirst();
        assertEquals("writes", writes.figure());
        assertEquals(3, writes.runs());
        assertEquals(200, writes.median());
        assertEquals(100, writes.min());
        assertEquals(300, writes.max());
    }

    @Test
    void theRatioIsTakenRunByRunAgainstTheCeilingOfTheSameRun() {
        // Run 2 is slow for both: its ratio is still 0.5, and the median ratio is 0.5, not 200/1000.
        List<Summary> rows = Summary.of(List.of(rate(1, 500), rate(2, 100), rate(3, 500), ceiling(1, 1000), ceiling(2, 200), ceiling(3, 1000)));
        assertEquals(0.5, rows.getFirst().ratio(), 1e-9);
        assertEquals(Optional.of(rows.get(1)), rows.getFirst().ceilingIn(rows));
        assertTrue(Double.isNaN(rows.get(1).ratio()), "a ceiling has no ratio");
    }

    @Test
    void forATimeTheRatioIsCeilingOverSystem() {
        Measurement load = Measurement.of("bulk", 1, "load", Unit.SECONDS, 40, Optional.empty(), 0, CPU, "ceiling: copy");
        Measurement copy = Measurement.ceiling("bulk", 1, "ceiling: copy", Unit.SECONDS, 2, Optional.empty(), CPU);
        assertEquals(0.05, Summary.of(List.of(load, copy)).getFirst().ratio(), 1e-9);
    }

    @Test
    void latencyPercentilesAndErrorsAreMediansAndSumsOverRuns() {
        Measurement a = Measurement.of("w", 1, "writes", Unit.PER_SECOND, 1, Optional.of(new Percentiles(1, 5, 9)), 2, CPU, "c");
        Measurement b = Measurement.of("w", 2, "writes", Unit.PER_SECOND, 1, Optional.of(new Percentiles(3, 6, 30)), 1, CPU, "c");
        Measurement c = Measurement.of("w", 3, "writes", Unit.PER_SECOND, 1, Optional.of(new Percentiles(2, 7, 10)), 0, CPU, "c");
        Summary row = Summary.of(List.of(a, b, c)).getFirst();
        assertEquals(new Percentiles(2, 6, 10), row.latency().orElseThrow());
        assertEquals(3, row.errors());
    }

    @Test
    void percentilesComeFromTheSortedLatencies() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[i] = (100 - i) * 1_000_000L; // 100 ms down to 1 ms, unsorted
        }
        assertEquals(new Percentiles(51, 96, 100), Percentiles.ofNanos(nanos));
    }

    private static Measurement rate(int run, double value) {
        return Measurement.of("w", run, "writes", Unit.PER_SECOND, value, Optional.empty(), 0, CPU, "ceiling: bare");
    }

    private static Measurement ceiling(int run, double value) {
        return Measurement.ceiling("w", run, "ceiling: bare", Unit.PER_SECOND, value, Optional.empty(), CPU);
    }
}
