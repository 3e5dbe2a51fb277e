package org.edfi.dms.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.edfi.dms.app.config.CommandLine;
import org.edfi.dms.app.config.Settings;
import org.edfi.dms.app.config.SettingsException;
import org.edfi.dms.app.config.SettingsLoader;
import org.edfi.dms.loader.generate.DataGenerator;
import org.edfi.dms.loader.generate.GenerationException;
import org.edfi.dms.loader.generate.GenerationSummary;
import org.edfi.dms.loader.generate.Scenario;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.schema.SchemaLoadException;

/** {@code dms generate}: a consistent synthetic Ed-Fi data set, as JSON Lines files that {@code dms load} reads. */
public final class GenerateCommand implements Command {

    private final SettingsLoader loader;

    public GenerateCommand(SettingsLoader loader) {
        this.loader = loader;
    }

    @Override
    public String name() {
        return "generate";
    }

    @Override
    public String summary() {
        return "Generate consistent synthetic Ed-Fi data of any size, as JSON Lines files to load";
    }

    @Override
    public String usage() {
        return """
                Usage: dms generate --out DIR [--scale N] [--seed S] [--scenario FILE] [--api-schema FILE]

                Writes a synthetic Ed-Fi data set into DIR, one JSON Lines file per resource
                (DIR/0011-ed-fi.students.jsonl: one POST body per line), in dependency order. Every
                document passes the API's validation and has a natural key of its own; every reference
                points at a document written before it and every descriptor value is generated too
                (uri://generated.example.org/<Descriptor>#Code N). Only required properties are filled.
                What to generate comes from a scenario and the ApiSchema, never from code: the built-in
                district has about ten documents per student (enrollments, sections, attendance), so
                --scale 100000 writes about a million documents. Load it with `dms load DIR`.

                  --out DIR          where the files go (created; must not hold .jsonl files yet)
                  --scale N          scale units, e.g. students in the district scenario (default 1000)
                  --seed S           the random seed (default 1): the same ApiSchema, scenario, scale and
                                     seed give byte-identical files
                  --scenario FILE    resources and their documents per scale unit (default: the built-in
                                     district; the format is in docs/loading.md)
                  --api-schema FILE  the ApiSchema to generate for (repeat for extensions; default the
                                     Data Standard 5.0 file beside the project)

                Streams to disk: memory holds the identities of referenced documents, not the documents.
                Exit status 0 when written, 1 when the scenario cannot be generated (the message says
                what to change), 2 on a wrong command line.
                """;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Optional<Path> directory = Optional.empty();
        long scale = 1000;
        long seed = 1;
        Optional<Path> scenarioFile = Optional.empty();
        List<String> settingsArgs = new ArrayList<>();
        try {
            CommandLine line = CommandLine.parse(args);
            if (!line.positional().isEmpty()) {
                throw new SettingsException("unexpected argument " + line.positional().getFirst());
            }
            for (CommandLine.Option option : line.options()) {
                String value = option.value();
                switch (option.name()) {
                    case "--out" -> directory = Optional.of(Path.of(value));
                    case "--scale" -> scale = Long.parseLong(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--scenario" -> scenarioFile = Optional.of(Path.of(value));
                    default -> settingsArgs.add(option.asArgument()); // --api-schema, --config: the common settings
                }
            }
            if (directory.isEmpty()) {
                throw new SettingsException("give the folder to write with --out DIR");
            }
            if (scale < 1) {
                throw new SettingsException("--scale must be at least 1");
            }
            if (scenarioFile.isPresent() && !Files.isRegularFile(scenarioFile.get())) {
                throw new SettingsException("no such scenario file: " + scenarioFile.get());
            }
        } catch (SettingsException | NumberFormatException e) {
            err.println("generate: " + e.getMessage() + "\n\n" + usage());
            return USAGE;
        }
        Settings settings;
        try {
            settings = loader.load(settingsArgs);
        } catch (SettingsException e) {
            err.println("generate: " + e.getMessage());
            return USAGE;
        }
        try {
            ApiSchema schema = ApiSchemaLoader.load(settings.apiSchemas());
            Scenario scenario = scenarioFile.isPresent() ? Scenario.read(scenarioFile.get()) : Scenario.builtIn();
            DataGenerator generator = new DataGenerator(schema, scenario, scale, seed);
            out.printf(Locale.ROOT, "Generating %,d documents of %d resources (scenario %s, scale %,d, seed %d) into %s%n",
                    generator.plan().documents(), generator.plan().steps().size(), scenario.name(), scale, seed, directory.get());
            out.print(GenerationSummary.header());
            GenerationSummary summary = generator.generate(directory.get(), written -> {
                out.print(GenerationSummary.row(written));
                out.flush();
            });
            out.print(summary.totals());
            return OK;
        } catch (SchemaLoadException | GenerationException | IllegalArgumentException | IOException e) {
            err.println("generate: " + e.getMessage());
            return FAILED;
        }
    }
}
