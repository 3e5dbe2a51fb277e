package org.edfi.dms.benchmarks.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The documents the workloads' requests refer to, created through the API before the clock runs:
 * descriptors, one school, a school year, a session, a course and a course offering.
 */
final class Seed {

    static final long SCHOOL_ID = 255901001;
    static final int SCHOOL_YEAR = 2025;
    static final String SESSION = "2024-2025 Fall Semester";
    static final String COURSE = "ALG-1";
    /** The warm-up's school ids, far from the workloads' own. */
    private static final long WARM_UP_SCHOOL_IDS = 900_000_000;

    private Seed() {}

    /** Seeds the school (and its descriptors), then ten clients create schools and read each back by id and by query, for {@code seconds}. */
    static void warmUp(ServerProcess server, double seconds) throws Exception {
        LoadClient api = new LoadClient(server::authorization);
        String data = server.dataUrl();
        school(api, data);
        AtomicLong schoolIds = new AtomicLong(WARM_UP_SCHOOL_IDS);
        Load.closedLoop(10, seconds, (client, i) -> {
            long schoolId = schoolIds.getAndIncrement();
            LoadClient.Answer created = api.post(data + "schools", school(schoolId));
            return created.ok() && api.get(data + "schools/" + created.id().orElseThrow()).ok()
                    && api.get(data + "schools", "schoolId", Long.toString(schoolId)).ok();
        });
    }

    /** The descriptors and the school every workload needs. */
    static void school(LoadClient api, String dataUrl) {
        descriptor(api, dataUrl, "sexDescriptors", "SexDescriptor", "Female");
        descriptor(api, dataUrl, "gradeLevelDescriptors", "GradeLevelDescriptor", "Ninth grade");
        descriptor(api, dataUrl, "educationOrganizationCategoryDescriptors", "EducationOrganizationCategoryDescriptor", "School");
        api.post(dataUrl + "schools", school(SCHOOL_ID)).expectOk("seeding the school");
    }

    /** A school referring to the same two descriptors as every other (the hot-reference test's documents). */
    static String school(long schoolId) {
        return """
                {"schoolId": %d, "nameOfInstitution": "School %d",
                 "educationOrganizationCategories": [{"educationOrganizationCategoryDescriptor": "uri://ed-fi.org/EducationOrganizationCategoryDescriptor#School"}],
                 "gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}]}""".formatted(schoolId, schoolId);
    }

    /** What sections refer to: a school year, a session, a course and its offering. */
    static void courseOffering(LoadClient api, String dataUrl) {
        descriptor(api, dataUrl, "termDescriptors", "TermDescriptor", "Fall Semester");
        descriptor(api, dataUrl, "courseIdentificationSystemDescriptors", "CourseIdentificationSystemDescriptor", "LEA course code");
        api.post(dataUrl + "schoolYearTypes", """
                {"schoolYear": %d, "currentSchoolYear": true, "schoolYearDescription": "2024-2025"}""".formatted(SCHOOL_YEAR))
                .expectOk("seeding the school year");
        api.post(dataUrl + "sessions", """
                {"sessionName": "%s", "schoolReference": {"schoolId": %d}, "schoolYearTypeReference": {"schoolYear": %d},
                 "beginDate": "2024-08-20", "endDate": "2024-12-20", "termDescriptor": "uri://ed-fi.org/TermDescriptor#Fall Semester",
                 "totalInstructionalDays": 80}""".formatted(SESSION, SCHOOL_ID, SCHOOL_YEAR)).expectOk("seeding the session");
        api.post(dataUrl + "courses", """
                {"courseCode": "%s", "educationOrganizationReference": {"educationOrganizationId": %d}, "courseTitle": "Algebra 1",
                 "numberOfParts": 1, "identificationCodes": [{"courseIdentificationSystemDescriptor":
                 "uri://ed-fi.org/CourseIdentificationSystemDescriptor#LEA course code", "identificationCode": "%s"}]}"""
                .formatted(COURSE, SCHOOL_ID, COURSE)).expectOk("seeding the course");
        api.post(dataUrl + "courseOfferings", """
                {"localCourseCode": "%s", "courseReference": {"courseCode": "%s", "educationOrganizationId": %d},
                 "schoolReference": {"schoolId": %d}, "sessionReference": {"schoolId": %d, "schoolYear": %d, "sessionName": "%s"}}"""
                .formatted(COURSE, COURSE, SCHOOL_ID, SCHOOL_ID, SCHOOL_ID, SCHOOL_YEAR, SESSION)).expectOk("seeding the course offering");
    }

    static String student(String uniqueId, String firstName) {
        return student(null, uniqueId, firstName);
    }

    /** A student document; with its resource id when given (a PUT's body). */
    static String student(String id, String uniqueId, String firstName) {
        return "{" + (id == null ? "" : "\"id\": \"" + id + "\", ") + "\"studentUniqueId\": \"" + uniqueId + "\", \"firstName\": \"" + firstName + "\","
                + " \"lastSurname\": \"Woods\", \"birthDate\": \"2010-01-13\", \"birthSexDescriptor\": \"uri://ed-fi.org/SexDescriptor#Female\"}";
    }

    static String studentSchoolAssociation(String studentUniqueId) {
        return """
                {"studentReference": {"studentUniqueId": "%s"}, "schoolReference": {"schoolId": %d},
                 "entryDate": "2024-08-20", "entryGradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}"""
                .formatted(studentUniqueId, SCHOOL_ID);
    }

    static String section(String sectionIdentifier) {
        return """
                {"sectionIdentifier": "%s", "courseOfferingReference": {"localCourseCode": "%s", "schoolId": %d, "schoolYear": %d,
                 "sessionName": "%s"}}""".formatted(sectionIdentifier, COURSE, SCHOOL_ID, SCHOOL_YEAR, SESSION);
    }

    private static void descriptor(LoadClient api, String dataUrl, String resource, String name, String codeValue) {
        api.post(dataUrl + resource, "{\"namespace\": \"uri://ed-fi.org/" + name + "\", \"codeValue\": \"" + codeValue
                + "\", \"shortDescription\": \"" + codeValue + "\"}").expectOk("seeding " + resource);
    }
}
