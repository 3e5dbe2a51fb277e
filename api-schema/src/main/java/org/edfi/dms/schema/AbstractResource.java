package org.edfi.dms.schema;

import java.util.List;

/**
 * An abstract resource (EducationOrganization, GeneralStudentProgramAssociation): it has no
 * endpoint, but references may target it and any of its subclasses satisfies them.
 */
public record AbstractResource(QualifiedResourceName name, List<JsonPath> identityPaths, List<QualifiedResourceName> subclasses) {

    public AbstractResource {
        identityPaths = List.copyOf(identityPaths);
        subclasses = List.copyOf(subclasses);
    }
}
