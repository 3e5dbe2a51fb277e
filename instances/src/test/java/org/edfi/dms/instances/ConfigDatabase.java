package org.edfi.dms.instances;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.edfi.dms.embedded.EmbeddedPostgresServer;

/**
 * One real PostgreSQL for the tests of this module, started once per test JVM, with a fresh
 * configuration database, its tables not made yet, for each test class that asks.
 */
final class ConfigDatabase {

    private static EmbeddedPostgresServer server;

    private ConfigDatabase() {}

    static synchronized DataSource create(String name) {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("dms-instances-test");
                server = EmbeddedPostgresServer.start(dir.resolve("postgres"));
                Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        server.createDatabase(name);
        return EmbeddedPostgresServer.dataSource(server.jdbcUrl(name));
    }
}
