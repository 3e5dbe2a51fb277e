package org.edfi.dms.loader.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.loader.JsonLinesFileName;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ApiSchemaLoader;
import org.edfi.dms.schema.Refusal;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.extraction.DescriptorReference;
import org.edfi.dms.schema.extraction.DocumentExtractor;
import org.edfi.dms.schema.extraction.DocumentReference;
import org.edfi.dms.schema.extraction.ExtractedDocument;
import org.edfi.dms.schema.identity.ReferentialId;
import org.edfi.dms.schema.validation.DocumentValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dms generate's promises, checked on the built-in district scenario over the Data Standard 5.0
 * ApiSchema with the project's own validation and extraction: documents the API accepts, references
 * and descriptors that resolve to documents generated before them, natural keys that never repeat,
 * the same bytes for the same seed, and counts that follow the scale.
 */
class DataGeneratorTest {

    private static ApiSchema SCHEMA;
    private static DocumentValidator VALIDATOR;

    /** One generated district, shared by the tests that only read it. */
    private static Path DISTRICT;
    private static GenerationSummary DISTRICT_SUMMARY;
    private static final int SCALE = 300;

    @BeforeAll
    static void generateADistrict(@TempDir Path dir) throws Exception {
        SCHEMA = ApiSchemaLoader.load(Path.of(System.getProperty("dms.home", "..")).resolve("../shared/edfi/ds-5.0/ApiSchema.json"));
        VALIDATOR = DocumentValidator.forSchema(SCHEMA);
        DISTRICT = dir.resolve("district");
        DISTRICT_SUMMARY = new DataGenerator(SCHEMA, Scenario.builtIn(), SCALE, 1).generate(DISTRICT, written -> {});
    }

    /** A generated file's documents, with the resource its name gives, in file order. */
    private record GeneratedFile(Path path, ResourceSchema resource, List<ObjectNode> documents) {}

    private static List<GeneratedFile> read(Path directory) throws IOException {
        List<GeneratedFile> files = new ArrayList<>();
        try (Stream<Path> paths = Files.list(directory)) {
            for (Path path : paths.sorted().toList()) {
                List<ObjectNode> documents = new ArrayList<>();
                for (String line : Files.readAllLines(path)) {
                    documents.add((ObjectNode) MessageCodec.MAPPER.readTree(line));
                }
                files.add(new GeneratedFile(path, JsonLinesFileName.resourceOf(path, SCHEMA), documents));
            }
        }
        return files;
    }

    @Test
    void everyDocumentPassesTheApisValidationUnchanged() throws Exception {
        long documents = 0;
        for (GeneratedFile file : read(DISTRICT)) {
            for (ObjectNode document : file.documents()) {
                ObjectNode validated = document.deepCopy();
                Optional<Refusal> problem = VALIDATOR.validateInsert(file.resource(), validated);
                assertTrue(problem.isEmpty(), () -> file.resource() + " " + document + ": " + problem.get());
                // nothing to coerce, trim or drop: the document is exactly what the API stores
                assertEquals(document, validated, file.resource().toString());
                documents++;
            }
        }
        assertEquals(DISTRICT_SUMMARY.documents(), documents);
    }

    @Test
    void everyReferenceAndDescriptorPointsAtADocumentGeneratedBeforeIt() throws Exception {
        Set<ReferentialId> generated = new HashSet<>();
        long references = 0;
        long descriptors = 0;
        for (GeneratedFile file : read(DISTRICT)) {
            for (ObjectNode document : file.documents()) {
                ExtractedDocument extracted = DocumentExtractor.extract(file.resource(), document);
                for (DocumentReference reference : extracted.documentReferences()) {
                    assertTrue(generated.contains(reference.target().referentialId()),
                            () -> file.resource() + " " + document + " references " + reference.target() + ", not generated before it");
                    references++;
                }
                for (DescriptorReference descriptor : extracted.descriptorReferences()) {
                    assertTrue(generated.contains(descriptor.target().referentialId()),
                            () -> file.resource() + " " + document + " carries " + descriptor.uri() + ", not generated before it");
                    assertTrue(descriptor.uri().startsWith("uri://generated.example.org/"), descriptor.uri());
                    descriptors++;
                }
                // what references to this document resolve against: its identity, its superclass identity, its declared identity
                generated.add(extracted.identity().referentialId());
                extracted.superclassIdentity().ifPresent(identity -> generated.add(identity.referentialId()));
                extracted.referenceIdentity().ifPresent(identity -> generated.add(identity.referentialId()));
            }
        }
        assertTrue(references > 6 * SCALE, "references: " + references);
        assertTrue(descriptors > SCALE, "descriptors: " + descriptors);
    }

    @Test
    void everyNaturalKeyIsNewSoThatLoadingCreatesEveryDocument() throws Exception {
        Set<ReferentialId> identities = new HashSet<>();
        Set<ReferentialId> superclassIdentities = new HashSet<>();
        for (GeneratedFile file : read(DISTRICT)) {
            for (ObjectNode document : file.documents()) {
                ExtractedDocument extracted = DocumentExtractor.extract(file.resource(), document);
                assertTrue(identities.add(extracted.identity().referentialId()), () -> "repeated: " + extracted.identity());
                extracted.superclassIdentity().ifPresent(identity ->
                        assertTrue(superclassIdentities.add(identity.referentialId()), () -> "repeated: " + identity));
            }
        }
    }

    @Test
    void filesAreNamedForTheirOrderAndResourceAndHoldWhatTheSummarySays() throws Exception {
        List<GeneratedFile> files = read(DISTRICT);
        assertEquals(DISTRICT_SUMMARY.resources().size(), files.size());
        for (int i = 0; i < files.size(); i++) {
            GenerationSummary.Written written = DISTRICT_SUMMARY.resources().get(i);
            assertEquals(written.file(), files.get(i).path().getFileName().toString());
            assertTrue(written.file().startsWith(String.format("%04d-ed-fi.", i + 1)), written.file());
            assertEquals(written.documents(), files.get(i).documents().size(), written.file());
            assertEquals(written.bytes(), Files.size(files.get(i).path()), written.file());
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        files.forEach(f -> counts.put(f.resource().endpointName(), (long) f.documents().size()));
        assertEquals(SCALE, counts.get("students"));
        assertEquals(4L * SCALE, counts.get("studentSectionAssociations"));
        assertEquals(1, counts.get("localEducationAgencies"));
        assertEquals(1, counts.get("schoolYearTypes"));
        assertEquals(4, counts.get("gradeLevelDescriptors"), "codeValuesPerDescriptor values of each descriptor a document needs");
        assertFalse(counts.containsKey("academicSubjectDescriptors"), "no descriptor that no generated document carries");
        assertTrue(files.getFirst().resource().isDescriptor() || files.getFirst().resource().isSchoolYearEnumeration());
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOthers(@TempDir Path dir) throws Exception {
        new DataGenerator(SCHEMA, Scenario.builtIn(), 40, 7).generate(dir.resolve("a"), written -> {});
        new DataGenerator(SCHEMA, Scenario.builtIn(), 40, 7).generate(dir.resolve("b"), written -> {});
        new DataGenerator(SCHEMA, Scenario.builtIn(), 40, 8).generate(dir.resolve("c"), written -> {});
        List<String> names = fileNames(dir.resolve("a"));
        assertEquals(names, fileNames(dir.resolve("b")));
        assertEquals(names, fileNames(dir.resolve("c")), "the seed changes values, not what is generated");
        boolean anyDifference = false;
        for (String name : names) {
            byte[] a = Files.readAllBytes(dir.resolve("a").resolve(name));
            assertArrayEquals(a, Files.readAllBytes(dir.resolve("b").resolve(name)), name);
            anyDifference |= !java.util.Arrays.equals(a, Files.readAllBytes(dir.resolve("c").resolve(name)));
        }
        assertTrue(anyDifference, "seed 8 gives other data than seed 7");
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theScaleMultipliesThePerUnitCountsAndLeavesFixedOnes() {
        Map<String, Long> small = counts(new DataGenerator(SCHEMA, Scenario.builtIn(), 1_000, 1).plan());
        Map<String, Long> large = counts(new DataGenerator(SCHEMA, Scenario.builtIn(), 100_000, 1).plan());
        assertEquals(1_000, small.get("students"));
        assertEquals(100_000, large.get("students"));
        assertEquals(400_000, large.get("studentSectionAssociations"));
        assertEquals(200, large.get("schools"));
        assertEquals(small.get("localEducationAgencies"), large.get("localEducationAgencies"));
        assertEquals(small.get("gradeLevelDescriptors"), large.get("gradeLevelDescriptors"));
        long total = large.values().stream().mapToLong(Long::longValue).sum();
        assertTrue(total > 1_000_000 && total < 1_100_000, "about a million documents at 100,000 students: " + total);
    }

    private static Map<String, Long> counts(GenerationPlan plan) {
        Map<String, Long> counts = new HashMap<>();
        plan.steps().forEach(step -> counts.put(step.resource().endpointName(), step.documents()));
        return counts;
    }

    @Test
    void whatAListedResourceRequiresIsAddedAndGeneratedFirst(@TempDir Path dir) throws Exception {
        Scenario scenario = Scenario.parse("enrollments", """
                addedResourceCount = 3
                ed-fi/studentSchoolAssociations = 2
                ed-fi/courses = 1 fixed
                """);
        GenerationPlan plan = new DataGenerator(SCHEMA, scenario, 10, 1).plan();
        Map<String, GenerationPlan.Step> steps = new LinkedHashMap<>();
        plan.steps().forEach(step -> steps.put(step.resource().endpointName(), step));
        assertEquals(new GenerationPlan.Step(SCHEMA.findResource("ed-fi", "students").orElseThrow(), 3, GenerationPlan.Reason.REFERENCED, true),
                steps.get("students"));
        assertEquals(GenerationPlan.Reason.REFERENCED, steps.get("schools").reason());
        assertEquals(GenerationPlan.Reason.DESCRIPTOR, steps.get("gradeLevelDescriptors").reason());
        assertEquals(20, steps.get("studentSchoolAssociations").documents());
        assertFalse(steps.get("studentSchoolAssociations").referenced(), "nothing references it: its identities are not kept");
        List<String> order = List.copyOf(steps.keySet());
        assertTrue(order.indexOf("students") < order.indexOf("studentSchoolAssociations"), order.toString());
        assertTrue(order.indexOf("schools") < order.indexOf("studentSchoolAssociations"), order.toString());
        // courses reference the abstract EducationOrganization: the schools, added anyway, stand for it
        assertFalse(order.contains("localEducationAgencies"), order.toString());

        GenerationSummary summary = new DataGenerator(SCHEMA, scenario, 10, 1).generate(dir, written -> {});
        assertEquals(plan.documents(), summary.documents());
    }

    @Test
    void anAbstractTargetWithoutAListedSubclassGetsTheSubclassWithTheFewestDependencies() {
        GenerationPlan plan = new DataGenerator(SCHEMA, Scenario.parse("courses", "ed-fi/courses = 1"), 10, 1).plan();
        List<GenerationPlan.Step> educationOrganizations = plan.steps().stream()
                .filter(step -> step.resource().superclass().map(s -> s.name().resourceName().equals("EducationOrganization")).orElse(false))
                .toList();
        assertEquals(1, educationOrganizations.size(), educationOrganizations.toString());
        assertEquals(GenerationPlan.Reason.REFERENCED, educationOrganizations.getFirst().reason());
        assertTrue(educationOrganizations.getFirst().referenced());
    }

    @Test
    void aScenarioAskingForMoreDocumentsThanTheNaturalKeysAllowFailsSayingWhatToChange(@TempDir Path dir) {
        Scenario scenario = Scenario.parse("crowded", """
                ed-fi/students = 1 fixed
                ed-fi/schools = 1 fixed
                ed-fi/studentEducationOrganizationAssociations = 2 fixed
                """);
        GenerationException failure = assertThrows(GenerationException.class,
                () -> new DataGenerator(SCHEMA, scenario, 1, 1).generate(dir, written -> {}));
        assertTrue(failure.getMessage().contains("cannot make document 2 of ed-fi/studentEducationOrganizationAssociations"), failure.getMessage());
        assertTrue(failure.getMessage().contains("lower its count in the scenario"), failure.getMessage());
    }

    @Test
    void scenarioMistakesAreReportedWithTheirPlace() {
        GenerationException unknown = assertThrows(GenerationException.class,
                () -> new DataGenerator(SCHEMA, Scenario.parse("typo", "ed-fi/studnets = 1"), 1, 1));
        assertTrue(unknown.getMessage().startsWith("typo: ed-fi/studnets is not a resource of the ApiSchema"), unknown.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> Scenario.parse("bad", "# comment\ned-fi/students = many"));
        assertEquals("bad, line 2: ed-fi/students: cannot read 'many'", count.getMessage());
        GenerationException zero = assertThrows(GenerationException.class,
                () -> new DataGenerator(SCHEMA, Scenario.parse("zero", "ed-fi/students = 0\ned-fi/studentSchoolAssociations = 1"), 5, 1));
        assertTrue(zero.getMessage().contains("needs documents of ed-fi/students, which the scenario gives 0"), zero.getMessage());
    }

    @Test
    void aFolderThatHoldsGeneratedFilesIsNotWrittenOver(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("0001-ed-fi.students.jsonl"), "{}\n");
        GenerationException refused = assertThrows(GenerationException.class,
                () -> new DataGenerator(SCHEMA, Scenario.parse("one", "ed-fi/students = 1"), 1, 1).generate(dir, written -> {}));
        assertTrue(refused.getMessage().contains("already holds .jsonl files"), refused.getMessage());
    }
}
