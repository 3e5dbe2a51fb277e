package org.edfi.dms.runtime;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.edfi.dms.contracts.KafkaCluster;

/**
 * A starting node's first word with Kafka. A client that cannot talk to a listener (one that
 * requires TLS or SASL, reached without them; or refused credentials) does not fail: it retries
 * quietly, and each part of the node would time out on its own, later, with Kafka's words. The node
 * asks once, up front, and stops with what went wrong and what to check.
 */
final class KafkaConnection {

    private KafkaConnection() {}

    /** Returns once the cluster answers; otherwise throws, saying why, after at most {@code wait}. */
    static void require(Admin admin, KafkaCluster kafka, Duration wait) throws InterruptedException {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) wait.toMillis())).nodes().get(wait.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unreachable(kafka, wait, e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(kafka, wait, e);
        }
    }

    private static IllegalStateException unreachable(KafkaCluster kafka, Duration wait, Throwable cause) {
        String hint = kafka.secured()
                ? "check the connection settings given (" + kafka.connection().keySet() + ") against the brokers' listener"
                : "if its listeners require TLS or SASL, give their client settings (kafka.client-properties: "
                        + "security.protocol, sasl.*, ssl.*; docs/operations.md#securing-the-deployment)";
        return new IllegalStateException("Kafka at " + kafka.bootstrapServers() + " did not answer within " + wait.toSeconds() + " s ("
                + cause.getClass().getSimpleName() + ": " + cause.getMessage() + "); " + hint, cause);
    }
}
