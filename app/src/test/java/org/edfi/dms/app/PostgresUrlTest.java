package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceStore;
import org.edfi.dms.runtime.CdcConnectors;
import org.edfi.dms.runtime.PostgresServer;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL server that requires TLS is named with its parameters in {@code postgres.url}
 * ({@code ?sslmode=verify-full&sslrootcert=...}); every connection to every database on it keeps
 * them, the CDC connector included, which takes them as Debezium's {@code database.ssl*}.
 */
class PostgresUrlTest {

    private static final PostgresServer TLS = new PostgresServer("jdbc:postgresql://db.example.org:6432/postgres?sslmode=verify-full&sslrootcert=/certs/ca.pem",
            "dms", "p&ss");

    @Test
    void everyDatabaseUrlKeepsTheServersParameters() {
        assertEquals("jdbc:postgresql://db.example.org:6432/dms_config?sslmode=verify-full&sslrootcert=/certs/ca.pem&user=dms&password=p%26ss",
                TLS.jdbcUrl("dms_config"));
        assertEquals("jdbc:postgresql://db.example.org:6432/dms_default_default?sslmode=verify-full&sslrootcert=/certs/ca.pem&user=dms"
                + "&password=p%26ss&currentSchema=dms", TLS.jdbcUrl(InstanceStore.ownDatabase(InstanceId.DEFAULT)));
        assertEquals("db.example.org", TLS.host());
        assertEquals(6432, TLS.port());
        assertEquals(Map.of("sslmode", "verify-full", "sslrootcert", "/certs/ca.pem"), TLS.parameters());
    }

    @Test
    void aServerWithoutParametersIsAsBefore() {
        PostgresServer plain = new PostgresServer("jdbc:postgresql://db:5432/", "postgres", "");
        assertEquals("jdbc:postgresql://db:5432/", plain.url());
        assertEquals("jdbc:postgresql://db:5432/dms_config?user=postgres", plain.jdbcUrl("dms_config"));
        assertEquals("jdbc:postgresql://db/x?user=postgres", new PostgresServer("jdbc:postgresql://db", "postgres", "").jdbcUrl("x"));
        assertEquals(5432, new PostgresServer("jdbc:postgresql://db/", "postgres", "").port());
    }

    @Test
    void theCdcConnectorReachesTheDatabaseWithTheSameTls() {
        Map<String, String> config = CdcConnectors.config(CdcConnectors.forStore(InstanceId.DEFAULT, InstanceStore.ownDatabase(InstanceId.DEFAULT),
                "main", TLS, 1));
        assertEquals("verify-full", config.get("database.sslmode"));
        assertEquals("/certs/ca.pem", config.get("database.sslrootcert"));
        assertEquals("db.example.org", config.get("database.hostname"));

        Map<String, String> plain = CdcConnectors.config(CdcConnectors.forStore(InstanceId.DEFAULT, InstanceStore.ownDatabase(InstanceId.DEFAULT),
                "main", new PostgresServer("jdbc:postgresql://db:5432/", "postgres", ""), 1));
        assertNull(plain.get("database.sslmode"), "Debezium's default stands");
        assertFalse(plain.keySet().stream().anyMatch(key -> key.startsWith("database.ssl")), plain.toString());
    }

    @Test
    void theDriversOlderSslSwitchBecomesDebeziumsSslMode() {
        for (Map.Entry<String, String> ssl : Map.of("ssl=true", "verify-full", "ssl", "verify-full", "ssl=false", "disable").entrySet()) {
            Map<String, String> config = CdcConnectors.config(CdcConnectors.forStore(InstanceId.DEFAULT, InstanceStore.ownDatabase(InstanceId.DEFAULT),
                    "main", new PostgresServer("jdbc:postgresql://db:5432/?" + ssl.getKey(), "postgres", ""), 1));
            assertEquals(ssl.getValue(), config.get("database.sslmode"), ssl.getKey());
        }
    }

    @Test
    void theCdcConnectorCarriesAPasswordReferenceInsteadOfThePasswordWhenGivenOne() {
        Map<String, String> config = CdcConnectors.config(CdcConnectors.forStore(InstanceId.DEFAULT, InstanceStore.ownDatabase(InstanceId.DEFAULT),
                "main", TLS, 1, Optional.of("${env:POSTGRES_PASSWORD}")));
        assertEquals("${env:POSTGRES_PASSWORD}", config.get("database.password"));
        assertTrue(config.values().stream().noneMatch(value -> value.contains("p&ss")), config.toString());
    }
}
