package org.edfi.dms.app;

import static org.edfi.dms.app.EdFiBodies.contact;
import static org.edfi.dms.app.EdFiBodies.student;
import static org.edfi.dms.app.EdFiBodies.studentContact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.edfi.dms.app.soak.RoleProcess;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.runtime.Node;
import org.edfi.dms.runtime.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A purge or delete is run by whichever API node the operator asks, while the instance's processor
 * runs in another process with a state directory of its own. That processor must not keep what the
 * instance had: after a purge, a purged natural key is free, a reference to a purged document does
 * not resolve and change versions start again at 1; an instance deleted and created again with the
 * same name starts empty.
 */
class PurgeAcrossNodesTest {

    @TempDir
    Path dir;

    @Test
    void aProcessorOnAnotherNodeForgetsWhatAPurgeOrDeleteRemoved() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
                EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"))) {
            PostgresServer server = new PostgresServer("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/", "postgres", "");
            // The API node (with the sink) runs the admin operations; it has no processor and so no processor state.
            try (Node api = Node.start(TestApi.dataStandard(), Set.of(Node.Role.INGRESS, Node.Role.QUERY, Node.Role.SINK),
                            Node.Wiring.of(kafka.bootstrapServers(), server, dir.resolve("api"), "api-1", Duration.ofSeconds(30), TestApi.CLIENT), List.of());
                    RoleProcess processor = RoleProcess.start("processor", RoleProcess.dmsCommand(TestApi.HOME, List.of(), "processor",
                            List.of("--kafka-bootstrap-servers", kafka.bootstrapServers(), "--postgres-url", server.url(),
                                    "--data-dir", dir.resolve("processor-node").toString(), "--port", "0",
                                    "--api-schema", TestApi.DATA_STANDARD.resolve("ApiSchema.json").toString())),
                            dir.resolve("processor.log"), Duration.ofMinutes(2))) {
                TestApi http = new TestApi(api.port());
                String lisa = TestApi.idOf(http.expect(201, "POST", "/data/ed-fi/students", student("604822")));
                http.expect(201, "POST", "/data/ed-fi/contacts", contact("C1"));
                http.expect(201, "POST", "/data/ed-fi/studentContactAssociations", studentContact("604822", "C1"));
                assertEquals(3, newestChangeVersion(http));

                http.expect(200, "POST", "/admin/instances/default/default/purge", null);

                http.expect(409, "POST", "/data/ed-fi/studentContactAssociations", studentContact("604822", "C1"));
                String lisaAgain = TestApi.idOf(http.expect(201, "POST", "/data/ed-fi/students", student("604822")));
                assertNotEquals(lisa, lisaAgain, "a purged natural key makes a new document");
                assertEquals(1, newestChangeVersion(http), "change versions start again after a purge");

                http.expect(204, "DELETE", "/admin/instances/default/default", null);
                http.expect(201, "POST", "/admin/instances", "{\"tenant\": \"default\"}");

                http.expect(409, "POST", "/data/ed-fi/studentContactAssociations", studentContact("604822", "C1"));
                http.expect(201, "POST", "/data/ed-fi/students", student("604822"));
                assertEquals(1, newestChangeVersion(http), "an instance made again under the same name starts empty");
            }
        }
    }

    private static long newestChangeVersion(TestApi http) throws Exception {
        HttpResponse<String> available = http.expect(200, "GET", "/changeQueries/v1/availableChangeVersions", null);
        return MessageCodec.MAPPER.readTree(available.body()).path("newestChangeVersion").asLong();
    }
}
