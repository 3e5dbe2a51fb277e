package org.edfi.dms.processor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.schema.extraction.DescriptorReference;
import org.edfi.dms.schema.extraction.DocumentReference;
import org.edfi.dms.schema.extraction.ExtractedDocument;

/**
 * Check references: everything the document references exists at this moment: documents through
 * their natural key, abstract targets through a subclass's superclass key, resources with an
 * identity gap through their shared reference identity, and descriptors through their URI (without
 * case). Descriptor failures are reported as the DMS does, as a 400 data validation failure;
 * missing documents as a 409 unresolved reference, each with the failing paths.
 */
final class CheckReferences {

    private CheckReferences() {}

    static Optional<Problem> apply(Attempt attempt) {
        return unresolved(attempt.store(), attempt.extracted());
    }

    private static Optional<Problem> unresolved(DocumentStore store, ExtractedDocument document) {
        Map<String, List<String>> descriptorErrors = new LinkedHashMap<>();
        for (DescriptorReference descriptor : document.descriptorReferences()) {
            if (!store.exists(descriptor.target().referentialId().value())) {
                descriptorErrors.computeIfAbsent(descriptor.path(), p -> new ArrayList<>())
                        .add(descriptor.target().resource().resourceName() + " value '" + descriptor.uri() + "' does not exist.");
            }
        }
        if (!descriptorErrors.isEmpty()) {
            return Optional.of(Problem.dataValidation(descriptorErrors));
        }
        Map<String, List<String>> referenceErrors = new LinkedHashMap<>();
        Set<String> missingResources = new LinkedHashSet<>();
        for (DocumentReference reference : document.documentReferences()) {
            if (!store.exists(reference.target().referentialId().value())) {
                String resourceName = reference.target().resource().resourceName();
                missingResources.add(resourceName);
                referenceErrors.computeIfAbsent(reference.path(), p -> new ArrayList<>())
                        .add("The referenced " + resourceName + " item does not exist.");
            }
        }
        if (!referenceErrors.isEmpty()) {
            return Optional.of(Problem.unresolvedReference(List.copyOf(missingResources), referenceErrors));
        }
        return Optional.empty();
    }
}
