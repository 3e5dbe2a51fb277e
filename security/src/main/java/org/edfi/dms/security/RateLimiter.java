package org.edfi.dms.security;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (a client id, or a caller's address): each key may make {@code rate}
 * requests a second on average and {@code burst} at once. Buckets of keys quiet for a minute are
 * dropped, so the map holds only the recently active.
 */
public final class RateLimiter {

    private static final long IDLE_NANOS = Duration.ofMinutes(1).toNanos();

    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile long lastSweep;

    /** @param rate requests a second per key; 0 or less limits nothing */
    public RateLimiter(double rate, double burst) {
        this(rate, burst, System::nanoTime);
    }

    RateLimiter(double rate, double burst, LongSupplier nanoTime) {
        this.ratePerNano = rate / 1e9;
        this.burst = Math.max(1, burst);
        this.nanoTime = nanoTime;
        this.lastSweep = nanoTime.getAsLong();
    }

    /** A limiter that lets everything through. */
    public static RateLimiter unlimited() {
        return new RateLimiter(0, 1);
    }

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }

    /** Takes one request from {@code key}'s bucket: empty when it may go ahead, else how long until it may. */
    public Duration acquire(String key) {
        if (ratePerNano <= 0) {
            return Duration.ZERO;
        }
        long now = nanoTime.getAsLong();
        sweep(now);
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updated) * ratePerNano);
            bucket.updated = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((1 - bucket.tokens) / ratePerNano));
        }
    }

    private void sweep(long now) {
        if (now - lastSweep < IDLE_NANOS) {
            return;
        }
        lastSweep = now;
        buckets.entrySet().removeIf(entry -> now - entry.getValue().updated > IDLE_NANOS);
    }
}
