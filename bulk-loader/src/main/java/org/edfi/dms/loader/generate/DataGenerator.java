package org.edfi.dms.loader.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.edfi.dms.loader.JsonLinesFileName;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ResourceSchema;

/**
 * Generates a consistent synthetic Ed-Fi data set from an ApiSchema and a {@link Scenario}: every
 * reference points at a document generated earlier, every descriptor value was generated, every
 * document has a natural key of its own (so loading it creates, never updates), and every document
 * passes the API's validation. Nothing about any Data Standard is written here; resources, shapes,
 * keys and constraints all come from the ApiSchema.
 *
 * <p>Resources are generated one after the other in {@link GenerationPlan} order, each streamed to
 * its own JSON Lines file. Memory holds only what later documents need ({@link
 * GeneratedIdentities}) and the natural keys of the resource being generated.
 *
 * <p>The same ApiSchema, scenario, scale and seed give the same bytes: each resource draws from its
 * own random generator, seeded from the seed and the resource's name, and no decision depends on
 * hash order or the clock.
 */
public final class DataGenerator {

    private final ApiSchema schema;
    private final Scenario scenario;
    private final long scale;
    private final long seed;
    private final GenerationPlan plan;

    /** @throws GenerationException when the scenario does not fit the ApiSchema */
    public DataGenerator(ApiSchema schema, Scenario scenario, long scale, long seed) {
        if (scale < 1) {
            throw new IllegalArgumentException("the scale must be at least 1, not " + scale);
        }
        this.schema = schema;
        this.scenario = scenario;
        this.scale = scale;
        this.seed = seed;
        this.plan = GenerationPlan.of(schema, scenario, scale);
    }

    public GenerationPlan plan() {
        return plan;
    }

    /**
     * Writes one file per resource into {@code directory}, named {@link JsonLinesFileName#of} (the
     * number is the resource's place in generation order), and calls {@code progress} after each.
     *
     * @throws GenerationException when the scenario asks for more documents than the ApiSchema's
     *     natural keys allow, or when the directory holds JSON Lines files already
     */
    public GenerationSummary generate(Path directory, Consumer<GenerationSummary.Written> progress) throws IOException {
        long started = System.nanoTime();
        JsonLinesWriter.prepare(directory);
        GeneratedIdentities identities = new GeneratedIdentities(schema);
        ScalarValues values = new ScalarValues(scenario.firstDate(), scenario.lastDate());
        FixedValues fixedValues = new FixedValues(scenario);
        List<GenerationSummary.Written> written = new ArrayList<>();
        int order = 0;
        for (GenerationPlan.Step step : plan.steps()) {
            ResourceSchema resource = step.resource();
            if (step.referenced()) {
                identities.keep(resource);
            }
            DocumentGenerator documents = new DocumentGenerator(plan.shape(resource), identities, values, fixedValues, random(resource));
            String name = JsonLinesFileName.of(++order, resource);
            long bytes;
            try (JsonLinesWriter out = new JsonLinesWriter(directory.resolve(name))) {
                for (long number = 1; number <= step.documents(); number++) {
                    out.write(documents.next(number));
                }
                bytes = out.size();
            }
            GenerationSummary.Written file = new GenerationSummary.Written(name, resource, step.documents(), bytes, step.reason());
            written.add(file);
            progress.accept(file);
        }
        return new GenerationSummary(written, (System.nanoTime() - started) / 1e9);
    }

    /** A resource's own random generator: its draws do not depend on how many draws other resources made. */
    private SplittableRandom random(ResourceSchema resource) {
        long name = 1125899906842597L;
        for (char c : (resource.projectEndpoint() + "/" + resource.endpointName()).toCharArray()) {
            name = 31 * name + c;
        }
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ name);
    }

    @Override
    public String toString() {
        return "scenario " + scenario.name() + ", scale " + scale + ", seed " + seed + ": " + plan.steps().size() + " resources, "
                + plan.documents() + " documents";
    }
}
