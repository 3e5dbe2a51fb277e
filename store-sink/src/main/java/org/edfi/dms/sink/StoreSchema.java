package org.edfi.dms.sink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.edfi.dms.messages.InstanceStore;
import org.jdbi.v3.core.Jdbi;

/**
 * The tables of an instance's database, created and migrated by the project itself: each migration
 * is an idempotent script under {@code org/edfi/dms/sink/}, applied in version order.
 */
public final class StoreSchema {

    private static final String[] MIGRATIONS = {"V1__documents.sql"};
    /** An arbitrary number naming the migration lock ("edfi" in ASCII). */
    private static final long MIGRATION_LOCK = 0x65646669L;
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private StoreSchema() {}

    /**
     * Brings the database's tables to the current version; safe to run again, and from several
     * processes at once (the roles of a deployment start together): a transaction-scoped advisory
     * lock lets one of them migrate while the others wait, then find nothing to do. The tables go
     * into the schema the connection puts first on its search path ({@code currentSchema} in the
     * JDBC URL, see {@link InstanceStore#onSearchPath}), made here when missing.
     */
    public static void migrate(Jdbi jdbi) {
        jdbi.useTransaction(handle -> {
            handle.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            String schema = handle.createQuery("SELECT current_setting('search_path')").mapTo(String.class).one();
            if (!SCHEMA_NAME.matcher(schema).matches()) {
                throw new IllegalStateException("The store's connection names no schema of its own (search path " + schema
                        + "); its JDBC URL needs currentSchema=<schema> (InstanceStore.onSearchPath)");
            }
            handle.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            for (String migration : MIGRATIONS) {
                handle.createScript(read(migration)).execute();
            }
        });
    }

    /**
     * Empties the instance's tables (a purge): documents, tracked deletes and the sink's recorded
     * position, with document numbering restarting. The tables stay, ready for new writes.
     */
    public static void empty(Jdbi jdbi) {
        jdbi.useHandle(handle -> handle.execute("TRUNCATE document, tracked_delete, applied_offset RESTART IDENTITY"));
    }

    private static String read(String name) {
        try (InputStream in = StoreSchema.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing migration " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
