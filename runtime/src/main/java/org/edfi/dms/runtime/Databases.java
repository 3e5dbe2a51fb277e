package org.edfi.dms.runtime;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;

/** Pooled access to an instance's database: opening a PostgreSQL connection costs milliseconds, a pooled one nothing. */
public final class Databases {

    private static final Duration CONNECTION_WAIT = Duration.ofSeconds(5);

    private Databases() {}

    /** A pool of at most {@code size} connections; close the returned data source to release them. */
    public static HikariDataSource pool(String jdbcUrl, String name, int size) {
        return pool(jdbcUrl, name, size, 1);
    }

    /** A pool keeping at least {@code minimumIdle} connections open (0: a quiet database holds none). */
    public static HikariDataSource pool(String jdbcUrl, String name, int size, int minimumIdle) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(minimumIdle);
        // A request waits at most this long for a connection (Hikari's default is 30 s): with PostgreSQL
        // down it is answered 503 within seconds, and a catalog falls back to what it read before.
        config.setConnectionTimeout(CONNECTION_WAIT.toMillis());
        // Plan each statement for its values: the driver prepares a statement run five times, and the
        // generic plan PostgreSQL may then keep guesses a JSONB containment's selectivity; for a query
        // by studentUniqueId under a relationship filter it intersected the whole resource's index
        // (16 ms instead of 0.2; docs/store.md, "Plans").
        config.setConnectionInitSql("SET plan_cache_mode = force_custom_plan");
        return new HikariDataSource(config);
    }

    public static Jdbi jdbi(HikariDataSource pool) {
        return Jdbi.create(pool);
    }
}
