package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    /** The repository root, as bin/dms passes it; shared/edfi sits beside it. */
    private static final Path HOME = Path.of(System.getProperty("dms.home", ".."));
    private static final Path DS50 = HOME.resolve("../shared/edfi/ds-5.0/ApiSchema.json").normalize();

    private static CommandRun dms(String... args) {
        return dmsWith(Map.of(), args);
    }

    private static CommandRun dmsWith(Map<String, String> environment, String... args) {
        return CommandRun.of(HOME, environment, List.of(args));
    }

    @Test
    void checkSchemaPrintsTheDataStandardsCounts() {
        CommandRun run = dms("check-schema", DS50.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("Project Ed-Fi 5.0.0 (/data/ed-fi, core)"), run.out());
        assertTrue(run.out().contains("resources: 328 (descriptors: 200, documents: 127, school year enumerations: 1)"), run.out());
        assertTrue(run.out().contains("abstract resources: 2: EducationOrganization (9 subclasses), GeneralStudentProgramAssociation (9 subclasses)"), run.out());
        assertTrue(run.out().contains("studentSchoolAttendanceEvents: + [$.attendanceEventCategoryDescriptor, $.eventDate]"), run.out());
        assertTrue(run.out().contains("resources without a resource claim (only full-access reaches them): none"), run.out());
        assertTrue(run.out().contains("resource claims without a resource of this schema: "), run.out());
        assertTrue(run.out().contains("\n    http://ed-fi.org/identity/claims/services/identity\n"), run.out());
        assertTrue(run.out().endsWith("OK\n"), run.out());
    }

    @Test
    void checkSchemaRejectsAClaimsFileThatBreaksItsJsonSchema(@TempDir Path dir) throws Exception {
        Path claims = dir.resolve("Claims.json");
        Files.writeString(claims, "{\"claimSets\": []}");
        CommandRun run = dms("check-schema", DS50.toString(), "--claims", claims.toString());
        assertEquals(1, run.status());
        assertTrue(run.err().startsWith("check-schema: Claims file " + claims + ", at $"), run.err());
    }

    @Test
    void checkSchemaRejectsADamagedCopyNamingTheProblem(@TempDir Path dir) throws Exception {
        ObjectNode schema = (ObjectNode) new ObjectMapper().readTree(DS50.toFile());
        ((ObjectNode) schema.at("/projectSchemas/ed-fi/resourceSchemas/sections/documentPathsMapping/CourseOffering"))
                .put("resourceName", "CourseOfering");
        Path damaged = dir.resolve("ApiSchema.json");
        new ObjectMapper().writeValue(damaged.toFile(), schema);

        CommandRun run = dms("check-schema", damaged.toString());
        assertEquals(1, run.status());
        assertTrue(run.err().contains(damaged + ": projectSchemas.ed-fi.resourceSchemas.sections.documentPathsMapping.CourseOffering:"
                + " reference target Ed-Fi.CourseOfering is not a resource of any loaded project"), run.err());
    }

    @Test
    void checkSchemaRejectsATruncatedFile(@TempDir Path dir) throws Exception {
        Path truncated = dir.resolve("ApiSchema.json");
        Files.writeString(truncated, Files.readString(DS50).substring(0, 5000));
        CommandRun run = dms("check-schema", truncated.toString());
        assertEquals(1, run.status());
        assertTrue(run.err().contains("not valid JSON"), run.err());
    }

    @Test
    void checkSchemaDefaultsToTheDataStandardBesideTheRepository() {
        CommandRun run = dms("check-schema");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("resources: 328"));
    }

    @Test
    void everyCommandAndSubcommandHasHelp() {
        CommandRun list = dms("--help");
        assertEquals(0, list.status());
        assertTrue(list.out().startsWith("Usage: dms [-h] COMMAND"), list.out());
        List<String> commands = List.of("run", "api", "ingress", "query", "processor", "sink", "connector", "tenant", "instance", "deadletter",
                "vendor", "application", "client", "claim-set", "load", "generate", "soak", "check-schema", "completion");
        for (String command : commands) {
            assertTrue(list.out().contains("\n  " + command + " "), command + " in " + list.out());
            CommandRun help = dms(command, "--help");
            assertEquals(0, help.status(), command);
            assertTrue(help.out().startsWith("Usage: dms " + command), help.out());
            assertEquals(help.out(), dms(command, "-h").out());
            assertEquals(help.out(), dms("help", command).out());
        }
        assertTrue(list.out().indexOf("\n  run ") < list.out().indexOf("\n  api ") && list.out().indexOf("\n  load ") < list.out().indexOf("\n  check-schema "),
                "in the order of before: " + list.out());
        for (String subcommand : List.of("connector show", "connector register", "tenant create", "tenant list", "instance create", "instance list",
                "instance show", "instance purge", "instance delete", "deadletter list", "deadletter replay", "deadletter discard",
                "vendor create", "vendor list", "application create", "application list",
                "client create", "client list", "client show", "client delete", "client reset-secret", "claim-set list", "claim-set show",
                "claim-set export", "claim-set import", "claim-set copy", "claim-set delete")) {
            List<String> args = new ArrayList<>(List.of(subcommand.split(" ")));
            assertTrue(dms(args.getFirst(), "--help").out().contains("\n  " + args.getLast() + " "), subcommand + " in its command's help");
            args.add("--help");
            CommandRun help = dms(args.toArray(String[]::new));
            assertEquals(0, help.status(), subcommand);
            assertTrue(help.out().startsWith("Usage: dms " + subcommand), help.out());
        }
        CommandRun api = dms("api", "--help");
        assertTrue(api.out().contains("Settings (each also DMS_<NAME> in the environment or <name>= in the --config file"), api.out());
        assertTrue(api.out().contains("--kafka-bootstrap-servers VALUE"), api.out());
        assertTrue(api.out().contains("(DMS_KAFKA_BOOTSTRAP_SERVERS; default none)"), api.out());
        assertTrue(!dms("processor", "--help").out().contains("--port"), "a role lists the settings it reads");
        assertTrue(dms("run", "--help").out().contains("(DMS_DATA_DIR; default <project>/.dms/data)"));
        assertTrue(dms("instance", "create", "--help").out().contains("--context KEY=VALUE"));
        CommandRun tenantCreate = dms("tenant", "create", "--help");
        assertTrue(tenantCreate.out().contains("--client-id ID") && tenantCreate.out().contains("--client-secret SECRET"), tenantCreate.out());
        assertTrue(dms("load", "--help").out().contains("Exit status:\n  0   everything loaded"));
    }

    @Test
    void anUnknownOptionIsAUsageErrorNamingIt() {
        CommandRun run = dms("run", "--prot", "8081");
        assertEquals(2, run.status());
        assertTrue(run.err().startsWith("run: Unknown options: '--prot', '8081'\n"), run.err());
        assertTrue(run.err().contains("Usage: dms run"), "then the command's help: " + run.err());
        CommandRun subcommand = dms("tenant", "list", "--colour", "red");
        assertEquals(2, subcommand.status());
        assertTrue(subcommand.err().startsWith("tenant list: Unknown options: '--colour', 'red'"), subcommand.err());
        CommandRun noValue = dms("connector", "show", "--postgres-url");
        assertEquals(2, noValue.status());
        assertTrue(noValue.err().contains("Missing required parameter for option '--postgres-url'"), noValue.err());
        assertEquals(2, dms("check-schema", "-x").status());
    }

    @Test
    void aSettingIsAFlagOverTheEnvironmentOverTheSettingsFileOverTheDefault(@TempDir Path dir) throws Exception {
        String url = "--postgres-url=jdbc:postgresql://db.example:6432/";
        Path file = Files.writeString(dir.resolve("dms.properties"), "postgres.user=from-file\n");
        Map<String, String> fileOnly = Map.of("DMS_CONFIG", file.toString());
        Map<String, String> environmentAndFile = Map.of("DMS_CONFIG", file.toString(), "DMS_POSTGRES_USER", "from-environment");

        assertEquals("postgres", databaseUser(dms("connector", "show", url)), "the default");
        assertEquals("from-file", databaseUser(dmsWith(fileOnly, "connector", "show", url)));
        assertEquals("from-file", databaseUser(dms("connector", "show", url, "--config", file.toString())), "a file named by --config");
        assertEquals("from-environment", databaseUser(dmsWith(environmentAndFile, "connector", "show", url)));
        assertEquals("from-flag", databaseUser(dmsWith(environmentAndFile, "connector", "show", url, "--postgres-user", "from-flag")));
        assertEquals("from-flag", databaseUser(dmsWith(environmentAndFile, "connector", "show", url, "--postgres-user=from-flag")));

        CommandRun badEnvironment = dmsWith(Map.of("DMS_PORT", "eighty"), "connector", "show", url);
        assertEquals(2, badEnvironment.status());
        assertTrue(badEnvironment.err().startsWith("connector show: port takes a whole number of 0 or more, not 'eighty'"), badEnvironment.err());
        Path unknownKey = Files.writeString(dir.resolve("typo.properties"), "postgres.usr=dms\n");
        CommandRun badFile = dms("connector", "show", url, "--config", unknownKey.toString());
        assertEquals(2, badFile.status());
        assertTrue(badFile.err().contains("unknown setting postgres.usr"), badFile.err());
        assertEquals(0, dms("connector", "show", url, "--node-id", "api-2").status(), "a setting the command does not read is accepted, as in the file");
    }

    private static String databaseUser(CommandRun run) throws Exception {
        assertEquals(0, run.status(), run.err());
        return new ObjectMapper().readTree(run.out()).get("config").get("database.user").asText();
    }

    @Test
    void aRepeatableSettingTakesEveryValue(@TempDir Path dir) {
        Path missing = dir.resolve("extension/ApiSchema.json");
        CommandRun run = dms("generate", "--out", dir.resolve("out").toString(), "--api-schema", DS50.toString(), "--api-schema", missing.toString());
        assertEquals(1, run.status());
        assertTrue(run.err().contains(missing.toString()), "the second --api-schema is read too: " + run.err());
    }

    @Test
    void completionPrintsABashScriptOfEveryCommandAndOption() {
        CommandRun run = dms("completion");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("#!/usr/bin/env bash"), run.out());
        assertTrue(run.out().contains("complete -F _complete_dms -o default dms"), run.out());
        for (String word : List.of("check-schema", "reset-secret", "--api-schema", "--kafka-bootstrap-servers", "--namespace-prefix")) {
            assertTrue(run.out().contains(word), word);
        }
    }

    @Test
    void adminCommandsSayWhatIsMissingOrWrongBeforeCallingAnything() {
        CommandRun none = dms("instance");
        assertEquals(2, none.status());
        assertTrue(none.err().startsWith("instance: Missing required subcommand"), none.err());
        assertTrue(none.err().contains("\n  purge "), "the help lists the subcommands: " + none.err());
        assertTrue(dms("instance", "create", "--context", "schoolYear=2024").err().contains("Missing required option: '--tenant=T'"));
        assertTrue(dms("instance", "create", "--tenant", "a", "--context", "schoolYear").err()
                .contains("--context takes KEY=VALUE, e.g. --context schoolYear=2024, not schoolYear"));
        assertTrue(dms("instance", "create", "--tenant", "a", "--context", "y=1", "--context", "y=2").err().contains("--context y is given twice"));
        assertTrue(dms("instance", "list", "--context", "y=1").err().startsWith("instance list: Unknown options: '--context'"));
        assertTrue(dms("instance", "show", "district-a").err().contains("name an instance as TENANT/NAME"));
        assertTrue(dms("instance", "purge", "District-A/2024").err().contains("lower-case letters, digits and hyphens"));
        assertEquals(2, dms("instance", "delete").status());
        assertEquals(2, dms("tenant", "create").status());
        assertEquals(2, dms("tenant", "list", "--colour", "red").status());
    }

    @Test
    void adminCommandsAgainstAServerThatIsNotThereSaySo() {
        CommandRun run = dms("instance", "list", "--url", "http://127.0.0.1:1");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("cannot reach the server at http://127.0.0.1:1"), run.err());
        CommandRun tenant = dms("tenant", "create", "district-a", "--url=http://127.0.0.1:1");
        assertEquals(1, tenant.status());
        assertTrue(tenant.err().contains("cannot reach the server at http://127.0.0.1:1"), tenant.err());
    }

    @Test
    void aRoleWithoutItsInfrastructureSaysWhatToGive() {
        CommandRun run = dms("sink");
        assertEquals(2, run.status());
        assertTrue(run.err().contains("needs postgres.url: give --postgres-url, DMS_POSTGRES_URL or postgres.url= in a settings file"), run.err());
    }

    @Test
    void loadingIntoAnApiThatIsNotThereSaysSoBeforeReadingAnything(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("Descriptors.xml"), "<InterchangeDescriptors/>");
        CommandRun run = dms("load", "--url", "http://127.0.0.1:1", file.toString());
        assertEquals(1, run.status());
        assertTrue(run.err().contains("cannot reach the Ed-Fi API at http://127.0.0.1:1"), run.err());
        CommandRun joined = dms("load", "--url=http://127.0.0.1:1", "--api-schema=" + DS50, file.toString());
        assertTrue(joined.err().contains("cannot reach the Ed-Fi API at http://127.0.0.1:1"), "--name=value as everywhere: " + joined.err());
        assertEquals(2, dms("load", "--via", "carrier-pigeon", file.toString()).status());
        assertTrue(dms("load").err().contains("Missing required parameter: 'PATH'"));
        assertTrue(dms("load", dir.resolve("nothing-here").toString()).err().contains("no such file or folder: "));
    }

    @Test
    void generateWritesOneFilePerResourceAndTheSameFilesForTheSameSeed(@TempDir Path dir) throws Exception {
        CommandRun run = dms("generate", "--out", dir.resolve("a").toString(), "--scale", "5", "--seed", "3", "--api-schema", DS50.toString());
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
        assertTrue(dms("generate").err().contains("Missing required option: '--out=DIR'"));
        assertEquals(2, dms("generate", "--out", dir.toString(), "--scale", "lots").status());
        Path scenario = Files.writeString(dir.resolve("typo.properties"), "ed-fi/studnets = 1\n");
        CommandRun typo = dms("generate", "--out", dir.resolve("out").toString(), "--scenario", scenario.toString());
        assertEquals(1, typo.status());
        assertTrue(typo.err().contains(scenario + ": ed-fi/studnets is not a resource of the ApiSchema"), typo.err());
    }

    @Test
    void runWithoutTheDataStandardSaysWhatToPass(@TempDir Path dir) {
        CommandRun run = dms("run", "--api-schema", dir.resolve("missing.json").toString(), "--data-dir", dir.toString());
        assertEquals(1, run.status());
        assertTrue(run.err().contains("pass the Ed-Fi ApiSchema with --api-schema FILE"), run.err());
    }

    @Test
    void connectorShowPrintsTheRestBodyForTheGivenServer() throws Exception {
        CommandRun run = dms("connector", "show", "--postgres-url", "jdbc:postgresql://db.example:6432/", "--postgres-user", "dms");
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
        CommandRun run = dms("frobnicate");
        assertEquals(2, run.status());
        assertTrue(run.err().startsWith("dms: unknown command 'frobnicate'"), run.err());
        CommandRun none = dms();
        assertEquals(2, none.status());
        assertTrue(none.out().startsWith("Usage: dms"), "the list of commands: " + none.out());
    }
}
