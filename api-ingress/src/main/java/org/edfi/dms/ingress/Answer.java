package org.edfi.dms.ingress;

import java.util.Map;
import org.edfi.dms.problem.Problem;

/**
 * What the API answers a write with: a status, the headers of a success (Location, ETag), or a
 * problem details body.
 */
public record Answer(int status, Map<String, String> headers, Problem problem) {

    public static Answer of(Problem problem) {
        return new Answer(problem.status(), Map.of(), problem);
    }

    public static Answer success(int status, Map<String, String> headers) {
        return new Answer(status, headers, null);
    }
}
