package org.edfi.dms.loader;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ProjectSchema;
import org.edfi.dms.schema.ResourceSchema;

/**
 * How a JSON Lines file names the resource of its documents: {@code [NNNN-]project.endpoint.jsonl},
 * for example {@code 0003-ed-fi.schools.jsonl}. The optional number only sorts the files in the
 * order they were written (dms generate writes them in dependency order); the loader orders
 * resources itself. A bare {@code endpoint.jsonl} names a resource of whichever project has it, when
 * exactly one does.
 */
public final class JsonLinesFileName {

    public static final String EXTENSION = ".jsonl";

    private static final Pattern NAME = Pattern.compile("(?:\\d+-)?(?:([^.]+)\\.)?([^.]+)\\.jsonl", Pattern.CASE_INSENSITIVE);

    private JsonLinesFileName() {}

    /** The name dms generate gives the file of a resource, {@code order} being its place among the files. */
    public static String of(int order, ResourceSchema resource) {
        return String.format(Locale.ROOT, "%04d-%s.%s%s", order, resource.projectEndpoint(), resource.endpointName(), EXTENSION);
    }

    public static boolean isJsonLines(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(EXTENSION);
    }

    /**
     * The resource a JSON Lines file holds, from its name.
     *
     * @throws IllegalArgumentException naming the file and the expected form when the name says no resource of {@code schema}
     */
    public static ResourceSchema resourceOf(Path file, ApiSchema schema) {
        String name = file.getFileName().toString();
        Matcher matcher = NAME.matcher(name);
        Optional<ResourceSchema> resource = Optional.empty();
        if (matcher.matches()) {
            String endpoint = matcher.group(2);
            if (matcher.group(1) != null) {
                resource = schema.findResource(matcher.group(1), endpoint);
            } else {
                List<ResourceSchema> found = schema.projects().stream()
                        .map((ProjectSchema project) -> project.findByEndpoint(endpoint))
                        .flatMap(Optional::stream)
                        .toList();
                resource = found.size() == 1 ? Optional.of(found.getFirst()) : Optional.empty();
            }
        }
        return resource.orElseThrow(() -> new IllegalArgumentException(file + ": the file name names no resource of the ApiSchema;"
                + " name a JSON Lines file [NNNN-]project.endpoint.jsonl, e.g. 0003-ed-fi.schools.jsonl"));
    }
}
