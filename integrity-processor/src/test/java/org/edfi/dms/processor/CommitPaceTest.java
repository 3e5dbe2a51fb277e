package org.edfi.dms.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * When the processor asks for a commit: at once when it has caught up, not within the interval of
 * the last commit's end, never for a backlog (Kafka Streams' timer commits that).
 */
class CommitPaceTest {

    private static final long MS = 1_000_000;
    private static final Duration INTERVAL = Duration.ofMillis(5);

    /** When the last commit ended, as the producer would tell. */
    private long committed = -1_000 * MS;
    private final CommitPace pace = new CommitPace(INTERVAL, () -> committed);

    @Test
    void aLoneCommandIsCommittedAtOnce() {
        assertTrue(pace.dueAfterCommand(true, 0));
        committed = 3 * MS;
        // The next lone command, after a pause longer than the interval, too.
        assertTrue(pace.dueAfterCommand(true, 20 * MS));
    }

    @Test
    void commandsCaughtUpWithinTheIntervalShareTheNextCommit() {
        assertTrue(pace.dueAfterCommand(true, 10 * MS));
        committed = 13 * MS;
        assertFalse(pace.dueAfterCommand(true, 14 * MS), "within the interval of the last commit's end");
        assertFalse(pace.dueAfterCommand(true, 15 * MS));
        assertTrue(pace.waiting());
        assertEquals(Duration.ofMillis(3), pace.untilDue(15 * MS), "the clock ticks when the interval is up");
        assertEquals(18 * MS, pace.dueAt(), "the stream thread's poll returns by then");
        assertFalse(pace.dueAtTick(17 * MS), "the interval is not up");
        assertTrue(pace.dueAtTick(18 * MS), "committed when the interval is up");
        assertFalse(pace.waiting());
        assertEquals(Long.MAX_VALUE, pace.dueAt(), "no commit waits: polls wait as Kafka Streams asks");
        committed = 21 * MS;
        assertFalse(pace.dueAtTick(30 * MS), "nothing left to commit");
    }

    @Test
    void aCommitByKafkaStreamsTimerMovesTheWaitingCommitOn() {
        assertTrue(pace.dueAfterCommand(true, 10 * MS));
        committed = 11 * MS;
        assertFalse(pace.dueAfterCommand(true, 12 * MS));
        assertEquals(16 * MS, pace.dueAt());
        committed = 14 * MS; // the timer committed meanwhile
        assertEquals(19 * MS, pace.dueAt());
        assertFalse(pace.dueAtTick(16 * MS), "the interval counts from the timer's commit");
        assertTrue(pace.dueAtTick(19 * MS));
    }

    @Test
    void aBacklogIsLeftToKafkaStreamsTimer() {
        for (long at = 10; at < 100; at++) {
            assertFalse(pace.dueAfterCommand(false, at * MS), "commands wait behind this one");
            assertFalse(pace.dueAtTick(at * MS));
            assertFalse(pace.waiting(), "the commit clock does not tick for a backlog");
        }
        assertTrue(pace.dueAfterCommand(true, 100 * MS), "the backlog's last command");
    }

    @Test
    void aBacklogGrowsTenIntervalsAtMostASecond() {
        assertEquals(Duration.ofMillis(50), CommitPace.backlogInterval(INTERVAL));
        assertEquals(Duration.ofSeconds(1), CommitPace.backlogInterval(Duration.ofMillis(500)));
        assertEquals(Duration.ofSeconds(3), CommitPace.backlogInterval(Duration.ofSeconds(3)));
    }
}
