package org.edfi.dms.processor;

import java.util.Optional;
import java.util.UUID;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.schema.extraction.DocumentExtractor;

/**
 * Resolve identity: the validated body's natural key (and superclass and shared keys) and the
 * references it makes. A command that does not name its document (an upsert) is about the document
 * that holds that natural key, if one does: it updates it, else it inserts.
 */
final class ResolveIdentity {

    private ResolveIdentity() {}

    static Optional<Problem> apply(Attempt attempt) {
        attempt.resolved(DocumentExtractor.extract(attempt.resource(), attempt.body()));
        if (attempt.existing() == null) {
            DocumentStore store = attempt.store();
            Optional<UUID> holder = store.holderOf(attempt.extracted().identity().referentialId().value());
            holder.ifPresent(id -> attempt.found(store.find(id)
                    .orElseThrow(() -> new IllegalStateException("The identity index names missing document " + id))));
        }
        return Optional.empty();
    }
}
