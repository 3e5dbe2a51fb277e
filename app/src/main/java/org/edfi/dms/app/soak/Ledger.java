package org.edfi.dms.app.soak;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.schema.ResourceSchema;

/**
 * Every write the system acknowledged, kept as the state each document must end in: its last
 * acknowledged body, or deleted; the keys it had before a key change, which must be gone. A document
 * whose last write got no decisive answer (the API or processor died under it and retries ran out)
 * is uncertain: the checker leaves it out and the report counts it.
 */
final class Ledger {

    /** One document as the load wrote it. Only one writer touches a document at a time. */
    static final class Document {
        final InstanceId instance;
        final ResourceSchema resource;
        final String via;
        private volatile Optional<String> id = Optional.empty();
        private volatile ObjectNode body;
        private volatile boolean deleted;
        private volatile boolean uncertain;
        private final List<ObjectNode> formerKeys = new ArrayList<>();

        Document(InstanceId instance, ResourceSchema resource, String via, ObjectNode body) {
            this.instance = instance;
            this.resource = resource;
            this.via = via;
            this.body = body;
        }

        Optional<String> id() {
            return id;
        }

        /** The last acknowledged body (for a deleted document, the body it had). */
        ObjectNode body() {
            return body;
        }

        boolean deleted() {
            return deleted;
        }

        boolean uncertain() {
            return uncertain;
        }

        synchronized List<ObjectNode> formerKeys() {
            return List.copyOf(formerKeys);
        }
    }

    private final ConcurrentLinkedQueue<Document> documents = new ConcurrentLinkedQueue<>();
    final AtomicLong httpWrites = new AtomicLong();
    final AtomicLong kafkaWrites = new AtomicLong();
    final AtomicLong updates = new AtomicLong();
    final AtomicLong keyChanges = new AtomicLong();
    final AtomicLong deletes = new AtomicLong();
    final AtomicLong retries = new AtomicLong();

    /** A create acknowledged: over HTTP with its id, or over Kafka without. */
    Document created(InstanceId instance, ResourceSchema resource, String via, ObjectNode body, Optional<String> id) {
        Document document = new Document(instance, resource, via, body);
        document.id = id;
        documents.add(document);
        (via.equals("kafka") ? kafkaWrites : httpWrites).incrementAndGet();
        return document;
    }

    void updated(Document document, ObjectNode body) {
        document.body = body;
        updates.incrementAndGet();
    }

    /** A key change: the new body, and the old key to be gone. */
    void keyChanged(Document document, ObjectNode body) {
        synchronized (document) {
            document.formerKeys.add(document.body);
        }
        document.body = body;
        keyChanges.incrementAndGet();
    }

    void deleted(Document document) {
        document.deleted = true;
        deletes.incrementAndGet();
    }

    /** A write to it got no decisive answer: what it holds now is unknown. */
    void uncertain(Document document) {
        document.uncertain = true;
    }

    List<Document> documents() {
        return List.copyOf(documents);
    }

    List<Document> documents(InstanceId instance) {
        return documents.stream().filter(d -> d.instance.equals(instance)).toList();
    }

    long uncertainCount() {
        return documents.stream().filter(Document::uncertain).count();
    }
}
