package org.edfi.dms.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every Kafka client of the system is configured through one cluster value, which carries the connection's security settings to each. */
class KafkaClusterTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"dms\" password=\"p4ss\";";
    private static final KafkaCluster SASL = new KafkaCluster("kafka-1:9093,kafka-2:9093",
            Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN", "sasl.jaas.config", JAAS, "ssl.truststore.location", "/certs/ca.jks"));

    @Test
    void aClientsConfigurationHasTheBrokersTheConnectionsSettingsAndItsOwn() {
        Map<String, Object> producer = SASL.clientConfig(Map.of("acks", "all", "linger.ms", 5));

        assertEquals("kafka-1:9093,kafka-2:9093", producer.get("bootstrap.servers"));
        assertEquals("SASL_SSL", producer.get("security.protocol"));
        assertEquals(JAAS, producer.get("sasl.jaas.config"));
        assertEquals("/certs/ca.jks", producer.get("ssl.truststore.location"));
        assertEquals("all", producer.get("acks"));
        assertEquals(5, producer.get("linger.ms"));
        assertEquals(SASL.clientConfig(Map.of()), Map.copyOf(SASL.clientProperties(Map.of())), "Kafka Streams gets the same");
    }

    @Test
    void aClientCannotOverrideTheBrokersOrTheConnection() {
        assertThrows(IllegalArgumentException.class, () -> SASL.clientConfig(Map.of("bootstrap.servers", "elsewhere:9092")));
        assertThrows(IllegalArgumentException.class, () -> SASL.clientConfig(Map.of("security.protocol", "PLAINTEXT")));
    }

    @Test
    void theConnectionHoldsConnectionSettingsOnly() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new KafkaCluster("kafka:9092", Map.of("security.protocol", "SSL", "acks", "0")));
        assertTrue(refused.getMessage().contains("'acks'"), refused.getMessage());
    }

    @Test
    void itsTextNamesTheSettingsButNeverTheirValues() {
        assertFalse(SASL.toString().contains("p4ss"), SASL.toString());
        assertTrue(SASL.toString().contains("sasl.jaas.config"), SASL.toString());
        assertFalse(KafkaCluster.plaintext("kafka:9092").secured());
    }
}
