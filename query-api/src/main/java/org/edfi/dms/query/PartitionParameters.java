package org.edfi.dms.query;

import java.util.List;
import java.util.Map;
import org.edfi.dms.contracts.Problem;

/**
 * The parameters of {@code GET .../{resource}/partitions}: {@code number} of partitions (1-200,
 * default 10, as the DMS), and none of the GET-many's paging parameters, which do not apply to it.
 * Every other parameter narrows the query as on the GET-many: query fields and the change version window.
 */
final class PartitionParameters {

    static final String NUMBER = "number";
    static final int MIN = 1;
    static final int MAX = 200;
    static final int DEFAULT = 10;

    private static final List<String> NOT_HERE = List.of(Paging.PAGE_TOKEN, Paging.PAGE_SIZE, Paging.LIMIT, Paging.OFFSET, Paging.TOTAL_COUNT);

    /** How many partitions were asked for, or the problem of the request. */
    record Parsed(int number, Problem problem) {}

    private PartitionParameters() {}

    static Parsed parse(Map<String, String> parameters) {
        int number = DEFAULT;
        String text = parameters.get(NUMBER);
        if (text != null) {
            try {
                number = Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                number = -1;
            }
            if (number < MIN || number > MAX) {
                return new Parsed(0, Problem.parameterValidation(List.of("Number of partitions must be between " + MIN + " and " + MAX + ".")));
            }
        }
        Problem unsupported = Paging.unsupportedByPartitions(parameters, NOT_HERE);
        return unsupported == null ? new Parsed(number, null) : new Parsed(0, unsupported);
    }
}
