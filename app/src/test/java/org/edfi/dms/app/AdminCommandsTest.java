package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.instances.AdminService;
import org.edfi.dms.instances.Instance;
import org.edfi.dms.instances.InstanceLifecycle;
import org.edfi.dms.instances.InstanceRegistry;
import org.edfi.dms.instances.InstanceRules;
import org.edfi.dms.instances.RegistrySchema;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dms tenant} and {@code dms instance} against a real admin API on a real configuration
 * store. The lifecycle only records what it was asked: what provisioning does is tested where it
 * is implemented; here the subject is the command line.
 */
class AdminCommandsTest {

    @TempDir
    static Path dir;

    private static final List<String> lifecycleCalls = Collections.synchronizedList(new ArrayList<>());
    private static EmbeddedPostgresServer postgres;
    private static WebServer server;
    private static String url;

    @BeforeAll
    static void start() {
        postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"));
        postgres.createDatabase(InstanceRegistry.DATABASE);
        DataSource config = EmbeddedPostgresServer.dataSource(postgres.jdbcUrl(InstanceRegistry.DATABASE));
        RegistrySchema.migrate(config);
        InstanceRegistry registry = new InstanceRegistry(Jdbi.create(config));
        InstanceLifecycle recording = new InstanceLifecycle() {
            @Override
            public Instance provision(Instance instance) {
                lifecycleCalls.add("provision " + instance.id());
                return instance;
            }

            @Override
            public void purge(Instance instance) {
                lifecycleCalls.add("purge " + instance.id());
            }

            @Override
            public void remove(Instance instance) {
                lifecycleCalls.add("remove " + instance.id());
            }
        };
        AdminService admin = new AdminService(registry, recording, new InstanceRules(List.of("pg-1"), List.of("districtId", "schoolYear")));
        server = WebServer.builder().host("127.0.0.1").port(0).routing(r -> r.register(admin)).build().start();
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
        return CommandRun.of(TestApi.HOME, Map.of(), line);
    }

    @Test
    void anOperatorCreatesListsShowsPurgesAndDeletesInstances() throws Exception {
        CommandRun created = dms("instance", "create", "--tenant", "district-a", "--context", "schoolYear=2024", "--context", "districtId=255901");
        assertEquals(0, created.status(), created.err());
        assertEquals("instance district-a/255901-2024 created: ready, on pg-1 (database), context districtId=255901, schoolYear=2024\n", created.out());
        CommandRun again = dms("instance", "create", "--tenant", "district-a", "--context", "districtId=255901", "--context", "schoolYear=2024");
        assertEquals(0, again.status(), again.err());
        assertTrue(again.out().startsWith("instance district-a/255901-2024 exists: ready"), again.out());
        assertEquals(0, dms("instance", "create", "--tenant", "district-a", "--name", "b", "--context", "districtId=255902",
                "--context", "schoolYear=2024", "--mode", "schema").status());

        CommandRun list = dms("instance", "list", "--tenant", "district-a");
        assertEquals(0, list.status(), list.err());
        assertEquals("""
                TENANT      NAME         CONTEXT                             SERVER  MODE      STATE
                district-a  255901-2024  districtId=255901, schoolYear=2024  pg-1    database  ready
                district-a  b            districtId=255902, schoolYear=2024  pg-1    schema    ready
                """, list.out());

        CommandRun show = dms("instance", "show", "district-a/255901-2024");
        assertEquals(0, show.status(), show.err());
        JsonNode json = MessageCodec.MAPPER.readTree(show.out());
        assertEquals("dms.district-a.255901-2024.commands", json.at("/topics/commands").asText());

        CommandRun purged = dms("instance", "purge", "district-a/b");
        assertEquals("instance district-a/b purged: empty and ready\n", purged.out());
        CommandRun deleted = dms("instance", "delete", "district-a/b");
        assertEquals("instance district-a/b deleted\n", deleted.out());
        assertEquals(List.of("provision district-a.255901-2024", "provision district-a.b", "purge district-a.b", "remove district-a.b"),
                lifecycleCalls);

        CommandRun gone = dms("instance", "show", "district-a/b");
        assertEquals(1, gone.status());
        assertEquals("instance: the server answered 404: No instance district-a/b.\n", gone.err());
    }

    @Test
    void theServersRefusalIsPrintedWithItsReasons() {
        CommandRun missing = dms("instance", "create", "--tenant", "district-b", "--context", "districtId=1");
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("the server answered 400: Data validation failed."), missing.err());
        assertTrue(missing.err().contains("  $.context.schoolYear: the context needs a value for every route qualifier (districtId, schoolYear);"
                + " schoolYear is missing"), missing.err());
    }

    @Test
    void tenantsAreCreatedAndListed() {
        assertEquals("tenant district-c created\n", dms("tenant", "create", "district-c").out());
        assertEquals("tenant district-c exists\n", dms("tenant", "create", "district-c").out());
        CommandRun list = dms("tenant", "list");
        assertEquals(0, list.status(), list.err());
        assertTrue(list.out().startsWith("TENANT "), list.out());
        assertTrue(list.out().contains("\ndistrict-c "), list.out());
        CommandRun signIn = dms("tenant", "list", "--client-id", "district-c-admin", "--client-secret", "s3cret");
        assertEquals(1, signIn.status());
        assertTrue(signIn.err().contains("no token from " + url + "/oauth/token: 404"), "signs in as dms load does: " + signIn.err());
        CommandRun bad = dms("tenant", "create", "admin");
        assertEquals(1, bad.status());
        assertTrue(bad.err().contains("$.name: 'admin' is a path of the API itself and cannot name a tenant"), bad.err());
    }
}
