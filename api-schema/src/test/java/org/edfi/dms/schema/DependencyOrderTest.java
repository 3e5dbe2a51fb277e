package org.edfi.dms.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DependencyOrderTest {

    private final ApiSchema schema = Fixtures.smallCore();
    private final DependencyOrder order = schema.dependencyOrder();

    private int orderOf(String endpoint) {
        return order.entryFor(schema.findResource("ed-fi", endpoint).orElseThrow()).order();
    }

    @Test
    void resourcesWithoutReferencesComeFirst() {
        assertEquals(1, orderOf("gradeLevelDescriptors"));
        assertEquals(1, orderOf("schoolYearTypes"));
        assertEquals(1, orderOf("students"));
        assertEquals(1, orderOf("localEducationAgencies"));
    }

    @Test
    void everyReferencePointsToALowerOrder() {
        for (DependencyOrder.Entry entry : order.entries()) {
            for (ResourceSchema dependency : entry.dependencies()) {
                assertTrue(order.entryFor(dependency).order() < entry.order(), entry.resource() + " -> " + dependency);
            }
        }
    }

    @Test
    void descriptorsAndReferencedDocumentsAreDependencies() {
        assertEquals(2, orderOf("schools")); // LEA and grade level descriptors
        assertEquals(3, orderOf("sessions"));
        assertEquals(4, orderOf("bellSchedules")); // class periods reference schools
    }

    @Test
    void anAbstractTargetStandsForAllItsSubclasses() {
        DependencyOrder.Entry association = order.entryFor(schema.findResource("ed-fi", "studentEducationOrganizationAssociations").orElseThrow());
        List<String> dependencies = association.dependencies().stream().map(ResourceSchema::endpointName).sorted().toList();
        assertEquals(List.of("localEducationAgencies", "schools", "studentSchoolAssociations", "students"), dependencies);
    }

    @Test
    void aResourceCarryingPeopleComesAfterTheEnrollmentsThatReachThemAsInTheOdsApi() {
        // A client under a relationship strategy writes a student's data once the student is enrolled.
        DependencyOrder.Entry attendance = order.entryFor(schema.findResource("ed-fi", "studentSchoolAttendanceEvents").orElseThrow());
        assertTrue(attendance.dependencies().contains(schema.findResource("ed-fi", "studentSchoolAssociations").orElseThrow()));
        assertTrue(orderOf("studentEducationOrganizationAssociations") > orderOf("studentSchoolAssociations"));
        assertEquals(1, orderOf("students"), "a person comes before its enrollments");
    }

    @Test
    void entriesAreSortedByOrder() {
        for (int i = 1; i < order.entries().size(); i++) {
            assertTrue(order.entries().get(i - 1).order() <= order.entries().get(i).order());
        }
        assertFalse(order.entries().stream().anyMatch(DependencyOrder.Entry::selfReferencing));
    }
}
