package org.edfi.dms.app.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.edfi.dms.schema.AbstractResource;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.schema.JsonPath;
import org.edfi.dms.schema.ProjectSchema;
import org.edfi.dms.schema.ResourceKind;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.SchemaLoadException;
import org.edfi.dms.schema.validation.DocumentValidator;

/** {@code dms check-schema}: loads ApiSchema files as the server would and says what they hold or what is wrong. */
public final class CheckSchemaCommand implements Command {

    private final Path defaultSchema;

    public CheckSchemaCommand(Path defaultSchema) {
        this.defaultSchema = defaultSchema;
    }

    @Override
    public String name() {
        return "check-schema";
    }

    @Override
    public String summary() {
        return "Check ApiSchema files and print what they define";
    }

    @Override
    public String usage() {
        return """
                Usage: dms check-schema [FILE...]

                Loads one core Data Standard ApiSchema file and any extension ApiSchema files, checks
                that each is well formed and that together they are consistent (reference targets,
                superclasses, identity paths, JSON Schemas), and prints their projects, versions and
                resource counts. Exits 0 when the files are usable, 1 with a message naming the file
                and the place of the problem when they are not, 2 on a wrong command line.

                With no FILE, checks %s.
                """.formatted(defaultSchema);
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        List<Path> files = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("-")) {
                err.println("check-schema: unknown option " + arg + "\n\n" + usage());
                return USAGE;
            }
            files.add(Path.of(arg));
        }
        if (files.isEmpty()) {
            files.add(defaultSchema);
        }
        ApiSchema schema;
        try {
            schema = ApiSchemaLoader.load(files);
            DocumentValidator.forSchema(schema); // every resource's JSON Schema must compile
        } catch (SchemaLoadException e) {
            err.println("check-schema: " + e.getMessage());
            return FAILED;
        } catch (RuntimeException e) {
            err.println("check-schema: a JSON Schema in " + files + " does not compile: " + e.getMessage());
            return FAILED;
        }
        out.println("ApiSchema format " + schema.apiSchemaVersion() + ", " + files.size() + " file(s)");
        for (ProjectSchema project : schema.projects()) {
            describe(project, out);
        }
        int levels = schema.dependencyOrder().entries().stream().mapToInt(e -> e.order()).max().orElse(0);
        out.println("Dependency order: " + levels + " levels over " + schema.dependencyOrder().entries().size() + " resources");
        out.println("OK");
        return OK;
    }

    private static void describe(ProjectSchema project, PrintStream out) {
        Map<ResourceKind, Long> byKind = project.resources().stream()
                .collect(Collectors.groupingBy(ResourceSchema::kind, TreeMap::new, Collectors.counting()));
        out.printf("Project %s %s (/data/%s, %s)%n", project.projectName(), project.version(), project.endpointName(),
                project.isExtension() ? "extension" : "core");
        out.printf("  resources: %d (descriptors: %d, documents: %d, school year enumerations: %d)%n",
                project.resources().size(), byKind.getOrDefault(ResourceKind.DESCRIPTOR, 0L),
                byKind.getOrDefault(ResourceKind.DOCUMENT, 0L), byKind.getOrDefault(ResourceKind.SCHOOL_YEAR_ENUMERATION, 0L));
        out.printf("  abstract resources: %d%s%n", project.abstractResources().size(), project.abstractResources().stream()
                .map(CheckSchemaCommand::subclassSummary)
                .collect(Collectors.joining(", ", project.abstractResources().isEmpty() ? "" : ": ", "")));
        List<ResourceSchema> completed = project.resources().stream().filter(ResourceSchema::hasIdentityGap).toList();
        if (!completed.isEmpty()) {
            out.println("  identities completed from isPartOfIdentity (references still carry the declared identity):");
            for (ResourceSchema resource : completed) {
                out.printf("    %s: + %s%n", resource.endpointName(), resource.identityPaths().stream()
                        .filter(p -> !resource.declaredIdentityPaths().contains(p)).map(JsonPath::toString).toList());
            }
        }
    }

    private static String subclassSummary(AbstractResource resource) {
        return resource.name().resourceName() + " (" + resource.subclasses().size() + " subclasses)";
    }
}
