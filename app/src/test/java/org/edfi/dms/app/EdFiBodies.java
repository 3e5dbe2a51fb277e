package org.edfi.dms.app;

/** Ed-Fi documents of Data Standard 5.0 that the authorization tests write: a district's LEAs, schools and students. */
final class EdFiBodies {

    private EdFiBodies() {}

    static String descriptor(String type, String code) {
        return "{\"namespace\": \"uri://ed-fi.org/" + type + "\", \"codeValue\": \"" + code + "\", \"shortDescription\": \"" + code + "\"}";
    }

    /** Needs the descriptors LocalEducationAgencyCategoryDescriptor#Independent and EducationOrganizationCategoryDescriptor#Local Education Agency. */
    static String lea(long id) {
        return """
                {"localEducationAgencyId": %d, "nameOfInstitution": "District %d",
                 "localEducationAgencyCategoryDescriptor": "uri://ed-fi.org/LocalEducationAgencyCategoryDescriptor#Independent",
                 "categories": [{"educationOrganizationCategoryDescriptor": "uri://ed-fi.org/EducationOrganizationCategoryDescriptor#Local Education Agency"}]}"""
                .formatted(id, id);
    }

    /** Needs the descriptors EducationOrganizationCategoryDescriptor#School and GradeLevelDescriptor#Ninth grade. */
    static String school(long id, long lea) {
        return """
                {"schoolId": %d, "nameOfInstitution": "School %d", "localEducationAgencyReference": {"localEducationAgencyId": %d},
                 "educationOrganizationCategories": [{"educationOrganizationCategoryDescriptor": "uri://ed-fi.org/EducationOrganizationCategoryDescriptor#School"}],
                 "gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}]}"""
                .formatted(id, id, lea);
    }

    static String contact(String uniqueId) {
        return """
                {"contactUniqueId": "%s", "firstName": "Pat", "lastSurname": "Doe"}""".formatted(uniqueId);
    }

    /** A student's contact (a StudentContactAssociation). */
    static String studentContact(String student, String contact) {
        return """
                {"studentReference": {"studentUniqueId": "%s"}, "contactReference": {"contactUniqueId": "%s"}}""".formatted(student, contact);
    }

    static String student(String uniqueId) {
        return student(uniqueId, "F" + uniqueId);
    }

    static String student(String uniqueId, String firstName) {
        return "{\"studentUniqueId\": \"" + uniqueId + "\", \"firstName\": \"" + firstName + "\", \"lastSurname\": \"Woods\", \"birthDate\": \"2010-01-13\"}";
    }

    static String enrollment(String student, long school) {
        return "{\"studentReference\": {\"studentUniqueId\": \"" + student + "\"}, \"schoolReference\": {\"schoolId\": " + school + "},"
                + " \"entryDate\": \"2024-08-20\", \"entryGradeLevelDescriptor\": \"uri://ed-fi.org/GradeLevelDescriptor#Ninth grade\"}";
    }
}
