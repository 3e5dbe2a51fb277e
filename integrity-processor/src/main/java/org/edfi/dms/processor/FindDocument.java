package org.edfi.dms.processor;

import java.util.Optional;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.schema.ResourceSchema;

/** Find the document a command names by id (an update or delete), and hold it to the ETag the command requires. */
final class FindDocument {

    private FindDocument() {}

    /** A document of the command's resource with the command's id; {@code missing} is the 404's detail otherwise. */
    static CommandHandler.Step byId(String missing) {
        return attempt -> {
            ResourceSchema resource = attempt.resource();
            Optional<StoredDocument> found = attempt.store().find(attempt.command().documentId())
                    .filter(d -> d.project().equals(resource.projectEndpoint()) && d.resource().equals(resource.endpointName()));
            found.ifPresent(attempt::found);
            return found.isPresent() ? Optional.empty() : Optional.of(Problem.notFound(missing));
        };
    }

    /** The found document still has the ETag of the command's If-Match, when it gives one. */
    static Optional<Problem> ifMatch(Attempt attempt) {
        String ifMatch = attempt.command().ifMatch();
        return ifMatch == null || ifMatch.equals(attempt.existing().etag()) ? Optional.empty() : Optional.of(Problem.optimisticLockFailed());
    }
}
