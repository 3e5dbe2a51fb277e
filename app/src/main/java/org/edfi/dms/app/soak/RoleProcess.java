package org.edfi.dms.app.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A role of the production shape ({@code dms processor}, {@code dms sink}, ...) in a JVM of its own,
 * started as an operator starts it. It is ready when it prints its ready line ({@code dms api ready
 * at ...}, {@code dms sink running ...}). What it prints goes to a log file (appended to across
 * restarts) and is kept in memory for a message when it does not start. {@link #kill()} is a
 * {@code kill -9}; {@link #close()} a SIGTERM, as a container stop.
 */
public final class RoleProcess implements Killable, AutoCloseable {

    private final String name;
    private final List<String> command;
    private final Path log;
    private final Queue<String> lastLines = new ConcurrentLinkedQueue<>();
    private Process process;

    private RoleProcess(String name, List<String> command, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
    }

    /**
     * The command line of {@code dms ROLE ARGS...} in a JVM like this one: its java, class path and project directory.
     *
     * @param jvmOptions options of the JVM, before the class path
     */
    public static List<String> dmsCommand(Path home, List<String> jvmOptions, String role, List<String> args) {
        List<String> roleArgs = new ArrayList<>(List.of(role));
        roleArgs.addAll(args);
        return javaCommand(home, jvmOptions, "org.edfi.dms.app.Main", roleArgs);
    }

    /** The command line of {@code mainClass ARGS...} in a JVM like this one. */
    public static List<String> javaCommand(Path home, List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED"); // RocksDB's JNI, as bin/dms runs it
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "-Ddms.home=" + home, mainClass));
        command.addAll(args);
        return command;
    }

    /** Starts {@code command} and waits until it says it is ready. */
    public static RoleProcess start(String name, List<String> command, Path log, Duration readyWithin) throws InterruptedException {
        RoleProcess role = new RoleProcess(name, command, log);
        role.start(readyWithin);
        return role;
    }

    @Override
    public String name() {
        return name;
    }

    /** Starts it again (after a {@link #kill()}) and waits until it is ready. */
    @Override
    public synchronized void start(Duration readyWithin) throws InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is running");
        }
        lastLines.clear();
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
        CountDownLatch ready = new CountDownLatch(1);
        Process started = process;
        Thread.ofPlatform().daemon().name("soak-" + name + "-output").start(() -> copyOutput(started, ready));
        boolean isReady = ready.await(readyWithin.toMillis(), TimeUnit.MILLISECONDS);
        if (!isReady || !started.isAlive()) {
            started.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new IllegalStateException(name + " did not start within " + readyWithin.toSeconds() + " s; its last lines:\n"
                    + String.join("\n", lastLines));
        }
    }

    private void copyOutput(Process started, CountDownLatch ready) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.write("---- " + name + " started (pid " + started.pid() + ")\n");
            String line;
            while ((line = lines.readLine()) != null) {
                out.write(line);
                out.write('\n');
                if (ready.getCount() > 0) {
                    lastLines.add(line);
                    while (lastLines.size() > 200) {
                        lastLines.poll();
                    }
                    if (line.startsWith("dms ") && (line.contains(" ready at ") || line.contains(" running "))) {
                        out.flush();
                        ready.countDown();
                    }
                }
            }
            out.write("---- " + name + " ended\n");
        } catch (IOException e) {
            // the process is gone; its log ends here
        } finally {
            ready.countDown(); // a process that ends before its ready line is not ready: start() checks isAlive
        }
    }

    @Override
    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** {@code kill -9}: no shutdown hook runs, nothing is flushed or committed. */
    @Override
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly(); // SIGKILL on Unix
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM, then SIGKILL when it has not stopped within a minute. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
