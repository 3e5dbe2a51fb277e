package org.edfi.dms.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.util.Map;
import org.edfi.dms.cdc.CdcConnector;
import org.edfi.dms.messages.InstanceId;
import org.edfi.dms.messages.InstanceTopics;
import org.edfi.dms.messages.MessageCodec;
import org.edfi.dms.sink.StoreSchema;

/** The CDC connector of an instance, as the embedded worker and a real Kafka Connect cluster take it. */
public final class CdcConnectors {

    private CdcConnectors() {}

    /** The connector reading {@code instance}'s database on the given server, feeding its analytics topic. */
    public static CdcConnector forInstance(InstanceId instance, String host, int port, String user, String password, int replication) {
        return new CdcConnector(instance.tenant(), instance.instance(), new InstanceTopics(instance).changes(),
                new CdcConnector.Database(host, port, StoreSchema.databaseName(instance), user, password), replication);
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
