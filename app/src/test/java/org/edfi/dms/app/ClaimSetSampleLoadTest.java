package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.runtime.DevelopmentClient;
import org.edfi.dms.runtime.EmbeddedStack;
import org.edfi.dms.runtime.Node;
import org.edfi.dms.security.ConfiguredClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Data Standard 5.0 descriptors and samples loaded over HTTP by clients of the Ed-Fi claim sets,
 * as a vendor would load them: an EdFiSandbox client of Grand Bend ISD (LEA 255901) in the
 * uri://ed-fi.org namespace, then, into a second instance prepared with the descriptors and
 * education organizations by full-access, a SISVendor client of the same LEA. What each refuses is
 * in the reject file, and is what the Ed-Fi claims say those claim sets may not do.
 */
class ClaimSetSampleLoadTest {

    private static final Path DS50 = TestApi.DATA_STANDARD;

    @TempDir
    Path dir;

    @Test
    void theSamplesLoadThroughTheEdFiClaimSetsAndTheRefusalsAreTheClaimSetsRules() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(TestApi.dataStandard(), dir.resolve("stack"), "127.0.0.1", 0, Duration.ofSeconds(30),
                Duration.ofMillis(5), Node.Routing.DEFAULT, DevelopmentClient.resolve(dir.resolve("stack"), Optional.empty(), Optional.empty()),
                TestApi.edFiClaims(), Node.Observability.NONE)) {
            TestApi admin = TestApi.of(stack);
            admin.expect(201, "POST", "/admin/instances", "{\"tenant\": \"sis\"}");
            admin.expect(201, "POST", "/admin/vendors", "{\"name\": \"Sample Vendor\", \"namespacePrefixes\": [\"uri://ed-fi.org\", \"uri://gbisd.edu\"]}");

            // EdFiSandbox: descriptors in its namespace, education organizations, and student data its LEA reaches.
            ConfiguredClients.Credentials sandbox = client(admin, "EdFiSandbox", "default/default");
            Map<Integer, List<String>> sandboxRefusals = refusals(load(stack, sandbox, "/default", dir.resolve("sandbox-rejects.jsonl"),
                    DS50.resolve("descriptors"), DS50.resolve("sample-xml")));
            System.out.println("EdFiSandbox refusals: " + sandboxRefusals);

            // SISVendor: descriptors and education organizations are read-only to it, so full-access loads those first.
            List<Path> bootstrap = new ArrayList<>(List.of(DS50.resolve("descriptors"), DS50.resolve("sample-xml/Standards.xml"),
                    DS50.resolve("sample-xml/EducationOrganization.xml")));
            try (var files = Files.list(DS50.resolve("sample-xml"))) {
                files.filter(file -> file.getFileName().toString().endsWith("Descriptor.xml")).forEach(bootstrap::add);
            }
            load(stack, client(admin, "full-access", "sis/default"), "/sis", dir.resolve("bootstrap-rejects.jsonl"), bootstrap.toArray(Path[]::new));
            ConfiguredClients.Credentials sis = client(admin, "SISVendor", "sis/default");
            Map<Integer, List<String>> sisRefusals = refusals(load(stack, sis, "/sis", dir.resolve("sis-rejects.jsonl"),
                    DS50.resolve("descriptors"), DS50.resolve("sample-xml")));
            System.out.println("SISVendor refusals: " + sisRefusals);

            assertTrue(sandboxRefusals.keySet().stream().allMatch(status -> status < 500), sandboxRefusals.toString());
            assertTrue(sisRefusals.keySet().stream().allMatch(status -> status < 500), sisRefusals.toString());
            // EdFiSandbox is given Read alone on domains/edFiTypes: school years are the API's, not a vendor's
            assertTrue(sandboxRefusals.getOrDefault(403, List.of()).contains("schoolYearTypes"), sandboxRefusals.toString());
            assertTrue(!sandboxRefusals.getOrDefault(403, List.of()).contains("gradeLevelDescriptors")
                    && !sandboxRefusals.getOrDefault(403, List.of()).contains("students"), "its namespaces and its students: " + sandboxRefusals);
            // SISVendor reads descriptors and education organizations, writes people and their data through its LEA
            assertTrue(sisRefusals.getOrDefault(403, List.of()).containsAll(List.of("gradeLevelDescriptors", "schools", "localEducationAgencies")),
                    sisRefusals.toString());
            assertTrue(sisRefusals.values().stream().noneMatch(resources -> resources.contains("students")), sisRefusals.toString());
            // The sample has no StudentSchoolAssociation (its StudentEnrollment.xml is missing): what only a student's
            // enrollment reaches is refused, as the ODS/API refuses it; a staff member's leave comes after the staff
            // assignments that reach it (the load order's authorization dependencies) and is written.
            for (Map<Integer, List<String>> refusals : List.of(sandboxRefusals, sisRefusals)) {
                assertTrue(refusals.getOrDefault(403, List.of()).containsAll(List.of("studentContactAssociations", "postSecondaryEvents",
                        "studentGradebookEntries")), refusals.toString());
                assertTrue(refusals.values().stream().noneMatch(resources -> resources.contains("staffLeaves")), refusals.toString());
            }
        }
    }

    private static ConfiguredClients.Credentials client(TestApi admin, String claimSet, String instance) throws Exception {
        admin.expect(201, "POST", "/admin/applications", "{\"vendor\": \"Sample Vendor\", \"name\": \"" + claimSet + "\", \"claimSet\": \""
                + claimSet + "\", \"educationOrganizationIds\": [255901]}");
        JsonNode created = MessageCodec.MAPPER.readTree(admin.expect(201, "POST", "/admin/clients",
                "{\"vendor\": \"Sample Vendor\", \"application\": \"" + claimSet + "\", \"instances\": [\"" + instance + "\"]}").body());
        return new ConfiguredClients.Credentials(created.path("clientId").asText(), created.path("clientSecret").asText());
    }

    private static Path load(EmbeddedStack stack, ConfiguredClients.Credentials client, String prefix, Path rejects, Path... sources) {
        List<String> args = new ArrayList<>(List.of("load", "--reject-file", rejects.toString(), "--via", "http",
                "--url", "http://127.0.0.1:" + stack.port() + prefix, "--client-id", client.clientId(), "--client-secret", client.clientSecret()));
        for (Path source : sources) {
            args.add(source.toString());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Main(TestApi.HOME, Map.of()).run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        System.out.println(out.toString(StandardCharsets.UTF_8));
        return rejects;
    }

    /** The rejected resources by status, each resource once, with the problem types seen. */
    private static Map<Integer, List<String>> refusals(Path rejects) throws Exception {
        Map<Integer, List<String>> byStatus = new TreeMap<>();
        for (String line : Files.readAllLines(rejects)) {
            JsonNode reject = MessageCodec.MAPPER.readTree(line);
            if (!byStatus.containsKey(reject.path("status").asInt())) {
                System.out.println("first " + reject.path("status").asInt() + ": " + line);
            }
            List<String> resources = byStatus.computeIfAbsent(reject.path("status").asInt(), status -> new ArrayList<>());
            String resource = reject.path("resource").asText();
            if (!resources.contains(resource)) {
                resources.add(resource);
            }
        }
        return byStatus;
    }
}
