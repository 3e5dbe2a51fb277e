package org.edfi.dms.migrations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * How one kind of store is migrated: Flyway applies the versioned scripts ({@code V<n>__<what>.sql})
 * found at {@code locations} to {@code schema}, and records them in that schema's own
 * {@code flyway_schema_history}, so that two stores sharing a database (the configuration and
 * security stores, or the instances of a shared database) migrate independently.
 *
 * <p>A schema that has tables but no history was made by the hand-written migrations that came
 * before Flyway, whose scripts are version 1: it is adopted as version 1 (Flyway's baseline), its
 * data untouched, and only the later versions run.
 *
 * @param schema    the schema migrated, created when missing
 * @param lock      the key of the advisory lock held while migrating (see {@link #migrate})
 * @param locations where the scripts are, for example {@code classpath:db/store}
 */
public record SchemaMigration(String schema, long lock, List<String> locations) {

    /** The version stores made before Flyway are taken to be at. */
    public static final String ADOPTED_VERSION = "1";
    /** The connections {@link #migrate} holds at once: its lock's and Flyway's two; a pool it is given needs as many. */
    public static final int CONNECTIONS = 3;

    public SchemaMigration {
        locations = List.copyOf(locations);
    }

    public SchemaMigration(String schema, long lock, String location) {
        this(schema, lock, List.of(location));
    }

    /** Flyway's configuration for this store behind {@code dataSource}; {@link #migrate} is what the roles call. */
    public FluentConfiguration configure(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .locations(locations.toArray(String[]::new))
                .baselineOnMigrate(true)
                .baselineVersion(ADOPTED_VERSION)
                .baselineDescription("made before Flyway")
                // A script missing from the jar, or named so that Flyway would skip it, fails the start
                // instead of leaving a store behind its version.
                .failOnMissingLocations(true)
                .validateMigrationNaming(true);
    }

    /**
     * Brings the schema to the newest version; safe to run again, and from several processes at
     * once (the nodes of a deployment start together). Flyway takes an advisory lock of its own
     * while it creates its history table and while it applies scripts, but decides whether to
     * adopt the schema or create its history before taking it; so the whole run is held under a
     * session advisory lock of this store kind. It is the key the hand-written migrations locked,
     * so a node of the previous version starting meanwhile waits too. The data source must allow
     * {@link #CONNECTIONS} at once.
     */
    public MigrateResult migrate(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            advisoryLock(connection, "SELECT pg_advisory_lock(?)");
            try {
                return configure(dataSource).load().migrate();
            } finally {
                advisoryLock(connection, "SELECT pg_advisory_unlock(?)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot migrate schema " + schema + ": " + e.getMessage(), e);
        }
    }

    private void advisoryLock(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, lock);
            statement.execute();
        }
    }
}
