package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    /** The repository root, as bin/dms passes it; shared/edfi sits beside it. */
    private static final Path HOME = Path.of(System.getProperty("dms.home", ".."));
    private static final Path DS50 = HOME.resolve("../shared/edfi/ds-5.0/ApiSchema.json").normalize();

    private record Run(int status, String out, String err) {}

    private static Run dms(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new Main(HOME, java.util.Map.of()).run(List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void checkSchemaPrintsTheDataStandardsCounts() {
        Run run = dms("check-schema", DS50.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("Project Ed-Fi 5.0.0 (/data/ed-fi, core)"), run.out());
        assertTrue(run.out().contains("resources: 328 (descriptors: 200, documents: 127, school year enumerations: 1)"), run.out());
        assertTrue(run.out().contains("abstract resources: 2: EducationOrganization (9 subclasses), GeneralStudentProgramAssociation (9 subclasses)"), run.out());
        assertTrue(run.out().contains("studentSchoolAttendanceEvents: + [$.attendanceEventCategoryDescriptor, $.eventDate]"), run.out());
        assertTrue(run.out().endsWith("OK\n"), run.out());
    }

    @Test
    void checkSchemaRejectsADamagedCopyNamingTheProblem(@TempDir Path dir) throws Exception {
        ObjectNode schema = (ObjectNode) new ObjectMapper().readTree(DS50.toFile());
        ((ObjectNode) schema.at("/projectSchemas/ed-fi/resourceSchemas/sections/documentPathsMapping/CourseOffering"))
                .put("resourceName", "CourseOfering");
        Path damaged = dir.resolve("ApiSchema.json");
        new ObjectMapper().writeValue(damaged.toFile(), schema);

        Run run = dms("check-schema", damaged.toString());
        assertEquals(1, run.status());
        assertTrue(run.err().contains(damaged + ": projectSchemas.ed-fi.resourceSchemas.sections.documentPathsMapping.CourseOffering:"
                + " reference target Ed-Fi.CourseOfering is not a resource of any loaded project"), run.err());
    }

    @Test
    void checkSchemaRejectsATruncatedFile(@TempDir Path dir) throws Exception {
        Path truncated = dir.resolve("ApiSchema.json");
        Files.writeString(truncated, Files.readString(DS50).substring(0, 5000));
        Run run = dms("check-schema", truncated.toString());
        assertEquals(1, run.status());
        assertTrue(run.err().contains("not valid JSON"), run.err());
    }

    @Test
    void checkSchemaDefaultsToTheDataStandardBesideTheRepository() {
        Run run = dms("check-schema");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("resources: 328"));
    }

    @Test
    void everyCommandHasHelp() {
        Run run = dms("check-schema", "--help");
        assertEquals(0, run.status());
        assertTrue(run.out().startsWith("Usage: dms check-schema [FILE...]"));
        Run list = dms("--help");
        for (String command : List.of("run", "api", "ingress", "query", "processor", "sink", "connector", "tenant", "instance", "load", "generate",
                "check-schema")) {
            assertTrue(list.out().contains("  " + command + " "), command + " in " + list.out());
            Run help = dms(command, "--help");
            assertEquals(0, help.status(), command);
            assertTrue(help.out().startsWith("Usage: dms " + command), help.out());
        }
        assertTrue(dms("api", "--help").out().contains("--kafka-bootstrap-servers VALUE"));
        assertTrue(dms("run", "--help").out().contains("DMS_DATA_DIR"));
        assertTrue(dms("instance", "create", "--help").out().contains("--context KEY=VALUE"));
        assertTrue(dms("tenant", "--help").out().contains("--client-id ID, --client-secret SECRET"));
    }

    @Test
    void adminCommandsSayWhatIsMissingOrWrongBeforeCallingAnything() {
        Run none = dms("instance");
        assertEquals(2, none.status());
        assertTrue(none.err().contains("say create, list, show, purge or delete"), none.err());
        assertTrue(dms("instance", "create", "--context", "schoolYear=2024").err().contains("create needs --tenant T"));
        assertTrue(dms("instance", "create", "--tenant", "a", "--context", "schoolYear").err()
                .contains("--context takes KEY=VALUE, e.g. --context schoolYear=2024, not schoolYear"));
        assertTrue(dms("instance", "create", "--tenant", "a", "--context", "y=1", "--context", "y=2").err().contains("--context y is given twice"));
        assertTrue(dms("instance", "list", "--context", "y=1").err().contains("--context does not go with list"));
        assertTrue(dms("instance", "show", "district-a").err().contains("name an instance as TENANT/NAME"));
        assertTrue(dms("instance", "purge", "District-A/2024").err().contains("lower-case letters, digits and hyphens"));
        assertEquals(2, dms("instance", "delete").status());
        assertEquals(2, dms("tenant", "create").status());
        assertEquals(2, dms("tenant", "list", "--colour", "red").status());
    }

    @Test
    void adminCommandsAgainstAServerThatIsNotThereSaySo() {
        Run run = dms("instance", "list", "--url", "http://127.0.0.1:1");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("cannot reach the server at http://127.0.0.1:1"), run.err());
        Run tenant = dms("tenant", "create", "district-a", "--url=http://127.0.0.1:1");
        assertEquals(1, tenant.status());
        assertTrue(tenant.err().contains("cannot reach the server at http://127.0.0.1:1"), tenant.err());
    }

    @Test
    void aRoleWithoutItsInfrastructureSaysWhatToGive() {
        Run run = dms("sink");
        assertEquals(2, run.status());
        assertTrue(run.err().contains("needs postgres.url: give --postgres-url, DMS_POSTGRES_URL or postgres.url= in a settings file"), run.err());
    }

    @Test
    void loadingIntoAnApiThatIsNotThereSaysSoBeforeReadingAnything(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("Descriptors.xml"), "<InterchangeDescriptors/>");
        Run run = dms("load", "--url", "http://127.0.0.1:1", file.toString());
        assertEquals(1, run.status());
        assertTrue(run.err().contains("cannot reach the Ed-Fi API at http://127.0.0.1:1"), run.err());
        Run joined = dms("load", "--url=http://127.0.0.1:1", "--api-schema=" + DS50, file.toString());
        assertTrue(joined.err().contains("cannot reach the Ed-Fi API at http://127.0.0.1:1"), "--name=value as everywhere: " + joined.err());
        assertEquals(2, dms("load", "--via", "carrier-pigeon", file.toString()).status());
        assertTrue(dms("load").err().contains("name at least one XML or JSON Lines file, or a folder of them, to load"));
    }

    @Test
    void generateWritesOneFilePerResourceAndTheSameFilesForTheSameSeed(@TempDir Path dir) throws Exception {
        Run run = dms("generate", "--out", dir.resolve("a").toString(), "--scale", "5", "--seed", "3", "--api-schema", DS50.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("0011-ed-fi.students.jsonl"), run.out());
        assertTrue(run.out().contains(" 5  scenario"), run.out());
        assertTrue(run.out().contains("documents/s"), run.out());
        assertEquals(5, Files.readAllLines(dir.resolve("a/0011-ed-fi.students.jsonl")).size());
        assertEquals(0, dms("generate", "--out=" + dir.resolve("b"), "--scale=5", "--seed=3").status());
        try (var files = Files.list(dir.resolve("a"))) {
            for (Path file : files.toList()) {
                assertEquals(Files.readString(file), Files.readString(dir.resolve("b").resolve(file.getFileName())), file.toString());
            }
        }
    }

    @Test
    void generateSaysWhatIsWrong(@TempDir Path dir) throws Exception {
        assertTrue(dms("generate").err().contains("give the folder to write with --out DIR"));
        assertEquals(2, dms("generate", "--out", dir.toString(), "--scale", "lots").status());
        Path scenario = Files.writeString(dir.resolve("typo.properties"), "ed-fi/studnets = 1\n");
        Run typo = dms("generate", "--out", dir.resolve("out").toString(), "--scenario", scenario.toString());
        assertEquals(1, typo.status());
        assertTrue(typo.err().contains(scenario + ": ed-fi/studnets is not a resource of the ApiSchema"), typo.err());
    }

    @Test
    void runWithoutTheDataStandardSaysWhatToPass(@TempDir Path dir) {
        Run run = dms("run", "--api-schema", dir.resolve("missing.json").toString(), "--data-dir", dir.toString());
        assertEquals(1, run.status());
        assertTrue(run.err().contains("pass the Ed-Fi ApiSchema with --api-schema FILE"), run.err());
    }

    @Test
    void connectorShowPrintsTheRestBodyForTheGivenServer() throws Exception {
        Run run = dms("connector", "show", "--postgres-url", "jdbc:postgresql://db.example:6432/", "--postgres-user", "dms");
        assertEquals(0, run.status(), run.err());
        var body = new ObjectMapper().readTree(run.out());
        assertEquals("dms-cdc.default.default", body.get("name").asText());
        assertEquals("db.example", body.get("config").get("database.hostname").asText());
        assertEquals("6432", body.get("config").get("database.port").asText());
        assertEquals("dms_default_default", body.get("config").get("database.dbname").asText());
        assertEquals("edfi.default.default.documents", body.get("config").get("transforms.edfi.topic").asText());
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        Run run = dms("frobnicate");
        assertEquals(2, run.status());
        assertTrue(run.err().contains("unknown command 'frobnicate'"));
    }
}
