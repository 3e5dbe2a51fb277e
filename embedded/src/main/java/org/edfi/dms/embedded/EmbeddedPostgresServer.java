package org.edfi.dms.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL server from Maven binaries (zonky), on 127.0.0.1, with logical WAL for Debezium.
 * Its data directory survives a restart when given one. Zonky turns synchronous commit off by
 * default; it is turned back on, because an acknowledged write must survive a crash and because
 * logical decoding only sees flushed WAL.
 *
 * <p>A run that died without stopping its server leaves it running, or its lock file behind: a
 * start first stops or clears what such a run left ({@link LeftoverPostmaster}), and a running
 * server is watched by a child process that stops it if this JVM dies ({@link PostmasterWatchdog}).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final long postmasterPid;
    private final PostmasterWatchdog watchdog;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, long postmasterPid, PostmasterWatchdog watchdog) {
        this.postgres = postgres;
        this.postmasterPid = postmasterPid;
        this.watchdog = watchdog;
    }

    /** Starts the server of {@code dataDir} (initialising it when empty) on a port of its own. */
    public static EmbeddedPostgresServer start(Path dataDir) {
        return start(dataDir, FreePorts.one());
    }

    /** Starts the server of {@code dataDir} on {@code port}: the port its clients know, when it starts again. */
    public static EmbeddedPostgresServer start(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
            LeftoverPostmaster.clear(dataDir);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port) // not zonky's own pick, which the broker starting beside it could take too
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("wal_level", "logical")
                    // Each instance's CDC connector holds a replication slot, a WAL sender and two connections,
                    // and its sink and reads a few more: room for about 60 instances on one server.
                    .setServerConfig("max_replication_slots", "64")
                    .setServerConfig("max_wal_senders", "64")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "400")
                    .start();
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().trim());
            return new EmbeddedPostgresServer(postgres, pid, PostmasterWatchdog.watch(dataDir, pid));
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start in " + dataDir, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** A JDBC URL for a database of this server (user postgres, no password). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database + "?user=postgres";
    }

    /** Connections to {@code jdbcUrl}, a new one each time (for tests and tools: the roles pool theirs). */
    public static DataSource dataSource(String jdbcUrl) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        return dataSource;
    }

    /** Creates a database unless it exists. */
    public void createDatabase(String name) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name.replace("'", "''") + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Kills the server as a crash does: {@code kill -9} of the postmaster, then of its backends, so
     * nothing is flushed or shut down and what survives is what PostgreSQL wrote to its write-ahead
     * log. For the fault harness, which then starts it again on its data directory and port.
     */
    public void crash() {
        watchdog.close();
        ProcessHandle.of(postmasterPid).ifPresent(postmaster -> {
            List<ProcessHandle> backends = postmaster.descendants().toList();
            postmaster.destroyForcibly(); // first, so that it does not start new backends
            backends.forEach(ProcessHandle::destroyForcibly);
            postmaster.onExit().join();
            backends.forEach(backend -> backend.onExit().join());
        });
        try {
            postgres.close(); // releases the data directory's lock; the server it would stop is gone
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        watchdog.close();
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
