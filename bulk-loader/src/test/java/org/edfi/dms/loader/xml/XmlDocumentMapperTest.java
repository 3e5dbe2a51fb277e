package org.edfi.dms.loader.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.validation.DocumentValidator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * How Ed-Fi XML records become Ed-Fi JSON documents, rule by rule, with the Data Standard 5.0
 * ApiSchema. The rule numbers are those of shared/edfi/README.md, "XML element names to JSON
 * property names".
 */
class XmlDocumentMapperTest {

    private static final ApiSchema SCHEMA = DataStandard50Files.apiSchema();
    private static final XmlDocumentMapper MAPPER = new XmlDocumentMapper(SCHEMA);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode convert(String record) throws XmlMappingException {
        return convert(record, ReferenceTargets.NONE);
    }

    private static ObjectNode convert(String record, ReferenceTargets targets) throws XmlMappingException {
        return MAPPER.toDocument(Xml.record(record), targets);
    }

    /** The records of a snippet that carry an id, as a load's first pass collects them. */
    private static ReferenceTargets targets(String records) {
        Map<String, XmlElement> byId = Xml.records(records).stream()
                .collect(Collectors.toMap(r -> r.attribute("id").orElseThrow(), Function.identity()));
        return id -> Optional.ofNullable(byId.get(id));
    }

    private static XmlMappingException failure(String record) {
        return failure(record, ReferenceTargets.NONE);
    }

    private static XmlMappingException failure(String record, ReferenceTargets targets) {
        return assertThrows(XmlMappingException.class, () -> convert(record, targets));
    }

    /** Exact comparison, number types included: 1 (integer) is not 1.0 (decimal). */
    private static void assertJson(String expected, JsonNode actual) {
        try {
            JsonNode wanted = JSON.readTree(expected);
            assertEquals(wanted, actual, () -> "expected " + wanted.toPrettyString() + "\nbut was " + actual.toPrettyString());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void aRecordIsNamedAfterItsResource() {
        assertEquals("schools", MAPPER.resourceNamed("School").orElseThrow().endpointName());
        assertEquals("academicSubjectDescriptors", MAPPER.resourceNamed("AcademicSubjectDescriptor").orElseThrow().endpointName());
        // StudentGradebook.xml's top-level SectionReference is allowed by the XSD but is no resource: a load skips it.
        assertTrue(MAPPER.resourceNamed("SectionReference").isEmpty());
        XmlMappingException e = failure("<SectionReference><SectionIdentity/></SectionReference>");
        assertEquals("SectionReference: not a resource of the ApiSchema, so not a record to load", e.getMessage());
    }

    @Test
    void everyResourceOfTheDataStandardHasRules() throws XmlMappingException {
        List<String> unreadable = new ArrayList<>();
        for (ResourceSchema resource : SCHEMA.resources()) {
            String name = resource.name().resourceName();
            try {
                assertJson("{}", MAPPER.toDocument(resource, XmlElement.leaf(name, ""), ReferenceTargets.NONE));
            } catch (XmlMappingException e) {
                unreadable.add(e.getMessage());
            }
        }
        assertEquals(List.of(), unreadable);
        assertEquals(328, SCHEMA.resources().size());
    }

    /** Rule 12: descriptors have no documentPathsMapping; their elements are the lowerCamelCase properties. */
    @Nested
    class DescriptorRecords {

        @Test
        void takeTheirElementsAsLowerCamelCaseProperties() throws XmlMappingException {
            ObjectNode document = convert("""
                    <AcademicSubjectDescriptor>
                      <CodeValue>Mathematics</CodeValue>
                      <ShortDescription>Mathematics</ShortDescription>
                      <Description>Mathematics</Description>
                      <EffectiveBeginDate>2021-07-01</EffectiveBeginDate>
                      <EffectiveEndDate>2030-06-30</EffectiveEndDate>
                      <Namespace>uri://ed-fi.org/AcademicSubjectDescriptor</Namespace>
                    </AcademicSubjectDescriptor>""");

            assertJson("""
                    {"codeValue": "Mathematics", "shortDescription": "Mathematics", "description": "Mathematics",
                     "effectiveBeginDate": "2021-07-01", "effectiveEndDate": "2030-06-30",
                     "namespace": "uri://ed-fi.org/AcademicSubjectDescriptor"}""", document);
        }

        @Test
        void keepTheirValuesAsWrittenForValidationToJudge() throws XmlMappingException {
            // Three TribalAffiliationDescriptor records of the Data Standard end their codeValue in a space.
            String record = """
                    <TribalAffiliationDescriptor>
                      <CodeValue>Little Shell Tribe </CodeValue>
                      <ShortDescription>Little Shell Tribe </ShortDescription>
                      <Description>Little Shell Tribe of Chippewa Indians of Montana</Description>
                      <Namespace>uri://ed-fi.org/TribalAffiliationDescriptor</Namespace>
                    </TribalAffiliationDescriptor>""";
            ObjectNode document = convert(record);
            assertEquals("Little Shell Tribe ", document.get("codeValue").asText());

            // The API trims a descriptor's codeValue and shortDescription, as the Ed-Fi DMS does, so the record loads.
            ResourceSchema resource = MAPPER.resourceNamed("TribalAffiliationDescriptor").orElseThrow();
            assertEquals(Optional.empty(), DocumentValidator.forSchema(SCHEMA).validateInsert(resource, document));
            assertEquals("Little Shell Tribe", document.get("codeValue").asText());
            // Elsewhere the spaces stay, and validation rejects them.
            assertEquals(" Algebra ", convert("<Course><CourseTitle> Algebra </CourseTitle></Course>").get("courseTitle").asText());
        }

        @Test
        void rejectAnElementThatIsNoProperty() {
            XmlMappingException e = failure("<GradeLevelDescriptor><CodeValue>Ninth grade</CodeValue><Colour>blue</Colour></GradeLevelDescriptor>");
            assertEquals("GradeLevelDescriptor/Colour", e.path());
            assertEquals("unexpected element: a GradeLevelDescriptor has no property colour", e.reason());
        }
    }

    /** SchoolYearType is the one enumeration exposed as a resource; the data has no such records, but they read like others. */
    @Test
    void schoolYearTypeRecordsTakeTheEndingYear() throws XmlMappingException {
        assertJson("""
                {"schoolYear": 2022, "schoolYearDescription": "2021-2022", "currentSchoolYear": true}""", convert("""
                <SchoolYearType>
                  <SchoolYear>2021-2022</SchoolYear>
                  <SchoolYearDescription>2021-2022</SchoolYearDescription>
                  <CurrentSchoolYear>true</CurrentSchoolYear>
                </SchoolYearType>"""));
    }

    /** Rules 2 and 10: scalars take the lowerCamelCase name and the documentPathsMapping type. */
    @Nested
    class Scalars {

        @Test
        void takeTheTypeOfTheirMapping() throws XmlMappingException {
            ObjectNode document = convert("""
                    <Course>
                      <CourseCode>ALG-1</CourseCode>
                      <NumberOfParts> 1 </NumberOfParts>
                      <HighSchoolCourseRequirement>1</HighSchoolCourseRequirement>
                      <DateCourseAdopted>2021-08-01</DateCourseAdopted>
                      <TimeRequiredForCompletion>120</TimeRequiredForCompletion>
                      <MaximumAvailableCredits>
                        <Credits>50.00000</Credits>
                      </MaximumAvailableCredits>
                      <MinimumAvailableCredits>
                        <Credits>0.5</Credits>
                      </MinimumAvailableCredits>
                    </Course>""");

            // Numbers are integers when written as such, else decimals; XSD booleans may be 1 or 0;
            // dates stay strings. Around non-string values white space is not data.
            assertJson("""
                    {"courseCode": "ALG-1", "numberOfParts": 1, "highSchoolCourseRequirement": true, "dateCourseAdopted": "2021-08-01",
                     "timeRequiredForCompletion": 120, "maximumAvailableCredits": 50.0, "minimumAvailableCredits": 0.5}""", document);
        }

        @Test
        void timesAndDateTimesStayAsWritten() throws XmlMappingException {
            assertEquals("08:05:00", convert("<StudentSchoolAttendanceEvent><ArrivalTime>08:05:00</ArrivalTime></StudentSchoolAttendanceEvent>")
                    .get("arrivalTime").asText());
            assertEquals("2021-12-01T16:00:00", convert("<StudentAssessment><AdministrationDate>2021-12-01T16:00:00</AdministrationDate></StudentAssessment>")
                    .get("administrationDate").asText());
        }

        @Test
        void thatAreNotOfTheirTypeAreRejected() {
            assertEquals("Course/NumberOfParts: \"one\" is not a number",
                    failure("<Course><NumberOfParts>one</NumberOfParts></Course>").getMessage());
            assertEquals("Course/HighSchoolCourseRequirement: \"yes\" is not a boolean (true, false, 1 or 0)",
                    failure("<Course><HighSchoolCourseRequirement>yes</HighSchoolCourseRequirement></Course>").getMessage());
        }

        @Test
        void thatAreGivenTwiceAreRejectedRatherThanOverwritten() {
            XmlMappingException e = failure("<School><SchoolId>255901001</SchoolId><SchoolId>255901044</SchoolId></School>");
            assertEquals("School/SchoolId[2]", e.path());
            assertEquals("a second value for schoolId, which takes one", e.reason());
        }
    }

    /** Rule 3: descriptor values drop the Descriptor suffix in XML and keep it in JSON; the URI is copied as is. */
    @Test
    void descriptorElementsDropTheSuffix() throws XmlMappingException {
        assertJson("""
                {"schoolTypeDescriptor": "uri://ed-fi.org/SchoolTypeDescriptor#Regular"}""",
                convert("<School><SchoolType>uri://ed-fi.org/SchoolTypeDescriptor#Regular</SchoolType></School>"));
    }

    /** Rule 4: a repeated element becomes an array; which element repeats for each [*] follows from the mapping keys. */
    @Nested
    class Collections {

        @Test
        void itemsFollowTheRepeatedElementAtEveryLevel() throws XmlMappingException {
            ObjectNode document = convert("""
                    <School>
                      <SchoolId>255901001</SchoolId>
                      <EducationOrganizationIdentificationCode>
                        <IdentificationCode>255901001</IdentificationCode>
                        <EducationOrganizationIdentificationSystem>uri://ed-fi.org/EducationOrganizationIdentificationSystemDescriptor#SEA</EducationOrganizationIdentificationSystem>
                      </EducationOrganizationIdentificationCode>
                      <Address>
                        <StreetNumberName>456 Elm Street</StreetNumberName>
                        <AddressType>uri://ed-fi.org/AddressTypeDescriptor#Physical</AddressType>
                        <Period><BeginDate>2021-08-01</BeginDate><EndDate>2022-06-30</EndDate></Period>
                        <Period><BeginDate>2022-08-01</BeginDate></Period>
                      </Address>
                      <Address>
                        <StreetNumberName>P.O. Box 2035</StreetNumberName>
                        <AddressType>uri://ed-fi.org/AddressTypeDescriptor#Mailing</AddressType>
                      </Address>
                    </School>""");

            // EducationOrganizationIdentificationCode loses the superclass prefix in JSON: identificationCodes.
            assertJson("""
                    {"schoolId": 255901001,
                     "identificationCodes": [{"identificationCode": "255901001",
                       "educationOrganizationIdentificationSystemDescriptor": "uri://ed-fi.org/EducationOrganizationIdentificationSystemDescriptor#SEA"}],
                     "addresses": [
                       {"streetNumberName": "456 Elm Street", "addressTypeDescriptor": "uri://ed-fi.org/AddressTypeDescriptor#Physical",
                        "periods": [{"beginDate": "2021-08-01", "endDate": "2022-06-30"}, {"beginDate": "2022-08-01"}]},
                       {"streetNumberName": "P.O. Box 2035", "addressTypeDescriptor": "uri://ed-fi.org/AddressTypeDescriptor#Mailing"}]}""",
                    document);
        }

        @Test
        void aRepeatedDescriptorBecomesAnArrayOfObjects() throws XmlMappingException {
            assertJson("""
                    {"gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"},
                                     {"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Tenth grade"}]}""", convert("""
                    <School>
                      <GradeLevel>uri://ed-fi.org/GradeLevelDescriptor#Ninth grade</GradeLevel>
                      <GradeLevel>uri://ed-fi.org/GradeLevelDescriptor#Tenth grade</GradeLevel>
                    </School>"""));
        }

        @Test
        void aRoleNamedListKeepsTheRoleName() throws XmlMappingException {
            assertJson("""
                    {"offeredGradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}]}""",
                    convert("<Course><OfferedGradeLevel>uri://ed-fi.org/GradeLevelDescriptor#Ninth grade</OfferedGradeLevel></Course>"));
        }

        @Test
        void aRepeatedScalarBecomesAnArrayOfObjects() throws XmlMappingException {
            assertJson("""
                    {"endorsements": [{"endorsement": "Mathematics"}, {"endorsement": "Physics"}]}""",
                    convert("<Credential><CredentialEndorsement>Mathematics</CredentialEndorsement><CredentialEndorsement>Physics</CredentialEndorsement></Credential>"));
        }
    }

    /** Rule 5: inline commons are flattened (a role name merged in front); other commons stay objects. */
    @Nested
    class Commons {

        @Test
        void inlineCommonsAreFlattened() throws XmlMappingException {
            assertJson("""
                    {"studentUniqueId": "604821", "firstName": "Tyrone", "lastSurname": "Dyer", "birthDate": "2014-11-13"}""", convert("""
                    <Student>
                      <StudentUniqueId>604821</StudentUniqueId>
                      <Name><FirstName>Tyrone</FirstName><LastSurname>Dyer</LastSurname></Name>
                      <BirthData><BirthDate>2014-11-13</BirthDate></BirthData>
                    </Student>"""));
        }

        @Test
        void aRoleNameIsMergedInFront() throws XmlMappingException {
            assertJson("""
                    {"availableCredits": 1, "availableCreditTypeDescriptor": "uri://ed-fi.org/CreditTypeDescriptor#Carnegie unit"}""", convert("""
                    <Section>
                      <AvailableCredits><Credits>1</Credits><CreditType>uri://ed-fi.org/CreditTypeDescriptor#Carnegie unit</CreditType></AvailableCredits>
                    </Section>"""));
        }

        @Test
        void otherCommonsStayObjectsWithTheirOwnCollections() throws XmlMappingException {
            assertJson("""
                    {"learningStandardId": "110.13.1",
                     "contentStandard": {"title": "State Standard", "authors": [{"author": "TEA"}, {"author": "ESC"}]}}""", convert("""
                    <LearningStandard>
                      <LearningStandardId>110.13.1</LearningStandardId>
                      <ContentStandard><Title>State Standard</Title><Author>TEA</Author><Author>ESC</Author></ContentStandard>
                    </LearningStandard>"""));
        }
    }

    /** Rule 9: choice groups are key segments, never elements; ResponseChoice and SchoolChoice are real properties. */
    @Nested
    class ChoiceGroups {

        @Test
        void areNotWrittenInXml() throws XmlMappingException {
            // Keys LearningResourceChoice.LearningResource.Author and ...PublicationDateChoice.PublicationYear
            assertJson("""
                    {"contentIdentifier": "CheckAndConnect", "authors": [{"author": "Christenson, Sandra L."}], "publicationYear": 1999}""", convert("""
                    <EducationContent>
                      <ContentIdentifier>CheckAndConnect</ContentIdentifier>
                      <LearningResource><Author>Christenson, Sandra L.</Author><PublicationYear>1999</PublicationYear></LearningResource>
                    </EducationContent>"""));
        }

        @Test
        void unlessTheNameIsARealProperty() throws XmlMappingException {
            assertJson("""
                    {"responseChoices": [{"sortOrder": 1, "textValue": "Strongly agree"}, {"sortOrder": 2, "textValue": "Agree"}]}""", convert("""
                    <SurveyQuestion>
                      <ResponseChoice><SortOrder>1</SortOrder><TextValue>Strongly agree</TextValue></ResponseChoice>
                      <ResponseChoice><SortOrder>2</SortOrder><TextValue>Agree</TextValue></ResponseChoice>
                    </SurveyQuestion>"""));
            assertJson("""
                    {"schoolChoice": false}""", convert("<StudentSchoolAssociation><SchoolChoice>false</SchoolChoice></StudentSchoolAssociation>"));
        }
    }

    /** Rules 6 and 7: a reference's identity is read with the target's own rules, and its values copied into the reference. */
    @Nested
    class References {

        @Test
        void carryTheTargetsIdentityFlattenedFromNestedReferences() throws XmlMappingException {
            ObjectNode document = convert("""
                    <Section>
                      <SectionIdentifier>25590100102Trad220ALG112011</SectionIdentifier>
                      <CourseOfferingReference>
                        <CourseOfferingIdentity>
                          <LocalCourseCode>ALG-1</LocalCourseCode>
                          <SchoolReference><SchoolIdentity><SchoolId>255901001</SchoolId></SchoolIdentity></SchoolReference>
                          <SessionReference>
                            <SessionIdentity>
                              <SessionName>2021-2022 Fall Semester</SessionName>
                              <SchoolYear>2021-2022</SchoolYear>
                              <SchoolReference><SchoolIdentity><SchoolId>255901001</SchoolId></SchoolIdentity></SchoolReference>
                            </SessionIdentity>
                          </SessionReference>
                        </CourseOfferingIdentity>
                      </CourseOfferingReference>
                    </Section>""");

            assertJson("""
                    {"sectionIdentifier": "25590100102Trad220ALG112011",
                     "courseOfferingReference": {"localCourseCode": "ALG-1", "schoolId": 255901001, "schoolYear": 2022,
                                                 "sessionName": "2021-2022 Fall Semester"}}""", document);
        }

        @Test
        void whoseMergedValuesDisagreeAreRejected() {
            XmlMappingException e = failure("""
                    <Section>
                      <CourseOfferingReference>
                        <CourseOfferingIdentity>
                          <LocalCourseCode>ALG-1</LocalCourseCode>
                          <SchoolReference><SchoolIdentity><SchoolId>255901001</SchoolId></SchoolIdentity></SchoolReference>
                          <SessionReference>
                            <SessionIdentity>
                              <SessionName>2021-2022 Fall Semester</SessionName>
                              <SchoolYear>2021-2022</SchoolYear>
                              <SchoolReference><SchoolIdentity><SchoolId>255901044</SchoolId></SchoolIdentity></SchoolReference>
                            </SessionIdentity>
                          </SessionReference>
                        </CourseOfferingIdentity>
                      </CourseOfferingReference>
                    </Section>""");
            assertEquals("Section/CourseOfferingReference", e.path());
            assertEquals("the identity gives schoolId two values, 255901001 and 255901044", e.reason());
        }

        @Test
        void keepTheirRoleName() throws XmlMappingException {
            assertJson("""
                    {"locationSchoolReference": {"schoolId": 255901001},
                     "locationReference": {"classroomIdentificationCode": "220", "schoolId": 255901001}}""", convert("""
                    <Section>
                      <LocationSchoolReference><SchoolIdentity><SchoolId>255901001</SchoolId></SchoolIdentity></LocationSchoolReference>
                      <LocationReference>
                        <LocationIdentity>
                          <SchoolReference><SchoolIdentity><SchoolId>255901001</SchoolId></SchoolIdentity></SchoolReference>
                          <ClassroomIdentificationCode>220</ClassroomIdentificationCode>
                        </LocationIdentity>
                      </LocationReference>
                    </Section>"""));
        }

        @Test
        void whoseRoleNameRepeatsTheEntityNameDropTheRepeatInJsonOnly() throws XmlMappingException {
            assertJson("""
                    {"functionDimensionReference": {"code": "F100", "fiscalYear": 2022}}""", convert("""
                    <ChartOfAccount>
                      <FunctionFunctionDimensionReference>
                        <FunctionDimensionIdentity><Code>F100</Code><FiscalYear>2022</FiscalYear></FunctionDimensionIdentity>
                      </FunctionFunctionDimensionReference>
                    </ChartOfAccount>"""));
        }

        @Test
        void repeatedReferencesBecomeItemsOfTheirArray() throws XmlMappingException {
            assertJson("""
                    {"classPeriods": [{"classPeriodReference": {"classPeriodName": "01 - Traditional", "schoolId": 255901001}},
                                      {"classPeriodReference": {"classPeriodName": "02 - Traditional", "schoolId": 255901001}}]}""", convert("""
                    <Section>
                      <ClassPeriodReference>
                        <ClassPeriodIdentity>
                          <ClassPeriodName>01 - Traditional</ClassPeriodName>
                          <SchoolReference><SchoolIdentity><SchoolId>255901001</SchoolId></SchoolIdentity></SchoolReference>
                        </ClassPeriodIdentity>
                      </ClassPeriodReference>
                      <ClassPeriodReference>
                        <ClassPeriodIdentity>
                          <ClassPeriodName>02 - Traditional</ClassPeriodName>
                          <SchoolReference><SchoolIdentity><SchoolId>255901001</SchoolId></SchoolIdentity></SchoolReference>
                        </ClassPeriodIdentity>
                      </ClassPeriodReference>
                    </Section>"""));
        }

        @Test
        void toAnAbstractResourceTakeItsIdentity() throws XmlMappingException {
            assertJson("""
                    {"courseCode": "ALG-1", "educationOrganizationReference": {"educationOrganizationId": 255901}}""", convert("""
                    <Course>
                      <CourseCode>ALG-1</CourseCode>
                      <EducationOrganizationReference>
                        <EducationOrganizationIdentity><EducationOrganizationId>255901</EducationOrganizationId></EducationOrganizationIdentity>
                      </EducationOrganizationReference>
                    </Course>"""));
        }

        @Test
        void acceptIdentityMembersThatTheTargetKeepsInAnInlineCommon() throws XmlMappingException {
            // The XSD identity writes <HireDate> where the record has <EmploymentPeriod><HireDate>. The
            // ApiSchema's reference carries no hireDate (the known identity gap), so it is read and not copied.
            assertJson("""
                    {"employmentStaffEducationOrganizationEmploymentAssociationReference":
                       {"educationOrganizationId": 255901107, "employmentStatusDescriptor": "uri://ed-fi.org/EmploymentStatusDescriptor#Tenured or permanent",
                        "staffUniqueId": "207219"}}""", convert("""
                    <StaffEducationOrganizationAssignmentAssociation>
                      <StaffEducationOrganizationEmploymentAssociationReference>
                        <StaffEducationOrganizationEmploymentAssociationIdentity>
                          <StaffReference><StaffIdentity><StaffUniqueId>207219</StaffUniqueId></StaffIdentity></StaffReference>
                          <EducationOrganizationReference>
                            <EducationOrganizationIdentity><EducationOrganizationId>255901107</EducationOrganizationId></EducationOrganizationIdentity>
                          </EducationOrganizationReference>
                          <EmploymentStatus>uri://ed-fi.org/EmploymentStatusDescriptor#Tenured or permanent</EmploymentStatus>
                          <HireDate>2018-02-09</HireDate>
                        </StaffEducationOrganizationEmploymentAssociationIdentity>
                      </StaffEducationOrganizationEmploymentAssociationReference>
                    </StaffEducationOrganizationAssignmentAssociation>"""));
        }

        @Test
        void holdOnlyTheTargetsIdentityElement() {
            XmlMappingException e = failure("""
                    <Course><EducationOrganizationReference><SchoolIdentity><SchoolId>1</SchoolId></SchoolIdentity></EducationOrganizationReference></Course>""");
            assertEquals("Course/EducationOrganizationReference/SchoolIdentity", e.path());
            assertEquals("unexpected element: a reference to EducationOrganization holds one EducationOrganizationIdentity or a ref attribute", e.reason());
            assertEquals("Course/EducationOrganizationReference: the reference has neither an EducationOrganizationIdentity nor a ref attribute",
                    failure("<Course><EducationOrganizationReference/></Course>").getMessage());
        }
    }

    /** Rule 8: a school year is written as the XSD enumeration; a reference to SchoolYearType is its value alone. */
    @Nested
    class SchoolYears {

        @Test
        void becomeTheEndingYearOfTheirReference() throws XmlMappingException {
            assertJson("""
                    {"schoolYearTypeReference": {"schoolYear": 2022}, "classOfSchoolYearTypeReference": {"schoolYear": 2027}}""", convert("""
                    <StudentSchoolAssociation>
                      <SchoolYear>2021-2022</SchoolYear>
                      <ClassOfSchoolYear>2026-2027</ClassOfSchoolYear>
                    </StudentSchoolAssociation>"""));
        }

        @Test
        void insideACollectionBecomeItemsOfIt() throws XmlMappingException {
            assertJson("""
                    {"cohortYears": [{"cohortYearTypeDescriptor": "uri://ed-fi.org/CohortYearTypeDescriptor#Ninth grade",
                                      "schoolYearTypeReference": {"schoolYear": 2022}}]}""", convert("""
                    <StudentEducationOrganizationAssociation>
                      <CohortYear>
                        <CohortYearType>uri://ed-fi.org/CohortYearTypeDescriptor#Ninth grade</CohortYearType>
                        <SchoolYear>2021-2022</SchoolYear>
                      </CohortYear>
                    </StudentEducationOrganizationAssociation>"""));
        }

        @Test
        void thatAreNoSchoolYearAreRejected() {
            assertEquals("StudentSchoolAssociation/SchoolYear: \"2021-2023\" is not a school year (e.g. 2021-2022)",
                    failure("<StudentSchoolAssociation><SchoolYear>2021-2023</SchoolYear></StudentSchoolAssociation>").getMessage());
        }
    }

    /** Rule 11: a reference may name another record's id attribute instead of spelling out the identity. */
    @Nested
    class IdReferences {

        private static final String CONTACT = """
                <Contact id="PRNT_778393">
                  <ContactUniqueId>778393</ContactUniqueId>
                  <Name><FirstName>Mary</FirstName><LastSurname>Dyer</LastSurname></Name>
                </Contact>
                <School id="SCOL_255901001"><SchoolId>255901001</SchoolId></School>""";

        @Test
        void takeTheIdentityOfTheRecordWithThatId() throws XmlMappingException {
            assertJson("""
                    {"contactReference": {"contactUniqueId": "778393"}, "studentReference": {"studentUniqueId": "604821"}}""", convert("""
                    <StudentContactAssociation>
                      <ContactReference ref="PRNT_778393"/>
                      <StudentReference><StudentIdentity><StudentUniqueId>604821</StudentUniqueId></StudentIdentity></StudentReference>
                    </StudentContactAssociation>""", targets(CONTACT)));
        }

        @Test
        void toAnAbstractTargetTakeTheSubclassIdentityUnderTheSuperclassName() throws XmlMappingException {
            assertJson("""
                    {"educationOrganizationReference": {"educationOrganizationId": 255901001}}""",
                    convert("<Course><EducationOrganizationReference ref=\"SCOL_255901001\"/></Course>", targets(CONTACT)));
        }

        @Test
        void thatNameNoRecordAreRejected() {
            XmlMappingException e = failure("<StudentContactAssociation><ContactReference ref=\"PRNT_1\"/></StudentContactAssociation>", targets(CONTACT));
            assertEquals("StudentContactAssociation/ContactReference: ref \"PRNT_1\" names no record (none has id=\"PRNT_1\")", e.getMessage());
        }

        @Test
        void thatNameARecordOfAnotherResourceAreRejected() {
            XmlMappingException e = failure("<StudentContactAssociation><ContactReference ref=\"SCOL_255901001\"/></StudentContactAssociation>", targets(CONTACT));
            assertEquals("ref \"SCOL_255901001\" names a School, not a Contact", e.reason());
        }

        @Test
        void thatGoRoundInACircleAreRejected() {
            ReferenceTargets circle = targets("""
                    <LocalEducationAgency id="A"><LocalEducationAgencyId>1</LocalEducationAgencyId><ParentLocalEducationAgencyReference ref="B"/></LocalEducationAgency>
                    <LocalEducationAgency id="B"><LocalEducationAgencyId>2</LocalEducationAgencyId><ParentLocalEducationAgencyReference ref="A"/></LocalEducationAgency>""");
            XmlMappingException e = failure("<School><LocalEducationAgencyReference ref=\"A\"/></School>", circle);
            assertTrue(e.getMessage().contains("ref \"A\" leads back to itself"), e.getMessage());
        }
    }

    /** Nothing is dropped silently: what no rule expects makes the record fail, naming where. */
    @Nested
    class Rejects {

        @Test
        void anElementNoKeyLeadsTo() {
            XmlMappingException e = failure("""
                    <School><Address><City>Grand Bend</City><Planet>Earth</Planet></Address><Address><Planet>Mars</Planet></Address></School>""");
            assertEquals("School/Address[1]/Planet", e.path());
            assertEquals("unexpected element: no documentPathsMapping key leads to it", e.reason());
        }

        @Test
        void anAttributeOtherThanIdAndRef() {
            assertEquals("School[id=S1]/SchoolId: unexpected attribute lang",
                    failure("<School id=\"S1\"><SchoolId lang=\"en\">1</SchoolId></School>").getMessage());
            assertEquals("School/SchoolId: unexpected attribute ref", failure("<School><SchoolId ref=\"S1\">1</SchoolId></School>").getMessage());
        }

        @Test
        void textWhereElementsAreExpected() {
            assertEquals("School/Address: child elements are expected, not the text \"456 Elm Street\"",
                    failure("<School><Address>456 Elm Street</Address></School>").getMessage());
        }

        @Test
        void elementsWhereAValueIsExpected() {
            assertEquals("School/SchoolId: a value is expected, not child elements",
                    failure("<School><SchoolId><Value>1</Value></SchoolId></School>").getMessage());
        }
    }
}
