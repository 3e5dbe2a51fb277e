package org.edfi.dms.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edfi.dms.contracts.Problem;

/**
 * The change version window of a read, {@code minChangeVersion} and {@code maxChangeVersion}, both
 * inclusive and each optional, as the ODS/API and the DMS read them: names without regard to case,
 * an empty value as absent, a value that is not a whole number of at least 0 (or a minimum above the
 * maximum) refused with the DMS's wording.
 *
 * @param min the lowest change version read, or null
 * @param max the highest change version read, or null
 */
record ChangeVersionWindow(Long min, Long max) {

    static final String MIN = "minChangeVersion";
    static final String MAX = "maxChangeVersion";
    static final ChangeVersionWindow ALL = new ChangeVersionWindow(null, null);

    /** A window, or the problem that refuses the parameters. */
    record Parsed(ChangeVersionWindow window, Problem problem) {}

    static Parsed parse(Map<String, String> parameters) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        Long min = bound(parameters, MIN, "MinChangeVersion must be a numeric value greater than or equal to 0.", errors);
        Long max = bound(parameters, MAX, "MaxChangeVersion must be a numeric value greater than or equal to 0.", errors);
        if (min != null && max != null && min > max) {
            errors.computeIfAbsent("$." + MIN, k -> new ArrayList<>()).add("MinChangeVersion must be less than or equal to MaxChangeVersion.");
        }
        return errors.isEmpty() ? new Parsed(new ChangeVersionWindow(min, max), null) : new Parsed(null, Problem.parameterValidation(errors));
    }

    /** This window cut at a snapshot's change version: nothing after it (a change query as of a snapshot). */
    ChangeVersionWindow cutAt(Snapshot snapshot) {
        long at = snapshot.changeVersion();
        return new ChangeVersionWindow(min, max == null ? at : Math.min(max, at));
    }

    boolean isAll() {
        return min == null && max == null;
    }

    /** The window as SQL over the alias {@code r} ({@code ""} when it holds every version), with its parameters. */
    String sql() {
        return (min == null ? "" : " AND r.change_version >= :minChangeVersion") + (max == null ? "" : " AND r.change_version <= :maxChangeVersion");
    }

    Map<String, Object> parameters() {
        Map<String, Object> bound = new LinkedHashMap<>();
        if (min != null) {
            bound.put(MIN, min);
        }
        if (max != null) {
            bound.put(MAX, max);
        }
        return bound;
    }

    private static Long bound(Map<String, String> parameters, String name, String error, Map<String, List<String>> errors) {
        Optional<String> value = parameters.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
        if (value.isEmpty() || value.get().isBlank()) {
            return null;
        }
        try {
            long parsed = Long.parseLong(value.get().strip());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // refused below, as a negative number is
        }
        errors.computeIfAbsent("$." + name, k -> new ArrayList<>()).add(error);
        return null;
    }
}
