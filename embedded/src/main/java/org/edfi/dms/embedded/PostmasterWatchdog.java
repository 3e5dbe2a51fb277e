package org.edfi.dms.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Stops the embedded PostgreSQL server when the JVM that started it dies without stopping it (a
 * {@code kill -9}, the OOM killer): PostgreSQL runs in a session of its own, so nothing else would.
 * A small shell process, a child of the JVM, waits on a pipe whose writing end only the JVM holds;
 * the kernel closes it when the JVM is gone, however it ended, and the shell then asks the server
 * for a fast shutdown, if the data directory's lock file still names it. Closed on a normal stop,
 * before the server is stopped the usual way.
 */
final class PostmasterWatchdog implements AutoCloseable {

    private static final String SCRIPT = "read ignored; [ \"$(head -n 1 \"$1/postmaster.pid\" 2>/dev/null)\" = \"$2\" ] && kill -INT \"$2\"";

    private final Process shell;
    /** Held, never written: the JVM's death is its closing. */
    @SuppressWarnings("unused")
    private final OutputStream lifeline;

    private PostmasterWatchdog(Process shell) {
        this.shell = shell;
        this.lifeline = shell.getOutputStream();
    }

    /** Watches the server of {@code dataDir} whose postmaster has {@code pid}. */
    static PostmasterWatchdog watch(Path dataDir, long pid) {
        try {
            return new PostmasterWatchdog(new ProcessBuilder("sh", "-c", SCRIPT, "dms-postgres-watchdog", dataDir.toAbsolutePath().toString(), Long.toString(pid))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the watchdog of PostgreSQL in " + dataDir, e);
        }
    }

    /** Kills the shell (SIGKILL: it cannot go on to stop the server), and waits until it is gone. */
    @Override
    public void close() {
        shell.destroyForcibly();
        try {
            shell.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
