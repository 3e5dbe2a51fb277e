package org.edfi.dms.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.edfi.dms.contracts.Problem;

/**
 * How a collection read pages, as its parameters ask: by {@code limit}/{@code offset}/{@code totalCount}
 * (the Ed-Fi default, of every collection: resources, descriptors, {@code /deletes}, {@code /keyChanges}),
 * or by cursor ({@code pageToken}/{@code pageSize}, docs/paging.md, of resources and descriptors).
 * The paging rules, which may be mixed and which not, and their wording, which is the Ed-Fi
 * DMS's (its parameter validation problem: {@code Parameters supplied to the request were invalid.}
 * with the message in {@code errors}), live here alone.
 */
sealed interface Paging {

    /** The ODS/API and DMS maximum page size, for {@code limit} and {@code pageSize} alike. */
    int MAX_PAGE_SIZE = 500;
    int DEFAULT_LIMIT = 25;

    String PAGE_TOKEN = "pageToken";
    String PAGE_SIZE = "pageSize";
    String LIMIT = "limit";
    String OFFSET = "offset";
    String TOTAL_COUNT = "totalCount";

    /** Traditional paging: {@code limit} documents after skipping {@code offset}. */
    record Offset(int limit, int offset, boolean totalCount) implements Paging {}

    /** Cursor paging: {@code size} documents of the token's segment, after its position. */
    record Cursor(PageToken from, int size) implements Paging {}

    /** The paging asked for, or the problem of the first rule the parameters break. */
    record Parsed<P extends Paging>(P paging, Problem problem) {}

    /**
     * Reads the paging parameters of a GET-many. A {@code pageToken} must verify for the request's
     * {@code scope} (its filters and change version window); {@code pageSize} alone starts a walk
     * at the first document.
     */
    static Parsed<Paging> parse(Map<String, String> parameters, PageScope scope, PageTokens tokens) {
        boolean token = parameters.containsKey(PAGE_TOKEN);
        if (!token && !parameters.containsKey(PAGE_SIZE)) {
            Parsed<Offset> offset = offset(parameters);
            return new Parsed<>(offset.paging(), offset.problem());
        }
        PageToken from = PageToken.FIRST;
        if (token) {
            var decoded = tokens.decode(parameters.get(PAGE_TOKEN), scope);
            if (decoded.isEmpty()) {
                return refused("The page token provided was invalid.");
            }
            from = decoded.get();
        }
        String cursorPaging = token ? "cursor paging with pageToken" : "cursor paging";
        if (parameters.containsKey(OFFSET)) {
            return refused(token
                    ? "Both offset and pageToken parameters were provided, but they support alternative paging approaches and cannot be used together."
                    : "Use limit instead of pageSize when using limit/offset paging.");
        }
        if (parameters.containsKey(LIMIT)) {
            return refused("Use pageSize instead of limit when using " + cursorPaging + ".");
        }
        String totalCount = parameters.get(TOTAL_COUNT);
        if (totalCount != null && totalCount.strip().equalsIgnoreCase("true")) {
            return refused("The totalCount parameter cannot be set to true when using " + cursorPaging + ".");
        }
        Integer size = integer(parameters, PAGE_SIZE, MAX_PAGE_SIZE);
        if (size == null || size < 0 || size > MAX_PAGE_SIZE) {
            return refused("PageSize must be a value between 0 and " + MAX_PAGE_SIZE + ".");
        }
        if (totalCount != null && !totalCount.strip().equalsIgnoreCase("false")) {
            return refused("TotalCount must be a boolean value.");
        }
        return new Parsed<>(new Cursor(from, size), null);
    }

    /**
     * Reads the paging of a collection that pages by offset alone ({@code deletes}, {@code keyChanges}).
     * Its pages are in change version order, which a position in creation order cannot continue, so
     * the cursor parameters are refused by name rather than ignored (a client would otherwise read 25
     * where it asked for {@code pageSize}), as the DMS refuses them there.
     */
    static Parsed<Offset> offsetOnly(Map<String, String> parameters) {
        List<String> errors = new ArrayList<>();
        for (String name : List.of(PAGE_TOKEN, PAGE_SIZE)) {
            if (parameters.containsKey(name)) {
                errors.add("The query field '" + name + "' is not valid for this Change Query endpoint.");
            }
        }
        return errors.isEmpty() ? offset(parameters) : new Parsed<>(null, Problem.badRequest(errors));
    }

    /**
     * The problem of the paging parameters {@code names} given to the partitions endpoint, which
     * does not take them (each one named, in the DMS's words), or null.
     */
    static Problem unsupportedByPartitions(Map<String, String> parameters, List<String> names) {
        List<String> errors = new ArrayList<>();
        for (String name : names) {
            if (parameters.containsKey(name)) {
                errors.add("The '" + name + "' parameter is not supported by the partitions endpoint.");
            }
        }
        return errors.isEmpty() ? null : Problem.parameterValidation(errors);
    }

    private static Parsed<Offset> offset(Map<String, String> parameters) {
        Integer limit = integer(parameters, LIMIT, DEFAULT_LIMIT);
        if (limit == null || limit < 0 || limit > MAX_PAGE_SIZE) {
            return refused("Limit must be omitted or set to a numeric value between 0 and " + MAX_PAGE_SIZE + ".");
        }
        Integer offset = integer(parameters, OFFSET, 0);
        if (offset == null || offset < 0) {
            return refused("Offset must be a numeric value greater than or equal to 0.");
        }
        String totalCount = parameters.getOrDefault(TOTAL_COUNT, "false").strip();
        if (!totalCount.equalsIgnoreCase("true") && !totalCount.equalsIgnoreCase("false")) {
            return refused("TotalCount must be a boolean value.");
        }
        return new Parsed<>(new Offset(limit, offset, totalCount.equalsIgnoreCase("true")), null);
    }

    private static <P extends Paging> Parsed<P> refused(String error) {
        return new Parsed<>(null, Problem.parameterValidation(List.of(error)));
    }

    private static Integer integer(Map<String, String> parameters, String name, int fallback) {
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
