package org.edfi.dms.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.jdbi.v3.core.Jdbi;

/**
 * One real PostgreSQL for the tests of this module, started once per test JVM, with a fresh
 * configuration database, migrated, for each test class that asks.
 */
final class ConfigDatabase {

    private static EmbeddedPostgresServer server;

    private ConfigDatabase() {}

    static synchronized Jdbi create(String name) {
        Jdbi jdbi = empty(name);
        SecuritySchema.migrate(dataSource(name));
        return jdbi;
    }

    /** A fresh configuration database whose tables are not made yet. */
    static synchronized Jdbi empty(String name) {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("dms-security-test");
                server = EmbeddedPostgresServer.start(dir.resolve("postgres"));
                Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        server.createDatabase(name);
        return Jdbi.create(dataSource(name));
    }

    /** Connections to a database made here. */
    static DataSource dataSource(String name) {
        return EmbeddedPostgresServer.dataSource(server.jdbcUrl(name));
    }
}
