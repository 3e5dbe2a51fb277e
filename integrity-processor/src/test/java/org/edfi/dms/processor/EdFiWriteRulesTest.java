package org.edfi.dms.processor;

import static org.edfi.dms.processor.GrandBendDocuments.BELL_SCHEDULE;
import static org.edfi.dms.processor.GrandBendDocuments.CLASS_PERIOD;
import static org.edfi.dms.processor.GrandBendDocuments.COURSE_OFFERING;
import static org.edfi.dms.processor.GrandBendDocuments.LEA;
import static org.edfi.dms.processor.GrandBendDocuments.NINTH_GRADE;
import static org.edfi.dms.processor.GrandBendDocuments.SCHOOL;
import static org.edfi.dms.processor.GrandBendDocuments.SCHOOL_YEAR;
import static org.edfi.dms.processor.GrandBendDocuments.SECTION;
import static org.edfi.dms.processor.GrandBendDocuments.SESSION;
import static org.edfi.dms.processor.GrandBendDocuments.STUDENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.CommandResult;
import org.edfi.dms.contracts.DocumentEnvelope;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.schema.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Ed-Fi write semantics of one instance, through its topology. */
class EdFiWriteRulesTest {

    private final TopologyHarness instance = new TopologyHarness();

    @AfterEach
    void close() {
        instance.close();
    }

    /** The descriptor, LEA and school most tests need. */
    private UUID aSchool() {
        instance.created("gradeLevelDescriptors", NINTH_GRADE);
        instance.created("localEducationAgencies", LEA);
        return instance.created("schools", SCHOOL);
    }

    @Nested
    class Upserts {

        @Test
        void aNewNaturalKeyIsCreatedWithANewIdAndEmitted() {
            instance.created("gradeLevelDescriptors", NINTH_GRADE);
            instance.created("localEducationAgencies", LEA);
            instance.emitted();
            CommandResult result = instance.post("schools", SCHOOL);
            assertEquals(201, result.status());
            assertTrue(result.documentId() != null && result.etag() != null && result.lastModified() != null);

            List<DocumentEnvelope> changes = instance.emitted();
            assertEquals(1, changes.size());
            DocumentEnvelope school = changes.getFirst();
            assertEquals(result.documentId(), school.documentId());
            assertEquals("schools", school.resource());
            assertEquals("School", school.resourceName());
            assertEquals(Map.of("$.schoolId", "255901001"), school.identity());
            assertEquals("Grand Bend High School", school.document().get("nameOfInstitution").asText());
            assertEquals(3, school.changeVersion(), "the third change of the instance");
            assertFalse(school.deleted());
        }

        @Test
        void anExistingNaturalKeyIsUpdatedInPlaceWith200() {
            UUID school = aSchool();
            instance.emitted();
            CommandResult result = instance.post("schools", SCHOOL.replace("Grand Bend High School", "Grand Bend HS"));
            assertEquals(200, result.status());
            assertEquals(school, result.documentId());
            DocumentEnvelope change = instance.emitted().getFirst();
            assertEquals("Grand Bend HS", change.document().get("nameOfInstitution").asText());
            assertEquals(4, change.changeVersion());
        }

        @Test
        void anUnchangedDocumentIsAcknowledgedWithoutANewVersion() {
            aSchool();
            CommandResult first = instance.post("schools", SCHOOL);
            instance.emitted();
            CommandResult again = instance.post("schools", SCHOOL);
            assertEquals(200, again.status());
            assertEquals(first.etag(), again.etag());
            assertNull(again.changeVersion());
            assertTrue(instance.emitted().isEmpty());
        }

        @Test
        void theBodyIsNormalizedHereAsItIsReceivedFromAnyWriter() {
            instance.created("localEducationAgencies", """
                    {"localEducationAgencyId": "255901", "nameOfInstitution": "Grand Bend ISD", "link": {"rel": "LocalEducationAgency"}}""");
            DocumentEnvelope lea = instance.emitted().getFirst();
            assertEquals(Map.of("$.localEducationAgencyId", "255901"), lea.identity());
            assertEquals(Fixtures.body(LEA), lea.document(), "the id coerced to a number, the undeclared link dropped");
        }

        @Test
        void aDocumentSentAgainWithItsNumbersAsStringsIsUnchanged() {
            instance.created("localEducationAgencies", LEA);
            instance.emitted();
            CommandResult again = instance.post("localEducationAgencies", LEA.replace("255901", "\"255901\""));
            assertEquals(200, again.status());
            assertNull(again.changeVersion());
            assertTrue(instance.emitted().isEmpty());
        }

        @Test
        void anInvalidDocumentIsRefusedWithTheValidationProblemAndChangesNothing() {
            CommandResult result = instance.post("students", "{\"studentUniqueId\": \"604822\"}");
            assertEquals(400, result.status());
            assertEquals(Problem.DATA_VALIDATION_FAILED, result.problem().type());
            assertEquals(List.of("firstName is required."), result.problem().validationErrors().get("$.firstName"));
            assertTrue(instance.emitted().isEmpty());
        }

        @Test
        void anUnknownResourceIs404() {
            CommandResult result = instance.send(Command.upsert("c1", "ed-fi", "spaceships", Fixtures.body("{}"), null, null));
            assertEquals(404, result.status());
        }

        @Test
        void endpointNamesMatchWithoutCase() {
            instance.created("gradeLevelDescriptors", NINTH_GRADE);
            CommandResult result = instance.send(Command.upsert("c1", "Ed-Fi", "LocalEducationAgencies", Fixtures.body(LEA), null, null));
            assertEquals(201, result.status());
        }
    }

    @Nested
    class References {

        @Test
        void aMissingReferencedDocumentIs409WithItsPath() {
            instance.created("gradeLevelDescriptors", NINTH_GRADE);
            CommandResult result = instance.post("schools", SCHOOL);
            assertEquals(409, result.status());
            assertEquals(Problem.UNRESOLVED_REFERENCE, result.problem().type());
            assertEquals("One or more references could not be resolved. See 'validationErrors' for details.", result.problem().detail());
            assertEquals(Map.of("$.localEducationAgencyReference", List.of("The referenced LocalEducationAgency item does not exist.")),
                    result.problem().validationErrors());
        }

        @Test
        void aMissingDescriptorIsABadRequestNamingTheValue() {
            instance.created("localEducationAgencies", LEA);
            CommandResult result = instance.post("schools", SCHOOL);
            assertEquals(400, result.status());
            assertEquals(Problem.BAD_REQUEST, result.problem().type());
            assertEquals("Bad Request", result.problem().title());
            assertEquals(Map.of("$.gradeLevels[0].gradeLevelDescriptor",
                    List.of("GradeLevelDescriptor value 'uri://ed-fi.org/GradeLevelDescriptor#Ninth grade' does not exist.")),
                    result.problem().validationErrors());
        }

        @Test
        void descriptorsMatchWithoutCase() {
            instance.created("gradeLevelDescriptors", NINTH_GRADE);
            instance.created("localEducationAgencies", LEA);
            assertEquals(201, instance.post("schools", SCHOOL.replace("#Ninth grade", "#NINTH GRADE")).status());
        }

        @Test
        void aReferenceToAnAbstractResourceIsSatisfiedByASubclass() {
            instance.created("students", STUDENT);
            String association = """
                    {"educationOrganizationReference": {"educationOrganizationId": %d}, "studentReference": {"studentUniqueId": "604822"}}""";
            assertEquals(409, instance.post("studentEducationOrganizationAssociations", association.formatted(255901001)).status());
            aSchool();
            assertEquals(201, instance.post("studentEducationOrganizationAssociations", association.formatted(255901001)).status());
            assertEquals(201, instance.post("studentEducationOrganizationAssociations", association.formatted(255901)).status(),
                    "the LEA is an education organization too");
        }

        @Test
        void twoSubclassesCannotShareTheirSuperclassIdentity() {
            aSchool();
            CommandResult result = instance.post("localEducationAgencies", "{\"localEducationAgencyId\": 255901001, \"nameOfInstitution\": \"Clash\"}");
            assertEquals(409, result.status());
            assertEquals(Problem.IDENTITY_CONFLICT, result.problem().type());
        }
    }

    @Nested
    class Deletes {

        @Test
        void aReferencedDocumentCannotBeDeleted() {
            aSchool();
            UUID lea = instance.post("localEducationAgencies", LEA).documentId();
            CommandResult result = instance.delete("localEducationAgencies", lea);
            assertEquals(409, result.status());
            assertEquals(Problem.DEPENDENT_ITEM_EXISTS, result.problem().type());
            assertEquals("The requested action cannot be performed because this item is referenced by existing School item(s).",
                    result.problem().detail());
        }

        @Test
        void referencedThroughItsSuperclassIdentityCountsToo() {
            UUID school = aSchool();
            instance.created("students", STUDENT);
            instance.created("studentEducationOrganizationAssociations", """
                    {"educationOrganizationReference": {"educationOrganizationId": 255901001}, "studentReference": {"studentUniqueId": "604822"}}""");
            CommandResult result = instance.delete("schools", school);
            assertEquals(409, result.status());
            assertTrue(result.problem().detail().contains("StudentEducationOrganizationAssociation"), result.problem().detail());
        }

        @Test
        void deletingTheReferrerFirstFreesTheReferenced() {
            UUID school = aSchool();
            UUID lea = instance.post("localEducationAgencies", LEA).documentId();
            instance.emitted();
            assertEquals(204, instance.delete("schools", school).status());
            assertEquals(204, instance.delete("localEducationAgencies", lea).status());
            List<DocumentEnvelope> deletes = instance.emitted();
            assertEquals(List.of(school, lea), deletes.stream().map(DocumentEnvelope::documentId).toList());
            assertTrue(deletes.stream().allMatch(d -> d.deleted() && d.document() == null));
            assertEquals(Map.of("$.schoolId", "255901001"), deletes.getFirst().identity());
        }

        @Test
        void aDeletedDocumentCanNoLongerBeReferenced() {
            UUID school = aSchool();
            assertEquals(204, instance.delete("schools", school).status());
            instance.created("students", STUDENT);
            CommandResult result = instance.post("studentEducationOrganizationAssociations", """
                    {"educationOrganizationReference": {"educationOrganizationId": 255901001}, "studentReference": {"studentUniqueId": "604822"}}""");
            assertEquals(409, result.status());
            assertEquals(Map.of("$.educationOrganizationReference", List.of("The referenced EducationOrganization item does not exist.")),
                    result.problem().validationErrors());
        }

        @Test
        void anUnknownIdIs404() {
            assertEquals(404, instance.delete("schools", UUID.randomUUID()).status());
        }

        @Test
        void anIdOfAnotherResourceIs404() {
            UUID school = aSchool();
            assertEquals(404, instance.delete("students", school).status());
        }

        @Test
        void aStaleEtagIs412() {
            UUID school = aSchool();
            CommandResult result = instance.delete("schools", school, "12345");
            assertEquals(412, result.status());
            assertEquals(Problem.OPTIMISTIC_LOCK_FAILED, result.problem().type());
        }

        @Test
        void aDocumentSharingItsReferenceIdentityMayGoWhileAnotherStillHoldsIt() {
            aSchool();
            instance.created("attendanceEventCategoryDescriptors", """
                    {"namespace": "uri://ed-fi.org/AttendanceEventCategoryDescriptor", "codeValue": "Tardy", "shortDescription": "Tardy"}""");
            instance.created("attendanceEventCategoryDescriptors", """
                    {"namespace": "uri://ed-fi.org/AttendanceEventCategoryDescriptor", "codeValue": "Excused Absence", "shortDescription": "Excused"}""");
            instance.created("students", STUDENT);
            String event = """
                    {"schoolReference": {"schoolId": 255901001}, "studentReference": {"studentUniqueId": "604822"}, "eventDate": "2021-09-03",
                     "attendanceEventCategoryDescriptor": "uri://ed-fi.org/AttendanceEventCategoryDescriptor#%s"}""";
            UUID tardy = instance.created("studentSchoolAttendanceEvents", event.formatted("Tardy"));
            UUID absent = instance.created("studentSchoolAttendanceEvents", event.formatted("Excused Absence"));
            assertNotEquals(tardy, absent, "two categories on one day are two events");
            instance.created("attendanceNotes", """
                    {"noteIdentifier": "N1", "attendanceEventReference": {"schoolId": 255901001, "studentUniqueId": "604822"}}""");

            assertEquals(204, instance.delete("studentSchoolAttendanceEvents", tardy).status());
            CommandResult last = instance.delete("studentSchoolAttendanceEvents", absent);
            assertEquals(409, last.status());
            assertTrue(last.problem().detail().contains("AttendanceNote"));
        }
    }

    @Nested
    class UpdatesById {

        @Test
        void replaceTheDocumentAndAnswer204() {
            UUID school = aSchool();
            CommandResult result = instance.put("schools", school, SCHOOL.replace("Grand Bend High School", "GBHS"), null);
            assertEquals(204, result.status());
            assertEquals(school, result.documentId());
        }

        @Test
        void anUnknownIdIs404() {
            aSchool();
            CommandResult result = instance.put("schools", UUID.randomUUID(), SCHOOL, null);
            assertEquals(404, result.status());
            assertEquals("Resource to update was not found", result.problem().detail());
        }

        @Test
        void theBodyIdMustMatchTheUrl() {
            UUID school = aSchool();
            var body = Fixtures.body(SCHOOL);
            body.put("id", UUID.randomUUID().toString());
            CommandResult result = instance.send(Command.update("c-mismatch", "ed-fi", "schools", school, null, body, null, null));
            assertEquals(400, result.status());
            assertEquals(List.of("Request body id must match the id in the url."), result.problem().validationErrors().get("$.id"));
        }

        @Test
        void aStaleEtagIs412AndACurrentOneSucceeds() {
            UUID school = aSchool();
            String etag = instance.post("schools", SCHOOL).etag();
            assertEquals(412, instance.put("schools", school, SCHOOL.replace("Grand Bend High School", "A"), "999").status());
            assertEquals(204, instance.put("schools", school, SCHOOL.replace("Grand Bend High School", "A"), etag).status());
            assertEquals(412, instance.put("schools", school, SCHOOL.replace("Grand Bend High School", "B"), etag).status(),
                    "the etag changed with the first update");
        }

        @Test
        void ifMatchStarMatchesAnyDocumentAndFailsWithoutOne() {
            UUID school = aSchool();
            assertEquals(204, instance.put("schools", school, SCHOOL.replace("Grand Bend High School", "A"), "*").status());
            CommandResult missing = instance.put("schools", UUID.randomUUID(), SCHOOL, "*");
            assertEquals(412, missing.status());
            assertEquals(Problem.OPTIMISTIC_LOCK_FAILED, missing.problem().type());
            assertEquals(204, instance.delete("schools", school, "*").status());
            assertEquals(412, instance.delete("schools", school, "*").status(), "deleted: no document to match");
        }

        @Test
        void aKeyChangeIsRefusedWhereTheResourceDoesNotAllowIt() {
            UUID school = aSchool();
            CommandResult result = instance.put("schools", school, SCHOOL.replace("255901001", "255901002"), null);
            assertEquals(400, result.status());
            assertEquals(Problem.KEY_CHANGE_NOT_SUPPORTED, result.problem().type());
            assertEquals("Identifying values for the School resource cannot be changed. Delete and recreate the resource item instead.",
                    result.problem().detail());
        }

        @Test
        void aKeyChangeToAnExistingKeyIs409() {
            aSchool();
            instance.created("classPeriods", CLASS_PERIOD.formatted("P1"));
            UUID p2 = instance.created("classPeriods", CLASS_PERIOD.formatted("P2"));
            CommandResult result = instance.put("classPeriods", p2, CLASS_PERIOD.formatted("P1"), null);
            assertEquals(409, result.status());
            assertEquals(Problem.IDENTITY_CONFLICT, result.problem().type());
        }
    }

    @Nested
    class IdentityCascades {

        @Test
        void aRenamedClassPeriodIsRenamedInEveryReferrer() {
            aSchool();
            UUID period = instance.created("classPeriods", CLASS_PERIOD.formatted("P1"));
            UUID schedule = instance.created("bellSchedules", BELL_SCHEDULE.formatted("P1"));
            instance.emitted();

            CommandResult result = instance.put("classPeriods", period, CLASS_PERIOD.formatted("Period 1"), null);
            assertEquals(204, result.status());
            List<DocumentEnvelope> changes = instance.emitted();
            assertEquals(List.of(period, schedule), changes.stream().map(DocumentEnvelope::documentId).toList());
            assertEquals("Period 1", changes.get(1).document().at("/classPeriods/0/classPeriodReference/classPeriodName").asText());
            assertTrue(changes.get(1).changeVersion() > changes.get(0).changeVersion());

            // The old name is gone, the new one is referenced: the period cannot be deleted, a new P1 can be made.
            assertEquals(409, instance.delete("classPeriods", period).status());
            assertEquals(201, instance.post("classPeriods", CLASS_PERIOD.formatted("P1")).status());
        }

        @Test
        void aRenamedSessionCascadesThroughCourseOfferingsToSections() {
            aSchool();
            instance.created("schoolYearTypes", SCHOOL_YEAR);
            UUID session = instance.created("sessions", SESSION.formatted("Fall"));
            UUID offering = instance.created("courseOfferings", COURSE_OFFERING.formatted("Fall"));
            instance.created("classPeriods", CLASS_PERIOD.formatted("P1"));
            UUID section = instance.created("sections", SECTION.formatted("Fall", "P1"));
            instance.emitted();

            assertEquals(204, instance.put("sessions", session, SESSION.formatted("Autumn"), null).status());
            List<DocumentEnvelope> changes = instance.emitted();
            assertEquals(List.of(session, offering, section), changes.stream().map(DocumentEnvelope::documentId).toList());
            assertEquals("Autumn", changes.get(1).identity().get("$.sessionReference.sessionName"));
            assertEquals("Autumn", changes.get(2).identity().get("$.courseOfferingReference.sessionName"));

            // Everything now answers to the new keys: a section posted against the old offering fails, the new one updates.
            assertEquals(409, instance.post("sections", SECTION.formatted("Fall", "P1").replace("S1", "S2")).status());
            CommandResult upsert = instance.post("sections", SECTION.formatted("Autumn", "P1"));
            assertEquals(200, upsert.status());
            assertEquals(section, upsert.documentId());
        }

        @Test
        void everyKeyAnUpdateOrItsCascadeChangesIsToldWithItsOldAndNewValues() {
            aSchool();
            instance.created("schoolYearTypes", SCHOOL_YEAR);
            UUID session = instance.created("sessions", SESSION.formatted("Fall"));
            instance.created("courseOfferings", COURSE_OFFERING.formatted("Fall"));
            UUID period = instance.created("classPeriods", CLASS_PERIOD.formatted("P1"));
            instance.created("sections", SECTION.formatted("Fall", "P1"));
            assertTrue(instance.emitted().stream().allMatch(change -> change.keyChange() == null), "a create changes no key");

            instance.put("sessions", session, SESSION.formatted("Autumn"), null);
            List<DocumentEnvelope> renamed = instance.emitted();
            assertEquals("Fall", renamed.get(0).keyChange().oldKeyValues().get("$.sessionName").asText());
            assertEquals("Autumn", renamed.get(0).keyChange().newKeyValues().get("$.sessionName").asText());
            assertEquals(255901001, renamed.get(0).keyChange().newKeyValues().get("$.schoolReference.schoolId").asInt(),
                    "key values are kept as the document holds them: a number stays a number");
            assertEquals("Fall", renamed.get(1).keyChange().oldKeyValues().get("$.sessionReference.sessionName").asText(),
                    "the course offering's key changed with the session it references");
            assertEquals("Autumn", renamed.get(2).keyChange().newKeyValues().get("$.courseOfferingReference.sessionName").asText(),
                    "and the section's with its course offering");

            instance.put("classPeriods", period, CLASS_PERIOD.formatted("P1"), null);
            instance.emitted().forEach(change -> assertNull(change.keyChange(), "an update that keeps the key changes none"));
            instance.put("classPeriods", period, CLASS_PERIOD.formatted("Period 1"), null);
            List<DocumentEnvelope> periods = instance.emitted();
            assertEquals("Period 1", periods.get(0).keyChange().newKeyValues().get("$.classPeriodName").asText());
            assertNull(periods.get(1).keyChange(), "the section's class periods are not part of its key: rewritten, not re-keyed");
        }

        @Test
        void aCascadeThatWouldCollideIsRefusedWhole() {
            aSchool();
            instance.created("schoolYearTypes", SCHOOL_YEAR);
            UUID fall = instance.created("sessions", SESSION.formatted("Fall"));
            instance.created("courseOfferings", COURSE_OFFERING.formatted("Fall"));
            instance.created("sessions", SESSION.formatted("Autumn"));
            instance.created("courseOfferings", COURSE_OFFERING.formatted("Autumn"));
            instance.emitted();

            // Renaming Fall to Winter is fine; renaming it onto Autumn would collide with Autumn's session.
            CommandResult result = instance.put("sessions", fall, SESSION.formatted("Autumn"), null);
            assertEquals(409, result.status());
            assertTrue(instance.emitted().isEmpty());
        }
    }

    @Nested
    class KafkaNativeWriters {

        @Test
        void aReplayedCommandIsAnsweredAgainButAppliedOnce() {
            aSchool();
            instance.emitted();
            Command command = Command.upsert("same-id", "ed-fi", "students", Fixtures.body(STUDENT), null, null);
            CommandResult first = instance.send(command);
            CommandResult replay = instance.send(command);
            assertEquals(201, first.status());
            assertEquals(first, replay);
            assertEquals(1, instance.emitted().size());
        }

        @Test
        void aMalformedCommandGetsABadRequestResultAndTheInstanceGoesOn() {
            instance.commands.pipeInput("broken-1", "{not json".getBytes());
            CommandResult result = instance.onlyResult();
            assertEquals("broken-1", result.commandId());
            assertEquals(400, result.status());
            assertTrue(result.problem().errors().getFirst().startsWith("Malformed command: "), result.problem().toString());

            instance.commands.pipeInput("broken-2", "{\"version\": 1, \"commandId\": \"broken-2\", \"type\": \"upsert\"}".getBytes());
            assertTrue(instance.onlyResult().problem().errors().getFirst().contains("needs a project and a resource"));

            assertEquals(201, instance.post("gradeLevelDescriptors", NINTH_GRADE).status());
        }

        @Test
        void anUpdateWhoseBodyIdIsNotItsDocumentIdIsRefusedAsAnHttpPutIs() {
            UUID school = aSchool();
            ObjectNode body = Fixtures.body(SCHOOL);
            body.put("id", 42);
            CommandResult result = instance.send(Command.update("c-number-id", "ed-fi", "schools", school, null, body, null, null));
            assertEquals(400, result.status());
            assertEquals(Map.of("$.id", List.of("Request body id must match the id in the url.")), result.problem().validationErrors());
        }

        @Test
        void aResultGoesToTheReplyTopicTheCommandNames() {
            var replies = instance.driver.createOutputTopic("dms.replies.node-1",
                    org.apache.kafka.common.serialization.Serdes.String().deserializer(),
                    org.apache.kafka.common.serialization.Serdes.ByteArray().deserializer());
            instance.commands.pipeInput("c-reply", org.edfi.dms.contracts.MessageCodec.encode(
                    Command.upsert("c-reply", "ed-fi", "gradeLevelDescriptors", Fixtures.body(NINTH_GRADE), "dms.replies.node-1", null)));
            assertEquals(List.of("c-reply"), replies.readKeyValuesToList().stream().map(kv -> kv.key).toList());
            assertTrue(instance.results.isEmpty());
        }
    }

    /** A client whose vendor has namespace prefixes writes, replaces and deletes only documents in those namespaces. */
    @Nested
    class NamespaceAuthorization {

        private static final List<String> GRAND_BEND = List.of("uri://gbisd.edu");
        private static final String OWN = """
                {"namespace": "uri://gbisd.edu/GradeLevelDescriptor", "codeValue": "Ninth grade", "shortDescription": "Ninth grade"}""";

        private CommandResult postAs(List<String> prefixes, String resource, String json) {
            return instance.send(Command.upsert(instance.nextCommandId(), "ed-fi", resource, Fixtures.body(json), null, "gbisd")
                    .limitedTo(prefixes, null));
        }

        @Test
        void aDocumentInTheVendorsNamespaceIsWrittenAndOneInAnotherIs403AndChangesNothing() {
            assertEquals(201, postAs(GRAND_BEND, "gradeLevelDescriptors", OWN).status());
            instance.emitted();
            CommandResult refused = postAs(GRAND_BEND, "gradeLevelDescriptors", NINTH_GRADE);
            assertEquals(403, refused.status());
            assertEquals(Problem.NAMESPACE_MISMATCH, refused.problem().type());
            assertTrue(refused.problem().detail().contains("'uri://ed-fi.org/GradeLevelDescriptor'"), refused.problem().detail());
            assertTrue(instance.emitted().isEmpty());
        }

        @Test
        void anotherNamespacesDocumentCanBeNeitherReplacedNorDeleted() {
            UUID edfi = instance.created("gradeLevelDescriptors", NINTH_GRADE); // by a writer trusted with every namespace
            ObjectNode body = Fixtures.body(NINTH_GRADE.replace("Ninth grade\"}", "9th\"}"));
            body.put("id", edfi.toString());
            assertEquals(403, instance.send(Command.update(instance.nextCommandId(), "ed-fi", "gradeLevelDescriptors", edfi, null, body, null, "gbisd")
                    .limitedTo(GRAND_BEND, null)).status());
            assertEquals(403, instance.send(Command.delete(instance.nextCommandId(), "ed-fi", "gradeLevelDescriptors", edfi, null, null, "gbisd")
                    .limitedTo(GRAND_BEND, null)).status());
            assertEquals(204, instance.delete("gradeLevelDescriptors", edfi).status(), "a command without prefixes is not limited");
        }

        @Test
        void aResourceWithoutANamespaceIsNotLimited() {
            assertEquals(201, postAs(GRAND_BEND, "students", STUDENT).status());
        }
    }

    /**
     * A client given LEA 255901 writes that LEA, its schools, what references them, and the students
     * enrolled in them; nothing of another LEA.
     */
    @Nested
    class RelationshipAuthorization {

        private static final List<Long> LEA_255901 = List.of(255901L);
        private static final String OTHER_LEA = LEA.replace("255901", "255902").replace("Grand Bend ISD", "Other ISD");
        private static final String OTHER_SCHOOL = SCHOOL.replace("255901001", "255902001").replace("\"localEducationAgencyId\": 255901",
                "\"localEducationAgencyId\": 255902");
        /** A StudentSchoolAssociation: what reaches a student, as in the ODS/API (a StudentEducationOrganizationAssociation does not). */
        private static final String ENROLLMENT = """
                {"schoolReference": {"schoolId": %d}, "studentReference": {"studentUniqueId": "%s"}, "entryDate": "2024-08-20",
                 "entryGradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}""";

        private CommandResult postAs(String resource, String json) {
            return instance.send(Command.upsert(instance.nextCommandId(), "ed-fi", resource, Fixtures.body(json), null, "lea-client")
                    .limitedTo(null, LEA_255901));
        }

        private CommandResult deleteAs(String resource, UUID id) {
            return instance.send(Command.delete(instance.nextCommandId(), "ed-fi", resource, id, null, null, "lea-client").limitedTo(null, LEA_255901));
        }

        @Test
        void itsLeaAndASchoolUnderItAreWrittenAndAnotherLeasAre403() {
            instance.created("gradeLevelDescriptors", NINTH_GRADE);
            assertEquals(201, postAs("localEducationAgencies", LEA).status());
            assertEquals(201, postAs("schools", SCHOOL).status(), "a school under the given LEA");
            instance.created("localEducationAgencies", OTHER_LEA);
            CommandResult refused = postAs("schools", OTHER_SCHOOL);
            assertEquals(403, refused.status());
            assertEquals(Problem.ACCESS_DENIED + ":relationship", refused.problem().type());
            assertEquals(403, postAs("localEducationAgencies", OTHER_LEA).status(), "nor may it update the other LEA");
        }

        @Test
        void documentsReferencingASchoolFollowTheSchool() {
            aSchool();
            instance.created("localEducationAgencies", OTHER_LEA);
            instance.created("schools", OTHER_SCHOOL);
            assertEquals(201, postAs("classPeriods", CLASS_PERIOD.formatted("First")).status());
            assertEquals(403, postAs("classPeriods", CLASS_PERIOD.formatted("First").replace("255901001", "255902001")).status());
            UUID theirs = instance.created("classPeriods", CLASS_PERIOD.formatted("Second").replace("255901001", "255902001"));
            assertEquals(403, deleteAs("classPeriods", theirs).status(), "nor delete what another LEA's school holds");
        }

        @Test
        void aStudentIsCreatedFreelyButWrittenAgainOnlyOnceEnrolledInAReachedSchool() {
            aSchool();
            instance.created("localEducationAgencies", OTHER_LEA);
            instance.created("schools", OTHER_SCHOOL);
            assertEquals(201, postAs("students", STUDENT).status(), "a new student needs no enrollment yet");
            assertEquals(403, postAs("students", STUDENT.replace("Lisa", "Lise")).status(), "an update needs one");
            assertEquals(403, postAs("studentSchoolAssociations", ENROLLMENT.formatted(255902001, "604822")).status(),
                    "enrolling in another LEA's school is refused");
            assertEquals(201, postAs("studentSchoolAssociations", ENROLLMENT.formatted(255901001, "604822")).status());
            assertEquals(200, postAs("students", STUDENT.replace("Lisa", "Lise")).status(), "enrolled in a reached school");

            instance.created("students", STUDENT.replace("604822", "604823"));
            instance.created("studentSchoolAssociations", ENROLLMENT.formatted(255902001, "604823"));
            assertEquals(403, postAs("students", STUDENT.replace("604822", "604823")).status(), "enrolled elsewhere only");
        }
    }

    @Nested
    class ConditionalUpserts {

        @Test
        void ifMatchHoldsThePostOfAnExistingNaturalKeyToItsEtag() {
            aSchool();
            String etag = instance.post("schools", SCHOOL).etag();
            assertEquals(412, instance.send(instance.upsert("schools", SCHOOL.replace("Grand Bend High School", "A")).onlyIf("999", null)).status());
            CommandResult current = instance.send(instance.upsert("schools", SCHOOL.replace("Grand Bend High School", "A")).onlyIf(etag, null));
            assertEquals(200, current.status());
            assertEquals(200, instance.send(instance.upsert("schools", SCHOOL.replace("Grand Bend High School", "B")).onlyIf("*", null)).status());
            CommandResult none = instance.send(instance.upsert("schools", SCHOOL.replace("255901001", "255901077")).onlyIf("*", null));
            assertEquals(412, none.status(), "If-Match needs a document: a POST that would create fails");
        }

        @Test
        void ifNoneMatchStarOnlyCreates() {
            instance.created("gradeLevelDescriptors", NINTH_GRADE);
            instance.created("localEducationAgencies", LEA);
            assertEquals(201, instance.send(instance.upsert("schools", SCHOOL).onlyIf(null, "*")).status());
            CommandResult again = instance.send(instance.upsert("schools", SCHOOL.replace("Grand Bend High School", "A")).onlyIf(null, "*"));
            assertEquals(412, again.status());
            assertEquals(Problem.OPTIMISTIC_LOCK_FAILED, again.problem().type());
        }
    }
}
