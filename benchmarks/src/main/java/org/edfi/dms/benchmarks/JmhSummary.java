package org.edfi.dms.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH JSON result file into the Markdown table of docs/benchmarks.md: per benchmark and
 * parameter, the median over every measured iteration of every fork, the interquartile range and
 * min-max as the spread, and the ratio to the run's {@code ceiling*} benchmark of the same parameters.
 *
 * <p>Usage: {@code java -cp ... org.edfi.dms.benchmarks.JmhSummary results.json}
 */
public final class JmhSummary {

    private JmhSummary() {}

    record Row(String benchmark, String params, String unit, double median, double p25, double p75, double min, double max, int samples) {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("Usage: JmhSummary JMH_RESULT.json");
            System.exit(2);
        }
        System.out.print(table(summarize(new ObjectMapper().readTree(Path.of(args[0]).toFile()))));
    }

    static List<Row> summarize(JsonNode results) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode result : results) {
            List<Double> samples = new ArrayList<>();
            for (JsonNode fork : result.path("primaryMetric").path("rawData")) {
                fork.forEach(v -> samples.add(v.asDouble()));
            }
            samples.sort(Double::compare);
            String name = result.path("benchmark").asText();
            rows.add(new Row(name.substring(name.lastIndexOf('.') + 1), params(result), result.path("primaryMetric").path("scoreUnit").asText(),
                    percentile(samples, 50), percentile(samples, 25), percentile(samples, 75),
                    samples.getFirst(), samples.getLast(), samples.size()));
        }
        return rows;
    }

    private static String params(JsonNode result) {
        List<String> parts = new ArrayList<>();
        result.path("params").properties().forEach(p -> parts.add(p.getKey() + "=" + p.getValue().asText()));
        return String.join(", ", parts);
    }

    static double percentile(List<Double> sorted, double p) {
        double rank = p / 100 * (sorted.size() - 1);
        int low = (int) Math.floor(rank);
        int high = (int) Math.ceil(rank);
        return sorted.get(low) + (sorted.get(high) - sorted.get(low)) * (rank - low);
    }

    static String table(List<Row> rows) {
        Map<String, Double> ceilings = new LinkedHashMap<>();
        rows.stream().filter(r -> r.benchmark().startsWith("ceiling")).forEach(r -> ceilings.put(r.params(), r.median()));
        StringBuilder out = new StringBuilder("| benchmark | parameters | median | IQR | min-max | n | x ceiling |\n|---|---|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            Double ceiling = ceilings.get(r.params());
            out.append(String.format(Locale.ROOT, "| %s | %s | %.2f %s | %.2f-%.2f | %.2f-%.2f | %d | %s |%n",
                    r.benchmark(), r.params(), r.median(), r.unit(), r.p25(), r.p75(), r.min(), r.max(), r.samples(),
                    ceiling == null ? "" : String.format(Locale.ROOT, "%.1f", r.median() / ceiling)));
        }
        return out.toString();
    }
}
