package org.edfi.dms.schema;

/**
 * A resource named as MetaEd names it: project name ({@code Ed-Fi}) and resource name
 * ({@code School}, {@code AcademicSubjectDescriptor}, {@code EducationOrganization}). References in
 * the ApiSchema name their targets this way, abstract targets included.
 */
public record QualifiedResourceName(String projectName, String resourceName) {

    @Override
    public String toString() {
        return projectName + "." + resourceName;
    }
}
