package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault harness in its short form, as CI runs it: the roles in JVMs of their own (a Kafka
 * Connect worker, an API node, two processor nodes, a sink node), 2,000 generated documents written
 * over HTTP and Kafka, then updated, re-keyed and deleted, while each role, the broker and
 * PostgreSQL is killed with kill -9 once and started again, then all the roles at once, and a second
 * instance is purged mid-load.
 * Nothing acknowledged is lost or doubled, nothing deleted or purged comes back, no reference
 * dangles, change versions are each used once with no gap, and the processor's changelog and the
 * analytics topic hold what the store holds.
 */
class SoakShortTest {

    @TempDir
    Path dir;

    @Test
    void nothingAcknowledgedIsLostWhileEveryProcessIsKilledOnce() throws Exception {
        Path report = dir.resolve("report.md");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int status = new Main(TestApi.HOME, Map.of()).run(List.of("soak", "--documents", "2000", "--minutes", "0.5", "--kill-every", "8",
                "--data-dir", dir.toString(), "--api-schema", TestApi.DATA_STANDARD.resolve("ApiSchema.json").toString(),
                "--report", report.toString()), print, print);
        String output = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, output);
        String markdown = Files.readString(report);
        assertTrue(markdown.contains("every counter 0"), markdown);
        for (String role : List.of("connect", "api", "processor-1", "processor-2", "sink", "kafka", "postgres", "node")) {
            assertTrue(markdown.matches("(?s).*Kills survived[^\\n]*" + role + " [1-9].*"), role + " was killed and came back: " + markdown);
        }
        assertTrue(markdown.matches("(?s).*Purges of instance purge/default mid-load: 1;.*"), markdown);
    }
}
