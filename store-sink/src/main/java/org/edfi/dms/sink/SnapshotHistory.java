package org.edfi.dms.sink;

import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * The history of replaced document versions that consistent snapshots read (store version 8,
 * docs/paging.md#snapshots): the {@link DocumentWriter} keeps each version a change replaces or
 * deletes, in the transaction of that change, while the retention is above zero; the sink prunes
 * what is older than the retention and raises the store's snapshot horizon, the oldest change
 * version a snapshot can still be read at.
 *
 * @param retention how long a replaced version is kept after it was replaced; zero keeps none
 */
public record SnapshotHistory(Duration retention) {

    /**
     * An hour: longer than a full extraction of a large instance by cursors takes here (a million
     * documents in about a minute, docs/benchmarks.md), with room for slower clients.
     */
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(1);

    public static final SnapshotHistory NONE = new SnapshotHistory(Duration.ZERO);

    /** Pruning runs at most this often, and at least ten times a retention, so a version outlives it by a tenth at most. */
    private static final Duration LONGEST_PRUNE_INTERVAL = Duration.ofMinutes(1);

    public SnapshotHistory {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("a snapshot retention is zero or more, not " + retention);
        }
    }

    public boolean kept() {
        return !retention.isZero();
    }

    /** How long the sink waits between two prunes. */
    Duration pruneInterval() {
        Duration tenth = retention.dividedBy(10);
        return tenth.compareTo(LONGEST_PRUNE_INTERVAL) > 0 ? LONGEST_PRUNE_INTERVAL : tenth;
    }

    /**
     * Records in the store, when its sink starts, from which change version snapshots are complete:
     * with a retention, the one it keeps (history kept before goes on), or from {@code applied}
     * when none was kept, since replaced versions of earlier changes are gone; without one, none,
     * and the history goes, so that a later sink with a retention does not trust rows with gaps.
     */
    void begin(Jdbi jdbi, long applied) {
        jdbi.useTransaction(handle -> {
            if (kept()) {
                handle.createUpdate("""
                                UPDATE snapshot_horizon SET oldest_change_version = COALESCE(oldest_change_version, :applied),
                                                            retention = CAST(:retention AS interval)""")
                        .bind("applied", applied).bind("retention", interval()).execute();
            } else {
                handle.execute("UPDATE snapshot_horizon SET oldest_change_version = NULL, retention = NULL");
                handle.execute("TRUNCATE document_history");
            }
        });
    }

    /**
     * Removes the versions replaced longer than the retention ago and raises the horizon past the
     * changes that replaced them, in one statement: a reader that checks the horizon after reading
     * as of a snapshot knows its rows were all there.
     */
    void prune(Jdbi jdbi) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        WITH pruned AS (
                            DELETE FROM document_history WHERE superseded_at < now() - CAST(:retention AS interval)
                            RETURNING superseded_change_version)
                        UPDATE snapshot_horizon SET oldest_change_version = GREATEST(oldest_change_version, (SELECT max(superseded_change_version) FROM pruned))
                        WHERE oldest_change_version IS NOT NULL""")
                .bind("retention", interval()).execute());
    }

    /** The retention as PostgreSQL interval text. */
    private String interval() {
        return retention.toMillis() + " milliseconds";
    }

    /** Whether a prune is due, the last having run at {@code last}. */
    boolean pruneDue(Instant last, Instant now) {
        return kept() && !now.isBefore(last.plus(pruneInterval()));
    }
}
