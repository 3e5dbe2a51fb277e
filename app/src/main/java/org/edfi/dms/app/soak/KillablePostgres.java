package org.edfi.dms.app.soak;

import java.nio.file.Path;
import java.time.Duration;
import org.edfi.dms.embedded.EmbeddedPostgresServer;

/**
 * The harness's PostgreSQL server as the chaos loop kills it: {@link #kill()} is a {@code kill -9} of
 * its postmaster and backends ({@link EmbeddedPostgresServer#crash()}), and {@link #start} starts it
 * again on its data directory and port, where PostgreSQL recovers from its write-ahead log.
 */
final class KillablePostgres implements Killable, AutoCloseable {

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgresServer server;

    KillablePostgres(Path dataDir) {
        this.dataDir = dataDir;
        this.server = EmbeddedPostgresServer.start(dataDir);
        this.port = server.port();
    }

    @Override
    public String name() {
        return "postgres";
    }

    int port() {
        return port;
    }

    @Override
    public synchronized void kill() {
        if (server != null) {
            server.crash();
            server = null;
        }
    }

    @Override
    public synchronized void start(Duration readyWithin) {
        if (server != null) {
            throw new IllegalStateException("postgres is running");
        }
        server = EmbeddedPostgresServer.start(dataDir, port); // ready when it returns: zonky waits for it to accept connections
    }

    @Override
    public synchronized boolean isAlive() {
        return server != null;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
