package org.edfi.dms.app.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
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
import org.edfi.dms.security.ClaimSets;
import org.edfi.dms.security.ClaimsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dms check-schema}: loads ApiSchema files as the server would and says what they hold or what is wrong. */
@Command(name = "check-schema", description = {
        "Check ApiSchema files and print what they define",
        "",
        """
        Loads one core Data Standard ApiSchema file and any extension ApiSchema files, checks
        that each is well formed and that together they are consistent (reference targets,
        superclasses, identity paths, JSON Schemas), and prints their projects, versions and
        resource counts. With no FILE, checks <project>/../shared/edfi/ds-5.0/ApiSchema.json.
        Then reads the Ed-Fi claims file the API would authorize with (--claims) and lists the
        resources no resource claim covers (no claim set but full-access reaches them) and the
        resource claims that name no resource of the schema."""},
        exitCodeList = {"0:the files are usable", "1:they are not; the message names the file and the place of the problem",
                "2:a wrong command line"})
public final class CheckSchemaCommand implements Callable<Integer> {

    private final Path defaultSchema;
    private final PrintStream out;
    private final PrintStream err;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "an ApiSchema file, the core Data Standard first")
    List<Path> files = new ArrayList<>();

    @Option(names = "--claims", paramLabel = "FILE", description = "the Ed-Fi claims file (default: the Ed-Fi DMS's Claims.json in shared/edfi)")
    Path claims;

    @Option(names = "--claims-schema", paramLabel = "FILE", description = "its JSON Schema (default: JsonSchemaForClaims.json in shared/edfi)")
    Path claimsSchema;

    public CheckSchemaCommand(Path defaultSchema, Path defaultClaims, Path defaultClaimsSchema, PrintStream out, PrintStream err) {
        this.defaultSchema = defaultSchema;
        this.claims = defaultClaims;
        this.claimsSchema = defaultClaimsSchema;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        if (files.isEmpty()) {
            files.add(defaultSchema);
        }
        ApiSchema schema;
        try {
            schema = ApiSchemaLoader.load(files);
            DocumentValidator.forSchema(schema); // every resource's JSON Schema must compile
        } catch (SchemaLoadException e) {
            err.println("check-schema: " + e.getMessage());
            return ExitStatus.FAILED;
        } catch (RuntimeException e) {
            err.println("check-schema: a JSON Schema in " + files + " does not compile: " + e.getMessage());
            return ExitStatus.FAILED;
        }
        out.println("ApiSchema format " + schema.apiSchemaVersion() + ", " + files.size() + " file(s)");
        for (ProjectSchema project : schema.projects()) {
            describe(project);
        }
        int levels = schema.dependencyOrder().entries().stream().mapToInt(e -> e.order()).max().orElse(0);
        out.println("Dependency order: " + levels + " levels over " + schema.dependencyOrder().entries().size() + " resources");
        ClaimSets claimSets;
        try {
            claimSets = ClaimsFile.load(claims, claimsSchema);
        } catch (IllegalArgumentException e) {
            err.println("check-schema: " + e.getMessage());
            return ExitStatus.FAILED;
        }
        ClaimSets.Coverage coverage = claimSets.coverage(schema);
        out.printf("Claims %s: %d claim sets%n", claims, claimSets.names().size());
        out.println("  resources without a resource claim (only full-access reaches them): " + listed(coverage.resourcesWithoutClaim()));
        out.println("  resource claims without a resource of this schema: " + listed(coverage.claimsWithoutResource()));
        out.println("OK");
        return ExitStatus.OK;
    }

    private static String listed(List<String> names) {
        return names.isEmpty() ? "none" : names.size() + "\n    " + String.join("\n    ", names);
    }

    private void describe(ProjectSchema project) {
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
