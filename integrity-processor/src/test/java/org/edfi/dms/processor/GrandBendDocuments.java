package org.edfi.dms.processor;

/** The documents of a small district, Grand Bend ISD, that the processor's tests write; some with a name to fill in. */
final class GrandBendDocuments {

    static final String LEA = """
            {"localEducationAgencyId": 255901, "nameOfInstitution": "Grand Bend ISD"}""";
    static final String NINTH_GRADE = """
            {"namespace": "uri://ed-fi.org/GradeLevelDescriptor", "codeValue": "Ninth grade", "shortDescription": "Ninth grade"}""";
    static final String SCHOOL = """
            {"schoolId": 255901001, "nameOfInstitution": "Grand Bend High School",
             "localEducationAgencyReference": {"localEducationAgencyId": 255901},
             "gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}]}""";
    static final String SCHOOL_YEAR = """
            {"schoolYear": 2022, "currentSchoolYear": true, "schoolYearDescription": "2021-2022"}""";
    static final String SESSION = """
            {"sessionName": "%s", "schoolReference": {"schoolId": 255901001}, "schoolYearTypeReference": {"schoolYear": 2022},
             "beginDate": "2021-08-23", "totalInstructionalDays": 81}""";
    static final String COURSE_OFFERING = """
            {"localCourseCode": "ALG-1", "schoolReference": {"schoolId": 255901001},
             "sessionReference": {"schoolId": 255901001, "schoolYear": 2022, "sessionName": "%s"}}""";
    static final String SECTION = """
            {"sectionIdentifier": "S1", "courseOfferingReference": {"localCourseCode": "ALG-1", "schoolId": 255901001, "schoolYear": 2022,
             "sessionName": "%s"}, "classPeriods": [{"classPeriodReference": {"classPeriodName": "%s", "schoolId": 255901001}}]}""";
    static final String CLASS_PERIOD = """
            {"classPeriodName": "%s", "schoolReference": {"schoolId": 255901001}}""";
    static final String BELL_SCHEDULE = """
            {"bellScheduleName": "Normal", "schoolReference": {"schoolId": 255901001},
             "classPeriods": [{"classPeriodReference": {"classPeriodName": "%s", "schoolId": 255901001}}]}""";
    static final String STUDENT = """
            {"studentUniqueId": "604822", "firstName": "Lisa", "lastSurname": "Woods", "birthDate": "2010-01-13"}""";

    private GrandBendDocuments() {}
}
