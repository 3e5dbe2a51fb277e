package org.edfi.dms.http;

import java.util.Arrays;
import java.util.Optional;

/**
 * A data path after its instance prefix, {@code /data/{project}/{resource}[/{id}]}, or the ODS/API
 * form {@code /data/v3/{project}/{resource}[/{id}]}; the {@code id} segment may name a change query
 * route instead ({@link #readsChanges}).
 *
 * @param base the path up to the resource, without the instance prefix ({@code /data/ed-fi/schools})
 * @param id the id segment as written, when there is one
 */
public record DataPath(String project, String resource, Optional<String> id, String base) {

    /** The change query routes after a resource ({@code .../schools/deletes}), which name no document. */
    public static final String DELETES = "deletes";
    public static final String KEY_CHANGES = "keyChanges";

    /** The route of a resource's partitions for parallel cursor walks, which names no document either. */
    public static final String PARTITIONS = "partitions";

    /** Whether the path is a route that is only read (deletes, key changes, partitions), not a document. */
    public boolean readsOnly() {
        return readsChanges() || id.filter(PARTITIONS::equals).isPresent();
    }

    /** Whether the path is a resource's deletes or key changes (the claim set's ReadChanges action), not a document. */
    public boolean readsChanges() {
        return id.filter(segment -> segment.equals(DELETES) || segment.equals(KEY_CHANGES)).isPresent();
    }

    /** The path itself, {@code base} and the id segment; without a trailing slash. */
    public String path() {
        return base + id.map(segment -> "/" + segment).orElse("");
    }

    /** The same path naming its project and resource as {@code project} and {@code resource} (as the ApiSchema spells them). */
    public DataPath spelled(String project, String resource) {
        String data = base.startsWith("/data/v3/") ? "/data/v3/" : "/data/";
        return new DataPath(project, resource, id, data + project + "/" + resource);
    }

    /** The data path {@code rest} names, if it is one. */
    public static Optional<DataPath> parse(String rest) {
        if (!rest.startsWith("/data/")) {
            return Optional.empty();
        }
        String[] segments = rest.substring("/data/".length()).split("/", -1);
        if (segments.length > 2 && segments[segments.length - 1].isEmpty()) { // a trailing slash
            segments = Arrays.copyOf(segments, segments.length - 1);
        }
        int first = segments.length >= 3 && segments[0].equals("v3") ? 1 : 0;
        int count = segments.length - first;
        if (count < 2 || count > 3 || segments[first].isEmpty() || segments[first + 1].isEmpty()) {
            return Optional.empty();
        }
        String base = "/data/" + (first == 1 ? "v3/" : "") + segments[first] + "/" + segments[first + 1];
        Optional<String> id = count == 3 ? Optional.of(segments[first + 2]) : Optional.empty();
        return Optional.of(new DataPath(segments[first], segments[first + 1], id, base));
    }
}
