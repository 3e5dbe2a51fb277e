package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.edfi.dms.loader.JsonLinesFileName;
import org.edfi.dms.runtime.EmbeddedStack;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ResourceSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance of dms generate: a small generated district loads with dms load into a fresh
 * embedded instance without a single reject, and the API then holds exactly the documents
 * generated, resource by resource. The API's own validation and the integrity processor's reference
 * checks are the judges.
 */
class GeneratedDataLoadTest {

    @TempDir
    Path dir;

    private static CommandRun dms(String... args) {
        return CommandRun.of(TestApi.HOME, Map.of(), List.of(args));
    }

    @Test
    void aGeneratedDistrictLoadsWithoutRejectsAndTheApiHoldsEveryGeneratedDocument() throws Exception {
        ApiSchema schema = TestApi.dataStandard();
        String apiSchema = TestApi.DATA_STANDARD.resolve("ApiSchema.json").toString();
        Path generated = dir.resolve("generated");
        CommandRun generate = dms("generate", "--out", generated.toString(), "--scale", "25", "--seed", "11", "--api-schema", apiSchema);
        assertEquals(0, generate.status(), generate.output());

        Map<String, Long> expected = new TreeMap<>();
        try (Stream<Path> files = Files.list(generated)) {
            for (Path file : files.toList()) {
                ResourceSchema resource = JsonLinesFileName.resourceOf(file, schema);
                try (Stream<String> lines = Files.lines(file)) {
                    expected.put(resource.endpointName(), lines.count());
                }
            }
        }
        long documents = expected.values().stream().mapToLong(Long::longValue).sum();
        assertTrue(documents > 250, "a few hundred documents: " + documents);

        try (EmbeddedStack stack = EmbeddedStack.start(schema, dir.resolve("stack"), "127.0.0.1", 0, Duration.ofSeconds(30))) {
            Path rejects = dir.resolve("rejects.jsonl");
            CommandRun load = dms("load", "--url", "http://127.0.0.1:" + stack.port(), "--reject-file", rejects.toString(),
                    "--client-id", stack.developmentClient().credentials().clientId(),
                    "--client-secret", stack.developmentClient().credentials().clientSecret(), "--api-schema", apiSchema, generated.toString());
            assertEquals(0, load.status(), load.output());
            assertEquals("", Files.readString(rejects), "no record rejected");
            assertTrue(load.output().contains(String.format("%d documents in", documents)), "every document created: " + load.output());

            TestApi api = TestApi.of(stack);
            for (Map.Entry<String, Long> resource : expected.entrySet()) {
                HttpResponse<String> response = api.expect(200, "GET", "/data/ed-fi/" + resource.getKey() + "?totalCount=true&limit=0", null);
                assertEquals(resource.getValue(), Long.parseLong(response.headers().firstValue("Total-Count").orElseThrow()), resource.getKey());
            }
        }
    }
}
