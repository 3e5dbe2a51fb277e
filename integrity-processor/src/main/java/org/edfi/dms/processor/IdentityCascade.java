package org.edfi.dms.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.JsonPath;
import org.edfi.dms.schema.ReferenceDefinition;
import org.edfi.dms.schema.Refusal;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.extraction.DocumentExtractor;
import org.edfi.dms.schema.extraction.DocumentReference;
import org.edfi.dms.schema.extraction.ExtractedDocument;
import org.edfi.dms.schema.identity.DocumentIdentity;
import org.edfi.dms.schema.validation.DocumentValidator;

/**
 * Plans the rewrite of every document that references a document whose natural key changes (a
 * Session renamed), recursively: a referencing document whose own key contains the reference (its
 * CourseOfferings) changes key too, and so do their referrers (Sections, then section
 * associations). The plan is made in memory before anything is written, so a cascade that would
 * give a referencing document an identity another document holds, or break one of its rules, is
 * refused whole.
 */
final class IdentityCascade {

    /** A document's next state: its stored previous version, and its new body and extraction. */
    record Rewrite(StoredDocument previous, ResourceSchema resource, ObjectNode body, ExtractedDocument extracted) {}

    /** The outcome: every rewrite, the changed document first, or the problem that refuses them. */
    record Plan(List<Rewrite> rewrites, Problem refusal) {}

    private final ApiSchema schema;
    private final DocumentValidator validator;
    private final DocumentStore store;
    private final int maxRewrites;

    /** @param maxRewrites how many referencing documents the plan may rewrite; planning stops, refused, at the next one */
    IdentityCascade(ApiSchema schema, DocumentValidator validator, DocumentStore store, int maxRewrites) {
        this.schema = schema;
        this.validator = validator;
        this.store = store;
        this.maxRewrites = maxRewrites;
    }

    /** The cascade of {@code changed}, a document whose natural key changes. */
    Plan plan(Rewrite changed) {
        Map<UUID, Rewrite> planned = new LinkedHashMap<>();
        planned.put(changed.previous().documentId(), changed);
        // What each document's referrers point at so far: its stored version, until the plan moves them.
        Map<UUID, ExtractedDocument> pointedAt = new LinkedHashMap<>();
        Deque<Rewrite> queue = new ArrayDeque<>();
        queue.add(changed);
        while (!queue.isEmpty()) {
            Rewrite current = queue.poll();
            UUID currentId = current.previous().documentId();
            ExtractedDocument before = pointedAt.computeIfAbsent(currentId,
                    id -> DocumentExtractor.extract(current.resource(), current.previous().document()));
            pointedAt.put(currentId, current.extracted());
            for (KeyChange change : keyChanges(current.previous(), before, current.extracted())) {
                // The reverse-reference index is keyed by what is stored, the plan by what is pending.
                for (DocumentStore.Referrer referrer : store.referrers(change.storedKey(), currentId, Integer.MAX_VALUE)) {
                    Rewrite referencing = planned.get(referrer.documentId());
                    if (referencing == null) {
                        if (planned.size() > maxRewrites) { // the changed document and maxRewrites referrers are planned already
                            return refuse(Problem.cascadeTooLarge(maxRewrites));
                        }
                        referencing = load(referrer.documentId());
                    }
                    Optional<Rewrite> rewritten = rewriteReferences(referencing, change, current);
                    if (rewritten.isEmpty()) {
                        continue;
                    }
                    Rewrite next = rewritten.get();
                    Optional<Refusal> invalid = validator.validateInsert(next.resource(), next.body());
                    if (invalid.isPresent()) {
                        return refuse(Problem.dependentItemExists(List.of(next.resource().name().resourceName()),
                                List.of("Changing the identity would make referencing " + next.resource().name().resourceName()
                                        + " " + next.previous().documentId() + " invalid: " + invalid.get().validationErrors())));
                    }
                    Optional<UUID> holder = store.holderOf(next.extracted().identity().referentialId().value());
                    if (holder.isPresent() && !holder.get().equals(next.previous().documentId())) {
                        return refuse(Problem.identityConflict(List.of("Changing the identity would give referencing "
                                + next.resource().name().resourceName() + " " + next.previous().documentId()
                                + " the identity of an existing item.")));
                    }
                    planned.put(referrer.documentId(), next);
                    if (!next.extracted().identity().equals(referencing.extracted().identity())) {
                        queue.add(next);
                    }
                }
            }
        }
        return new Plan(List.copyOf(planned.values()), null);
    }

    private static Plan refuse(Problem problem) {
        return new Plan(List.of(), problem);
    }

    /**
     * One referential id a document held before this step and the identity that replaces it.
     *
     * @param storedKey the referential id in the store's reverse index (the stored version's)
     * @param before the referential id referrers carry now (the version before this step)
     */
    private record KeyChange(UUID storedKey, UUID before, DocumentIdentity after) {}

    /** The keys a document's referrers may point at (natural, superclass, shared) that go from {@code before} to {@code after}. */
    private static List<KeyChange> keyChanges(StoredDocument stored, ExtractedDocument before, ExtractedDocument after) {
        List<KeyChange> changes = new ArrayList<>();
        add(changes, stored.referentialId(), Optional.of(before.identity()), Optional.of(after.identity()));
        add(changes, stored.superclassReferentialId(), before.superclassIdentity(), after.superclassIdentity());
        add(changes, stored.referenceReferentialId(), before.referenceIdentity(), after.referenceIdentity());
        return changes;
    }

    private static void add(List<KeyChange> changes, UUID storedKey, Optional<DocumentIdentity> before, Optional<DocumentIdentity> after) {
        if (storedKey != null && before.isPresent() && after.isPresent() && !before.get().equals(after.get())) {
            changes.add(new KeyChange(storedKey, before.get().referentialId().value(), after.get()));
        }
    }

    private Rewrite load(UUID documentId) {
        StoredDocument stored = store.find(documentId)
                .orElseThrow(() -> new IllegalStateException("Reverse reference to missing document " + documentId));
        ResourceSchema resource = schema.findResource(stored.project(), stored.resource())
                .orElseThrow(() -> new IllegalStateException("Stored document of unknown resource " + stored.resource()));
        return new Rewrite(stored, resource, stored.document(), DocumentExtractor.extract(resource, stored.document()));
    }

    /** Points every reference of {@code referencing} that names the changed key at the new identity values. */
    private static Optional<Rewrite> rewriteReferences(Rewrite referencing, KeyChange change, Rewrite changed) {
        ObjectNode body = referencing.body().deepCopy();
        boolean touched = false;
        for (DocumentReference reference : referencing.extracted().documentReferences()) {
            if (!reference.target().referentialId().value().equals(change.before())) {
                continue;
            }
            ObjectNode object = (ObjectNode) body.at(JsonPath.toJsonPointer(reference.path()));
            for (ReferenceDefinition.Field field : reference.definition().fields()) {
                JsonNode value = sourcePath(field, changed).value(changed.body());
                object.set(field.propertyName(), Objects.requireNonNull(value, "new identity value").deepCopy());
            }
            touched = true;
        }
        if (!touched) {
            return Optional.empty();
        }
        return Optional.of(new Rewrite(referencing.previous(), referencing.resource(), body,
                DocumentExtractor.extract(referencing.resource(), body)));
    }

    /** Where the changed document holds a value a reference carries; a renamed superclass key is its first identity path. */
    private static JsonPath sourcePath(ReferenceDefinition.Field field, Rewrite changed) {
        return changed.resource().superclass()
                .flatMap(superclass -> superclass.identityRename().filter(rename -> rename.equals(field.targetIdentityPath())))
                .map(rename -> changed.resource().identityPaths().getFirst())
                .orElse(field.targetIdentityPath());
    }
}
