package org.edfi.dms.schema.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.schema.Fixtures;
import org.edfi.dms.schema.ResourceSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ed-Fi profile XML read, checked against Data Standard 5.0, and applied to documents. */
class ProfilesTest {

    static final Path PROFILES = Fixtures.edfiDir().resolve("dms-metadata/profiles");
    static ApiSchema schema;
    static ProfileResolver resolver;

    @BeforeAll
    static void load() throws Exception {
        schema = ApiSchemaLoader.load(Fixtures.dataStandard50());
        resolver = new ProfileResolver(schema);
    }

    static Profile profile(String xml) {
        return resolver.resolve(ProfileXml.read(xml.getBytes(StandardCharsets.UTF_8)).getFirst());
    }

    static ResourceSchema resource(String endpoint) {
        return schema.findResource("ed-fi", endpoint).orElseThrow();
    }

    @Test
    void theEdFiExamplesResolveAgainstDataStandard50() throws IOException {
        for (String file : List.of("Student-Exclude-BirthDate.xml", "Test-Profile-Resource-ExcludeOnly.xml", "Test-Profile-Resource-IncludeOnly.xml")) {
            for (ProfileDefinition definition : ProfileXml.read(Files.readAllBytes(PROFILES.resolve(file)))) {
                Profile profile = resolver.resolve(definition);
                assertFalse(profile.resources().isEmpty(), file);
            }
        }
        Profile includeOnly = resolver.resolve(ProfileXml.read(Files.readAllBytes(PROFILES.resolve("Test-Profile-Resource-IncludeOnly.xml"))).getFirst());
        ContentShape read = includeOnly.forResource(resource("schools")).orElseThrow().readable().orElseThrow();
        // EducationOrganizationAddresses is School's addresses; SchoolGradeLevels its gradeLevels.
        assertTrue(read.includes("addresses"));
        assertTrue(read.includes("schoolCategories"));
        assertFalse(read.includes("webSite"));
        ContentShape write = includeOnly.forResource(resource("schools")).orElseThrow().writable().orElseThrow();
        assertTrue(write.includes("gradeLevels"));
        assertTrue(write.includes("internationalAddresses"));
        Profile excludeOnly = resolver.resolve(ProfileXml.read(Files.readAllBytes(PROFILES.resolve("Test-Profile-Resource-ExcludeOnly.xml"))).getFirst());
        ContentShape excluding = excludeOnly.forResource(resource("schools")).orElseThrow().readable().orElseThrow();
        assertFalse(excluding.includes("nameOfInstitution"), "a Property under ExcludeOnly is dropped");
        assertFalse(excluding.includes("addresses"), "a Collection named under ExcludeOnly is dropped whole, as the ODS/API does");
        assertTrue(excluding.includes("webSite"));
    }

    @Test
    void unknownResourcesAndMembersAreNamedTogether() {
        ProfileException e = assertThrows(ProfileException.class, () -> profile("""
                <Profile name="Bad"><Resource name="Studnet"><ReadContentType memberSelection="IncludeOnly"/></Resource>
                <Resource name="Student"><ReadContentType memberSelection="ExcludeOnly"><Property name="BirthDat"/>
                <Collection name="Addresses" memberSelection="IncludeAll"/></ReadContentType></Resource></Profile>"""));
        assertEquals(3, e.faults().size(), e.getMessage());
        assertTrue(e.faults().get(0).contains("resource 'Studnet': no such resource"), e.getMessage());
        assertTrue(e.faults().get(1).contains("no member 'BirthDat'"), e.getMessage());
        assertTrue(e.faults().get(2).contains("no member 'Addresses'"), e.getMessage());
    }

    @Test
    void malformedXmlIsRefusedWithWhere() {
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileXml.read(
                "<Profile name='P'><Resource name='Student'><ReadContentType memberSelection='Some'/></Resource></Profile>".getBytes()));
        assertTrue(e.getMessage().contains("Profile 'P'/Resource 'Student'/ReadContentType: memberSelection is 'Some'"), e.getMessage());
        assertThrows(ProfileException.class, () -> ProfileXml.read("<Profile".getBytes()));
        assertThrows(ProfileException.class, () -> ProfileXml.read("<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><Profile name='&e;'/>".getBytes()));
    }

    static final String SCHOOL_PROFILE = """
            <Profile name="Physical-Only">
              <Resource name="School">
                <ReadContentType memberSelection="IncludeOnly">
                  <Property name="NameOfInstitution"/>
                  <Collection name="EducationOrganizationAddresses" memberSelection="ExcludeOnly">
                    <Property name="NameOfCounty"/>
                    <Filter propertyName="AddressTypeDescriptor" filterMode="IncludeOnly">
                      <Value>uri://ed-fi.org/AddressTypeDescriptor#Physical</Value>
                    </Filter>
                  </Collection>
                </ReadContentType>
                <WriteContentType memberSelection="IncludeOnly">
                  <Property name="NameOfInstitution"/><Property name="ShortNameOfInstitution"/>
                  <Property name="EducationOrganizationCategories"/><Property name="SchoolGradeLevels"/>
                  <Collection name="EducationOrganizationAddresses" memberSelection="ExcludeOnly">
                    <Property name="NameOfCounty"/>
                    <Filter propertyName="AddressTypeDescriptor" filterMode="ExcludeOnly">
                      <Value>uri://ed-fi.org/AddressTypeDescriptor#Mailing</Value>
                    </Filter>
                  </Collection>
                </WriteContentType>
              </Resource>
            </Profile>""";

    static final String SCHOOL = """
            {"schoolId": 1, "nameOfInstitution": "A", "webSite": "http://a", "shortNameOfInstitution": "a",
             "addresses": [
               {"addressTypeDescriptor": "uri://ed-fi.org/AddressTypeDescriptor#Physical", "city": "X", "nameOfCounty": "C1"},
               {"addressTypeDescriptor": "uri://ed-fi.org/AddressTypeDescriptor#Mailing", "city": "Y", "nameOfCounty": "C2"}]}""";

    @Test
    void aReadableProfileShapesADocument() {
        ResourceProfile school = profile(SCHOOL_PROFILE).forResource(resource("schools")).orElseThrow();
        ObjectNode shaped = ProfileShaper.shape(school.readable().orElseThrow(), Fixtures.body(SCHOOL), school.identityMembers());
        assertEquals(Fixtures.body("""
                {"schoolId": 1, "nameOfInstitution": "A",
                 "addresses": [{"addressTypeDescriptor": "uri://ed-fi.org/AddressTypeDescriptor#Physical", "city": "X"}]}"""), shaped);
    }

    @Test
    void aWritableProfileKeepsWhatTheWriterMayNotTouch() {
        ResourceProfile school = profile(SCHOOL_PROFILE).forResource(resource("schools")).orElseThrow();
        ObjectNode body = Fixtures.body("""
                {"schoolId": 1, "nameOfInstitution": "B", "webSite": "http://b",
                 "addresses": [
                   {"addressTypeDescriptor": "uri://ed-fi.org/AddressTypeDescriptor#Physical", "city": "X", "nameOfCounty": "new"},
                   {"addressTypeDescriptor": "uri://ed-fi.org/AddressTypeDescriptor#Mailing", "city": "Z"}]}""");
        ObjectNode merged = WritableMerge.merge(school, school.writable().orElseThrow(), body, Fixtures.body(SCHOOL));
        assertEquals(Fixtures.body("""
                {"schoolId": 1, "nameOfInstitution": "B",
                 "addresses": [
                   {"addressTypeDescriptor": "uri://ed-fi.org/AddressTypeDescriptor#Physical", "city": "X", "nameOfCounty": "C1"},
                   {"addressTypeDescriptor": "uri://ed-fi.org/AddressTypeDescriptor#Mailing", "city": "Y", "nameOfCounty": "C2"}],
                 "webSite": "http://a"}"""), merged);
    }

    @Test
    void anObjectOrCollectionNamedUnderExcludeOnlyIsDroppedWholeAsTheOdsApiDoes() throws IOException {
        // The Ed-Fi test profile names School's addresses and categories under ExcludeOnly with IncludeAll of their own:
        // the ODS/API's member filter takes every name of an ExcludeOnly level, Property, Object or Collection, as one to drop.
        ResourceProfile school = resolver.resolve(ProfileXml.read(Files.readAllBytes(PROFILES.resolve("Test-Profile-Resource-ExcludeOnly.xml")))
                .getFirst()).forResource(resource("schools")).orElseThrow();
        ObjectNode stored = Fixtures.body("""
                {"schoolId": 1, "nameOfInstitution": "A", "webSite": "http://a",
                 "schoolCategories": [{"schoolCategoryDescriptor": "uri://ed-fi.org/SchoolCategoryDescriptor#Elementary"}],
                 "gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}],
                 "addresses": [{"addressTypeDescriptor": "uri://ed-fi.org/AddressTypeDescriptor#Physical", "city": "X"}]}""");
        assertEquals(Fixtures.body("""
                {"schoolId": 1, "webSite": "http://a",
                 "gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}]}"""),
                ProfileShaper.shape(school.readable().orElseThrow(), stored, school.identityMembers()));

        ObjectNode body = Fixtures.body("""
                {"schoolId": 1, "nameOfInstitution": "B", "webSite": "http://b",
                 "gradeLevels": [{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Tenth grade"}]}""");
        ObjectNode merged = WritableMerge.merge(school, school.writable().orElseThrow(), body, stored);
        assertEquals(stored.get("gradeLevels"), merged.get("gradeLevels"), "the excluded collection keeps its stored items: " + merged);
        assertEquals("http://a", merged.path("webSite").asText(), "an excluded property keeps its stored value");
        assertEquals("B", merged.path("nameOfInstitution").asText());
        assertTrue(WritableMerge.notCreatable(school, school.writable().orElseThrow(), body).isPresent(), "gradeLevels is required to create");
    }

    @Test
    void aWrittenItemIsMatchedToItsStoredSelfByItsKeyNotByEveryMember() {
        ResourceProfile school = profile(SCHOOL_PROFILE).forResource(resource("schools")).orElseThrow();
        ObjectNode body = Fixtures.body("""
                {"schoolId": 1, "nameOfInstitution": "B",
                 "addresses": [{"addressTypeDescriptor": "uri://ed-fi.org/AddressTypeDescriptor#Physical", "city": "X", "apartmentRoomSuiteNumber": "2B"}]}""");
        ObjectNode merged = WritableMerge.merge(school, school.writable().orElseThrow(), body, Fixtures.body(SCHOOL));
        assertEquals("C1", merged.at("/addresses/0/nameOfCounty").asText(), "a changed member that is no part of the key still matches: " + merged);
        assertEquals("2B", merged.at("/addresses/0/apartmentRoomSuiteNumber").asText(), merged.toString());
    }

    @Test
    void aProfileHidingARequiredMemberCannotCreate() throws IOException {
        Profile profile = resolver.resolve(ProfileXml.read(Files.readAllBytes(PROFILES.resolve("Student-Exclude-BirthDate.xml"))).getFirst());
        ResourceProfile student = profile.forResource(resource("students")).orElseThrow();
        assertTrue(WritableMerge.notCreatable(student, student.writable().orElseThrow(), Fixtures.body("{}")).orElseThrow()
                .contains("'Student-Exclude-BirthDate' excludes (or does not include) one or more required data elements"));
        ResourceProfile school = profile(SCHOOL_PROFILE).forResource(resource("schools")).orElseThrow();
        assertTrue(WritableMerge.notCreatable(school, school.writable().orElseThrow(), Fixtures.body(SCHOOL)).isEmpty());
    }

    @Test
    void extensionsAreKeptOrDroppedByNameAndNarrowedLikeObjects() {
        ContentShape sample = new ContentShape(MemberSelection.INCLUDE_ONLY, java.util.Set.of("petName"), java.util.Map.of(), java.util.Map.of(),
                java.util.Map.of());
        ContentShape onlySample = new ContentShape(MemberSelection.INCLUDE_ONLY, java.util.Set.of(), java.util.Map.of(), java.util.Map.of(),
                java.util.Map.of("sample", sample));
        ObjectNode document = Fixtures.body("""
                {"studentUniqueId": "1", "firstName": "A", "_ext": {"sample": {"petName": "Rex", "petAge": 3}, "other": {"x": 1}}}""");
        assertEquals(Fixtures.body("""
                {"studentUniqueId": "1", "_ext": {"sample": {"petName": "Rex"}}}"""),
                ProfileShaper.shape(onlySample, document, java.util.Set.of("studentUniqueId")));
        ContentShape noOther = new ContentShape(MemberSelection.EXCLUDE_ONLY, java.util.Set.of(), java.util.Map.of(), java.util.Map.of(),
                java.util.Map.of("other", new ContentShape(MemberSelection.EXCLUDE_ALL, java.util.Set.of(), java.util.Map.of(), java.util.Map.of(),
                        java.util.Map.of())));
        assertEquals(Fixtures.body("""
                {"studentUniqueId": "1", "firstName": "A", "_ext": {"sample": {"petName": "Rex", "petAge": 3}}}"""),
                ProfileShaper.shape(noOther, document, java.util.Set.of("studentUniqueId")));
    }
}
