package org.edfi.dms.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The claim sets and the profiles are read again on use, at most every two seconds. With the
 * configuration database down a read waits seconds for a connection; the requests arriving
 * meanwhile must not queue behind it, each to wait for a read of its own.
 */
class RefreshOnUseTest {

    private static final Duration INTERVAL = Duration.ofSeconds(2);

    /** Requests, each on a thread of its own. */
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        requests.shutdownNow();
    }

    @Test
    void readsAtMostOnceAnInterval() {
        MutableClock clock = MutableClock.now();
        RefreshOnUse refreshes = new RefreshOnUse(clock, INTERVAL);
        AtomicInteger reads = new AtomicInteger();

        refreshes.whenStale(reads::incrementAndGet);
        clock.advance(Duration.ofSeconds(1));
        refreshes.whenStale(reads::incrementAndGet);
        assertEquals(1, reads.get());

        clock.advance(Duration.ofSeconds(2));
        refreshes.whenStale(reads::incrementAndGet);
        assertEquals(2, reads.get());
    }

    @Test
    void whileOneRequestReadsTheOthersGoOnWithWhatWasReadBefore() throws Exception {
        MutableClock clock = MutableClock.now();
        RefreshOnUse refreshes = new RefreshOnUse(clock, INTERVAL);
        refreshes.whenStale(() -> {});
        clock.advance(INTERVAL.plusSeconds(1));
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> slowRead = CompletableFuture.runAsync(() -> refreshes.whenStale(() -> {
            reading.countDown();
            await(release); // a read waiting for a connection to a database that is down
        }), requests);
        assertTrue(reading.await(10, TimeUnit.SECONDS));

        AtomicInteger others = new AtomicInteger();
        CompletableFuture<Void> another = CompletableFuture.runAsync(() -> refreshes.whenStale(others::incrementAndGet), requests);
        another.get(10, TimeUnit.SECONDS); // returned at once, without waiting for the read under way
        assertEquals(0, others.get());

        release.countDown();
        slowRead.get(10, TimeUnit.SECONDS);
    }

    @Test
    void beforeTheFirstReadEveryRequestWaitsForIt() throws Exception {
        RefreshOnUse refreshes = new RefreshOnUse(MutableClock.now(), INTERVAL);
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger read = new AtomicInteger();
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> refreshes.whenStale(() -> {
            reading.countDown();
            await(release);
            read.incrementAndGet();
        }), requests);
        assertTrue(reading.await(10, TimeUnit.SECONDS));

        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> {
            refreshes.whenStale(read::incrementAndGet);
            return read.get();
        }, requests);
        Thread.sleep(200);
        assertTrue(!second.isDone(), "a request before the first read waits for it");
        release.countDown();
        assertEquals(1, second.get(10, TimeUnit.SECONDS), "and uses what it read, without a read of its own");
        first.get(10, TimeUnit.SECONDS);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
