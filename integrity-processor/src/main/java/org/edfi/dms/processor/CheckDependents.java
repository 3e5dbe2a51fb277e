package org.edfi.dms.processor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.edfi.dms.contracts.Problem;

/** Check dependents: a document that others reference cannot be deleted; the refusal names their resources. */
final class CheckDependents {

    /** How many referencing resource names a refusal looks at. */
    private static final int REFERRERS_TO_NAME = 100;

    private CheckDependents() {}

    static Optional<Problem> apply(Attempt attempt) {
        StoredDocument document = attempt.existing();
        DocumentStore store = attempt.store();
        Set<String> referencing = new LinkedHashSet<>();
        for (UUID key : keysReferrersMayUse(document, store)) {
            store.referrers(key, document.documentId(), REFERRERS_TO_NAME).forEach(r -> referencing.add(r.resourceName()));
        }
        return referencing.isEmpty() ? Optional.empty() : Optional.of(Problem.dependentItemExists(List.copyOf(referencing)));
    }

    /** A document's natural and superclass keys, and its shared reference key when it is the last to hold it. */
    private static List<UUID> keysReferrersMayUse(StoredDocument document, DocumentStore store) {
        List<UUID> keys = new ArrayList<>();
        keys.add(document.referentialId());
        if (document.superclassReferentialId() != null) {
            keys.add(document.superclassReferentialId());
        }
        if (document.referenceReferentialId() != null && store.countMembers(document.referenceReferentialId(), 2) == 1) {
            keys.add(document.referenceReferentialId());
        }
        return keys;
    }
}
