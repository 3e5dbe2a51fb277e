package org.edfi.dms.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.edfi.dms.messages.Command;
import org.edfi.dms.messages.CommandResult;
import org.edfi.dms.problem.Problem;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.NamespaceSecurity;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.extraction.DocumentExtractor;
import org.edfi.dms.schema.extraction.ExtractedDocument;
import org.edfi.dms.schema.validation.DocumentValidator;

/**
 * The Ed-Fi write rules, applied to one command against one instance's store. Each operation is a
 * short list of steps; every check runs before the first write, so a refused command changes
 * nothing.
 */
final class CommandHandler {

    /** A command's result and the document changes to emit with it. */
    record Outcome(CommandResult result, List<DocumentChanges.Emitted> changes) {

        static Outcome failed(Command command, Problem problem) {
            return new Outcome(CommandResult.failure(command.commandId(), problem), List.of());
        }
    }

    /** How many referencing resource names a dependent-item refusal looks at. */
    private static final int REFERRERS_TO_NAME = 100;

    private final ApiSchema schema;
    private final DocumentValidator validator;
    private final Clock clock;
    private final RelationshipCheck relationships;

    CommandHandler(ApiSchema schema, DocumentValidator validator, Clock clock) {
        this.schema = schema;
        this.validator = validator;
        this.clock = clock;
        this.relationships = new RelationshipCheck(schema);
    }

    Outcome handle(Command command, DocumentStore store) {
        Optional<ResourceSchema> resource = schema.findResource(command.project(), command.resource());
        if (resource.isEmpty()) {
            return Outcome.failed(command, Problem.notFound("The specified data could not be found."));
        }
        DocumentChanges changes = new DocumentChanges(store, clock);
        return switch (command.type()) {
            case UPSERT -> upsert(command, resource.get(), store, changes);
            case UPDATE -> update(command, resource.get(), store, changes);
            case DELETE -> delete(command, resource.get(), store, changes);
        };
    }

    /** POST: validate, extract, then insert a new natural key (201) or update the document that has it (200). */
    private Outcome upsert(Command command, ResourceSchema resource, DocumentStore store, DocumentChanges changes) {
        ObjectNode body = command.document().deepCopy();
        Optional<Problem> invalid = validator.validateInsert(resource, body);
        if (invalid.isEmpty()) {
            invalid = outsideNamespaces(command, resource, body);
        }
        if (invalid.isPresent()) {
            return Outcome.failed(command, invalid.get());
        }
        ExtractedDocument extracted = DocumentExtractor.extract(resource, body);
        Optional<UUID> existingId = store.holderOf(extracted.identity().referentialId().value());
        Optional<Problem> unreached = outsideRelationships(command, resource, body, extracted, existingId.isEmpty(), store);
        if (unreached.isPresent()) {
            return Outcome.failed(command, unreached.get());
        }
        if (existingId.isPresent()) {
            StoredDocument existing = store.find(existingId.get()).orElseThrow();
            return replace(command, resource, existing, body, extracted, 200, store, changes);
        }
        Optional<Problem> conflict = superclassConflict(extracted, null, store);
        if (conflict.isEmpty()) {
            conflict = ReferenceResolver.unresolved(store, extracted);
        }
        if (conflict.isPresent()) {
            return Outcome.failed(command, conflict.get());
        }
        StoredDocument inserted = changes.write(null, UUID.randomUUID(), resource, body, extracted);
        return success(command, 201, inserted, changes);
    }

    /** PUT by id: the body's id matches, the document exists, its ETag matches, then replace it (204). */
    private Outcome update(Command command, ResourceSchema resource, DocumentStore store, DocumentChanges changes) {
        ObjectNode body = command.document().deepCopy();
        Optional<Problem> invalid = validator.validateUpdate(resource, command.documentId(), body);
        if (invalid.isEmpty()) {
            invalid = outsideNamespaces(command, resource, body);
        }
        if (invalid.isPresent()) {
            return Outcome.failed(command, invalid.get());
        }
        Optional<StoredDocument> existing = findOfResource(store, command.documentId(), resource);
        if (existing.isEmpty()) {
            return Outcome.failed(command, Problem.notFound("Resource to update was not found"));
        }
        if (command.ifMatch() != null && !command.ifMatch().equals(existing.get().etag())) {
            return Outcome.failed(command, Problem.optimisticLockFailed());
        }
        ExtractedDocument extracted = DocumentExtractor.extract(resource, body);
        Optional<Problem> unreached = outsideRelationships(command, resource, body, extracted, false, store);
        if (unreached.isPresent()) {
            return Outcome.failed(command, unreached.get());
        }
        return replace(command, resource, existing.get(), body, extracted, 204, store, changes);
    }

    /** Replaces a stored document; a changed natural key must be allowed, free, and cascades to referrers. */
    private Outcome replace(Command command, ResourceSchema resource, StoredDocument existing, ObjectNode body, ExtractedDocument extracted,
            int status, DocumentStore store, DocumentChanges changes) {
        Optional<Problem> notTheirs = outsideNamespaces(command, resource, existing.document());
        if (notTheirs.isEmpty()) {
            notTheirs = outsideRelationships(command, resource, existing, store);
        }
        if (notTheirs.isPresent()) {
            return Outcome.failed(command, notTheirs.get());
        }
        boolean identityChanged = !existing.referentialId().equals(extracted.identity().referentialId().value());
        if (identityChanged) {
            if (!resource.allowIdentityUpdates()) {
                return Outcome.failed(command, Problem.keyChangeNotSupported(resource.name().resourceName()));
            }
            Optional<UUID> holder = store.holderOf(extracted.identity().referentialId().value());
            if (holder.isPresent() && !holder.get().equals(existing.documentId())) {
                return Outcome.failed(command, Problem.identityConflict(List.of(
                        "A " + resource.name().resourceName() + " with the new identifying values already exists.")));
            }
        }
        Optional<Problem> conflict = superclassConflict(extracted, existing.documentId(), store);
        if (conflict.isEmpty()) {
            conflict = ReferenceResolver.unresolved(store, extracted);
        }
        if (conflict.isPresent()) {
            return Outcome.failed(command, conflict.get());
        }
        if (!identityChanged && existing.document().equals(body)) {
            // Nothing changes: the write is acknowledged as is, with no new version to emit.
            return new Outcome(CommandResult.success(command.commandId(), status, existing.documentId(), existing.etag(),
                    existing.lastModified(), null), List.of());
        }
        IdentityCascade.Rewrite rewrite = new IdentityCascade.Rewrite(existing, resource, body, extracted);
        List<IdentityCascade.Rewrite> rewrites = List.of(rewrite);
        if (identityChanged) {
            IdentityCascade.Plan plan = new IdentityCascade(schema, validator, store).plan(rewrite);
            if (plan.refusal() != null) {
                return Outcome.failed(command, plan.refusal());
            }
            rewrites = plan.rewrites();
        }
        StoredDocument updated = null;
        for (IdentityCascade.Rewrite each : rewrites) {
            StoredDocument written = changes.write(each.previous(), each.previous().documentId(), each.resource(), each.body(), each.extracted());
            updated = updated == null ? written : updated;
        }
        return success(command, status, updated, changes);
    }

    /** DELETE by id: the document exists, its ETag matches, and nothing references it. */
    private Outcome delete(Command command, ResourceSchema resource, DocumentStore store, DocumentChanges changes) {
        Optional<StoredDocument> existing = findOfResource(store, command.documentId(), resource);
        if (existing.isEmpty()) {
            return Outcome.failed(command, Problem.notFound("Resource to delete was not found"));
        }
        StoredDocument document = existing.get();
        Optional<Problem> notTheirs = outsideNamespaces(command, resource, document.document());
        if (notTheirs.isEmpty()) {
            notTheirs = outsideRelationships(command, resource, document, store);
        }
        if (notTheirs.isPresent()) {
            return Outcome.failed(command, notTheirs.get());
        }
        if (command.ifMatch() != null && !command.ifMatch().equals(document.etag())) {
            return Outcome.failed(command, Problem.optimisticLockFailed());
        }
        Set<String> referencing = new LinkedHashSet<>();
        for (UUID key : keysReferencersMayUse(document, store)) {
            store.referrers(key, document.documentId(), REFERRERS_TO_NAME).forEach(r -> referencing.add(r.resourceName()));
        }
        if (!referencing.isEmpty()) {
            return Outcome.failed(command, Problem.dependentItemExists(List.copyOf(referencing)));
        }
        long changeVersion = changes.delete(document);
        return new Outcome(CommandResult.success(command.commandId(), 204, document.documentId(), null, clock.instant(), changeVersion),
                changes.envelopes());
    }

    /**
     * A 403 when the command's client may write in some namespaces only and the document holds
     * another (the new body, or the stored document it would replace or delete).
     */
    private static Optional<Problem> outsideNamespaces(Command command, ResourceSchema resource, JsonNode document) {
        return command.namespacePrefixes() == null ? Optional.empty() : NamespaceSecurity.check(resource, document, command.namespacePrefixes());
    }

    /** A 403 when the command's client is given some education organizations and does not reach the document. */
    private Optional<Problem> outsideRelationships(Command command, ResourceSchema resource, ObjectNode document, ExtractedDocument extracted,
            boolean creating, DocumentStore store) {
        List<Long> granted = command.educationOrganizationIds();
        return granted == null || granted.isEmpty() ? Optional.empty()
                : relationships.check(resource, document, extracted, Set.copyOf(granted), creating, store);
    }

    /** As above, for a stored document the command would replace or delete. */
    private Optional<Problem> outsideRelationships(Command command, ResourceSchema resource, StoredDocument existing, DocumentStore store) {
        List<Long> granted = command.educationOrganizationIds();
        return granted == null || granted.isEmpty() ? Optional.empty()
                : outsideRelationships(command, resource, existing.document(), DocumentExtractor.extract(resource, existing.document()), false, store);
    }

    /** A document's natural and superclass keys, and its shared reference key when it is the last to hold it. */
    private static List<UUID> keysReferencersMayUse(StoredDocument document, DocumentStore store) {
        List<UUID> keys = new ArrayList<>();
        keys.add(document.referentialId());
        if (document.superclassReferentialId() != null) {
            keys.add(document.superclassReferentialId());
        }
        if (document.referenceReferentialId() != null && store.countMembers(document.referenceReferentialId(), 2) == 1) {
            keys.add(document.referenceReferentialId());
        }
        return keys;
    }

    /** A School and a LocalEducationAgency cannot share an EducationOrganization id. */
    private static Optional<Problem> superclassConflict(ExtractedDocument extracted, UUID self, DocumentStore store) {
        if (extracted.superclassIdentity().isEmpty()) {
            return Optional.empty();
        }
        Optional<UUID> holder = store.holderOf(extracted.superclassIdentity().get().referentialId().value());
        if (holder.isPresent() && !holder.get().equals(self)) {
            String superclass = extracted.superclassIdentity().get().resource().resourceName();
            return Optional.of(Problem.identityConflict(List.of(
                    "Another " + superclass + " subclass already has the identifying values " + extracted.superclassIdentity().get().elements() + ".")));
        }
        return Optional.empty();
    }

    private static Optional<StoredDocument> findOfResource(DocumentStore store, UUID documentId, ResourceSchema resource) {
        return store.find(documentId)
                .filter(d -> d.project().equals(resource.projectEndpoint()) && d.resource().equals(resource.endpointName()));
    }

    private static Outcome success(Command command, int status, StoredDocument document, DocumentChanges changes) {
        return new Outcome(CommandResult.success(command.commandId(), status, document.documentId(), document.etag(),
                document.lastModified(), document.changeVersion()), changes.envelopes());
    }
}
