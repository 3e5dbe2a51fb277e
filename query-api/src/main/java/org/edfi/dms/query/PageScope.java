package org.edfi.dms.query;

import java.util.ArrayList;
import java.util.List;
import org.edfi.dms.schema.ResourceSchema;

/**
 * What a page token is valid for: the resource and the request's filters. A token is signed over
 * its scope ({@link PageTokens}), so one replayed on another resource, or with other filters than
 * the walk started with, is refused instead of silently reading another result set. Filters that
 * narrow a walk (query fields; the change version window) each add a term with {@link #with}.
 *
 * @param resource {@code project/endpoint}
 * @param terms the filters, in a canonical order
 */
record PageScope(String resource, List<String> terms) {

    PageScope {
        terms = List.copyOf(terms);
    }

    /**
     * The scope of a query of {@code resource} with these query-field filters ({@link QueryFilters})
     * and change version window. A walk or partition of a window reads only what is in it, and a
     * token replayed with another window (or none) would read another result set, so each bound is
     * a term, as read rather than as written ({@code MinChangeVersion=05} is {@code minChangeVersion=5}).
     */
    static PageScope of(ResourceSchema resource, List<List<String>> filters, ChangeVersionWindow window) {
        // Each filter is one parameter's containment alternatives; sorted, the parameters' order in the URL does not matter.
        List<String> terms = new ArrayList<>(filters.stream().map(alternatives -> String.join("|", alternatives)).toList());
        terms.sort(null);
        PageScope scope = new PageScope(resource.projectEndpoint() + "/" + resource.endpointName(), terms);
        if (window.min() != null) {
            scope = scope.with(ChangeVersionWindow.MIN, window.min().toString());
        }
        if (window.max() != null) {
            scope = scope.with(ChangeVersionWindow.MAX, window.max().toString());
        }
        return scope;
    }

    /** This scope narrowed by one more filter, e.g. {@code with("minChangeVersion", "42")}. */
    PageScope with(String name, String value) {
        List<String> more = new ArrayList<>(terms);
        more.add(name + "=" + value);
        return new PageScope(resource, more);
    }
}
