package org.edfi.dms.benchmarks.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * Minimal PNG charts for the benchmark reports, drawn with Java2D so the module needs no charting library.
 * Everything is static; every method copes with empty input and non-finite values rather than throwing,
 * because a report should still come out when a run produced nothing.
 */
final class Charts {

    static {
        // Rendering must work on CI machines and containers without a display.
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /** One bar: a median with its spread over repeated runs, and the ceiling measured in the same runs (NaN when none). */
    record Bar(String label, double median, double min, double max, double ceiling) {}

    /** Latency percentiles of one figure, in milliseconds. */
    record Percentiles(String label, double p50, double p95, double p99) {}

    /** A named series of (x, y) points, for curves. */
    record Series(String name, List<double[]> points) {}

    private static final int W = 900, ROW = 34, GROUP = 56, MIN_H = 260, CURVES_H = 520, TOP = 60, BOTTOM = 54;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font SMALL = FONT.deriveFont(11f);
    private static final Font TITLE = FONT.deriveFont(Font.BOLD, 16f);
    private static final Color TEXT = new Color(0x222222), AXIS = new Color(0x666666), GRID = new Color(0xE4E4E4);
    private static final Color BLUE = new Color(0x4C78A8), CEILING = new Color(0xDDDDDD), CEILING_TICK = new Color(0x444444);
    private static final Color[] SHADES = {new Color(0xA6C8E8), new Color(0x4C78A8), new Color(0x1F3B63)};
    private static final Color[] PALETTE = {new Color(0x4C78A8), new Color(0xF58518), new Color(0x54A24B), new Color(0xE45756),
        new Color(0x72B7B2), new Color(0xB279A2), new Color(0xEECA3B), new Color(0x9D755D)};

    /** Horizontal bars with a min-max whisker, the ceiling as a tick over a faint bar, value labels at the bar end. */
    static void bars(Path png, String title, String unit, List<Bar> bars) throws IOException {
        if (bars == null || bars.isEmpty()) { empty(png, title); return; }
        Axis sx = Axis.linear(maxOf(bars.stream().flatMapToDouble(b -> DoubleStream.of(b.median(), b.min(), b.max(), b.ceiling()))));
        BufferedImage img = new BufferedImage(W, Math.max(MIN_H, TOP + bars.size() * ROW + BOTTOM), BufferedImage.TYPE_INT_RGB);
        int bottom = img.getHeight() - BOTTOM; // rows stretch to fill the minimum height rather than leave a gap
        Graphics2D g = start(img, title);
        int left = labelMargin(g, bars.stream().map(Bar::label).toList());
        int right = W - valueMargin(g, FONT, bars.stream().map(b -> fmt(b.median())).toList());
        boolean ceilings = bars.stream().anyMatch(b -> Double.isFinite(b.ceiling()));
        if (ceilings || bars.stream().anyMatch(b -> Double.isFinite(b.min()) && Double.isFinite(b.max()))) { // single values need no key
            legendBars(g, left, ceilings);
        }
        xAxis(g, sx, left, right, TOP, bottom, unit);
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            int cy = TOP + (2 * i + 1) * (bottom - TOP) / (2 * bars.size());
            if (Double.isFinite(b.ceiling())) { // the faint bar first so the measured bar paints over it
                g.setColor(CEILING);
                g.fillRect(left, cy - 12, px(sx, b.ceiling(), left, right) - left, 24);
            }
            g.setColor(BLUE);
            if (Double.isFinite(b.median())) g.fillRect(left, cy - 8, px(sx, b.median(), left, right) - left, 16);
            if (Double.isFinite(b.min()) && Double.isFinite(b.max())) whisker(g, px(sx, b.min(), left, right), px(sx, b.max(), left, right), cy);
            if (Double.isFinite(b.ceiling())) ceilingTick(g, px(sx, b.ceiling(), left, right), cy);
            label(g, FONT, b.label(), left - 10, cy, true);
            // Past the whisker's end so the label never sits on top of it.
            double end = DoubleStream.of(b.median(), b.max()).filter(Double::isFinite).max().orElse(0);
            label(g, FONT, fmt(b.median()), px(sx, end, left, right) + 6, cy, false);
        }
        write(img, g, png);
    }

    /** One step of a waterfall: what happened, from when to when (milliseconds since the start). */
    record Step(String label, double from, double to) {}

    /**
     * A waterfall (Gantt) of steps in time order: each step a bar from its start to its end on a
     * common time axis, its duration printed after it, so that where the time goes reads at a glance.
     */
    static void waterfall(Path png, String title, String unit, List<Step> steps) throws IOException {
        if (steps == null || steps.isEmpty()) { empty(png, title); return; }
        Axis sx = Axis.linear(maxOf(steps.stream().flatMapToDouble(s -> DoubleStream.of(s.from(), s.to()))));
        BufferedImage img = new BufferedImage(W, Math.max(MIN_H, TOP + steps.size() * ROW + BOTTOM), BufferedImage.TYPE_INT_RGB);
        int bottom = img.getHeight() - BOTTOM;
        Graphics2D g = start(img, title);
        int left = labelMargin(g, steps.stream().map(Step::label).toList());
        int right = W - valueMargin(g, FONT, steps.stream().map(s -> fmt(s.to() - s.from()) + " " + unit).toList());
        xAxis(g, sx, left, right, TOP, bottom, unit + " since the client sent the request");
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            int cy = TOP + (2 * i + 1) * (bottom - TOP) / (2 * steps.size());
            int x0 = px(sx, Math.min(s.from(), s.to()), left, right), x1 = px(sx, Math.max(s.from(), s.to()), left, right);
            g.setColor(PALETTE[i % PALETTE.length]);
            g.fillRect(x0, cy - 8, Math.max(2, x1 - x0), 16);
            label(g, FONT, s.label(), left - 10, cy, true);
            label(g, FONT, fmt(s.to() - s.from()) + " " + unit, Math.max(x0 + 2, x1) + 6, cy, false);
        }
        write(img, g, png);
    }

    /**
     * An icicle flame graph: {@code stacks} maps a stack (frames from the root, separated by ';')
     * to its samples; each frame is a box as wide as its samples, its callees below it. Frames
     * narrower than a few pixels are left out and names are cut to fit: the HTML flame graph is the
     * one to explore, this one is to read at a glance.
     */
    static void flame(Path png, String title, java.util.Map<String, Long> stacks, int maxDepth) throws IOException {
        long total = stacks.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) { empty(png, title); return; }
        final class Node {
            final String name;
            long samples;
            final java.util.Map<String, Node> children = new java.util.LinkedHashMap<>();
            Node(String name) { this.name = name; }
        }
        Node root = new Node("all");
        stacks.forEach((stack, n) -> {
            Node node = root;
            root.samples += n;
            String[] frames = stack.split(";");
            for (int d = 0; d < Math.min(frames.length, maxDepth); d++) {
                node = node.children.computeIfAbsent(frames[d], Node::new);
                node.samples += n;
            }
        });
        int rowH = 17, w = 1400, top = 40;
        BufferedImage img = new BufferedImage(w, top + (maxDepth + 1) * rowH + 10, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(img, title);
        g.setFont(SMALL);
        FontMetrics fm = g.getFontMetrics();
        double scale = (w - 20.0) / total;
        java.util.ArrayDeque<Object[]> todo = new java.util.ArrayDeque<>();
        todo.add(new Object[] {root, 10.0, 0});
        while (!todo.isEmpty()) {
            Object[] item = todo.poll();
            Node node = (Node) item[0];
            double x = (Double) item[1];
            int depth = (Integer) item[2];
            double width = node.samples * scale;
            if (width < 3) continue;
            int y = top + depth * rowH;
            int hue = Math.abs(node.name.hashCode());
            g.setColor(depth == 0 ? new Color(0xCCCCCC) : new Color(220 + hue % 36, 90 + (hue / 36) % 120, 40 + (hue / 4320) % 50));
            g.fillRect((int) x, y, (int) Math.max(1, width - 1), rowH - 1);
            String label = node.name + " " + fmt(100.0 * node.samples / total) + "%";
            if (fm.stringWidth(label) > width - 4) {
                label = node.name;
            }
            while (!label.isEmpty() && fm.stringWidth(label) > width - 4) {
                label = label.substring(0, label.length() - 1);
            }
            g.setColor(TEXT);
            if (label.length() > 2) g.drawString(label, (int) x + 2, y + rowH - 4);
            double cx = x;
            for (Node child : node.children.values().stream().sorted(Comparator.comparingLong((Node c) -> c.samples).reversed()).toList()) {
                todo.add(new Object[] {child, cx, depth + 1});
                cx += child.samples * scale;
            }
        }
        write(img, g, png);
    }

    /** Grouped bars p50/p95/p99 per row; a log axis when the values span more than a factor of 50. */
    static void latencies(Path png, String title, List<Percentiles> rows) throws IOException {
        if (rows == null || rows.isEmpty()) { empty(png, title); return; }
        double[] all = rows.stream().flatMapToDouble(r -> DoubleStream.of(r.p50(), r.p95(), r.p99())).filter(v -> Double.isFinite(v) && v > 0).toArray();
        double max = DoubleStream.of(all).max().orElse(0), minPos = DoubleStream.of(all).min().orElse(0);
        Axis sx = all.length > 0 && max / minPos > 50 ? Axis.log(minPos, max) : Axis.linear(max);
        BufferedImage img = new BufferedImage(W, Math.max(MIN_H, TOP + rows.size() * GROUP + BOTTOM), BufferedImage.TYPE_INT_RGB);
        int bottom = img.getHeight() - BOTTOM;
        Graphics2D g = start(img, title);
        int left = labelMargin(g, rows.stream().map(Percentiles::label).toList());
        int right = W - valueMargin(g, SMALL, rows.stream().flatMapToDouble(r -> DoubleStream.of(r.p50(), r.p95(), r.p99())).mapToObj(Charts::fmt).toList());
        legend(g, left, List.of("p50", "p95", "p99"), List.of(SHADES), false);
        xAxis(g, sx, left, right, TOP, bottom, sx.log() ? "ms (log scale)" : "ms");
        for (int i = 0; i < rows.size(); i++) {
            Percentiles r = rows.get(i);
            int top = TOP + (2 * i + 1) * (bottom - TOP) / (2 * rows.size()) - 20; // the group is 40 px tall
            double[] v = {r.p50(), r.p95(), r.p99()};
            for (int k = 0; k < 3; k++) {
                int cy = top + k * 14 + 6;
                if (Double.isFinite(v[k])) {
                    g.setColor(SHADES[k]);
                    g.fillRect(left, cy - 6, px(sx, v[k], left, right) - left, 12);
                }
                label(g, SMALL, fmt(v[k]), px(sx, Double.isFinite(v[k]) ? v[k] : 0, left, right) + 5, cy, false);
            }
            label(g, FONT, r.label(), left - 10, top + 20, true);
        }
        write(img, g, png);
    }

    /** Lines with markers, one colour per series; x ticks at the first series' x values. */
    static void curves(Path png, String title, String xTitle, String yTitle, List<Series> series) throws IOException {
        List<List<double[]>> pts = new ArrayList<>();
        List<Series> ss = series == null ? List.of() : series.stream().filter(Objects::nonNull).toList();
        for (Series s : ss) {
            List<double[]> p = new ArrayList<>(s.points() == null ? List.of() : s.points());
            p.removeIf(q -> q == null || q.length < 2 || !Double.isFinite(q[0]) || !Double.isFinite(q[1]));
            p.sort(Comparator.comparingDouble(q -> q[0])); // lines join points left to right whatever the input order
            pts.add(p);
        }
        if (pts.stream().allMatch(List::isEmpty)) { empty(png, title); return; }
        Axis sx = Axis.linear(maxOf(pts.stream().flatMap(List::stream).mapToDouble(q -> q[0])));
        Axis sy = Axis.linear(maxOf(pts.stream().flatMap(List::stream).mapToDouble(q -> q[1])));
        BufferedImage img = new BufferedImage(W, CURVES_H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(img, title);
        FontMetrics fm = g.getFontMetrics(FONT);
        int left = 30 + DoubleStream.of(sy.ticks()).mapToInt(t -> fm.stringWidth(fmt(t))).max().orElse(0) + 10, right = W - 30;
        int bottom = CURVES_H - BOTTOM;
        List<Color> colours = new ArrayList<>();
        for (int i = 0; i < pts.size(); i++) colours.add(PALETTE[i % PALETTE.length]);
        int top = legend(g, left, ss.stream().map(Series::name).toList(), colours, true) + 12;
        g.setStroke(new BasicStroke(1f));
        for (double t : sy.ticks()) { // horizontal grid and y labels
            int y = bottom - (int) Math.round(sy.frac(t) * (bottom - top));
            g.setColor(GRID);
            g.drawLine(left, y, right, y);
            label(g, FONT, fmt(t), left - 8, y, true);
        }
        double[] xTicks = pts.getFirst().stream().mapToDouble(q -> q[0]).distinct().toArray();
        xAxis(g, xTicks.length > 0 ? new Axis(sx.lo(), sx.hi(), false, xTicks) : sx, left, right, top, bottom, xTitle);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(text(yTitle), -(top + bottom + fm.stringWidth(text(yTitle))) / 2, 20);
        g.setTransform(saved);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int i = 0; i < pts.size(); i++) {
            g.setColor(colours.get(i));
            Path2D line = new Path2D.Double();
            for (double[] q : pts.get(i)) {
                double x = left + sx.frac(q[0]) * (right - left), y = bottom - sy.frac(q[1]) * (bottom - top);
                if (line.getCurrentPoint() == null) line.moveTo(x, y); else line.lineTo(x, y);
                g.fill(new Ellipse2D.Double(x - 3.5, y - 3.5, 7, 7));
            }
            g.draw(line);
        }
        write(img, g, png);
    }

    /** An axis range with its tick values; frac maps a value to 0..1 along the axis, clamped. */
    private record Axis(double lo, double hi, boolean log, double[] ticks) {
        static Axis linear(double max) {
            double m = max > 0 && Double.isFinite(max) ? max : 1;
            double step = niceStep(m / 5), hi = Math.ceil(m / step - 1e-9) * step;
            if (!Double.isFinite(hi)) hi = m;
            int n = (int) Math.min(50, Math.round(hi / step));
            return new Axis(0, hi, false, IntStream.rangeClosed(0, n).mapToDouble(i -> i * step).toArray());
        }

        static Axis log(double min, double max) {
            int a = (int) Math.floor(Math.log10(min)), b = Math.max(a + 1, (int) Math.ceil(Math.log10(max)));
            return new Axis(Math.pow(10, a), Math.pow(10, b), true, IntStream.rangeClosed(a, b).mapToDouble(e -> Math.pow(10, e)).toArray());
        }

        double frac(double v) {
            double f = log ? (v > 0 ? Math.log(v / lo) / Math.log(hi / lo) : 0) : (v - lo) / (hi - lo);
            return Double.isFinite(f) ? Math.max(0, Math.min(1, f)) : 0;
        }
    }

    /** 1, 2 or 5 times a power of ten, the nearest to raw: ticks people can read at a glance. */
    private static double niceStep(double raw) {
        double mag = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / mag;
        return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
    }

    /** Compact numbers: 1,234 / 123 / 12.3 / 1.23 / 0.45, trailing zeros dropped; Locale.ROOT so reports never vary. */
    static String fmt(double v) {
        if (!Double.isFinite(v)) return "–";
        double a = Math.abs(v);
        if (a == 0) return "0";
        if (a >= 1e15) return String.format(Locale.ROOT, "%.2e", v);
        if (a >= 1000) return String.format(Locale.ROOT, "%,.0f", v);
        int digits = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : Math.min(12, 1 - (int) Math.floor(Math.log10(a)));
        String s = String.format(Locale.ROOT, "%." + digits + "f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    private static double maxOf(DoubleStream values) {
        return values.filter(Double::isFinite).max().orElse(0);
    }

    private static int px(Axis s, double v, int left, int right) {
        return left + (int) Math.round(s.frac(v) * (right - left));
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static Graphics2D start(BufferedImage img, String title) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(TEXT);
        g.setFont(TITLE);
        g.drawString(text(title), 16, 26);
        g.setFont(FONT);
        return g;
    }

    private static void empty(Path png, String title) throws IOException {
        BufferedImage img = new BufferedImage(W, MIN_H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(img, title);
        g.setColor(AXIS);
        g.drawString("no data", (W - g.getFontMetrics().stringWidth("no data")) / 2, MIN_H / 2);
        write(img, g, png);
    }

    private static void write(BufferedImage img, Graphics2D g, Path png) throws IOException {
        g.dispose();
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        if (!ImageIO.write(img, "png", png.toFile())) throw new IOException("no PNG writer available");
    }

    /** Left margin: the widest row label plus padding, so no label is clipped. */
    private static int labelMargin(Graphics2D g, List<String> labels) {
        FontMetrics fm = g.getFontMetrics(FONT);
        return 16 + labels.stream().mapToInt(l -> fm.stringWidth(text(l))).max().orElse(0) + 12;
    }

    /** Right margin: room for the widest value label drawn past the end of a full-length bar. */
    private static int valueMargin(Graphics2D g, Font font, List<String> values) {
        FontMetrics fm = g.getFontMetrics(font);
        return Math.max(36, values.stream().mapToInt(fm::stringWidth).max().orElse(0) + 18);
    }

    /** Vertical grid lines, tick labels below the plot and the axis title centred under them. */
    private static void xAxis(Graphics2D g, Axis s, int left, int right, int top, int bottom, String title) {
        g.setFont(FONT);
        g.setStroke(new BasicStroke(1f));
        FontMetrics fm = g.getFontMetrics();
        int lastEnd = Integer.MIN_VALUE;
        for (double t : s.ticks()) {
            int x = px(s, t, left, right), w = fm.stringWidth(fmt(t));
            g.setColor(GRID);
            g.drawLine(x, top, x, bottom);
            if (x - w / 2 > lastEnd + 6) { // skip labels that would overlap their left neighbour
                g.setColor(TEXT);
                g.drawString(fmt(t), x - w / 2, bottom + 6 + fm.getAscent());
                lastEnd = x + w - w / 2;
            }
        }
        g.setColor(AXIS);
        g.drawLine(left, top, left, bottom);
        g.drawLine(left, bottom, right, bottom);
        g.setColor(TEXT);
        g.drawString(text(title), (left + right - fm.stringWidth(text(title))) / 2, bottom + 12 + 2 * fm.getAscent());
    }

    private static void whisker(Graphics2D g, int x0, int x1, int cy) {
        g.setColor(TEXT);
        g.setStroke(new BasicStroke(1.5f));
        g.drawLine(x0, cy, x1, cy);
        g.drawLine(x0, cy - 5, x0, cy + 5);
        g.drawLine(x1, cy - 5, x1, cy + 5);
    }

    private static void ceilingTick(Graphics2D g, int x, int cy) {
        g.setColor(CEILING_TICK);
        g.setStroke(new BasicStroke(3f));
        g.drawLine(x, cy - 13, x, cy + 13);
    }

    /** The bar chart's key: what the bar, the whisker and (when present) the ceiling marker mean. */
    private static void legendBars(Graphics2D g, int x, boolean ceiling) {
        int cy = 44;
        g.setColor(BLUE);
        g.fillRect(x, cy - 5, 18, 10);
        x = label(g, FONT, "median", x + 24, cy, false);
        whisker(g, x, x + 18, cy);
        x = label(g, FONT, "min–max", x + 24, cy, false);
        if (ceiling) {
            g.setColor(CEILING);
            g.fillRect(x, cy - 7, 18, 14);
            ceilingTick(g, x + 18, cy);
            label(g, FONT, "ceiling", x + 26, cy, false);
        }
    }

    /** A row of swatches (or line-and-marker samples) with names, wrapping as needed; returns the y below it. */
    private static int legend(Graphics2D g, int x0, List<String> names, List<Color> colours, boolean lines) {
        FontMetrics fm = g.getFontMetrics(FONT);
        int x = x0, cy = 44;
        for (int i = 0; i < names.size(); i++) {
            int w = 24 + fm.stringWidth(text(names.get(i))) + 18;
            if (x > x0 && x + w > W - 20) { x = x0; cy += 18; }
            g.setColor(colours.get(i));
            if (lines) {
                g.setStroke(new BasicStroke(2f));
                g.drawLine(x, cy, x + 18, cy);
                g.fill(new Ellipse2D.Double(x + 5.5, cy - 3.5, 7, 7));
            } else {
                g.fillRect(x, cy - 5, 18, 10);
            }
            x = label(g, FONT, text(names.get(i)), x + 24, cy, false);
        }
        return cy + 8;
    }

    /** Text vertically centred on cy, starting at x (or ending there when alignRight); returns where the next legend item goes. */
    private static int label(Graphics2D g, Font font, String s, int x, int cy, boolean alignRight) {
        g.setFont(font);
        g.setColor(TEXT);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text(s), alignRight ? x - fm.stringWidth(text(s)) : x, cy + (fm.getAscent() - fm.getDescent()) / 2);
        return x + fm.stringWidth(text(s)) + 18;
    }
}
