package org.edfi.dms.app.soak;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.edfi.dms.contracts.InstanceId;

/**
 * The load: the generated documents, created over HTTP and (one in {@code kafkaShare}) as
 * Kafka-native commands, file after file in dependency order; then rounds of changes: students
 * renamed (an update, over HTTP or Kafka), student section associations given another begin date
 * (a change of natural key, by PUT), attendance events deleted. Every acknowledged write goes into
 * the {@link Ledger}; no document has two writes in flight at once.
 */
final class LoadDriver {

    static final String STUDENTS = "students";
    static final String KEY_CHANGES = "studentSectionAssociations";
    static final String DELETES = "studentSchoolAttendanceEvents";

    private final Writes writes;
    private final Ledger ledger;
    private final int concurrency;

    Writes writes() {
        return writes;
    }

    LoadDriver(Writes writes, Ledger ledger, int concurrency) {
        this.writes = writes;
        this.ledger = ledger;
        this.concurrency = concurrency;
    }

    /** Creates the documents of every file into the instance at {@code prefix}; {@code kafkaShare} 0 sends none over Kafka. */
    void create(InstanceId instance, String prefix, List<GeneratedFile> files, int kafkaShare) throws Exception {
        for (GeneratedFile file : files) {
            List<Runnable> writesOfFile = new ArrayList<>();
            for (int i = 0; i < file.documents().size(); i++) {
                ObjectNode body = file.documents().get(i);
                boolean overKafka = kafkaShare > 0 && i % kafkaShare == kafkaShare - 1;
                writesOfFile.add(() -> create(instance, prefix, file, body, overKafka));
            }
            inParallel(writesOfFile); // a file's references point into the files before it
        }
    }

    /** One create; acknowledged, it is in the ledger. */
    Ledger.Document create(InstanceId instance, String prefix, GeneratedFile file, ObjectNode body, boolean overKafka) {
        try {
            if (overKafka) {
                Writes.Result result = writes.kafka(instance, file.resource(), body);
                return result.acknowledged() ? ledger.created(instance, file.resource(), "kafka", body, java.util.Optional.empty()) : null;
            }
            Writes.Result result = writes.http("POST", file.collection(prefix), body.toString());
            return result.acknowledged() ? ledger.created(instance, file.resource(), "http", body, result.documentId()) : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Round {@code round} of changes to about {@code perKind} documents of each kind, taken in turn
     * from the acknowledged ones, so successive rounds touch different documents.
     */
    void changeRound(InstanceId instance, String prefix, int round, int perKind) throws Exception {
        List<Runnable> changes = new ArrayList<>();
        List<Ledger.Document> documents = ledger.documents(instance);
        for (Ledger.Document student : pick(documents, STUDENTS, false, round, perKind)) {
            changes.add(() -> rename(prefix, student, round));
        }
        for (Ledger.Document association : pick(documents, KEY_CHANGES, true, round, perKind)) {
            changes.add(() -> changeKey(prefix, association));
        }
        for (Ledger.Document event : pick(documents, DELETES, true, round, perKind)) {
            changes.add(() -> delete(prefix, event));
        }
        inParallel(changes);
    }

    private static List<Ledger.Document> pick(List<Ledger.Document> documents, String resource, boolean withId, int round, int count) {
        List<Ledger.Document> candidates = documents.stream()
                .filter(d -> d.resource.endpointName().equals(resource) && !d.deleted() && !d.uncertain() && (!withId || d.id().isPresent()))
                .toList();
        List<Ledger.Document> picked = new ArrayList<>();
        for (int i = 0; i < Math.min(count, candidates.size()); i++) {
            picked.add(candidates.get((round * count + i) % candidates.size()));
        }
        return picked.stream().distinct().toList();
    }

    /** An update of a non-key field: POSTed again with another first name, over HTTP or Kafka in turn. */
    private void rename(String prefix, Ledger.Document student, int round) {
        ObjectNode body = student.body().deepCopy().put("firstName", "Soak" + round);
        boolean overKafka = round % 2 == 1;
        run(() -> {
            Writes.Result result = overKafka ? writes.kafka(student.instance, student.resource, body)
                    : writes.http("POST", prefix + "/data/" + student.resource.projectEndpoint() + "/" + STUDENTS, body.toString());
            settle(student, result, () -> ledger.updated(student, body));
        });
    }

    /** A change of natural key: PUT with the begin date a day later. */
    private void changeKey(String prefix, Ledger.Document association) {
        ObjectNode body = association.body().deepCopy();
        body.put("beginDate", LocalDate.parse(body.path("beginDate").asText()).plusDays(1).toString());
        run(() -> {
            ObjectNode sent = body.deepCopy().put("id", association.id().orElseThrow()); // a PUT body names the document it replaces
            Writes.Result result = writes.http("PUT", item(prefix, association), sent.toString());
            settle(association, result, () -> ledger.keyChanged(association, body));
        });
    }

    /** A DELETE; a 404 to a DELETE sent again means an earlier try was applied ({@link Writes#deleteAppliedBefore}). */
    private void delete(String prefix, Ledger.Document event) {
        run(() -> {
            Writes.Result result = writes.http("DELETE", item(prefix, event), null);
            if (Writes.deleteAppliedBefore("DELETE", result.status(), result.retried())) {
                ledger.deleted(event);
                return;
            }
            settle(event, result, () -> ledger.deleted(event));
        });
    }

    private static String item(String prefix, Ledger.Document document) {
        return prefix + "/data/" + document.resource.projectEndpoint() + "/" + document.resource.endpointName() + "/" + document.id().orElseThrow();
    }

    /** Acknowledged: the ledger takes it. Unanswered: the document is uncertain. Refused: it stays as it was. */
    private void settle(Ledger.Document document, Writes.Result result, Runnable acknowledged) {
        if (result.acknowledged()) {
            acknowledged.run();
        } else if (result.unresolved() || result.retried()) {
            ledger.uncertain(document); // a refusal after a try without answer leaves open whether that try was applied
        }
    }

    private interface Write {
        void run() throws InterruptedException;
    }

    private static void run(Write write) {
        try {
            write.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs them, at most {@code concurrency} at once, and waits for all. */
    private void inParallel(List<Runnable> tasks) throws Exception {
        Semaphore slots = new Semaphore(concurrency);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (Runnable task : tasks) {
                slots.acquire();
                running.add(threads.submit(() -> {
                    try {
                        task.run();
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        }
    }
}
