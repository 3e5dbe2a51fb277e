package org.edfi.dms.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jdbi.v3.core.Jdbi;

/** Pooled access to an instance's database: opening a PostgreSQL connection costs milliseconds, a pooled one nothing. */
public final class Databases {

    private Databases() {}

    /** A pool of at most {@code size} connections; close the returned data source to release them. */
    public static HikariDataSource pool(String jdbcUrl, String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        return new HikariDataSource(config);
    }

    public static Jdbi jdbi(HikariDataSource pool) {
        return Jdbi.create(pool);
    }
}
