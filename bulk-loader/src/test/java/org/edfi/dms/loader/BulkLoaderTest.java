package org.edfi.dms.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.loader.generate.DataGenerator;
import org.edfi.dms.loader.generate.GenerationSummary;
import org.edfi.dms.loader.generate.Scenario;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.extraction.DocumentExtractor;
import org.edfi.dms.schema.extraction.ExtractedDocument;
import org.edfi.dms.schema.identity.ReferentialId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader's order and bookkeeping, against a transport that answers as the API does for
 * references: a document whose parent learning standard is not there yet gets 409. (The real
 * transports and the real API are in the app module's BulkLoadTest.)
 */
class BulkLoaderTest {

    private static ApiSchema SCHEMA;

    @BeforeAll
    static void loadSchema() throws Exception {
        SCHEMA = ApiSchemaLoader.load(Path.of(System.getProperty("dms.home", "..")).resolve("../shared/edfi/ds-5.0/ApiSchema.json"));
    }

    @TempDir
    Path dir;

    /** Accepts a learning standard only once its parent arrived; records what arrived, in order. */
    private static final class ApiLikeTransport implements Transport {
        final List<String> arrived = new ArrayList<>();
        final Set<String> standards = ConcurrentHashMap.newKeySet();

        @Override
        public synchronized Outcome upsert(ResourceSchema resource, ObjectNode document) {
            JsonNode parent = document.at("/parentLearningStandardReference/learningStandardId");
            if (!parent.isMissingNode() && !standards.contains(parent.asText())) {
                return new Outcome(409, MessageCodec.MAPPER.createObjectNode().put("type", Problem.UNRESOLVED_REFERENCE));
            }
            String id = document.path("learningStandardId").asText(document.path("codeValue").asText());
            arrived.add(resource.endpointName() + ":" + id);
            boolean isNew = !resource.endpointName().equals("learningStandards") || standards.add(id);
            return new Outcome(isNew ? 201 : 200, null);
        }

        @Override
        public String describe() {
            return "test";
        }

        @Override
        public void close() {}
    }

    private static String standard(String id, String parent) {
        return "<LearningStandard><LearningStandardId>" + id + "</LearningStandardId><Description>d</Description>"
                + "<ContentStandard><Title>State Standard</Title></ContentStandard>"
                + "<GradeLevel>uri://ed-fi.org/GradeLevelDescriptor#Second grade</GradeLevel>"
                + "<AcademicSubject>uri://ed-fi.org/AcademicSubjectDescriptor#English Language Arts</AcademicSubject>"
                + (parent == null ? "" : "<ParentLearningStandardReference><LearningStandardIdentity><LearningStandardId>" + parent
                        + "</LearningStandardId></LearningStandardIdentity></ParentLearningStandardReference>")
                + "<Namespace>uri://ed-fi.org/LearningStandard</Namespace></LearningStandard>";
    }

    @Test
    void descriptorsGoFirstAndChildrenBeforeTheirParentsLoadOnRetry() throws Exception {
        Path standards = Files.writeString(dir.resolve("Standards.xml"), "<InterchangeStandards xmlns=\"http://ed-fi.org/5.0.0\">"
                + standard("1.A.i", "1.A") + standard("1.A", "1") + standard("1", null) + "<SectionReference/></InterchangeStandards>");
        Path descriptors = Files.writeString(dir.resolve("GradeLevelDescriptor.xml"), "<InterchangeDescriptors xmlns=\"http://ed-fi.org/5.0.0\">"
                + "<GradeLevelDescriptor><CodeValue>Second grade</CodeValue><ShortDescription>Second grade</ShortDescription>"
                + "<Namespace>uri://ed-fi.org/GradeLevelDescriptor</Namespace></GradeLevelDescriptor></InterchangeDescriptors>");
        Path rejects = dir.resolve("rejects.jsonl");
        ApiLikeTransport transport = new ApiLikeTransport();
        LoadReport report = new LoadReport();
        try (RejectLog log = RejectLog.to(Optional.of(rejects))) {
            // The standards file is named first; the descriptor still goes first.
            new BulkLoader(SCHEMA, transport, log, report, 4).load(List.of(standards, descriptors));
        }

        assertEquals("gradeLevelDescriptors:Second grade", transport.arrived.getFirst());
        assertEquals(List.of("learningStandards:1", "learningStandards:1.A", "learningStandards:1.A.i"), transport.arrived.subList(1, 4));
        assertEquals(new LoadReport.Counts(3, 3, 0, 0, 0), report.counts().get("learningStandards"));
        assertEquals(0, report.rejectedTotal());
        List<String> lines = Files.readAllLines(rejects);
        assertEquals(1, lines.size(), "the bare reference is listed as skipped");
        assertTrue(lines.getFirst().contains("\"position\":4") && lines.getFirst().contains("SectionReference"), lines.getFirst());
    }

    @Test
    void aDocumentWhoseReferenceNeverArrivesIsRejectedWithTheApisProblem() throws Exception {
        Path standards = Files.writeString(dir.resolve("Standards.xml"), "<InterchangeStandards xmlns=\"http://ed-fi.org/5.0.0\">"
                + standard("2.B", "2") + "</InterchangeStandards>");
        Path rejects = dir.resolve("rejects.jsonl");
        LoadReport report = new LoadReport();
        try (RejectLog log = RejectLog.to(Optional.of(rejects))) {
            new BulkLoader(SCHEMA, new ApiLikeTransport(), log, report, 4).load(List.of(standards));
        }
        assertEquals(1, report.rejectedTotal());
        JsonNode line = MessageCodec.MAPPER.readTree(Files.readString(rejects));
        assertEquals(standards.toString(), line.get("file").asText());
        assertEquals(1, line.get("position").asInt());
        assertEquals(409, line.get("status").asInt());
        assertTrue(line.get("problem").get("type").asText().endsWith("unresolved-reference"));
    }

    private static String standardJson(String id, String parent) {
        return "{\"learningStandardId\":\"" + id + "\",\"description\":\"d\",\"namespace\":\"uri://ed-fi.org/LearningStandard\""
                + (parent == null ? "" : ",\"parentLearningStandardReference\":{\"learningStandardId\":\"" + parent + "\"}") + "}";
    }

    @Test
    void jsonLinesFilesLoadLikeXmlWithTheResourceFromTheFileNameAndLineNumbersInRejects() throws Exception {
        Path standards = Files.writeString(dir.resolve("0002-ed-fi.learningStandards.jsonl"),
                standardJson("1.A", "1") + "\n\n" + standardJson("1", null) + "\n{not json\n");
        Path descriptors = Files.writeString(dir.resolve("gradeLevelDescriptors.jsonl"),
                "{\"codeValue\":\"Second grade\",\"shortDescription\":\"Second grade\",\"namespace\":\"uri://ed-fi.org/GradeLevelDescriptor\"}\n");
        Path rejects = dir.resolve("rejects.jsonl");
        ApiLikeTransport transport = new ApiLikeTransport();
        LoadReport report = new LoadReport();
        try (RejectLog log = RejectLog.to(Optional.of(rejects))) {
            new BulkLoader(SCHEMA, transport, log, report, 4).load(List.of(standards, descriptors));
        }

        assertEquals(List.of("gradeLevelDescriptors:Second grade", "learningStandards:1", "learningStandards:1.A"), transport.arrived);
        assertEquals(new LoadReport.Counts(3, 2, 0, 1, 0), report.counts().get("learningStandards"));
        JsonNode line = MessageCodec.MAPPER.readTree(Files.readString(rejects));
        assertEquals(4, line.get("position").asInt(), "the line number, blank lines counted");
        assertEquals(0, line.get("status").asInt());
        assertTrue(line.get("problem").get("detail").asText().startsWith("The line is not valid JSON"), line.toString());
    }

    @Test
    void aJsonLinesFileWhoseNameNamesNoResourceIsRefusedBeforeAnythingIsSent() throws Exception {
        Path file = Files.writeString(dir.resolve("0001-ed-fi.pupils.jsonl"), "{}\n");
        ApiLikeTransport transport = new ApiLikeTransport();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new BulkLoader(SCHEMA, transport, RejectLog.to(Optional.empty()), new LoadReport(), 4).load(List.of(file)));
        assertTrue(refused.getMessage().contains("0001-ed-fi.pupils.jsonl: the file name names no resource"), refused.getMessage());
        assertTrue(transport.arrived.isEmpty());
    }

    /** Answers as the integrity processor does: 201 for a new natural key whose references and descriptors all exist, 409 otherwise. */
    private static final class IntegrityLikeTransport implements Transport {
        final Set<ReferentialId> stored = ConcurrentHashMap.newKeySet();

        @Override
        public Outcome upsert(ResourceSchema resource, ObjectNode document) {
            ExtractedDocument extracted = DocumentExtractor.extract(resource, document);
            boolean resolved = extracted.documentReferences().stream().allMatch(r -> stored.contains(r.target().referentialId()))
                    && extracted.descriptorReferences().stream().allMatch(d -> stored.contains(d.target().referentialId()));
            if (!resolved) {
                return new Outcome(409, MessageCodec.MAPPER.createObjectNode().put("type", Problem.UNRESOLVED_REFERENCE));
            }
            extracted.superclassIdentity().ifPresent(identity -> stored.add(identity.referentialId()));
            extracted.referenceIdentity().ifPresent(identity -> stored.add(identity.referentialId()));
            return new Outcome(stored.add(extracted.identity().referentialId()) ? 201 : 200, null);
        }

        @Override
        public String describe() {
            return "test";
        }

        @Override
        public void close() {}
    }

    @Test
    void aGeneratedDataSetLoadsFromItsFolderEveryDocumentCreated() throws Exception {
        Path generated = dir.resolve("generated");
        GenerationSummary summary = new DataGenerator(SCHEMA, Scenario.builtIn(), 30, 5).generate(generated, written -> {});
        LoadReport report = new LoadReport();
        try (RejectLog log = RejectLog.to(Optional.empty())) {
            new BulkLoader(SCHEMA, new IntegrityLikeTransport(), log, report, 8).load(BulkLoader.inputFiles(List.of(generated)));
        }
        assertEquals(0, report.rejectedTotal(), report.summary());
        for (GenerationSummary.Written written : summary.resources()) {
            LoadReport.Counts counts = report.counts().get(written.resource().endpointName());
            assertEquals(new LoadReport.Counts(written.documents(), written.documents(), 0, 0, 0), counts,
                    written.file() + ": every document read and created, the school years too (none created twice)");
        }
    }
}
