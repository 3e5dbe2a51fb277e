package org.edfi.dms.benchmarks.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    @TempDir
    Path dir;

    static final List<Charts.Bar> BARS = List.of(
            new Charts.Bar("serial create+read", 1234.5, 1100, 1320, 2100),
            new Charts.Bar("http write, 4 clients", 845.2, 800.1, 902.7, Double.NaN),
            new Charts.Bar("zero", 0, 0, 0, Double.NaN),
            new Charts.Bar("topology throughput (8 partitions)", 2450, 2300, 2600, 2500));
    static final List<Charts.Percentiles> LATENCIES = List.of(
            new Charts.Percentiles("create student", 1.8, 4.2, 12.5),
            new Charts.Percentiles("read by id", 0.45, 0.9, 2.1),
            new Charts.Percentiles("cdc visibility lag", 35, 120, 480));
    static final List<Charts.Series> CURVES = List.of(
            new Charts.Series("writes/s", List.of(new double[] {1, 820}, new double[] {2, 1550}, new double[] {4, 2700}, new double[] {8, 3900})),
            new Charts.Series("reads/s", List.of(new double[] {1, 1900}, new double[] {2, 3500}, new double[] {4, 5200}, new double[] {8, 6100})));

    @Test
    void rendersEveryKindIncludingEdgeCases() throws IOException {
        Charts.bars(dir.resolve("bars.png"), "Throughput", "documents/s", BARS);
        Charts.bars(dir.resolve("sub/bars-empty.png"), "Nothing", "documents/s", List.of());
        Charts.bars(dir.resolve("bars-huge.png"), "Huge", "ops/s", List.of(new Charts.Bar("big", 3.2e12, 1e12, 5e12, Double.NaN)));
        Charts.latencies(dir.resolve("latencies.png"), "Latency", LATENCIES);
        Charts.latencies(dir.resolve("latencies-linear.png"), "Latency", List.of(new Charts.Percentiles("flat", 2, 3, 4), new Charts.Percentiles("zero", 0, 0, 0)));
        Charts.latencies(dir.resolve("latencies-empty.png"), "Latency", List.of());
        Charts.curves(dir.resolve("curves.png"), "Scaling", "clients", "requests/s", CURVES);
        Charts.curves(dir.resolve("curves-empty.png"), "Scaling", "clients", "requests/s", List.of());
        for (String name : List.of("bars.png", "sub/bars-empty.png", "bars-huge.png", "latencies.png", "latencies-linear.png",
                "latencies-empty.png", "curves.png", "curves-empty.png")) {
            BufferedImage img = ImageIO.read(dir.resolve(name).toFile());
            assertNotNull(img, name);
            assertEquals(900, img.getWidth(), name);
        }
    }

    @Test
    void rendersAWaterfallAndAFlameGraphIncludingEdgeCases() throws IOException {
        Charts.waterfall(dir.resolve("waterfall.png"), "A create", "ms", List.of(new Charts.Step("edge", 0, 2.7), new Charts.Step("processor", 2.7, 3.4),
                new Charts.Step("backwards", 3.4, 3.3), new Charts.Step("commit", 3.4, 10.1)));
        Charts.waterfall(dir.resolve("waterfall-empty.png"), "Nothing", "ms", List.of());
        Charts.flame(dir.resolve("flame.png"), "CPU", java.util.Map.of("broker;KafkaApis.handle;handleProduceRequest", 50L,
                "broker;KafkaApis.handle;handleFetchRequest", 20L, "processor;StreamThread.run;CommandProcessor.process", 30L, "tiny;x", 0L), 30);
        Charts.flame(dir.resolve("flame-empty.png"), "CPU", java.util.Map.of(), 30);
        for (String name : List.of("waterfall.png", "waterfall-empty.png", "flame.png", "flame-empty.png")) {
            assertNotNull(ImageIO.read(dir.resolve(name).toFile()), name);
        }
    }

    /** Writes one sample of each kind to a directory given by -Dcharts.sample.dir, for a look by eye. */
    @Test
    void writesSamplesWhenAsked() throws IOException {
        String out = System.getProperty("charts.sample.dir");
        if (out == null) return;
        Charts.bars(Path.of(out, "bars.png"), "Write throughput (median of 5 runs)", "documents/s", BARS);
        Charts.latencies(Path.of(out, "latencies.png"), "Request latency", LATENCIES);
        Charts.curves(Path.of(out, "curves.png"), "Throughput by client count", "clients", "requests/s", CURVES);
    }
}
