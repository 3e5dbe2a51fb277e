package org.edfi.dms.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jdbi.v3.core.Jdbi;

/**
 * The tables of schema {@code dms_security} in the configuration database (the one holding
 * {@code dms_config}): signing keys, vendors, applications and API clients.
 */
public final class SecuritySchema {

    private static final String[] MIGRATIONS = {"V1__security.sql"};
    /** An arbitrary number naming the migration lock ("dmss" in ASCII); the registry's and the store's migrations use others. */
    private static final long MIGRATION_LOCK = 0x646d7373L;

    private SecuritySchema() {}

    /**
     * Brings the tables to the current version; safe to run again, and from several processes at
     * once: a transaction-scoped advisory lock lets one migrate while the others wait, then find
     * nothing to do.
     */
    public static void migrate(Jdbi jdbi) {
        jdbi.useTransaction(handle -> {
            handle.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            for (String migration : MIGRATIONS) {
                handle.createScript(read(migration)).execute();
            }
        });
    }

    private static String read(String name) {
        try (InputStream in = SecuritySchema.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing migration " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
