package org.edfi.dms.processor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.schema.JsonPath;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.identity.IdentityElement;
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
                return Optional.of(conflict(attempt));
            }
        }
        ExtractedDocument extracted = attempt.extracted();
        if (extracted.superclassIdentity().isPresent() && heldByAnother(store, extracted.superclassIdentity().get().referentialId().value(), self)) {
            return Optional.of(conflict(attempt));
        }
        return Optional.empty();
    }

    /** The DMS's natural key conflict, naming the document's own key: {@code (schoolId = 155901)} for a School whose id a district holds. */
    private static Problem conflict(Attempt attempt) {
        Map<String, String> keyValues = new LinkedHashMap<>();
        for (IdentityElement element : attempt.extracted().identity().elements()) {
            keyValues.put(JsonPath.of(element.path()).lastPropertyName(), element.value());
        }
        return Problem.naturalKeyConflict(attempt.existing() == null, attempt.resource().name().resourceName(), keyValues);
    }

    private static boolean heldByAnother(DocumentStore store, UUID referentialId, UUID self) {
        Optional<UUID> holder = store.holderOf(referentialId);
        return holder.isPresent() && !holder.get().equals(self);
    }
}
