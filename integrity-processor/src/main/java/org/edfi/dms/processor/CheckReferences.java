package org.edfi.dms.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.schema.JsonPath;
import org.edfi.dms.schema.extraction.DescriptorReference;
import org.edfi.dms.schema.extraction.DocumentReference;
import org.edfi.dms.schema.extraction.ExtractedDocument;

/**
 * Check references: everything the document references exists at this moment: documents through
 * their natural key, abstract targets through a subclass's superclass key, resources with an
 * identity gap through their shared reference identity, and descriptors through their URI (without
 * case). Failures are reported as the DMS reports them: missing documents alone as a 409
 * unresolved reference; any missing descriptor as a 400 bad request listing the missing documents
 * too; each with the failing paths. A descriptor that resolves is written in its stored form
 * ({@code uri://ed-fi.org/GradeLevelDescriptor#Ninth grade}) whatever case the client sent, so
 * readers get the URI the descriptor has.
 */
final class CheckReferences {

    private CheckReferences() {}

    static Optional<Problem> apply(Attempt attempt) {
        DocumentStore store = attempt.store();
        ExtractedDocument document = attempt.extracted();
        Map<String, List<String>> descriptorErrors = new LinkedHashMap<>();
        for (DescriptorReference descriptor : document.descriptorReferences()) {
            Optional<UUID> holder = store.holderOf(descriptor.target().referentialId().value());
            if (holder.isEmpty()) {
                descriptorErrors.computeIfAbsent(descriptor.path(), p -> new ArrayList<>())
                        .add(descriptor.target().resource().resourceName() + " value '" + descriptor.uri() + "' does not exist.");
            } else {
                writeStoredForm(attempt.body(), descriptor, store, holder.get());
            }
        }
        Map<String, List<String>> referenceErrors = new LinkedHashMap<>();
        for (DocumentReference reference : document.documentReferences()) {
            if (!store.exists(reference.target().referentialId().value())) {
                referenceErrors.computeIfAbsent(reference.path(), p -> new ArrayList<>())
                        .add("The referenced " + reference.target().resource().resourceName() + " item does not exist.");
            }
        }
        if (!descriptorErrors.isEmpty()) {
            Map<String, List<String>> all = new LinkedHashMap<>(referenceErrors);
            all.putAll(descriptorErrors);
            return Optional.of(Problem.unresolvedDescriptor(all));
        }
        if (!referenceErrors.isEmpty()) {
            return Optional.of(Problem.unresolvedReference(referenceErrors));
        }
        return Optional.empty();
    }

    /** Puts the descriptor's own URI where the body names it in another case. */
    private static void writeStoredForm(ObjectNode body, DescriptorReference descriptor, DocumentStore store, UUID descriptorId) {
        Optional<StoredDocument> stored = store.find(descriptorId);
        if (stored.isEmpty()) {
            return;
        }
        JsonNode namespace = stored.get().document().get("namespace");
        JsonNode codeValue = stored.get().document().get("codeValue");
        if (namespace == null || codeValue == null) {
            return;
        }
        String canonical = namespace.asText() + "#" + codeValue.asText();
        if (canonical.equals(descriptor.uri())) {
            return;
        }
        String pointer = JsonPath.toJsonPointer(descriptor.path());
        int last = pointer.lastIndexOf('/');
        if (body.at(pointer.substring(0, last)) instanceof ObjectNode parent && parent.has(pointer.substring(last + 1))) {
            parent.put(pointer.substring(last + 1), canonical);
        }
    }
}
