package org.edfi.dms.processor;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.edfi.dms.contracts.InstanceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An instance's stream thread that dies (a transaction Kafka refused, a lost broker beyond the
 * client's own retries) is replaced, never left dead with the client in ERROR: the new thread
 * resumes from the last commit. Failures in a row wait longer before the replacement (up to 30 s),
 * so an instance whose Kafka is gone does not spin; a minute without one resets the wait.
 */
final class ReplaceFailedThread implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ReplaceFailedThread.class);
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private static final Duration CALM = Duration.ofMinutes(1);

    private final InstanceId instance;
    private int inARow;
    private Instant last = Instant.EPOCH;

    ReplaceFailedThread(InstanceId instance) {
        this.instance = instance;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        Instant now = Instant.now();
        inARow = Duration.between(last, now).compareTo(CALM) > 0 ? 0 : inARow + 1;
        last = now;
        long waitMs = Math.min(MAX_WAIT.toMillis(), inARow == 0 ? 0 : 250L << Math.min(inARow, 10));
        LOG.error("The processor of {} failed; replacing its stream thread{}", instance, waitMs > 0 ? " in " + waitMs + " ms" : "", exception);
        if (waitMs > 0) {
            try {
                Thread.sleep(waitMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
