package org.edfi.dms.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault harness's PostgreSQL crash: a kill -9 of the postmaster and its backends, after which the
 * server starts again on its data directory and port and holds what it committed, recovered from its
 * write-ahead log.
 */
class PostgresCrashTest {

    @TempDir
    Path dir;

    @Test
    void aCrashedServerStartsAgainOnItsPortWithWhatItCommitted() throws Exception {
        Path data = dir.resolve("postgres");
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data);
        int port = server.port();
        long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().trim());
        try (Connection connection = EmbeddedPostgresServer.dataSource(server.jdbcUrl("postgres")).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE committed (id int)");
            statement.execute("INSERT INTO committed VALUES (1), (2)");
        }

        server.crash();

        assertFalse(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false), "the postmaster is gone");
        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(data, port);
                Connection connection = EmbeddedPostgresServer.dataSource(again.jdbcUrl("postgres")).getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM committed")) {
            rows.next();
            assertEquals(2, rows.getInt(1));
            assertEquals(port, again.port());
        }
    }
}
