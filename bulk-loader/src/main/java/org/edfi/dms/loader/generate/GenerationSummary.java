package org.edfi.dms.loader.generate;

import java.util.List;
import java.util.Locale;
import org.edfi.dms.schema.ResourceSchema;

/**
 * What a generation wrote: per resource, its file and documents, and the totals.
 *
 * @param resources in the order written
 */
public record GenerationSummary(List<Written> resources, double seconds) {

    /** One resource's file. */
    public record Written(String file, ResourceSchema resource, long documents, long bytes, GenerationPlan.Reason reason) {}

    public GenerationSummary {
        resources = List.copyOf(resources);
    }

    public long documents() {
        return resources.stream().mapToLong(Written::documents).sum();
    }

    public long bytes() {
        return resources.stream().mapToLong(Written::bytes).sum();
    }

    /** The table printed at the end of a generation: {@link #header}, a {@link #row} per file, {@link #totals}. */
    public String table() {
        StringBuilder text = new StringBuilder(header());
        resources.forEach(written -> text.append(row(written)));
        return text.append(totals()).toString();
    }

    public static String header() {
        return String.format(Locale.ROOT, "%-64s %10s  %s%n", "file", "documents", "why");
    }

    /** One file's line; the reason says why a resource the scenario does not list was generated. */
    public static String row(Written written) {
        return String.format(Locale.ROOT, "%-64s %10d  %s%n", written.file(), written.documents(), switch (written.reason()) {
            case SCENARIO -> "scenario";
            case REFERENCED -> "referenced";
            case DESCRIPTOR -> "descriptor";
        });
    }

    public String totals() {
        return String.format(Locale.ROOT, "%-64s %10d%n", "total (" + resources.size() + " files)", documents())
                + String.format(Locale.ROOT, "%,d documents, %,.1f MB in %.1f s (%,.0f documents/s)%n",
                        documents(), bytes() / 1e6, seconds, documents() / Math.max(seconds, 1e-9));
    }
}
