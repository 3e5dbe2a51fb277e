package org.edfi.dms.loader;

import com.fasterxml.jackson.databind.JsonNode;
import org.edfi.dms.contracts.Problem;

/**
 * What the API answered to one document: the HTTP status (201 created, 200 updated, or an error)
 * and, for an error, the Ed-Fi problem details as sent.
 */
public record Outcome(int status, JsonNode problem) {

    public boolean accepted() {
        return status == 200 || status == 201;
    }

    /** A 409 naming references that do not exist yet: worth another try once the rest of the level is in. */
    public boolean unresolvedReference() {
        return status == 409 && problem != null && problem.path("type").asText().equals(Problem.UNRESOLVED_REFERENCE);
    }
}
