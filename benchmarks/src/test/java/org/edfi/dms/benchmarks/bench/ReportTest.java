package org.edfi.dms.benchmarks.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.edfi.dms.benchmarks.bench.Measurement.Percentiles;
import org.edfi.dms.benchmarks.bench.Measurement.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report file: each workload's section between its markers, replaced by a new run and left alone by runs of other workloads. */
class ReportTest {

    @TempDir
    Path dir;

    /** A workload that only describes itself: the report needs nothing more. */
    private record Named(String id) implements Workload {
        @Override
        public String title() {
            return "Workload " + id;
        }

        @Override
        public String description(Scale scale) {
            return "What " + id + " measures.";
        }

        @Override
        public List<Measurement> run(Context context) {
            return List.of();
        }
    }

    @Test
    void sectionsGoInReportOrderBeforeTheEndMarkerAndARunReplacesOnlyItsOwn() throws Exception {
        Path file = dir.resolve("benchmarks.md");
        Files.writeString(file, "# Benchmarks\n\nintro\n\n<!-- bench:end -->\n\n## Component benchmarks\nkept\n");
        Report report = new Report(file, List.of("a", "b", "c"));
        report.write(new Named("c"), Scale.SHORT, rows(3), "Machine: test.");
        report.write(new Named("a"), Scale.SHORT, rows(100), "Machine: test.");
        report.write(new Named("b"), Scale.SHORT, rows(7), "Machine: test.");
        report.write(new Named("a"), Scale.SHORT, rows(250), "Machine: test.");

        String text = Files.readString(file);
        assertTrue(text.startsWith("# Benchmarks\n\nintro\n\n<!-- bench:a:begin -->"), text);
        assertTrue(text.indexOf("<!-- bench:a:end -->") < text.indexOf("<!-- bench:b:begin -->"), "a stays before b");
        assertTrue(text.indexOf("<!-- bench:b:end -->") < text.indexOf("<!-- bench:c:begin -->"), "b goes before c, written earlier");
        assertTrue(text.indexOf("<!-- bench:c:end -->") < text.indexOf("<!-- bench:end -->"));
        assertTrue(text.contains("### 2. Workload b") && text.contains("### 3. Workload c"), "sections are numbered in report order");
        assertTrue(text.endsWith("## Component benchmarks\nkept\n"), "what follows the bench part is left alone");
        assertTrue(text.contains("| **writes** | **250/s** |"), "the newer run replaced a's figures");
        assertEquals(-1, text.indexOf("**100/s**"), "the older figures are gone");
        assertTrue(text.contains("| **writes** | **7/s** |"), "b is untouched");
        assertTrue(text.contains("- static: writes"), "each ceiling lists its figures");
        assertTrue(Files.isRegularFile(dir.resolve("benchmarks/a-per-second.png")));
        assertTrue(Files.isRegularFile(dir.resolve("benchmarks/a-latency.png")));
    }

    @Test
    void aFigureWithoutACeilingShowsItsValueWithNoRatioAndNoErrorCount() throws Exception {
        Path file = dir.resolve("benchmarks.md");
        List<Summary> rows = Summary.of(List.of(
                Measurement.of("mix", 1, "5 clients", Unit.PER_SECOND, 500, Optional.of(new Percentiles(1, 2, 3)), 0, new Cpu(1, 0.2, 0.1),
                        "ceiling: static HTTP, 5 clients"),
                Measurement.ceiling("mix", 1, "ceiling: static HTTP, 5 clients", Unit.PER_SECOND, 20_000, Optional.empty(), new Cpu(0.1, 0, 1.8)),
                Measurement.unbounded("mix", 1, "server memory", Unit.MEGABYTES, 871)));
        Workload mix = new MixWorkload();
        new Report(file, List.of("mix")).write(mix, Scale.SHORT, rows, "Machine: test.");

        String text = Files.readString(file);
        assertTrue(text.contains("| **server memory** | **871 MB** | 871-871 | 1 |  |  |  |  |  | "), text);
        assertTrue(Files.isRegularFile(dir.resolve("benchmarks/mix-megabytes.png")));
        assertTrue(Files.isRegularFile(dir.resolve("benchmarks/mix-clients.png")), "the mix's curves leave the memory out");
    }

    private static List<Summary> rows(double rate) {
        Cpu cpu = new Cpu(1, 0.2, 0.1);
        return Summary.of(List.of(
                Measurement.of("w", 1, "writes", Unit.PER_SECOND, rate, Optional.of(new Percentiles(1, 2, 3)), 0, cpu, "ceiling: static"),
                Measurement.ceiling("w", 1, "ceiling: static", Unit.PER_SECOND, 1000, Optional.empty(), cpu)));
    }
}
