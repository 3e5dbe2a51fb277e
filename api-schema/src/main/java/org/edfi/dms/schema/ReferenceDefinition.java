package org.edfi.dms.schema;

import java.util.List;

/**
 * A document reference declared by the ApiSchema: the object at {@code objectPath} (one per array
 * element when the path has a wildcard) carries identity values of the {@code target} resource.
 * The target may be abstract (EducationOrganization), in which case any subclass satisfies it.
 *
 * @param fields in the target's identity order, which is the order the referential id is computed in
 */
public record ReferenceDefinition(
        String name,
        QualifiedResourceName target,
        boolean partOfIdentity,
        JsonPath objectPath,
        List<Field> fields) {

    /**
     * One identity value carried by the reference.
     *
     * @param targetIdentityPath where the value sits in the target document, e.g. {@code $.schoolReference.schoolId}
     * @param propertyName the property inside the reference object, e.g. {@code schoolId}
     * @param referencePath the full path in the referencing document
     */
    public record Field(JsonPath targetIdentityPath, String propertyName, JsonPath referencePath) {}

    public ReferenceDefinition {
        fields = List.copyOf(fields);
    }
}
