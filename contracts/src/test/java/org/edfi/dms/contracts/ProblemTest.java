package org.edfi.dms.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.edfi.dms.schema.Refusal;
import org.junit.jupiter.api.Test;

/** How the API answers each kind of refusal of the ApiSchema's rules, as the Ed-Fi DMS words them. */
class ProblemTest {

    @Test
    void anInvalidBodyIsADataValidationFailureListingEveryPath() {
        Problem problem = Problem.of(Refusal.invalid(Map.of("$.schoolId", List.of("schoolId is required."))));
        assertEquals(400, problem.status());
        assertEquals(Problem.DATA_VALIDATION_FAILED, problem.type());
        assertEquals("Data Validation Failed", problem.title());
        assertEquals(Map.of("$.schoolId", List.of("schoolId is required.")), problem.validationErrors());
    }

    @Test
    void anUnreadableBodyIsABadRequest() {
        Problem problem = Problem.of(Refusal.unreadable("A non-empty request body is required."));
        assertEquals(400, problem.status());
        assertEquals(Problem.BAD_REQUEST, problem.type());
        assertEquals(List.of("A non-empty request body is required."), problem.errors());
    }

    @Test
    void anAssignedIdIsDataConstructedIncorrectly() {
        Problem problem = Problem.of(Refusal.constructedIncorrectly("Resource identifiers cannot be assigned by the client."));
        assertEquals(400, problem.status());
        assertEquals("The request data was constructed incorrectly.", problem.detail());
        assertEquals(List.of("Resource identifiers cannot be assigned by the client."), problem.errors());
    }

    @Test
    void aNamespaceOutsideTheCallersIsANamespaceMismatchAsTheOdsApiWordsIt() {
        Problem problem = Problem.of(Refusal.namespaceDenied("The 'Namespace' value of the data ('uri://x') does not start with ..."));
        assertEquals(403, problem.status());
        assertEquals("urn:ed-fi:api:security:authorization:namespace:access-denied:namespace-mismatch", problem.type());
        assertEquals("Access to the requested data could not be authorized. The 'Namespace' value of the data ('uri://x') does not start with ...",
                problem.detail());
        assertEquals("urn:ed-fi:api:security:authorization:namespace:invalid-client:no-namespaces",
                Problem.of(Refusal.noNamespaces("no prefixes")).type());
    }

    @Test
    void aRelationshipRefusalNamesTheClaimsAndTheProperties() {
        Problem problem = Problem.relationshipDenied(List.of(255901L), List.of("SchoolId"), null);
        assertEquals(Problem.ACCESS_DENIED + ":relationship", problem.type());
        assertEquals(List.of("No relationships have been established between the caller's education organization id claim ('255901')"
                + " and the resource item's 'SchoolId' value."), problem.errors());
        assertEquals(List.of("No relationships have been established between the caller's education organization id claims"
                        + " ('1', '2', '3', '4', '5', ...) and one or more of the following properties of the resource item: 'SchoolId', 'StudentUniqueId'."),
                Problem.relationshipDenied(List.of(6L, 5L, 4L, 3L, 2L, 1L), List.of("SchoolId", "StudentUniqueId"), null).errors());
        assertEquals("Access to the requested data could not be authorized. Hint: You may need to create a corresponding 'StudentSchoolAssociation' item.",
                Problem.relationshipDenied(List.of(), List.of(), "You may need to create a corresponding 'StudentSchoolAssociation' item.").detail());
    }
}
