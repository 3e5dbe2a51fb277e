package org.edfi.dms.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.edfi.dms.cdc.CdcConnector;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceStore;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.contracts.MessageCodec;

/** The CDC connector of an instance, as the embedded worker and a real Kafka Connect cluster take it. */
public final class CdcConnectors {

    private CdcConnectors() {}

    /**
     * The connector that publishes {@code store} (an instance's own database, or its tenant's
     * shared one on the server named {@code serverName}) to the analytics topic.
     */
    public static CdcConnector forStore(InstanceId instance, InstanceStore store, String serverName, PostgresServer server, int replication) {
        return forStore(instance, store, serverName, server, replication, Optional.empty());
    }

    /**
     * The same, its database reached with the TLS parameters of the server's URL ({@code sslmode},
     * {@code sslrootcert}...), and with {@code passwordReference} in the password's place when given:
     * a Kafka Connect config provider reference ({@code ${env:POSTGRES_PASSWORD}}) the worker resolves,
     * so that the connector's configuration, which Connect's REST API shows, holds no password.
     */
    public static CdcConnector forStore(InstanceId instance, InstanceStore store, String serverName, PostgresServer server, int replication,
            Optional<String> passwordReference) {
        Map<String, String> tls = new LinkedHashMap<>();
        Map<String, String> parameters = server.parameters();
        parameters.forEach((name, value) -> {
            if (CdcConnector.Database.TLS_PARAMETERS.contains(name)) {
                tls.put(name, value);
            }
        });
        // The JDBC driver's older switch: ssl=true alone means verify-full, ssl=false no TLS; Debezium knows sslmode only.
        if (!tls.containsKey("sslmode") && parameters.containsKey("ssl")) {
            tls.put("sslmode", Boolean.parseBoolean(parameters.get("ssl")) || parameters.get("ssl").isEmpty() ? "verify-full" : "disable");
        }
        CdcConnector.Database database = new CdcConnector.Database(server.host(), server.port(), store.database(), server.user(),
                passwordReference.orElse(server.password()), tls);
        return store.shared()
                ? CdcConnector.sharedDatabase(instance.tenant(), serverName, InstanceTopics.changesOfTenant(instance.tenant()), database, replication)
                : CdcConnector.ownDatabase(instance.tenant(), instance.instance(), new InstanceTopics(instance).changes(), database, replication);
    }

    /** The {@code config} member of the connector's REST body, as the herder takes it. */
    public static Map<String, String> config(CdcConnector connector) {
        try {
            Map<String, Object> body = MessageCodec.MAPPER.readValue(connector.json(), new TypeReference<>() {});
            @SuppressWarnings("unchecked")
            Map<String, String> config = (Map<String, String>) body.get("config");
            return config;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The connector template is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
