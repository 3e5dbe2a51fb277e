package org.edfi.dms.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.edfi.dms.app.config.Setting;
import org.edfi.dms.app.config.Settings;
import org.edfi.dms.app.config.SettingsLoader;
import org.edfi.dms.loader.generate.DataGenerator;
import org.edfi.dms.loader.generate.GenerationException;
import org.edfi.dms.loader.generate.GenerationSummary;
import org.edfi.dms.loader.generate.Scenario;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.schema.SchemaLoadException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code dms generate}: a consistent synthetic Ed-Fi data set, as JSON Lines files that {@code dms load} reads. */
@Command(name = "generate", description = {
        "Generate consistent synthetic Ed-Fi data of any size, as JSON Lines files to load",
        "",
        """
        Writes a synthetic Ed-Fi data set into DIR, one JSON Lines file per resource
        (DIR/0011-ed-fi.students.jsonl: one POST body per line), in dependency order. Every
        document passes the API's validation and has a natural key of its own; every reference
        points at a document written before it and every descriptor value is generated too
        (uri://generated.example.org/<Descriptor>#Code N). Only required properties are filled.
        What to generate comes from a scenario and the ApiSchema, never from code: the built-in
        district has about ten documents per student (enrollments, sections, attendance), so
        --scale 100000 writes about a million documents. Load it with `dms load DIR`.""",
        "",
        "Streams to disk: memory holds the identities of referenced documents, not the documents."},
        exitCodeList = {"0:written", "1:the scenario cannot be generated (the message says what to change)", "2:a wrong command line"})
public final class GenerateCommand extends SettingsCommand {

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "where the files go (created; must not hold .jsonl files yet)")
    Path directory;

    @Option(names = "--scale", paramLabel = "N", description = "scale units, e.g. students in the district scenario (default ${DEFAULT-VALUE})")
    long scale = 1000;

    @Option(names = "--seed", paramLabel = "S", description = "the random seed (default ${DEFAULT-VALUE}): the same ApiSchema, scenario, scale and seed give byte-identical files")
    long seed = 1;

    @Option(names = "--scenario", paramLabel = "FILE", description = "resources and their documents per scale unit (default: the built-in district; the format is in docs/loading.md)")
    Optional<Path> scenarioFile = Optional.empty();

    public GenerateCommand(SettingsLoader loader, PrintStream out, PrintStream err) {
        super(loader, List.of(Setting.API_SCHEMA), out, err);
    }

    @Override
    public Integer call() {
        if (scale < 1) {
            throw new ParameterException(spec.commandLine(), "--scale must be at least 1");
        }
        if (scenarioFile.isPresent() && !Files.isRegularFile(scenarioFile.get())) {
            throw new ParameterException(spec.commandLine(), "no such scenario file: " + scenarioFile.get());
        }
        Settings settings = settings();
        try {
            ApiSchema schema = ApiSchemaLoader.load(settings.apiSchemas());
            Scenario scenario = scenarioFile.isPresent() ? Scenario.read(scenarioFile.get()) : Scenario.builtIn();
            DataGenerator generator = new DataGenerator(schema, scenario, scale, seed);
            out.printf(Locale.ROOT, "Generating %,d documents of %d resources (scenario %s, scale %,d, seed %d) into %s%n",
                    generator.plan().documents(), generator.plan().steps().size(), scenario.name(), scale, seed, directory);
            out.print(GenerationSummary.header());
            GenerationSummary summary = generator.generate(directory, written -> {
                out.print(GenerationSummary.row(written));
                out.flush();
            });
            out.print(summary.totals());
            return ExitStatus.OK;
        } catch (SchemaLoadException | GenerationException | IllegalArgumentException | IOException e) {
            err.println("generate: " + e.getMessage());
            return ExitStatus.FAILED;
        }
    }
}
