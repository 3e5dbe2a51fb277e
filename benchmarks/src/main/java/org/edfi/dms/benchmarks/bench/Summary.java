package org.edfi.dms.benchmarks.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.edfi.dms.benchmarks.bench.Measurement.Kind;
import org.edfi.dms.benchmarks.bench.Measurement.Percentiles;
import org.edfi.dms.benchmarks.bench.Measurement.Unit;

/**
 * One figure over the repeated runs of a workload: the median with its spread (min-max), the
 * median latency percentiles and CPU, the errors of all runs, and the median over runs of its
 * ratio to the ceiling measured in the same run.
 */
record Summary(String figure, Unit unit, Kind kind, int runs, double median, double min, double max, Optional<Percentiles> latency, long errors,
        Cpu cpu, Optional<String> ceiling, double ratio) {

    /** The summaries of a workload's measurements, in the order the figures first appear. */
    static List<Summary> of(List<Measurement> measurements) {
        Map<String, List<Measurement>> byFigure = new LinkedHashMap<>();
        measurements.forEach(m -> byFigure.computeIfAbsent(m.figure(), f -> new ArrayList<>()).add(m));
        List<Summary> summaries = new ArrayList<>();
        byFigure.forEach((figure, runs) -> {
            Measurement first = runs.getFirst();
            double[] values = runs.stream().mapToDouble(Measurement::value).sorted().toArray();
            List<Percentiles> latencies = runs.stream().flatMap(m -> m.latency().stream()).toList();
            Optional<Percentiles> latency = latencies.isEmpty() ? Optional.empty() : Optional.of(new Percentiles(
                    median(latencies, Percentiles::p50), median(latencies, Percentiles::p95), median(latencies, Percentiles::p99)));
            List<Double> ratios = new ArrayList<>();
            for (Measurement m : runs) {
                m.ceiling().flatMap(c -> measurements.stream().filter(x -> x.run() == m.run() && x.figure().equals(c)).findFirst())
                        .ifPresent(c -> ratios.add(m.ratioTo(c)));
            }
            summaries.add(new Summary(figure, first.unit(), first.kind(), runs.size(), median(values), values[0], values[values.length - 1], latency,
                    runs.stream().mapToLong(Measurement::errors).sum(),
                    new Cpu(median(runs, m -> m.cpu().server()), median(runs, m -> m.cpu().postgres()), median(runs, m -> m.cpu().generator())),
                    first.ceiling(), ratios.isEmpty() ? Double.NaN : median(ratios, Double::doubleValue)));
        });
        return summaries;
    }

    /** The ceiling's summary among {@code all}, when this figure has one. */
    Optional<Summary> ceilingIn(List<Summary> all) {
        return ceiling.flatMap(c -> all.stream().filter(s -> s.figure.equals(c)).findFirst());
    }

    private static <T> double median(List<T> items, ToDoubleFunction<T> value) {
        return median(items.stream().mapToDouble(value).sorted().toArray());
    }

    private static double median(double[] sorted) {
        double[] values = Arrays.stream(sorted).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
