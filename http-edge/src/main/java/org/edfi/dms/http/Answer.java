package org.edfi.dms.http;

import java.util.Map;
import org.edfi.dms.contracts.Problem;

/**
 * What a read or write pipeline answers, before it is HTTP: a status, headers, and a JSON body or a
 * problem (or neither, as a 204 or 304). {@link Responses#send} writes it, stamping the request's
 * correlation id on a problem, so the pipelines never carry it.
 *
 * @param body JSON text; null when the answer has none
 * @param problem the problem of a refusal; null on success
 */
public record Answer(int status, Map<String, String> headers, String body, Problem problem) {

    public Answer {
        headers = Map.copyOf(headers);
    }

    public static Answer of(Problem problem) {
        return new Answer(problem.status(), Map.of(), null, problem);
    }

    /** A success without a body (201, 200 of an upsert, 204, 304). */
    public static Answer success(int status, Map<String, String> headers) {
        return new Answer(status, headers, null, null);
    }

    public static Answer json(int status, Map<String, String> headers, String body) {
        return new Answer(status, headers, body, null);
    }

    /** The ETag header of a document's version, as the API sends it (quoted; clients send it back in If-Match and If-None-Match). */
    public static Map.Entry<String, String> etag(String etag) {
        return Map.entry("ETag", "\"" + etag + "\"");
    }
}
