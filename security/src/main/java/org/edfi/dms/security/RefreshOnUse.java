package org.edfi.dms.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * When a catalog kept from the configuration database reads it again: on use, at most every
 * {@code interval}, one read at a time. While one request reads, the others go on with what was
 * read before rather than queue behind it: with the database down each read waits for a connection
 * (seconds), and queued requests would each wait for their own. Only before the first read do they
 * wait for it, since until then the catalog knows nothing of what was imported or assigned.
 */
final class RefreshOnUse {

    private final Clock clock;
    private final Duration interval;
    private final ReentrantLock reading = new ReentrantLock();
    private volatile Instant readAt = Instant.MIN;

    RefreshOnUse(Clock clock, Duration interval) {
        this.clock = clock;
        this.interval = interval;
    }

    /** Runs {@code read} when the last one is older than the interval and no other request is reading. */
    void whenStale(Runnable read) {
        if (!stale()) {
            return;
        }
        if (readAt.equals(Instant.MIN)) {
            reading.lock();
        } else if (!reading.tryLock()) {
            return;
        }
        try {
            if (stale()) {
                read.run();
                readAt = clock.instant();
            }
        } finally {
            reading.unlock();
        }
    }

    /** Runs {@code read} now (after a change made on this node), after any read under way. */
    void now(Runnable read) {
        reading.lock();
        try {
            read.run();
            readAt = clock.instant();
        } finally {
            reading.unlock();
        }
    }

    private boolean stale() {
        return clock.instant().isAfter(readAt.plus(interval));
    }
}
