package org.edfi.dms.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.edfi.dms.embedded.EmbeddedPostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a store's schema is migrated, against a real PostgreSQL, with the sample scripts of
 * {@code db/sample}: version 1 makes a table, version 2 adds a column to it ({@code db/sample-older}
 * is the same without version 2).
 */
class SchemaMigrationTest {

    @TempDir
    static Path dir;

    private static EmbeddedPostgresServer postgres;

    @BeforeAll
    static void start() {
        postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"));
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    private static DataSource database(String name) {
        postgres.createDatabase(name);
        return EmbeddedPostgresServer.dataSource(postgres.jdbcUrl(name));
    }

    private static SchemaMigration sample(String schema) {
        return new SchemaMigration(schema, 0x74657374L, "classpath:db/sample");
    }

    private static void execute(DataSource database, String sql) {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> rows(DataSource database, String query) {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The schema's history: each version with how it came ({@code SQL}: its script ran; {@code BASELINE}: adopted). */
    private static List<String> history(DataSource database, String schema) {
        return rows(database, "SELECT version || ' ' || type || CASE WHEN success THEN '' ELSE ' FAILED' END FROM " + schema
                + ".flyway_schema_history WHERE type <> 'SCHEMA' ORDER BY installed_rank");
    }

    /** A schema as the hand-written migrations left it: version 1's tables, some data, no history. */
    private static void madeBeforeFlyway(DataSource database, String schema) {
        execute(database, "CREATE SCHEMA " + schema + "; CREATE TABLE " + schema + ".item (id int PRIMARY KEY, name text NOT NULL); "
                + "INSERT INTO " + schema + ".item VALUES (1, 'kept'), (2, 'kept too')");
    }

    @Test
    void aNewSchemaIsCreatedAndBroughtToTheNewestVersion() {
        DataSource database = database("fresh");
        sample("fresh").migrate(database);

        assertEquals(List.of("1 SQL", "2 SQL"), history(database, "fresh"));
        assertEquals(List.of("note"), rows(database, "SELECT column_name FROM information_schema.columns "
                + "WHERE table_schema = 'fresh' AND table_name = 'item' AND column_name = 'note'"));
    }

    @Test
    void aSchemaMadeBeforeFlywayIsAdoptedAtVersion1AndKeepsItsData() {
        DataSource database = database("adopted");
        madeBeforeFlyway(database, "adopted");

        sample("adopted").migrate(database);

        assertEquals(List.of("1 BASELINE", "2 SQL"), history(database, "adopted"), "version 1 is not run again, version 2 is");
        assertEquals(List.of("1 kept ", "2 kept too "), rows(database, "SELECT id || ' ' || name || ' ' || note FROM adopted.item ORDER BY id"));
    }

    @Test
    void schemasOfOneDatabaseKeepHistoriesOfTheirOwn() {
        DataSource database = database("two_schemas");
        sample("first").configure(database).target("1").load().migrate();
        execute(database, "INSERT INTO first.item VALUES (7, 'seven')");
        sample("second").migrate(database);
        assertEquals(List.of("1 SQL"), history(database, "first"), "migrating the other schema left this one at its version");

        sample("first").migrate(database);

        assertEquals(List.of("1 SQL", "2 SQL"), history(database, "first"));
        assertEquals(List.of("1 SQL", "2 SQL"), history(database, "second"));
        assertEquals(List.of("7 seven "), rows(database, "SELECT id || ' ' || name || ' ' || note FROM first.item"));
    }

    @Test
    void aNodeOfThePreviousVersionStartsOnAStoreOfTheNewOne() {
        DataSource database = database("newer");
        sample("newer").migrate(database);

        new SchemaMigration("newer", 0x74657374L, "classpath:db/sample-older").migrate(database); // knows version 1 only

        assertEquals(List.of("1 SQL", "2 SQL"), history(database, "newer"), "the version it does not know is left as it is");
    }

    @Test
    void severalProcessesStartingTogetherMigrateOnce() throws Exception {
        DataSource database = database("together");
        execute(database, "CREATE SCHEMA empty");
        madeBeforeFlyway(database, "adopted");
        ExecutorService processes = Executors.newFixedThreadPool(4);
        try {
            for (String schema : List.of("missing", "empty", "adopted")) {
                List<Future<Object>> runs = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    runs.add(processes.submit((Callable<Object>) () -> sample(schema).migrate(database)));
                }
                for (Future<Object> run : runs) {
                    run.get();
                }
            }
        } finally {
            processes.shutdown();
        }
        assertEquals(List.of("1 SQL", "2 SQL"), history(database, "missing"));
        assertEquals(List.of("1 SQL", "2 SQL"), history(database, "empty"));
        assertEquals(List.of("1 BASELINE", "2 SQL"), history(database, "adopted"));
    }
}
