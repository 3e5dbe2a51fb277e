package org.edfi.dms.app.soak;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.loader.KafkaTransport;
import org.edfi.dms.loader.LoadStoppedException;
import org.edfi.dms.loader.Outcome;
import org.edfi.dms.schema.ResourceSchema;

/**
 * Writes that go on until the system answers them decisively, as a careful client does: a write
 * without an answer (the API node died, a 5xx, a 504 while the processor is failing over) is sent
 * again, the same request, which is safe: a POST is an upsert by natural key, a PUT sets the same
 * body, a DELETE of a document already gone answers 404. A 4xx is an answer. Retries stop after
 * {@link #GIVE_UP_AFTER}; such a write is unresolved and its document uncertain.
 */
final class Writes implements AutoCloseable {

    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(4);

    /** The outcome of one write: its final answer (status 0: none) and whether an earlier try without answer may have been applied. */
    record Result(int status, String body, Optional<String> documentId, boolean retried) {

        boolean acknowledged() {
            return status / 100 == 2;
        }

        boolean unresolved() {
            return status == 0;
        }
    }

    private final ApiClient api;
    private final String bootstrapServers;
    private final AtomicLong retries;
    private final Queue<String> refusals = new ConcurrentLinkedQueue<>();
    private final AtomicLong refused = new AtomicLong();
    private KafkaTransport kafka;
    private InstanceId kafkaInstance;

    Writes(ApiClient api, String bootstrapServers, AtomicLong retries) {
        this.api = api;
        this.bootstrapServers = bootstrapServers;
        this.retries = retries;
    }

    /** An HTTP write to {@code path} (under the instance's route), sent again until answered. */
    Result http(String method, String path, String body) throws InterruptedException {
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        boolean retried = false;
        int tries = 0;
        while (true) {
            ApiClient.Answer answer = api.send(method, path, body);
            tries++;
            if (!answer.noAnswer() && answer.status() < 500 && answer.status() != 429 && !instanceNotReady(answer)) {
                if (!answer.acknowledged() && !deleteAppliedBefore(method, answer.status(), retried)) {
                    refusal(method + " " + path + " -> " + answer.status() + (tries > 1 ? " (try " + tries + ") " : " ") + answer.body());
                }
                return new Result(answer.status(), answer.body(), answer.documentId(), retried);
            }
            if (System.nanoTime() > deadline) {
                refusal(method + " " + path + ": no answer within " + GIVE_UP_AFTER.toMinutes() + " min, last " + answer.status() + " " + answer.body());
                return new Result(0, answer.body(), Optional.empty(), true);
            }
            retried |= answer.noAnswer() || answer.status() >= 500; // a 404 or 429 was not applied
            retries.incrementAndGet();
            Thread.sleep(500);
        }
    }

    /**
     * A DELETE sent again after a try without answer, answered 404: the earlier try was applied (its answer was lost
     * with the node that gave it), which is what the client wanted, not a refusal.
     */
    static boolean deleteAppliedBefore(String method, int status, boolean retried) {
        return method.equals("DELETE") && status == 404 && retried;
    }

    /** An API node just started serves an instance once it is ready there; until then its routes answer 404 (docs/instances.md). */
    private static boolean instanceNotReady(ApiClient.Answer answer) {
        return answer.status() == 404 && answer.body().contains("No datastore instance matches this route");
    }

    /** A Kafka-native upsert into the instance's command topic, sent again until its result comes. */
    Result kafka(InstanceId instance, ResourceSchema resource, ObjectNode body) throws InterruptedException {
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        boolean retried = false;
        while (true) {
            KafkaTransport transport = transport(instance);
            try {
                Outcome outcome = transport.upsert(resource, body);
                if (outcome.status() != 0 && outcome.status() < 500) {
                    if (!outcome.accepted()) {
                        refusal("kafka upsert " + resource.endpointName() + " -> " + outcome.status() + " " + outcome.problem());
                    }
                    return new Result(outcome.status(), String.valueOf(outcome.problem()), Optional.empty(), retried);
                }
            } catch (LoadStoppedException e) {
                // the processor did not answer within the transport's limit (it was being killed): a new transport, the same command
                replace(transport);
            }
            if (System.nanoTime() > deadline) {
                refusal("kafka upsert " + resource.endpointName() + ": no result within " + GIVE_UP_AFTER.toMinutes() + " min");
                return new Result(0, "", Optional.empty(), true);
            }
            retried = true;
            retries.incrementAndGet();
            Thread.sleep(500);
        }
    }

    private synchronized KafkaTransport transport(InstanceId instance) throws InterruptedException {
        if (kafka == null || !instance.equals(kafkaInstance)) {
            if (kafka != null) {
                kafka.close();
            }
            kafka = new KafkaTransport(bootstrapServers, instance);
            kafkaInstance = instance;
        }
        return kafka;
    }

    private synchronized void replace(KafkaTransport stopped) {
        if (kafka == stopped) {
            kafka.close();
            kafka = null;
        }
    }

    private void refusal(String what) {
        refused.incrementAndGet();
        if (refusals.size() < 20) {
            refusals.add(what.length() > 400 ? what.substring(0, 400) + "..." : what);
        }
    }

    /** Writes answered with a 4xx, or never answered. */
    long refused() {
        return refused.get();
    }

    /** The first of them, for the report. */
    java.util.List<String> refusalExamples() {
        return java.util.List.copyOf(refusals);
    }

    @Override
    public synchronized void close() {
        if (kafka != null) {
            kafka.close();
        }
    }
}
