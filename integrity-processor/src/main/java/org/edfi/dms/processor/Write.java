package org.edfi.dms.processor;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.CommandResult;
import org.edfi.dms.contracts.CommandType;

/**
 * Write: the last step, the only one that changes the store, once every check has passed. Each
 * change gets the instance's next change version and an envelope for the documents topic.
 */
final class Write {

    private final Clock clock;

    Write(Clock clock) {
        this.clock = clock;
    }

    /**
     * Inserts a new document (201), or replaces the found one (200 for an upsert, 204 for an
     * update) and rewrites what its plan holds. A body equal to the stored one changes nothing.
     */
    CommandHandler.Outcome document(Attempt attempt) {
        Command command = attempt.command();
        StoredDocument existing = attempt.existing();
        DocumentChanges changes = new DocumentChanges(attempt.store(), clock);
        if (existing == null) {
            return success(command, 201, changes.insert(UUID.randomUUID(), attempt.resource(), attempt.body(), attempt.extracted(),
                    command.ownershipToken()), changes);
        }
        int status = command.type() == CommandType.UPDATE ? 204 : 200;
        if (existing.document().equals(attempt.body())) {
            // Acknowledged as is: no new version to emit.
            return new CommandHandler.Outcome(CommandResult.success(command.commandId(), status, existing.documentId(), existing.etag(),
                    existing.lastModified(), null), List.of());
        }
        List<StoredDocument> written = new ArrayList<>();
        for (IdentityCascade.Rewrite rewrite : attempt.plan()) {
            written.add(changes.replace(rewrite.previous(), rewrite.resource(), rewrite.body(), rewrite.extracted()));
        }
        return success(command, status, written.getFirst(), changes);
    }

    /** Deletes the found document (204). */
    CommandHandler.Outcome delete(Attempt attempt) {
        DocumentChanges changes = new DocumentChanges(attempt.store(), clock);
        long changeVersion = changes.delete(attempt.existing());
        return new CommandHandler.Outcome(CommandResult.success(attempt.command().commandId(), 204, attempt.existing().documentId(), null,
                clock.instant(), changeVersion), changes.envelopes());
    }

    private static CommandHandler.Outcome success(Command command, int status, StoredDocument document, DocumentChanges changes) {
        return new CommandHandler.Outcome(CommandResult.success(command.commandId(), status, document.documentId(), document.etag(),
                document.lastModified(), document.changeVersion()), changes.envelopes());
    }
}
