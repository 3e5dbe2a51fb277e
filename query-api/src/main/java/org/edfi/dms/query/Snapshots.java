package org.edfi.dms.query;

import java.util.List;
import java.util.Optional;
import org.edfi.dms.contracts.Problem;

/**
 * Chooses and checks the snapshot a read is of (docs/paging.md#snapshots), one short list of steps:
 * <pre>
 *   choose  : the page token's snapshot (a walk continues as of it; headers that say otherwise are refused),
 *             else the one Snapshot-Change-Version names, else the newest readable change version
 *   check   : available while the store's horizon (the oldest version whose history is complete) <= V <= the newest readable; else 410
 *   confirm : after the read, the horizon again: pruning only raises it, in the statement that removes
 *             the rows, so a horizon still at most V means that nothing the read needed had gone
 * </pre>
 */
final class Snapshots {

    /** The snapshot a read is of (null: the live documents), or the problem that refuses the request. */
    record Chosen(Snapshot snapshot, Problem problem) {

        static final Chosen LIVE = new Chosen(null, null);
    }

    private static final String INVALID_TOKEN = "The page token provided was invalid.";

    private final DocumentReader reader;

    Snapshots(DocumentReader reader) {
        this.reader = reader;
    }

    /**
     * The snapshot of a read with these headers, continuing {@code token} (null: none), checked
     * against the store.
     */
    Chosen choose(SnapshotRequest request, PageToken token) {
        Boolean use = null;
        if (request.useSnapshot() != null) {
            String value = request.useSnapshot().strip();
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                return refused(Problem.badRequest(SnapshotRequest.USE_SNAPSHOT + " must be true or false."));
            }
            use = value.equalsIgnoreCase("true");
        }
        Long named = null;
        if (request.changeVersion() != null) {
            try {
                named = Long.parseLong(request.changeVersion().strip());
            } catch (NumberFormatException e) {
                named = -1L;
            }
            if (named < 0) {
                return refused(Problem.badRequest(SnapshotRequest.CHANGE_VERSION + " must be a numeric value greater than or equal to 0."));
            }
            if (!Boolean.TRUE.equals(use)) {
                return refused(Problem.badRequest(SnapshotRequest.CHANGE_VERSION + " is read only with " + SnapshotRequest.USE_SNAPSHOT + ": true."));
            }
        }
        Snapshot snapshot;
        if (token != null && token.snapshot() != null) {
            // A snapshot walk reads every page as of its snapshot: a request that asks for the live documents or another snapshot is not its continuation.
            if (Boolean.FALSE.equals(use) || (named != null && named != token.snapshot().changeVersion())) {
                return refused(Problem.parameterValidation(List.of(INVALID_TOKEN)));
            }
            snapshot = token.snapshot();
        } else if (token != null && token.snapshot() == null && Boolean.TRUE.equals(use)) {
            // A walk of the live documents cannot turn into a snapshot half way: its earlier pages were not as of one version.
            return refused(Problem.parameterValidation(List.of(INVALID_TOKEN)));
        } else if (!Boolean.TRUE.equals(use)) {
            return Chosen.LIVE;
        } else {
            snapshot = null;
        }
        DocumentReader.Horizon horizon = reader.horizon();
        Snapshot chosen = snapshot != null ? snapshot : new Snapshot(named != null ? named : horizon.newest());
        return unavailable(chosen, horizon).map(Snapshots::refused).orElse(new Chosen(chosen, null));
    }

    /** After reading as of {@code snapshot}: empty when the read was complete, else the 410 of a snapshot pruned meanwhile. */
    Optional<Problem> confirm(Snapshot snapshot) {
        return snapshot == null ? Optional.empty() : unavailable(snapshot, reader.horizon());
    }

    private static Optional<Problem> unavailable(Snapshot snapshot, DocumentReader.Horizon horizon) {
        long version = snapshot.changeVersion();
        if (horizon.oldest() == null) {
            return Optional.of(Problem.snapshotGone("This instance keeps no snapshots."));
        }
        if (version < horizon.oldest()) {
            return Optional.of(Problem.snapshotGone("Snapshot " + version + " is older than the oldest available, " + horizon.oldest()
                    + "; snapshots are kept for " + horizon.retentionSeconds() + " seconds after they are taken."));
        }
        if (version > horizon.newest()) {
            return Optional.of(Problem.snapshotGone("Snapshot " + version + " is newer than the newest change version, " + horizon.newest() + "."));
        }
        return Optional.empty();
    }

    private static Chosen refused(Problem problem) {
        return new Chosen(null, problem);
    }
}
