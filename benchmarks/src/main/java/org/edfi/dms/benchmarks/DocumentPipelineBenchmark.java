package org.edfi.dms.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.schema.Refusal;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.SchemaLoadException;
import org.edfi.dms.schema.extraction.DocumentExtractor;
import org.edfi.dms.schema.extraction.ExtractedDocument;
import org.edfi.dms.schema.validation.DocumentValidator;
import org.edfi.dms.schema.validation.JsonBodyParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the ingress spends on a write before it touches Kafka: parse the body, validate it against
 * the Data Standard 5.0 ApiSchema, extract identity and references. The ceiling is Jackson's plain
 * {@code readTree} of the same bytes: the least any server spends to look at a JSON body.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 2, jvmArgsAppend = "-Xmx1g")
public class DocumentPipelineBenchmark {

    @Param({"studentSchoolAssociations", "sections", "students"})
    public String resource;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final JsonBodyParser parser = new JsonBodyParser();
    private DocumentValidator validator;
    private ResourceSchema resourceSchema;
    private byte[] body;

    @Setup(Level.Trial)
    public void load() throws IOException, SchemaLoadException {
        Path schemaFile = Path.of(System.getProperty("dms.home", "."), "../shared/edfi/ds-5.0/ApiSchema.json");
        ApiSchema schema = ApiSchemaLoader.load(schemaFile);
        validator = DocumentValidator.forSchema(schema);
        resourceSchema = schema.findResource("ed-fi", resource).orElseThrow();
        try (InputStream in = DocumentPipelineBenchmark.class.getResourceAsStream("/documents/" + resource + ".json")) {
            body = in.readAllBytes();
        }
        Optional<Refusal> problem = validator.validateInsert(resourceSchema, parser.parse(body).document());
        if (problem.isPresent()) {
            throw new IllegalStateException("Benchmark document for " + resource + " is invalid: " + problem.get());
        }
    }

    @Benchmark
    public JsonNode ceilingJacksonReadTree() throws IOException {
        return MAPPER.readTree(body);
    }

    @Benchmark
    public JsonNode parse() {
        return parser.parse(body).document();
    }

    @Benchmark
    public Optional<Refusal> parseAndValidate() {
        return validator.validateInsert(resourceSchema, parser.parse(body).document());
    }

    @Benchmark
    public ExtractedDocument parseValidateAndExtract() {
        var document = parser.parse(body).document();
        validator.validateInsert(resourceSchema, document);
        return DocumentExtractor.extract(resourceSchema, document);
    }
}
