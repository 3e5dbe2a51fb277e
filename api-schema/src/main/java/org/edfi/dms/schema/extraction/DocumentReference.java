package org.edfi.dms.schema.extraction;

import org.edfi.dms.schema.ReferenceDefinition;
import org.edfi.dms.schema.identity.DocumentIdentity;

/**
 * A reference found in a document: where it sits ({@code $.classPeriods[1].classPeriodReference}),
 * the ApiSchema's definition of it, and the identity it points to, named by the target the
 * ApiSchema gives, which may be abstract (an EducationOrganization that some School or
 * LocalEducationAgency must satisfy).
 */
public record DocumentReference(String path, ReferenceDefinition definition, DocumentIdentity target) {

    public boolean partOfIdentity() {
        return definition.partOfIdentity();
    }
}
