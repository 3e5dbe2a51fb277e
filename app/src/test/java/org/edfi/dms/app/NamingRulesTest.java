package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.edfi.dms.cdc.CdcConnector;
import org.edfi.dms.cdc.DocumentChangeTransform;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceStore;
import org.edfi.dms.contracts.InstanceTopics;
import org.edfi.dms.contracts.Replication;
import org.edfi.dms.runtime.CdcConnectors;
import org.junit.jupiter.api.Test;

/**
 * The names the roles and the CDC plugin agree on. The plugin needs nothing but the Connect API,
 * so it carries its own copy of the rules; this is where the two copies are held to one rule.
 */
class NamingRulesTest {

    private static final List<InstanceId> INSTANCES = List.of(InstanceId.DEFAULT, new InstanceId("district-a", "255901-2024"),
            new InstanceId("t1", "i-2-b"));
    private static final Schema KEY = SchemaBuilder.struct().field("document_id", Schema.STRING_SCHEMA).build();
    private static final CdcConnector.Database DATABASE = new CdcConnector.Database("db", 5432, "dms", "postgres", "");

    @Test
    void aChangeInASharedDatabaseReachesTheTopicOfTheInstanceWhoseSchemaItCameFrom() {
        for (InstanceId instance : INSTANCES) {
            DocumentChangeTransform<SourceRecord> transform = new DocumentChangeTransform<>();
            transform.configure(Map.of(DocumentChangeTransform.TOPIC_CONFIG, InstanceTopics.changesOfTenant(instance.tenant())));
            String debeziumTopic = "dms-cdc." + instance.tenant() + ".shared.main." + InstanceStore.sharedDatabase(instance).schema() + ".document";
            SourceRecord tombstone = new SourceRecord(Map.of(), Map.of(), debeziumTopic, KEY, new Struct(KEY).put("document_id", "d-1"), null, null);

            assertEquals(new InstanceTopics(instance).changes(), transform.apply(tombstone).topic(), instance.toString());
        }
    }

    @Test
    void anInstanceDatabasesReplicationSlotAndPublicationAreNamedAsItsDatabase() {
        for (InstanceId instance : INSTANCES) {
            CdcConnector connector = CdcConnector.ownDatabase(instance.tenant(), instance.instance(), new InstanceTopics(instance).changes(), DATABASE, 1);
            assertEquals(InstanceStore.ownDatabase(instance).database(), connector.slot(), instance.toString());
        }
    }

    @Test
    void theAnalyticsTopicConnectCreatesIsReplicatedAsTheOthers() {
        for (short factor : new short[] {-1, 1, 2, 3, 5}) {
            CdcConnector connector = CdcConnector.ownDatabase("t", "i", "edfi.t.i.documents", DATABASE, factor);
            Map<String, String> config = CdcConnectors.config(connector);
            Replication replication = new Replication(factor);

            assertEquals(replication.minInSyncReplicas(), connector.minInSyncReplicas(), "factor " + factor);
            assertEquals(String.valueOf(factor), config.get("topic.creation.default.replication.factor"));
            assertEquals(replication.topicConfigs().get("min.insync.replicas"), config.get("topic.creation.default.min.insync.replicas"), "factor " + factor);
        }
    }
}
