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
    void aNamespaceOutsideTheCallersIsAccessDenied() {
        Problem problem = Problem.of(Refusal.namespaceDenied("The namespace 'uri://x' is not the client's."));
        assertEquals(403, problem.status());
        assertEquals(Problem.ACCESS_DENIED + ":namespace", problem.type());
        assertEquals("The namespace 'uri://x' is not the client's.", problem.detail());
    }
}
