package org.edfi.dms.query;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.schema.ResourceSchema;

/**
 * The names of a read's query parameters, as the DMS matches them: without case
 * ({@code OfFSeT=1} is {@code offset}), each operation's own (paging, the change version window,
 * the partitions' {@code number}) apart from the resource's query fields, and any other name
 * refused with a 400 that names it: a mistyped filter would otherwise return the whole collection.
 *
 * @param parameters every parameter, the operation's own under their canonical names
 * @param filters the parameters that are query fields of the resource (under the names given)
 * @param problem the refusal of a name the operation does not know; null when every name is known
 */
record QueryParameters(Map<String, String> parameters, Map<String, String> filters, Problem problem) {

    /** Which read, and so which names are its own and what it says of any other. */
    enum Operation {
        /** GET many of a resource or descriptor: paging, cursors, the change version window, then query fields. */
        COLLECTION(List.of(Paging.LIMIT, Paging.OFFSET, Paging.TOTAL_COUNT, Paging.PAGE_TOKEN, Paging.PAGE_SIZE,
                ChangeVersionWindow.MIN, ChangeVersionWindow.MAX), true, "The query field '%s' is not valid for this resource."),
        /** {@code /partitions}: its {@code number} and the window; the paging names are known so that they are refused by name. */
        PARTITIONS(List.of(PartitionParameters.NUMBER, Paging.LIMIT, Paging.OFFSET, Paging.TOTAL_COUNT, Paging.PAGE_TOKEN, Paging.PAGE_SIZE,
                ChangeVersionWindow.MIN, ChangeVersionWindow.MAX), true, "The query field '%s' is not valid for this resource."),
        /** {@code /deletes} and {@code /keyChanges}: offset paging and the window, no query field. */
        CHANGES(List.of(Paging.LIMIT, Paging.OFFSET, Paging.TOTAL_COUNT, Paging.PAGE_TOKEN, Paging.PAGE_SIZE,
                ChangeVersionWindow.MIN, ChangeVersionWindow.MAX), false, "The query field '%s' is not valid for this Change Query endpoint.");

        private final Map<String, String> own;
        private final boolean filters;
        private final String unknown;

        Operation(List<String> own, boolean filters, String unknown) {
            this.own = new LinkedHashMap<>();
            own.forEach(name -> this.own.put(name.toLowerCase(Locale.ROOT), name));
            this.filters = filters;
            this.unknown = unknown;
        }
    }

    /**
     * The parameters of {@code operation} on {@code resource}, named. A parameter without a name
     * ({@code ?=1}) names nothing and is dropped; the first of two spellings of one name wins.
     */
    static QueryParameters of(Map<String, String> given, Operation operation, ResourceSchema resource) {
        Map<String, String> parameters = new LinkedHashMap<>();
        Map<String, String> filters = new LinkedHashMap<>();
        for (Map.Entry<String, String> parameter : given.entrySet()) {
            String name = parameter.getKey();
            if (name.isEmpty()) {
                continue;
            }
            String own = operation.own.get(name.toLowerCase(Locale.ROOT));
            if (own != null) {
                parameters.putIfAbsent(own, parameter.getValue());
            } else if (operation.filters && QueryFilters.find(resource, name).isPresent()) {
                parameters.putIfAbsent(name, parameter.getValue());
                filters.putIfAbsent(name, parameter.getValue());
            } else {
                return new QueryParameters(Map.of(), Map.of(), Problem.badRequest(operation.unknown.formatted(name)));
            }
        }
        return new QueryParameters(parameters, filters, null);
    }
}
