package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dms run} as a user runs it, in a JVM of its own, killed with {@code kill -9}: the next
 * start on the same data directory comes up with every acknowledged write there. PostgreSQL runs
 * in a session of its own, so the kill does not reach it: a killed JVM's server is stopped by its
 * watchdog, and one left running anyway (the watchdog killed with the JVM, as a {@code kill -9} of
 * the process group does) is stopped by the next start.
 */
class RunAfterKillTest {

    private static final Pattern READY = Pattern.compile("Ed-Fi API ready at http://[^:]+:(\\d+)/data/");

    @TempDir
    Path dataDir;

    private final List<Process> started = new ArrayList<>();

    private record Run(Process process, int port) {}

    @Test
    void aKilledRunRestartsOnItsDataDirectoryWithEveryAcknowledgedWrite() throws Exception {
        Run first = start();
        TestApi api = new TestApi(first.port());
        String created = api.expect(201, "POST", "/data/ed-fi/gradeLevelDescriptors",
                "{\"namespace\": \"uri://ed-fi.org/GradeLevelDescriptor\", \"codeValue\": \"Ninth grade\", \"shortDescription\": \"Ninth grade\"}")
                .headers().firstValue("Location").orElseThrow();

        // The JVM and its children die at once (the OOM killer, kill -9 of the process group): the database server does not.
        long orphan = postmasterPid();
        first.process().descendants().forEach(ProcessHandle::destroyForcibly);
        first.process().destroyForcibly().waitFor();
        assertTrue(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false), "PostgreSQL outlived the JVM and its watchdog");

        Run second = start();
        new TestApi(second.port()).expect(200, "GET", created, null);
        String again = new TestApi(second.port()).expect(201, "POST", "/data/ed-fi/gradeLevelDescriptors",
                "{\"namespace\": \"uri://ed-fi.org/GradeLevelDescriptor\", \"codeValue\": \"Tenth grade\", \"shortDescription\": \"Tenth grade\"}")
                .headers().firstValue("Location").orElseThrow();
        assertFalse(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false), "the leftover server was stopped");

        // The JVM alone dies (kill -9 of its pid): its watchdog stops the database server.
        long server = postmasterPid();
        second.process().destroyForcibly().waitFor();
        awaitGone(server, Duration.ofSeconds(30));

        Run third = start();
        TestApi last = new TestApi(third.port());
        last.expect(200, "GET", created, null);
        last.expect(200, "GET", again, null);
    }

    private Run start() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx768m", "-Ddms.home=" + TestApi.HOME,
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", "--port", "0", "--data-dir", dataDir.toString(),
                "--client-id", TestApi.CLIENT.clientId(), "--client-secret", TestApi.CLIENT.clientSecret()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.add(process);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Optional<Integer>> ready = CompletableFuture.supplyAsync(() -> {
            List<String> seen = new ArrayList<>();
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher matcher = READY.matcher(line);
                    if (matcher.find()) {
                        Thread.ofPlatform().daemon().start(() -> out.lines().forEach(rest -> { })); // keep draining
                        return Optional.of(Integer.parseInt(matcher.group(1)));
                    }
                    seen.add(line);
                }
            } catch (Exception gone) {
                // the process ended
            }
            throw new IllegalStateException("dms run ended before it was ready:\n" + String.join("\n", seen));
        });
        return new Run(process, ready.get(180, TimeUnit.SECONDS).orElseThrow());
    }

    private long postmasterPid() throws Exception {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).getFirst().trim());
    }

    private static void awaitGone(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            assertTrue(System.nanoTime() < deadline, "PostgreSQL (pid " + pid + ") still runs " + timeout + " after its JVM was killed");
            Thread.sleep(100);
        }
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (Process process : started) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        Path pidFile = dataDir.resolve("postgres/postmaster.pid");
        if (Files.exists(pidFile)) { // a server the test left: stop it, so that it does not outlive the test
            long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
            ProcessHandle.of(pid).ifPresent(server -> {
                try {
                    new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor();
                } catch (Exception e) {
                    server.destroyForcibly();
                }
            });
        }
    }
}
