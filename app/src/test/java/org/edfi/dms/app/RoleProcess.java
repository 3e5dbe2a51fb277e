package org.edfi.dms.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A role of the production shape ({@code dms processor}, {@code dms sink}, ...) in a JVM of its own,
 * started as an operator starts it, from the test's class path. Closing it sends SIGTERM, as a
 * container stop does.
 */
final class RoleProcess implements AutoCloseable {

    private final Process process;
    private final Queue<String> output = new ConcurrentLinkedQueue<>();

    private RoleProcess(Process process) {
        this.process = process;
    }

    /** Starts {@code dms ROLE ARGS...} and waits until it says it is ready. */
    static RoleProcess start(String role, List<String> args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Ddms.home=" + TestApi.HOME, Main.class.getName(), role));
        command.addAll(args);
        RoleProcess role$ = new RoleProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
        role$.awaitReady();
        return role$;
    }

    private void awaitReady() throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String line;
        while ((line = lines.readLine()) != null) {
            output.add(line);
            if (line.startsWith("dms ") && (line.contains(" ready at ") || line.contains(" running "))) {
                Thread.ofVirtual().start(() -> lines.lines().forEach(output::add));
                return;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        process.destroyForcibly();
        throw new AssertionError("The role did not start:\n" + String.join("\n", output));
    }

    /** What it printed so far. */
    String output() {
        return String.join("\n", output);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
