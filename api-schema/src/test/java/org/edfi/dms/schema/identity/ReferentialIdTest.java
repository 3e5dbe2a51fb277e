package org.edfi.dms.schema.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.List;
import org.edfi.dms.schema.QualifiedResourceName;
import org.junit.jupiter.api.Test;

class ReferentialIdTest {

    private static final QualifiedResourceName SCHOOL = new QualifiedResourceName("Ed-Fi", "School");

    @Test
    void matchesTheEdFiDmsForASchool() {
        ReferentialId id = ReferentialId.of(SCHOOL, List.of(new IdentityElement("$.schoolId", "123")));
        assertEquals("3af6ad85-1212-5833-be6f-f8df6f4d6402", id.toString());
    }

    @Test
    void matchesTheEdFiDmsForAFivePartSectionIdentity() {
        ReferentialId id = ReferentialId.of(new QualifiedResourceName("Ed-Fi", "Section"), List.of(
                new IdentityElement("$.localCourseCode", "abc"),
                new IdentityElement("$.schoolReference.schoolId", "123"),
                new IdentityElement("$.sessionReference.schoolYear", "2030"),
                new IdentityElement("$.sectionIdentifier", "sectionId"),
                new IdentityElement("$.sessionReference.sessionName", "d")));
        assertEquals("7400934a-8a00-551b-a1ba-4db0b3a4d556", id.toString());
    }

    @Test
    void isAVersion5Uuid() {
        ReferentialId id = ReferentialId.of(SCHOOL, List.of(new IdentityElement("$.schoolId", "255901")));
        assertEquals(5, id.value().version());
        assertEquals(2, id.value().variant());
    }

    @Test
    void differsByResourceAndByValue() {
        List<IdentityElement> identity = List.of(new IdentityElement("$.schoolId", "1"));
        assertNotEquals(ReferentialId.of(SCHOOL, identity),
                ReferentialId.of(new QualifiedResourceName("Ed-Fi", "LocalEducationAgency"), identity));
        assertNotEquals(ReferentialId.of(SCHOOL, identity),
                ReferentialId.of(SCHOOL, List.of(new IdentityElement("$.schoolId", "2"))));
    }

    @Test
    void numbersAreCanonicalSoThatOneValueHasOneId() {
        JsonNodeFactory nodes = JsonNodeFactory.withExactBigDecimals(true);
        assertEquals("2022", IdentityValues.canonical("$.schoolYear", nodes.numberNode(new BigDecimal("2022.000"))));
        assertEquals("2022", IdentityValues.canonical("$.schoolYear", nodes.numberNode(2022)));
        assertEquals("255900", IdentityValues.canonical("$.schoolId", nodes.numberNode(255900L)));
        assertEquals("0.5", IdentityValues.canonical("$.x", nodes.numberNode(new BigDecimal("0.50"))));
        assertEquals("0", IdentityValues.canonical("$.x", nodes.numberNode(new BigDecimal("-0.0"))));
    }

    @Test
    void descriptorValuesMatchWithoutCase() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        assertEquals("uri://ed-fi.org/gradeleveldescriptor#ninth grade",
                IdentityValues.canonical("$.entryGradeLevelDescriptor", nodes.textNode("uri://ed-fi.org/GradeLevelDescriptor#Ninth grade")));
        assertEquals("Ninth grade", IdentityValues.canonical("$.sessionName", nodes.textNode("Ninth grade")));
    }
}
