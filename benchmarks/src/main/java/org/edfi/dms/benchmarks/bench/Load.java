package org.edfi.dms.benchmarks.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The load generator's two shapes: one request at a time a given number of times, and a closed loop of clients for a given time. */
public final class Load {

    /** One request of a client: true when it succeeded. {@code client} numbers the caller, {@code i} its requests. */
    public interface Request {
        boolean send(int client, long i) throws Exception;
    }

    /** What a load did: every request's latency in nanoseconds, its wall time and the failed requests. */
    public record Outcome(long[] latencies, double seconds, long errors) {

        public double perSecond() {
            return latencies.length / seconds;
        }

        Measurement.Percentiles percentiles() {
            return Measurement.Percentiles.ofNanos(latencies);
        }
    }

    private Load() {}

    /** {@code count} requests one after another. */
    static Outcome serial(int count, Request request) throws Exception {
        long[] latencies = new long[count];
        long errors = 0;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            if (!request.send(0, i)) {
                errors++;
            }
            latencies[i] = System.nanoTime() - t0;
        }
        return new Outcome(latencies, (System.nanoTime() - start) / 1e9, errors);
    }

    /** {@code clients} virtual threads each sending requests back to back for {@code seconds}. */
    public static Outcome closedLoop(int clients, double seconds, Request request) throws InterruptedException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long[][] latencies = new long[clients][];
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads.add(Thread.ofVirtual().start(() -> {
                long[] mine = new long[1 << 12];
                int n = 0;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    boolean ok;
                    try {
                        ok = request.send(client, n);
                    } catch (InterruptedException e) {
                        break;
                    } catch (Exception e) {
                        ok = false;
                    }
                    if (!ok) {
                        errors.incrementAndGet();
                    }
                    if (n == mine.length) {
                        mine = Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = System.nanoTime() - t0;
                }
                latencies[client] = Arrays.copyOf(mine, n);
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Outcome(Arrays.stream(latencies).flatMapToLong(Arrays::stream).toArray(), elapsed, errors.get());
    }
}
