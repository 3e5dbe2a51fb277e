package org.edfi.dms.schema.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.schema.Fixtures;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.SchemaLoadException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The natural keys change queries tell, named as the ODS/API and the DMS name them, over the Data Standard 5.0 ApiSchema. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyValuesTest {

    private ApiSchema schema;

    @BeforeAll
    void load() throws SchemaLoadException {
        schema = ApiSchemaLoader.load(Fixtures.dataStandard50());
    }

    private ResourceSchema resource(String endpoint) {
        return schema.findResource("ed-fi", endpoint).orElseThrow();
    }

    @Test
    void aKeyIsToldByItsQueryFieldNamesWithValuesAsTheDocumentHoldsThem() {
        assertEquals("{\"classPeriodName\":\"First Period\",\"schoolId\":255901001}", KeyValues.named(resource("classPeriods"),
                Fixtures.body("{\"classPeriodName\": \"First Period\", \"schoolReference\": {\"schoolId\": 255901001}}")).toString());
        assertEquals("{\"educationOrganizationId\":255901,\"programName\":\"Bilingual\","
                        + "\"programTypeDescriptor\":\"uri://ed-fi.org/ProgramTypeDescriptor#Bilingual\"}",
                KeyValues.named(resource("programs"), Fixtures.body("""
                        {"programName": "Bilingual", "educationOrganizationReference": {"educationOrganizationId": 255901},
                         "programTypeDescriptor": "uri://ed-fi.org/ProgramTypeDescriptor#Bilingual"}""")).toString(),
                "a descriptor keeps the case it was written in (the canonical identity lowers it)");
    }

    @Test
    void aDescriptorsKeyIsItsNamespaceAndCodeValue() {
        assertEquals("{\"namespace\":\"uri://ed-fi.org/GradeLevelDescriptor\",\"codeValue\":\"Ninth grade\"}", KeyValues.named(
                resource("gradeLevelDescriptors"), Fixtures.body("""
                        {"namespace": "uri://ed-fi.org/GradeLevelDescriptor", "codeValue": "Ninth grade", "shortDescription": "9"}""")).toString());
    }

    @Test
    void aValueTwoReferencesShareIsToldOnceAndANameTakenTwiceGetsItsReferencesPrefix() {
        Map<String, String> names = KeyValues.names(resource("grades"));
        assertEquals("schoolId", names.get("$.gradingPeriodReference.schoolId"));
        assertEquals(null, names.get("$.studentSectionAssociationReference.schoolId"), "the same school as the grading period's");
        assertEquals(List.of("gradeTypeDescriptor", "gradingPeriodDescriptor", "gradingPeriodName", "schoolId", "schoolYear", "beginDate",
                "localCourseCode", "sectionIdentifier", "sessionName", "studentUniqueId"), List.copyOf(names.values()).stream()
                .filter(name -> !name.startsWith("studentSectionAssociation")).toList());
    }

    @Test
    void aDeleteRecordedBeforeBodiesWereKeptIsToldFromItsCanonicalIdentity() {
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put("$.classPeriodName", "First Period");
        identity.put("$.schoolReference.schoolId", "255901001");
        assertEquals("{\"classPeriodName\":\"First Period\",\"schoolId\":255901001}",
                KeyValues.fromCanonical(resource("classPeriods"), identity).toString(), "a number is a number again");
        assertEquals("{\"namespace\":\"uri://ed-fi.org/gradeleveldescriptor\",\"codeValue\":\"ninth grade\"}",
                KeyValues.fromCanonical(resource("gradeLevelDescriptors"), Map.of("$.descriptor", "uri://ed-fi.org/gradeleveldescriptor#ninth grade"))
                        .toString(), "a descriptor's canonical URI is all there is: lower case");
    }
}
