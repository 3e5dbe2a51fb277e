package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.edfi.dms.runtime.EmbeddedStack;
import org.edfi.dms.schema.ApiSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the embedded default (what Ctrl-C and SIGTERM do) while clients are writing: every write
 * that was acknowledged is there after a restart. Writes cut off by the stop get an error or no
 * answer, never a false acknowledgement.
 */
class GracefulShutdownTest {

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedWriteSurvivesAStopUnderLoad() throws Exception {
        ApiSchema schema = TestApi.dataStandard();
        Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicInteger sequence = new AtomicInteger();
        EmbeddedStack stack = EmbeddedStack.start(schema, dataDir, "127.0.0.1", 0, Duration.ofSeconds(10));
        TestApi api = TestApi.of(stack);
        assertEquals(201, api.send("POST", "/data/ed-fi/sexDescriptors",
                "{\"namespace\": \"uri://ed-fi.org/SexDescriptor\", \"codeValue\": \"Female\", \"shortDescription\": \"Female\"}").statusCode());

        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            clients.add(Thread.ofVirtual().start(() -> {
                while (true) {
                    String body = "{\"studentUniqueId\": \"S" + sequence.incrementAndGet() + "\", \"firstName\": \"Lisa\", \"lastSurname\": \"Woods\","
                            + " \"birthDate\": \"2010-01-13\", \"birthSexDescriptor\": \"uri://ed-fi.org/SexDescriptor#Female\"}";
                    try {
                        HttpResponse<String> response = api.send("POST", "/data/ed-fi/students", body);
                        if (response.statusCode() == 201) {
                            acknowledged.add(response.headers().firstValue("Location").orElseThrow());
                        }
                    } catch (Exception stopped) {
                        return; // the server is gone
                    }
                }
            }));
        }
        Thread.sleep(1_500);
        stack.close(); // what the shutdown hook does
        for (Thread client : clients) {
            client.join(Duration.ofSeconds(30));
        }
        assertTrue(acknowledged.size() > 10, "writes were acknowledged before the stop: " + acknowledged.size());

        try (EmbeddedStack restarted = EmbeddedStack.start(schema, dataDir, "127.0.0.1", 0, Duration.ofSeconds(10))) {
            TestApi again = TestApi.of(restarted);
            for (String location : acknowledged) {
                HttpResponse<String> read = again.send("GET", location, null);
                assertEquals(200, read.statusCode(), location + " was acknowledged before the stop");
            }
        }
    }
}
