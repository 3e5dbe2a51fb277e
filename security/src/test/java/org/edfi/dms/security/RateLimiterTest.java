package org.edfi.dms.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A token bucket per client: a burst at once, then the rate, each client apart. */
class RateLimiterTest {

    private final AtomicLong now = new AtomicLong();
    private final RateLimiter limiter = new RateLimiter(10, 5, now::get);

    @Test
    void aBurstGoesThroughThenTheNextWaitsForItsShareOfTheRate() {
        for (int i = 0; i < 5; i++) {
            assertEquals(Duration.ZERO, limiter.acquire("a"), "request " + i + " of the burst");
        }
        Duration wait = limiter.acquire("a");
        assertEquals(Duration.ofMillis(100), wait, "one request a tenth of a second at 10/s");
        now.addAndGet(Duration.ofMillis(100).toNanos());
        assertEquals(Duration.ZERO, limiter.acquire("a"));
    }

    @Test
    void eachClientHasItsOwnBucket() {
        for (int i = 0; i < 5; i++) {
            limiter.acquire("a");
        }
        assertTrue(limiter.acquire("a").compareTo(Duration.ZERO) > 0);
        assertEquals(Duration.ZERO, limiter.acquire("b"));
    }

    @Test
    void aQuietClientGetsItsWholeBurstBackButNoMore() {
        for (int i = 0; i < 5; i++) {
            limiter.acquire("a");
        }
        now.addAndGet(Duration.ofMinutes(5).toNanos());
        for (int i = 0; i < 5; i++) {
            assertEquals(Duration.ZERO, limiter.acquire("a"));
        }
        assertTrue(limiter.acquire("a").compareTo(Duration.ZERO) > 0);
    }

    @Test
    void aRateOfZeroLimitsNothing() {
        RateLimiter none = RateLimiter.unlimited();
        for (int i = 0; i < 10_000; i++) {
            assertEquals(Duration.ZERO, none.acquire("a"));
        }
    }
}
