package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.webserver.WebServer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.security.ClaimSetCatalog;
import org.edfi.dms.security.ClaimSetStore;
import org.edfi.dms.security.ClientAdminService;
import org.edfi.dms.security.ProfileCatalog;
import org.edfi.dms.security.ProfileStore;
import org.edfi.dms.security.ClientRegistry;
import org.edfi.dms.security.SecuritySchema;
import org.edfi.dms.security.SigningKeyStore;
import org.edfi.dms.security.SigningKeys;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dms vendor}, {@code dms application} and {@code dms client} against a real admin API on a
 * real configuration store: an operator sets up a vendor's client from the command line.
 */
class ClientCommandsTest {

    @TempDir
    static Path dir;

    private static EmbeddedPostgresServer postgres;
    private static WebServer server;
    private static ClientRegistry clients;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"));
        postgres.createDatabase("dms_config");
        DataSource database = EmbeddedPostgresServer.dataSource(postgres.jdbcUrl("dms_config"));
        SecuritySchema.migrate(database);
        Jdbi config = Jdbi.create(database);
        ClaimSetCatalog claimSets = new ClaimSetCatalog(TestApi.edFiClaims(), new ClaimSetStore(config), java.time.Clock.systemUTC());
        clients = new ClientRegistry(config, claimSets);
        SigningKeys keys = new SigningKeys(new SigningKeyStore(config), Duration.ofMinutes(30));
        keys.ensureKey();
        ProfileCatalog profiles = new ProfileCatalog(TestApi.dataStandard(), new ProfileStore(config), java.time.Clock.systemUTC());
        server = WebServer.builder().host("127.0.0.1").port(0).routing(r -> r.register(new ClientAdminService(clients, keys, claimSets, profiles)))
                .build().start();
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.stop();
        postgres.close();
    }

    private static CommandRun dms(String... args) {
        List<String> line = new ArrayList<>(List.of(args));
        line.add("--url=" + url);
        return CommandRun.of(TestApi.HOME, Map.of("DMS_DATA_DIR", dir.resolve("no-run").toString()), line);
    }

    @Test
    void anOperatorGivesAVendorsApplicationAClientAndItsSecretWorksOnce() {
        assertEquals("vendor Grand Bend SIS created\n", dms("vendor", "create", "Grand Bend SIS", "--namespace-prefix", "uri://gbisd.edu").out());
        assertEquals("vendor Grand Bend SIS exists\n", dms("vendor", "create", "Grand Bend SIS", "--namespace-prefix", "uri://gbisd.edu").out());
        assertTrue(dms("vendor", "list").out().contains("Grand Bend SIS  uri://gbisd.edu"));
        CommandRun application = dms("application", "create", "--vendor", "Grand Bend SIS", "--name", "Roster sync", "--claim-set", "SISVendor",
                "--education-organization-id", "255901");
        assertEquals(0, application.status(), application.err());
        assertTrue(dms("application", "list", "--vendor", "Grand Bend SIS").out().contains("SISVendor  255901"));

        CommandRun created = dms("client", "create", "--vendor", "Grand Bend SIS", "--application", "Roster sync", "--instance", "district-a/255901-2024");
        assertEquals(0, created.status(), created.err());
        String clientId = group(created.out(), "client id: +(\\S+)");
        String secret = group(created.out(), "client secret: (\\S+)");
        assertTrue(clients.authenticate(clientId, secret).isPresent(), "the printed secret is the client's");
        assertTrue(dms("client", "list").out().contains(clientId + "  Grand Bend SIS  Roster sync  district-a/255901-2024  true"));
        assertTrue(dms("client", "show", clientId).out().contains("\"instances\":[\"district-a/255901-2024\"]"));
        assertTrue(!dms("client", "show", clientId).out().contains("clientSecret"), "a secret is never shown again");

        String newSecret = group(dms("client", "reset-secret", clientId).out(), "client secret: (\\S+)");
        assertTrue(clients.authenticate(clientId, secret).isEmpty(), "the old secret stops working");
        assertTrue(clients.authenticate(clientId, newSecret).isPresent());
        assertEquals("client " + clientId + " deleted\n", dms("client", "delete", clientId).out());
        assertTrue(clients.authenticate(clientId, newSecret).isEmpty());
    }

    @Test
    void anOperatorExportsAnEdFiClaimSetImportsItUnderAnotherNameAndGivesItToAnApplication() throws Exception {
        CommandRun export = dms("claim-set", "export", "SISVendor");
        assertEquals(0, export.status(), export.err());
        ObjectNode sis = (ObjectNode) MessageCodec.MAPPER.readTree(export.out());
        assertEquals("claims-file", sis.path("_source").asText());
        Path file = dir.resolve("district-sis.json");
        Files.writeString(file, MessageCodec.encodeToString(sis.deepCopy().put("claimSetName", "District SIS")));

        assertEquals("claim set District SIS imported\n", dms("claim-set", "import", file.toString()).out());
        assertEquals("claim set District SIS replaced\n", dms("claim-set", "import", file.toString()).out());
        CommandRun exportAgain = dms("claim-set", "export", "District SIS");
        assertEquals(0, exportAgain.status(), exportAgain.err());
        ObjectNode again = (ObjectNode) MessageCodec.MAPPER.readTree(exportAgain.out());
        assertEquals(sis.get("resourceClaims"), again.get("resourceClaims"), "the round trip keeps the Ed-Fi claim set unchanged");
        assertTrue(dms("claim-set", "list").out().lines().anyMatch(line -> line.matches("District SIS +imported +no +no")), dms("claim-set", "list").out());
        assertTrue(dms("claim-set", "show", "District SIS").out().contains("http://ed-fi.org/identity/claims/domains/people"));

        dms("vendor", "create", "District");
        assertEquals(0, dms("application", "create", "--vendor", "District", "--name", "SIS", "--claim-set", "District SIS").status());
        CommandRun inUse = dms("claim-set", "delete", "District SIS");
        assertEquals(1, inUse.status());
        assertTrue(inUse.err().contains("is given to the applications District/SIS"), inUse.err());
        assertEquals("claim set Copy copied from District SIS\n", dms("claim-set", "copy", "District SIS", "Copy").out());
        assertEquals("claim set Copy deleted\n", dms("claim-set", "delete", "Copy").out());
        assertEquals(1, dms("claim-set", "delete", "SISVendor").status(), "the claims file's cannot be deleted");
    }

    @Test
    void aRefusalIsExitStatusOneWithTheProblemAndAWrongCommandLineTwo() {
        CommandRun unknownClaimSet = dms("application", "create", "--vendor", "Nobody", "--name", "X", "--claim-set", "everything");
        assertEquals(1, unknownClaimSet.status());
        assertTrue(unknownClaimSet.err().startsWith("application: the server answered 4"), unknownClaimSet.err());
        assertEquals(1, dms("client", "show", "no-such-client").status());
        assertEquals(2, dms("client", "create", "--vendor", "V").status(), "the application is missing");
        assertEquals(2, dms("vendor", "create", "V", "--claim-set", "x").status(), "not an option of vendor");
        assertEquals(2, dms("client", "rotate").status());
        assertTrue(dms("client", "create", "--help").out().startsWith("Usage: dms client create"));
    }

    private static String group(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertTrue(matcher.find(), regex + " in " + text);
        return matcher.group(1);
    }

    @Test
    void anOperatorImportsAnEdFiProfileAssignsItToAnApplicationAndCannotDeleteItWhileAssigned() {
        Path example = TestApi.HOME.resolve("../shared/edfi/dms-metadata/profiles/Student-Exclude-BirthDate.xml").normalize();
        assertEquals("profile Student-Exclude-BirthDate imported\n", dms("profile", "import", example.toString()).out());
        assertEquals("profile Student-Exclude-BirthDate replaced\n", dms("profile", "import", example.toString()).out());
        assertTrue(dms("profile", "list").out().contains("Student-Exclude-BirthDate  ed-fi/students (rw)"), dms("profile", "list").out());
        dms("vendor", "create", "Transit Co");
        CommandRun application = dms("application", "create", "--vendor", "Transit Co", "--name", "Bus routes", "--claim-set", "SISVendor",
                "--profile", "student-exclude-birthdate");
        assertEquals(0, application.status(), application.err());
        assertTrue(dms("application", "list", "--vendor", "Transit Co").out().contains("Student-Exclude-BirthDate"));
        CommandRun shown = dms("profile", "show", "Student-Exclude-BirthDate");
        assertTrue(shown.out().contains("<Property name=\"BirthDate\""), shown.out());
        assertTrue(shown.out().contains("applications: Transit Co/Bus routes"), shown.out());
        CommandRun refused = dms("profile", "delete", "Student-Exclude-BirthDate");
        assertEquals(1, refused.status());
        assertTrue(refused.err().contains("assigned to the applications Transit Co/Bus routes"), refused.err());
        String id = group(dms("application", "list", "--vendor", "Transit Co").out(), "(?m)^(\\d+) +Transit Co");
        assertEquals("application Transit Co/Bus routes profiles: none\n", dms("application", "profiles", id).out());
        assertEquals(0, dms("profile", "delete", "Student-Exclude-BirthDate").status(), "no application is assigned it now");
        dms("profile", "import", example.toString());
        assertEquals("application Transit Co/Bus routes profiles: Student-Exclude-BirthDate\n",
                dms("application", "profiles", id, "--profile", "Student-Exclude-BirthDate").out());
        CommandRun unknown = dms("application", "create", "--vendor", "Transit Co", "--name", "Other", "--claim-set", "SISVendor", "--profile", "Nope");
        assertEquals(1, unknown.status());
        assertTrue(unknown.err().contains("unknown profile 'Nope'"), unknown.err());
        Path broken = dir.resolve("broken.xml");
        try {
            Files.writeString(broken, "<Profile name='B'><Resource name='Student'><ReadContentType memberSelection='ExcludeOnly'>"
                    + "<Property name='Birthday'/></ReadContentType></Resource></Profile>");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CommandRun bad = dms("profile", "import", broken.toString());
        assertEquals(1, bad.status());
        assertTrue(bad.err().contains("no member 'Birthday'"), bad.err());
    }
}
