package org.edfi.dms.loader;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress while loading: a bar redrawn in place on a terminal, plain lines every ten seconds
 * otherwise (logs and CI). Runs on its own daemon thread until closed.
 */
public final class Progress implements AutoCloseable {

    private final LoadReport report;
    private final PrintStream out;
    private final boolean terminal;
    private final Thread ticker;
    private volatile boolean running = true;

    public Progress(LoadReport report, PrintStream out, boolean terminal) {
        this.report = report;
        this.out = out;
        this.terminal = terminal;
        this.ticker = Thread.ofPlatform().daemon().name("dms-load-progress").start(this::tick);
    }

    private void tick() {
        long interval = terminal ? 250 : 10_000;
        while (running) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            if (running) {
                out.print(terminal ? "\r" + line() : line() + System.lineSeparator());
                out.flush();
            }
        }
    }

    /** {@code [#####-----] 12,345/20,332 documents  1,234/s  ETA 7 s  rejects 3}. */
    String line() {
        long done = report.done();
        long expected = Math.max(report.expected(), done);
        double rate = done / Math.max(report.seconds(), 1e-9);
        int filled = expected == 0 ? 0 : (int) (30 * done / expected);
        String eta = rate > 0 ? String.format(Locale.ROOT, "%.0f s", (expected - done) / rate) : "?";
        return String.format(Locale.ROOT, "[%s%s] %,d/%,d documents  %,.0f/s  ETA %s  rejects %,d ", "#".repeat(filled), "-".repeat(30 - filled),
                done, expected, rate, eta, report.rejectedTotal());
    }

    @Override
    public void close() {
        running = false;
        ticker.interrupt();
        if (terminal) {
            out.println("\r" + line());
        }
    }
}
