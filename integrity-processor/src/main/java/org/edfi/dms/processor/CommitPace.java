package org.edfi.dms.processor;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When an instance's processor commits its transaction: a group commit. A result is visible to its
 * writer only after the commit, and each commit costs the broker a fixed amount of work (the
 * transaction's requests and markers) however few commands it carries. So the processor commits
 * as soon as it has caught up with its commands (the last one waiting is done), but not within the
 * commit interval of the previous commit's end: a lone write is answered at once, writers a few at
 * a time share one transaction per interval as before, and a caught-up command that came within
 * the interval is committed when the interval is up ({@link #dueAtTick}, from a punctuation
 * scheduled only while such a commit waits: Kafka Streams takes every punctuation for work to
 * commit). While commands wait behind the one done (a backlog: a bulk load), the processor does
 * not ask: the transaction grows until Kafka Streams' own timer, set to {@link #backlogInterval},
 * commits it, so that a backlog is worked off in few, large transactions.
 *
 * <p>Kafka Streams' timer keeps a clock of its own, which a commit asked for does not reset. That
 * is why the timer is set to the longer backlog interval and the short one is kept here, counted
 * from the end of the last commit of either kind ({@link CommitSignals#lastCommit}). One per
 * processor, used by its stream thread only.
 */
final class CommitPace {

    /** How much longer than the commit interval a transaction may grow while commands wait behind it... */
    static final int BACKLOG_FACTOR = 10;
    /** ...but no longer than this (or the interval, if longer): well within the producer's transaction timeout (10 s). */
    static final Duration BACKLOG_MAX = Duration.ofSeconds(1);

    private final long intervalNanos;
    /** When the last commit ended (System.nanoTime). */
    private final LongSupplier lastCommit;
    /** Whether a command done at the tail waits for the interval to be up before its commit. */
    private boolean waiting;

    CommitPace(Duration interval, LongSupplier lastCommit) {
        this.intervalNanos = interval.toNanos();
        this.lastCommit = lastCommit;
    }

    /** Kafka Streams' commit interval: how long a transaction grows while commands wait behind the one done. */
    static Duration backlogInterval(Duration interval) {
        Duration longer = interval.multipliedBy(BACKLOG_FACTOR);
        return longer.compareTo(BACKLOG_MAX) <= 0 ? longer : interval.compareTo(BACKLOG_MAX) >= 0 ? interval : BACKLOG_MAX;
    }

    /** After a command, {@code last} whether it was the last one waiting: whether to commit now. */
    boolean dueAfterCommand(boolean last, long now) {
        waiting = last;
        return last && due(now);
    }

    /** Whether commands done at the tail wait for the interval to be up before their commit. */
    boolean waiting() {
        return waiting;
    }

    /** How long until the interval since the last commit is up, in whole milliseconds (a punctuation's unit), at least one. */
    Duration untilDue(long now) {
        long nanos = lastCommit.getAsLong() + intervalNanos - now;
        return Duration.ofMillis(Math.max(1, millisRoundedUp(nanos)));
    }

    /** Nanoseconds in whole milliseconds, rounded up: a poll's and a punctuation's unit. */
    static long millisRoundedUp(long nanos) {
        return (nanos + 999_999) / 1_000_000;
    }

    /**
     * When the commit that waits is due (System.nanoTime), {@link Long#MAX_VALUE} when none waits:
     * the stream thread's poll returns by then ({@link CommitSignals#pacedBy}).
     */
    long dueAt() {
        return waiting ? lastCommit.getAsLong() + intervalNanos : Long.MAX_VALUE;
    }

    /** At a tick of the interval's clock: whether the commands done at the tail are to be committed now. */
    boolean dueAtTick(long now) {
        return waiting && due(now);
    }

    private boolean due(long now) {
        if (now - lastCommit.getAsLong() < intervalNanos) {
            return false;
        }
        waiting = false;
        return true;
    }
}
