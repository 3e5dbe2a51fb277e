package org.edfi.dms.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a dead run left in an embedded PostgreSQL data directory: a server that outlived the JVM that
 * started it (PostgreSQL runs in a session of its own, so a {@code kill -9} of the JVM does not reach
 * it), or the {@code postmaster.pid} of one that is gone. Either stops the next start: {@code pg_ctl
 * start} refuses a directory whose lock file names a live process. Before a start, a leftover server
 * is stopped (a fast shutdown: its clients died with the JVM, and everything it committed is on disk)
 * and a stale lock file of a process that is no PostgreSQL is removed; PostgreSQL recovers its own
 * data from its write-ahead log.
 *
 * <p>A directory another live JVM is using (its {@code epg-lock} is held) is left alone: that start
 * fails with the reason.
 */
final class LeftoverPostmaster {

    private static final Logger LOG = LoggerFactory.getLogger(LeftoverPostmaster.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);
    /** The lock zonky's EmbeddedPostgres holds on its data directory while it runs the server. */
    static final String OWNER_LOCK = "epg-lock";

    private LeftoverPostmaster() {}

    /** Stops or clears what a dead run left in {@code dataDir}; returns whether a server was stopped. */
    static boolean clear(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        Optional<Long> pid = pidOf(pidFile);
        if (pid.isEmpty()) {
            return false;
        }
        requireNoLiveOwner(dataDir);
        Optional<ProcessHandle> server = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive).filter(LeftoverPostmaster::isPostgres);
        if (server.isEmpty()) {
            // Its server is gone (a crash, a power loss); a process that took its pid since is not ours to stop.
            delete(pidFile);
            return false;
        }
        LOG.warn("Stopping PostgreSQL (pid {}) left running in {} by a run that ended without stopping it", pid.get(), dataDir);
        stop(server.get());
        return true;
    }

    private static Optional<Long> pidOf(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.getFirst().trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A JVM that still runs the directory's server holds its lock; then nothing is left over. */
    private static void requireNoLiveOwner(Path dataDir) {
        try (FileChannel channel = FileChannel.open(dataDir.resolve(OWNER_LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IllegalStateException("PostgreSQL in " + dataDir + " is in use by another running process (is another dms run using this data directory?)");
            }
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check who uses " + dataDir, e);
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        return info.command().map(LeftoverPostmaster::namesPostgres).orElse(false)
                || info.arguments().flatMap(args -> args.length == 0 ? Optional.empty() : Optional.of(args[0])).map(LeftoverPostmaster::namesPostgres).orElse(false)
                || info.commandLine().map(LeftoverPostmaster::namesPostgres).orElse(false);
    }

    private static boolean namesPostgres(String command) {
        return command.contains("postgres");
    }

    /** SIGINT is PostgreSQL's fast shutdown; a server that does not stop in time is killed, and recovers at its next start. */
    private static void stop(ProcessHandle server) {
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).inheritIO().start().waitFor();
            if (!awaitExit(server, STOP_WAIT)) {
                LOG.warn("PostgreSQL (pid {}) did not stop within {}; killing it", server.pid(), STOP_WAIT);
                server.destroyForcibly();
                awaitExit(server, STOP_WAIT);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stop the PostgreSQL server (pid " + server.pid() + ") a dead run left", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping a leftover PostgreSQL server", e);
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the stale " + file, e);
        }
    }
}
