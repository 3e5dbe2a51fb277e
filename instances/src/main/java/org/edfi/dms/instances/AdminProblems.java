package org.edfi.dms.instances;

import java.util.List;
import java.util.Map;
import org.edfi.dms.contracts.Problem;

/** The admin API's problems that the Ed-Fi API itself never answers. */
final class AdminProblems {

    /** 409 for an operation the instance's state does not allow now (the Ed-Fi DMS's conflict type). */
    static final String CONFLICT = "urn:ed-fi:api:conflict";

    private AdminProblems() {}

    static Problem conflict(String error) {
        return new Problem("The request conflicts with the current state of the instance. See 'errors' for details.",
                CONFLICT, "Conflict", 409, null, Map.of(), List.of(error));
    }
}
