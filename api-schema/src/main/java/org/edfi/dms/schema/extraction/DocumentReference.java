package org.edfi.dms.schema.extraction;

import org.edfi.dms.schema.identity.DocumentIdentity;

/**
 * A reference found in a document: where it sits ({@code $.classPeriods[1].classPeriodReference})
 * and the identity it points to, named by the target the ApiSchema gives, which may be abstract
 * (an EducationOrganization that some School or LocalEducationAgency must satisfy).
 */
public record DocumentReference(String path, DocumentIdentity target, boolean partOfIdentity) {}
