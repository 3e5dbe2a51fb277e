package org.edfi.dms.schema.extraction;

import java.util.List;
import java.util.Optional;
import org.edfi.dms.schema.identity.DocumentIdentity;

/**
 * What the integrity processor needs to know of a valid document.
 *
 * @param identity the natural key and its referential id: one document per identity
 * @param superclassIdentity for a subclass, the identity it also holds as its superclass (a School
 *     255901 is EducationOrganization 255901), unique across all subclasses
 * @param referenceIdentity only for resources whose references carry less than the natural key
 *     (the ApiSchema's identity gaps): the identity those references resolve against, which several
 *     documents may share
 */
public record ExtractedDocument(
        DocumentIdentity identity,
        Optional<DocumentIdentity> superclassIdentity,
        Optional<DocumentIdentity> referenceIdentity,
        List<DocumentReference> documentReferences,
        List<DescriptorReference> descriptorReferences) {

    public ExtractedDocument {
        documentReferences = List.copyOf(documentReferences);
        descriptorReferences = List.copyOf(descriptorReferences);
    }
}
