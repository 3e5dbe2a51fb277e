package org.edfi.dms.schema;

import java.util.Optional;

/**
 * How a subclass is also its abstract superclass: a School with schoolId 255901 is the
 * EducationOrganization with educationOrganizationId 255901.
 *
 * @param identityRename for domain-entity subclasses, the superclass's name for the subclass's single
 *     identity path (School's {@code $.schoolId} is {@code $.educationOrganizationId}); empty for
 *     association subclasses, whose identity paths are the superclass's own
 */
public record Superclass(QualifiedResourceName name, Optional<JsonPath> identityRename) {}
