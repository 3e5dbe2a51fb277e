package org.edfi.dms.query;

import java.util.Map;
import org.edfi.dms.contracts.Problem;

/**
 * The offset paging of a GET-many, {@code limit}, {@code offset} and {@code totalCount}, as the
 * ODS/API and the DMS read and refuse them: every collection read (resources, descriptors,
 * {@code /deletes}, {@code /keyChanges}) pages the same way.
 */
record Paging(int limit, int offset, boolean totalCount) {

    /** The ODS/API and DMS maximum page size. */
    static final int MAX_LIMIT = 500;
    static final int DEFAULT_LIMIT = 25;

    /** Paging, or the problem that refuses the parameters. */
    record Parsed(Paging paging, Problem problem) {}

    static Parsed parse(Map<String, String> parameters) {
        Integer limit = intParameter(parameters, "limit", DEFAULT_LIMIT);
        if (limit == null || limit < 0 || limit > MAX_LIMIT) {
            return refused("Limit must be omitted or set to a numeric value between 0 and " + MAX_LIMIT + ".");
        }
        Integer offset = intParameter(parameters, "offset", 0);
        if (offset == null || offset < 0) {
            return refused("Offset must be a numeric value greater than or equal to 0.");
        }
        String totalCount = parameters.getOrDefault("totalCount", "false").strip();
        if (!totalCount.equalsIgnoreCase("true") && !totalCount.equalsIgnoreCase("false")) {
            return refused("TotalCount must be a boolean value.");
        }
        return new Parsed(new Paging(limit, offset, totalCount.equalsIgnoreCase("true")), null);
    }

    private static Parsed refused(String error) {
        return new Parsed(null, Problem.badRequest(error));
    }

    private static Integer intParameter(Map<String, String> parameters, String name, int fallback) {
        String value = parameters.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
