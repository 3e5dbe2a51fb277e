package org.edfi.dms.processor;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.extraction.ExtractedDocument;

/**
 * Check identity: the keys the document would hold are its to hold. A changed natural key must be
 * allowed by the resource and free; a superclass key (a School's EducationOrganization id) must not
 * be another subclass's: a School and a LocalEducationAgency cannot share one.
 */
final class CheckIdentity {

    private CheckIdentity() {}

    static Optional<Problem> apply(Attempt attempt) {
        ResourceSchema resource = attempt.resource();
        DocumentStore store = attempt.store();
        UUID self = attempt.existing() == null ? null : attempt.existing().documentId();
        if (attempt.identityChanged()) {
            if (!resource.allowIdentityUpdates()) {
                return Optional.of(Problem.keyChangeNotSupported(resource.name().resourceName()));
            }
            if (heldByAnother(store, attempt.extracted().identity().referentialId().value(), self)) {
                return Optional.of(Problem.identityConflict(List.of(
                        "A " + resource.name().resourceName() + " with the new identifying values already exists.")));
            }
        }
        ExtractedDocument extracted = attempt.extracted();
        if (extracted.superclassIdentity().isPresent() && heldByAnother(store, extracted.superclassIdentity().get().referentialId().value(), self)) {
            String superclass = extracted.superclassIdentity().get().resource().resourceName();
            return Optional.of(Problem.identityConflict(List.of(
                    "Another " + superclass + " subclass already has the identifying values " + extracted.superclassIdentity().get().elements() + ".")));
        }
        return Optional.empty();
    }

    private static boolean heldByAnother(DocumentStore store, UUID referentialId, UUID self) {
        Optional<UUID> holder = store.holderOf(referentialId);
        return holder.isPresent() && !holder.get().equals(self);
    }
}
