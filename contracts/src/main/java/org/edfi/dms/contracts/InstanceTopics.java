package org.edfi.dms.contracts;

/**
 * The Kafka topics of one instance. Commands form one ordered stream per instance (one partition),
 * which is what lets the integrity processor check references without locks.
 */
public record InstanceTopics(InstanceId instance) {

    /** Write commands, keyed by the document's referential id (or document id for updates and deletes). */
    public String commands() {
        return "dms." + instance + ".commands";
    }

    /** Committed document changes, keyed by document id, in {@link DocumentEnvelope}s. */
    public String documents() {
        return "dms." + instance + ".documents";
    }

    /** Results of commands that name no reply topic (Kafka-native writers), keyed by command id. */
    public String results() {
        return "dms." + instance + ".results";
    }

    /** The analytics change topic fed by CDC from the instance's database. */
    public String changes() {
        return changesOfTenant(instance.tenant()).replace(INSTANCE, instance.instance());
    }

    /** The placeholder of {@link #changesOfTenant}. */
    public static final String INSTANCE = "{instance}";

    /** The analytics change topic of any instance of a tenant, {@link #INSTANCE} standing for its name (CDC of a shared database). */
    public static String changesOfTenant(String tenant) {
        return "edfi." + tenant + "." + INSTANCE + ".documents";
    }

    /** The reply topic of one api-ingress node: results of the commands it sent, from every instance. */
    public static String replies(String nodeId) {
        return "dms.replies." + nodeId;
    }
}
