package org.edfi.dms.processor;

import java.util.Optional;
import org.edfi.dms.contracts.EntityTags;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.schema.ResourceSchema;

/**
 * Find the document a command names by id (an update or delete), and hold the document a command
 * is about to the conditions it carries (RFC 9110): If-Match (an ETag, or {@code *} for any
 * document) and, on an upsert, If-None-Match {@code *} (create only).
 */
final class FindDocument {

    private FindDocument() {}

    /**
     * A document of the command's resource with the command's id; {@code missing} is the 404's
     * detail otherwise, unless the command requires a document to exist (If-Match): then its
     * condition fails.
     */
    static CommandHandler.Step byId(String missing) {
        return attempt -> {
            ResourceSchema resource = attempt.resource();
            Optional<StoredDocument> found = attempt.store().find(attempt.command().documentId())
                    .filter(d -> d.project().equals(resource.projectEndpoint()) && d.resource().equals(resource.endpointName()));
            found.ifPresent(attempt::found);
            if (found.isPresent()) {
                return Optional.empty();
            }
            return Optional.of(EntityTags.ANY.equals(attempt.command().ifMatch()) ? noDocument() : Problem.notFound(missing));
        };
    }

    /** The found document still has the ETag of the command's If-Match (any ETag for {@code *}), when it gives one. */
    static Optional<Problem> ifMatch(Attempt attempt) {
        String ifMatch = attempt.command().ifMatch();
        return ifMatch == null || EntityTags.matches(ifMatch, attempt.existing().etag()) ? Optional.empty()
                : Optional.of(Problem.optimisticLockFailed());
    }

    /**
     * An upsert's conditions, once its natural key has named the document it replaces (if any): an
     * If-Match needs that document, with that ETag; If-None-Match {@code *} needs there to be none.
     */
    static Optional<Problem> conditions(Attempt attempt) {
        String ifMatch = attempt.command().ifMatch();
        String ifNoneMatch = attempt.command().ifNoneMatch();
        if (attempt.existing() == null) {
            return ifMatch == null ? Optional.empty() : Optional.of(noDocument());
        }
        if (ifNoneMatch != null && EntityTags.matches(ifNoneMatch, attempt.existing().etag())) {
            return Optional.of(Problem.optimisticLockFailed("A resource item with the same identifying values already exists, and the"
                    + " 'If-None-Match' request header allows only one to be created."));
        }
        return ifMatch(attempt);
    }

    private static Problem noDocument() {
        return Problem.optimisticLockFailed("The resource item does not exist, and the 'If-Match' request header requires one.");
    }
}
