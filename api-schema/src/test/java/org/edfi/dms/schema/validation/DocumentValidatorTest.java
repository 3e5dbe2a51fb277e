package org.edfi.dms.schema.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.Fixtures;
import org.edfi.dms.schema.Refusal;
import org.edfi.dms.schema.ResourceSchema;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DocumentValidatorTest {

    private static final ApiSchema SCHEMA = Fixtures.smallCore();
    private static final DocumentValidator VALIDATOR = DocumentValidator.forSchema(SCHEMA);

    private static ResourceSchema resource(String endpoint) {
        return SCHEMA.findResource("ed-fi", endpoint).orElseThrow();
    }

    private static final String SCHOOL = """
            {"schoolId": 255901001, "nameOfInstitution": "Grand Bend High School",
             "gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}]}""";

    private static final String STUDENT = """
            {"studentUniqueId": "604822", "firstName": "Lisa", "lastSurname": "Woods", "birthDate": "2010-01-13"}""";

    private static Optional<Refusal> insert(String endpoint, ObjectNode document) {
        return VALIDATOR.validateInsert(resource(endpoint), document);
    }

    private static Map<String, List<String>> errorsOfInsert(String endpoint, String json) {
        Refusal refusal = insert(endpoint, Fixtures.body(json)).orElseThrow(() -> new AssertionError("expected a validation failure"));
        assertEquals(Refusal.Kind.INVALID, refusal.kind());
        return refusal.validationErrors();
    }

    @Test
    void aValidDocumentPasses() {
        assertEquals(Optional.empty(), insert("schools", Fixtures.body(SCHOOL)));
        assertEquals(Optional.empty(), insert("students", Fixtures.body(STUDENT)));
    }

    @Nested
    class TheBody {

        private final JsonBodyParser parser = new JsonBodyParser();

        private Refusal parseFailure(String body) {
            JsonBodyParser.Result result = parser.parse(body.getBytes(StandardCharsets.UTF_8));
            assertFalse(result.ok());
            assertNull(result.document());
            return result.refusal();
        }

        @Test
        void mustNotBeEmpty() {
            Refusal refusal = parseFailure("  \n");
            assertEquals(Refusal.Kind.UNREADABLE, refusal.kind());
            assertEquals("A non-empty request body is required.", refusal.message());
        }

        @Test
        void mustBeJson() {
            Refusal refusal = parseFailure("{\"schoolId\": 1,,}");
            assertEquals(Refusal.Kind.INVALID, refusal.kind());
            assertTrue(refusal.validationErrors().get("$.").getFirst().contains("LineNumber: 1"), refusal.toString());
        }

        @Test
        void mustBeAnObject() {
            assertEquals(Map.of("$", List.of("The request body must be a JSON object.")), parseFailure("[1, 2]").validationErrors());
        }

        @Test
        void mustEndWithTheObject() {
            assertTrue(parseFailure("{} {}").validationErrors().containsKey("$."));
        }

        @Test
        void mustNotRepeatAPropertyAtAnyDepth() {
            Refusal refusal = parseFailure("""
                    {"bellScheduleName": "A", "bellScheduleName": "B",
                     "classPeriods": [{"classPeriodReference": {"classPeriodName": "P1", "classPeriodName": "P2", "schoolId": 1}}]}""");
            assertEquals(Map.of(
                    "$.bellScheduleName", List.of("An item with the same key has already been added."),
                    "$.classPeriods[0].classPeriodReference.classPeriodName", List.of("An item with the same key has already been added.")),
                    refusal.validationErrors());
        }

        @Test
        void mustNotNestTooDeeply() {
            String deep = "{\"a\":".repeat(70) + "1" + "}".repeat(70);
            assertTrue(parseFailure(deep).validationErrors().get("$.").getFirst().contains("nested more than 64 levels"));
        }

        @Test
        void refusesNumbersOfAbsurdMagnitude() {
            assertEquals(Map.of("$.schoolId", List.of("Numeric value is out of range.")),
                    parseFailure("{\"schoolId\": 1e999999999}").validationErrors());
        }

        @Test
        void mustBeStrictUtf8() {
            String school = "{\"nameOfInstitution\": \"X\"}";
            for (byte[] body : List.of(
                    new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'}, // an overlong '/'
                    new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}, // an encoded surrogate
                    new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'},
                    school.getBytes(StandardCharsets.UTF_16BE), // no BOM: a byte-level parser would guess UTF-16
                    school.getBytes(StandardCharsets.UTF_16))) {
                assertTrue(parser.parse(body).refusal().validationErrors().containsKey("$."), new String(body, StandardCharsets.ISO_8859_1));
            }
        }

        @Test
        void mayStartWithAByteOrderMark() {
            byte[] body = ("\ufeff" + "{\"schoolId\": 1}").getBytes(StandardCharsets.UTF_8);
            assertEquals(1, parser.parse(body).document().get("schoolId").intValue());
        }

        @Test
        void keepsDecimalsExact() {
            ObjectNode document = parser.parse("{\"x\": 0.1234567890123456789}".getBytes(StandardCharsets.UTF_8)).document();
            assertEquals("0.1234567890123456789", document.get("x").decimalValue().toPlainString());
        }
    }

    @Nested
    class TheResourceId {

        private static final UUID URL_ID = UUID.fromString("3af6ad85-1212-5833-be6f-f8df6f4d6402");

        @Test
        void cannotBeAssignedOnInsert() {
            ObjectNode school = Fixtures.body(SCHOOL);
            school.put("Id", "3af6ad85-1212-5833-be6f-f8df6f4d6402");
            Refusal refusal = insert("schools", school).orElseThrow();
            assertEquals(Refusal.Kind.CONSTRUCTED_INCORRECTLY, refusal.kind());
            assertEquals("Resource identifiers cannot be assigned by the client. The 'id' property should not be included in the request body.",
                    refusal.message());
        }

        @Test
        void isRequiredOnUpdateAndReportedWithTheOtherErrors() {
            ObjectNode school = Fixtures.body("{\"schoolId\": 255901001, \"gradeLevels\": []}");
            Map<String, List<String>> errors = VALIDATOR.validateUpdate(resource("schools"), URL_ID, school).orElseThrow().validationErrors();
            assertEquals(List.of("id is required."), errors.get("$.id"));
            assertEquals(List.of("nameOfInstitution is required."), errors.get("$.nameOfInstitution"));
        }

        @Test
        void isAcceptedOnUpdateWhenItIsTheUrlsAndSetAside() {
            ObjectNode school = Fixtures.body(SCHOOL);
            school.put("id", URL_ID.toString().toUpperCase(Locale.ROOT));
            assertEquals(Optional.empty(), VALIDATOR.validateUpdate(resource("schools"), URL_ID, school));
            assertFalse(school.has("id"));
        }

        @Test
        void mustBeTheUrlsOnUpdateOrIsTheOnlyErrorReported() {
            for (String id : List.of("\"" + UUID.randomUUID() + "\"", "42", "{}")) {
                ObjectNode school = Fixtures.body("{\"id\": " + id + ", \"schoolId\": 255901001}");
                Refusal refusal = VALIDATOR.validateUpdate(resource("schools"), URL_ID, school).orElseThrow();
                assertEquals(Map.of("$.id", List.of("Request body id must match the id in the url.")), refusal.validationErrors(), id);
            }
        }
    }

    @Nested
    class Coercion {

        @Test
        void turnsNumericAndBooleanStringsIntoValues() {
            ObjectNode school = Fixtures.body("""
                    {"schoolId": "255901001", "nameOfInstitution": "GBHS",
                     "gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}],
                     "addresses": [{"city": "Austin", "doNotPublishIndicator": "TRUE"}]}""");
            assertEquals(Optional.empty(), insert("schools", school));
            assertTrue(school.get("schoolId").isIntegralNumber());
            assertEquals(255901001L, school.get("schoolId").longValue());
            assertTrue(school.at("/addresses/0/doNotPublishIndicator").booleanValue());
        }

        @Test
        void givesTheDocumentSentWithNumbersAndBooleans() {
            ObjectNode coerced = Fixtures.body("""
                    {"schoolId": "255901001", "nameOfInstitution": "GBHS",
                     "gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}],
                     "addresses": [{"city": "Austin", "doNotPublishIndicator": "true"}]}""");
            ObjectNode typed = Fixtures.body("""
                    {"schoolId": 255901001, "nameOfInstitution": "GBHS",
                     "gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}],
                     "addresses": [{"city": "Austin", "doNotPublishIndicator": true}]}""");
            assertEquals(Optional.empty(), insert("schools", coerced));
            assertEquals(Optional.empty(), insert("schools", typed));
            assertEquals(typed, coerced);
        }

        @Test
        void leavesNumericStringsOfAbsurdMagnitudeForTheSchemaToReject() {
            Map<String, List<String>> errors = errorsOfInsert("schools", SCHOOL.replace("255901001", "\"1e999999999\""));
            assertEquals(List.of("schoolId Value is \"string\" but should be \"integer\""), errors.get("$.schoolId"));
        }

        @Test
        void leavesUnconvertibleStringsForTheSchemaToReject() {
            Map<String, List<String>> errors = errorsOfInsert("schools", SCHOOL.replace("255901001", "\"25x\""));
            assertEquals(List.of("schoolId Value is \"string\" but should be \"integer\""), errors.get("$.schoolId"));
        }

        @Test
        void readsUsSlashDatesAsIsoDates() {
            ObjectNode student = Fixtures.body(STUDENT.replace("2010-01-13", "1/13/2010"));
            assertEquals(Optional.empty(), insert("students", student));
            assertEquals("2010-01-13", student.get("birthDate").asText());
        }

        @Test
        void turnsADateIntoADateTimeAtMidnightUtc() {
            ObjectNode association = Fixtures.body("""
                    {"entryDate": "2024-08-23", "schoolReference": {"schoolId": 1}, "studentReference": {"studentUniqueId": "604822"},
                     "entryGradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade", "enrollmentRecordedAt": "2024-08-20"}""");
            assertEquals(Optional.empty(), insert("studentSchoolAssociations", association));
            assertEquals("2024-08-20T00:00:00Z", association.get("enrollmentRecordedAt").asText());
        }

        @Test
        void trimsADescriptorsCodeValueAndShortDescription() {
            ObjectNode descriptor = Fixtures.body("""
                    {"namespace": "uri://ed-fi.org/GradeLevelDescriptor", "codeValue": "Little Shell Tribe ", "shortDescription": " Little Shell Tribe"}""");
            assertEquals(Optional.empty(), insert("gradeLevelDescriptors", descriptor));
            assertEquals("Little Shell Tribe", descriptor.get("codeValue").asText());
            assertEquals("Little Shell Tribe", descriptor.get("shortDescription").asText());
        }
    }

    @Nested
    class StorableValues {

        @Test
        void refuseWhatTheStoreCannotHoldWithThePath() {
            Map<String, List<String>> errors = errorsOfInsert("students", """
                    {"studentUniqueId": "604822", "firstName": "Li\\u0000sa", "lastSurname": "Wo\\ud800ods", "birthDate": "2010-01-13"}""");
            assertEquals(List.of("The value contains the character U+0000, which cannot be stored."), errors.get("$.firstName"));
            assertEquals(List.of("The value contains half of a UTF-16 surrogate pair (U+D800) without the other half, which cannot be stored."),
                    errors.get("$.lastSurname"));
        }

        @Test
        void refuseIntegersBeyondSixtyFourBits() {
            assertEquals(Map.of("$.schoolId", List.of("Numeric value is out of range.")),
                    errorsOfInsert("schools", SCHOOL.replace("255901001", "9223372036854775808")));
            assertEquals(Optional.empty(), insert("schools", Fixtures.body(SCHOOL.replace("255901001", "9223372036854775807"))));
        }

        @Test
        void acceptPairedSurrogates() {
            assertEquals(Optional.empty(), insert("students", Fixtures.body(STUDENT.replace("Lisa", "Li\uD834\uDD1Esa"))));
        }
    }

    @Nested
    class Overposting {

        @Test
        void dropsUndeclaredPropertiesAtAnyDepth() {
            ObjectNode school = Fixtures.body("""
                    {"schoolId": 1, "nameOfInstitution": "GBHS", "mascot": "Owls",
                     "gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade", "extra": 1}]}""");
            assertEquals(Optional.empty(), insert("schools", school));
            assertFalse(school.has("mascot"));
            assertFalse(school.at("/gradeLevels/0").has("extra"));
        }

        @Test
        void dropsNullsAndEmptyCollections() {
            ObjectNode school = Fixtures.body(SCHOOL.replace("\"schoolId\"", "\"charterApprovalDate\": null, \"addresses\": [{}], \"schoolId\""));
            assertEquals(Optional.empty(), insert("schools", school));
            assertFalse(school.has("charterApprovalDate"));
            assertFalse(school.has("addresses"));
        }
    }

    @Nested
    class SchemaErrors {

        @Test
        void reportMissingRequiredPropertiesByTheirPath() {
            Map<String, List<String>> errors = errorsOfInsert("sessions", """
                    {"sessionName": "Fall", "schoolReference": {}, "schoolYearTypeReference": {"schoolYear": 2022},
                     "beginDate": "2021-08-23"}""");
            assertEquals(List.of("schoolId is required."), errors.get("$.schoolReference.schoolId"));
            assertEquals(List.of("totalInstructionalDays is required."), errors.get("$.totalInstructionalDays"));
        }

        @Test
        void reportAReferenceMissingPartOfItsTargetsIdentityEvenWhenTheSchemaAllowsIt() {
            Map<String, List<String>> errors = errorsOfInsert("sessions", """
                    {"sessionName": "Fall", "schoolReference": {"schoolId": 1}, "schoolYearTypeReference": {},
                     "beginDate": "2021-08-23", "totalInstructionalDays": 81}""");
            assertEquals(Map.of("$.schoolYearTypeReference.schoolYear", List.of("schoolYear is required.")), errors);
        }

        @Test
        void reportEveryErrorOfTheDocumentTogether() {
            Map<String, List<String>> errors = errorsOfInsert("students", """
                    {"studentUniqueId": " 604822", "firstName": "   ", "lastSurname": "%s", "birthDate": "2010-02-30"}"""
                    .formatted("W".repeat(76)));
            assertEquals(Map.of(
                    "$.studentUniqueId", List.of("studentUniqueId cannot contain leading or trailing spaces."),
                    "$.firstName", List.of("firstName cannot contain leading or trailing spaces."),
                    "$.lastSurname", List.of("lastSurname Value should be at most 75 characters"),
                    "$.birthDate", List.of("birthDate Value is not a valid date (expected yyyy-MM-dd)")), errors);
        }

        @Test
        void reportAnEmptyPatternedStringAsRequiredOnce() {
            Map<String, List<String>> errors = errorsOfInsert("students", STUDENT.replace("\"604822\"", "\"\""));
            assertEquals(List.of("studentUniqueId is required and should not be left empty."), errors.get("$.studentUniqueId"));
        }

        @Test
        void reportNumericRangesAndCollectionSizes() {
            Map<String, List<String>> errors = errorsOfInsert("studentSchoolAssociations", """
                    {"entryDate": "2024-08-23", "schoolReference": {"schoolId": 1}, "studentReference": {"studentUniqueId": "604822"},
                     "entryGradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade", "fullTimeEquivalency": 1.5}""");
            assertEquals(List.of("fullTimeEquivalency Value should be at most 1"), errors.get("$.fullTimeEquivalency"));

            Map<String, List<String>> schoolErrors = errorsOfInsert("schools", """
                    {"schoolId": 1, "nameOfInstitution": "GBHS", "gradeLevels": [{"gradeLevelDescriptor": 9}]}""");
            assertEquals(List.of("gradeLevelDescriptor Value is \"integer\" but should be \"string\""),
                    schoolErrors.get("$.gradeLevels[0].gradeLevelDescriptor"));
        }

        @Test
        void acceptWallClockTimesAndRejectImpossibleOnes() {
            assertEquals(Optional.empty(), insert("schools", Fixtures.body(SCHOOL.replace("\"schoolId\"", "\"openingTime\": \"07:45:00\", \"schoolId\""))));
            Map<String, List<String>> errors = errorsOfInsert("schools", SCHOOL.replace("\"schoolId\"", "\"openingTime\": \"25:00:00\", \"schoolId\""));
            assertEquals(List.of("openingTime Value is not a valid time (expected HH:mm:ss)"), errors.get("$.openingTime"));
        }
    }

    @Nested
    class EqualityConstraints {

        @Test
        void holdWhenSharedKeysAgree() {
            assertEquals(Optional.empty(), insert("bellSchedules", Fixtures.body("""
                    {"bellScheduleName": "Normal", "schoolReference": {"schoolId": 255901001},
                     "classPeriods": [{"classPeriodReference": {"classPeriodName": "P1", "schoolId": 255901001}}]}""")));
        }

        @Test
        void failUnderBothPathsWithTheConflictingValues() {
            Map<String, List<String>> errors = errorsOfInsert("bellSchedules", """
                    {"bellScheduleName": "Normal", "schoolReference": {"schoolId": 255901001},
                     "classPeriods": [{"classPeriodReference": {"classPeriodName": "P1", "schoolId": 255901001}},
                                      {"classPeriodReference": {"classPeriodName": "P2", "schoolId": 255901044}}]}""");
            String message = "All values supplied for 'schoolId' must match. Review all references (including those higher up in the"
                    + " resource's data) and align the following conflicting values: '255901001', '255901044'";
            assertEquals(Map.of(
                    "$.classPeriods[*].classPeriodReference.schoolId", List.of(message),
                    "$.schoolReference.schoolId", List.of(message)), errors);
        }
    }

    @Nested
    class IdentityStrings {

        @Test
        void mustNotBePaddedEvenWhereTheSchemaHasNoPattern() {
            Map<String, List<String>> errors = errorsOfInsert("studentSchoolAttendanceEvents", """
                    {"schoolReference": {"schoolId": 1}, "studentReference": {"studentUniqueId": "604822"}, "eventDate": "2024-09-03",
                     "attendanceEventCategoryDescriptor": "uri://ed-fi.org/AttendanceEventCategoryDescriptor#Tardy "}""");
            assertEquals(Map.of("$.attendanceEventCategoryDescriptor",
                    List.of("attendanceEventCategoryDescriptor cannot contain leading or trailing spaces.")), errors);
        }
    }
}
