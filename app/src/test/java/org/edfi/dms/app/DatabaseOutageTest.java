package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.embedded.EmbeddedKafka;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.edfi.dms.runtime.Node;
import org.edfi.dms.runtime.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL crashing under a running node: while it is down, reads are answered 503 (service
 * unavailable, to be repeated later), not 500, side by side rather than queued behind each other's
 * wait for a connection, and a write is committed by the processor and
 * answered 504 (committed, not readable yet); once PostgreSQL is back on its port, the node serves
 * again without a restart and the write made during the outage is readable.
 */
class DatabaseOutageTest {

    private static final String NINTH = """
            {"namespace": "uri://ed-fi.org/GradeLevelDescriptor", "codeValue": "Ninth grade", "shortDescription": "Ninth grade"}""";
    private static final String TENTH = """
            {"namespace": "uri://ed-fi.org/GradeLevelDescriptor", "codeValue": "Tenth grade", "shortDescription": "Tenth grade"}""";
    private static final String COLLECTION = "/data/ed-fi/gradeLevelDescriptors";
    private static final int READERS = 8;

    @TempDir
    Path dataDir;

    @Test
    void whilePostgresIsDownReadsAreUnavailableAndWritesCommittedThenAllIsServedOnceItIsBack() throws Exception {
        Path postgresData = dataDir.resolve("postgres");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"))) {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(postgresData);
            int port = server.port();
            PostgresServer postgres = new PostgresServer("jdbc:postgresql://127.0.0.1:" + port + "/postgres?ssl=false", "postgres", "secret");
            try (Node node = Node.start(TestApi.dataStandard(), Node.all(),
                    Node.Wiring.of(kafka.bootstrapServers(), postgres, dataDir.resolve("node"), "node-1", Duration.ofSeconds(5), TestApi.CLIENT),
                    List.of())) {
                TestApi http = new TestApi(node.port());
                http.expect(201, "POST", COLLECTION, NINTH);

                server.crash();
                // Requests at once are answered side by side (each within the client's 20 s), not one after the other.
                try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<HttpResponse<String>>> reads = new ArrayList<>();
                    for (int i = 0; i < READERS; i++) {
                        reads.add(readers.submit(() -> http.send("GET", COLLECTION, null)));
                    }
                    for (Future<HttpResponse<String>> answer : reads) {
                        HttpResponse<String> read = answer.get();
                        assertEquals(503, read.statusCode(), read.body());
                        assertTrue(read.body().contains(Problem.SERVICE_UNAVAILABLE), read.body());
                    }
                }
                HttpResponse<String> write = http.send("POST", COLLECTION, TENTH);
                assertEquals(504, write.statusCode(), write.body());
                assertTrue(write.body().contains("committed"), write.body());

                server = EmbeddedPostgresServer.start(postgresData, port);
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                HttpResponse<String> after = http.send("GET", COLLECTION, null);
                while (!(after.statusCode() == 200 && after.body().contains("Tenth grade")) && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                    after = http.send("GET", COLLECTION, null);
                }
                assertEquals(200, after.statusCode(), after.body());
                assertTrue(after.body().contains("Ninth grade") && after.body().contains("Tenth grade"), after.body());
                http.expect(201, "POST", COLLECTION, NINTH.replace("Ninth", "Eleventh"));
            } finally {
                server.close();
            }
        }
    }
}
