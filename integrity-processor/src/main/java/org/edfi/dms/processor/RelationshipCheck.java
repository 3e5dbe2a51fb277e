package org.edfi.dms.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.JsonPath;
import org.edfi.dms.schema.RelationshipSecurity;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.extraction.DocumentExtractor;
import org.edfi.dms.schema.extraction.ExtractedDocument;

/**
 * Relationship-based authorization of writes (docs/security.md): a client given some education
 * organizations writes a document only when it reaches it, found in the processor's own state: an
 * education organization is reached when it or one of its ancestors (its references to other
 * education organizations, a School's LocalEducationAgency) is given; a document carrying education
 * organization ids is reached through any of them; one carrying only people through any of their
 * enrollments (a StudentSchoolAssociation of a reached school). A new person may be created
 * unreached: it is reached once enrolled.
 */
final class RelationshipCheck {

    /** Ancestors are few (School, LEA, state agency); this bounds a cycle in bad data. */
    private static final int MAX_DEPTH = 8;
    private static final int MAX_ENROLLMENTS = 10_000;

    private final ApiSchema schema;
    private final RelationshipSecurity relationships;

    RelationshipCheck(ApiSchema schema) {
        this.schema = schema;
        this.relationships = RelationshipSecurity.of(schema);
    }

    /**
     * A 403 when a client given {@code granted} does not reach the document; empty when it does,
     * or the resource is not limited by relationships.
     *
     * @param creating whether the document is new (a new person is allowed before its enrollment)
     */
    Optional<Problem> check(ResourceSchema resource, ObjectNode document, ExtractedDocument extracted, Set<Long> granted, boolean creating,
            RelationshipSecurity.Reach reach, DocumentStore store) {
        if (relationships.family(resource) == RelationshipSecurity.Family.NONE) {
            return Optional.empty();
        }
        List<Long> organizations = RelationshipSecurity.numbers(relationships.educationOrganizationIdPaths(resource), document);
        if (reach.throughEducationOrganizations() && !organizations.isEmpty()) {
            boolean reached = reach.inverted()
                    ? organizations.stream().anyMatch(aboveOrGranted(granted, store)::contains)
                    : reachesAny(organizations, granted, store);
            return reached ? Optional.empty()
                    : Optional.of(denied(granted, relationships.educationOrganizationIdPaths(resource), document, null));
        }
        boolean reached;
        if (!reach.throughPeople()) {
            reached = false;
        } else if (relationships.counts(reach, resource.name())) {
            reached = creating || reachesPerson(extracted.identity().referentialId().value(), granted, reach, store);
        } else {
            // No education organization decides (none carried, or the strategy looks at people only): its people do.
            List<UUID> people = referencedPeople(extracted, reach);
            reached = people.isEmpty() ? reach.reachesDocumentsWithoutPeople()
                    : people.stream().anyMatch(person -> reachesPerson(person, granted, reach, store));
        }
        List<String> enrollments = relationships.enrollmentsReaching(reach, resource);
        return reached ? Optional.empty() : Optional.of(denied(granted, relationships.personIdPaths(resource), document, enrollments.isEmpty() ? null
                : "You may need to create a corresponding '" + String.join("' or '", enrollments) + "' item."));
    }

    /** The 403, naming the properties of the document the relationship was looked for through. */
    private static Problem denied(Set<Long> granted, List<JsonPath> paths, JsonNode document, String hint) {
        List<String> properties = paths.stream().filter(path -> !path.values(document).isEmpty())
                .map(path -> Character.toUpperCase(path.lastPropertyName().charAt(0)) + path.lastPropertyName().substring(1))
                .distinct().toList();
        return Problem.relationshipDenied(List.copyOf(granted), properties, hint);
    }

    /** One of these education organizations, or one above it, is given. */
    private boolean reachesAny(List<Long> organizations, Set<Long> granted, DocumentStore store) {
        return organizations.stream().anyMatch(id -> reachesOrganization(id, granted, store, 0));
    }

    /** The education organization of this id, found by its EducationOrganization alias, or one above it, is given. */
    private boolean reachesOrganization(long id, Set<Long> granted, DocumentStore store, int depth) {
        if (granted.contains(id)) {
            return true;
        }
        if (depth >= MAX_DEPTH) {
            return false;
        }
        return parentsOf(id, store).stream().anyMatch(parent -> reachesOrganization(parent, granted, store, depth + 1));
    }

    /** The ids of the organizations the education organization of this id is under, found by its EducationOrganization alias; none when unknown. */
    private List<Long> parentsOf(long id, DocumentStore store) {
        Optional<StoredDocument> organization = relationships.educationOrganizationAlias(id)
                .flatMap(alias -> store.holderOf(alias.value())).flatMap(store::find);
        Optional<ResourceSchema> resource = organization.flatMap(o -> schema.findResource(o.project(), o.resource()));
        return resource.isEmpty() ? List.of() : RelationshipSecurity.numbers(relationships.parentIdPaths(resource.get()), organization.get().document());
    }

    /**
     * The granted education organizations and those above them (their LEA, its state agency), which
     * the inverted strategy reaches: each found by its EducationOrganization alias, then its parents.
     */
    private Set<Long> aboveOrGranted(Set<Long> granted, DocumentStore store) {
        Set<Long> reached = new HashSet<>(granted);
        List<Long> level = List.copyOf(granted);
        for (int depth = 0; depth < MAX_DEPTH && !level.isEmpty(); depth++) {
            List<Long> next = new ArrayList<>();
            for (long id : level) {
                parentsOf(id, store).stream().filter(reached::add).forEach(next::add);
            }
            level = next;
        }
        return reached;
    }

    /**
     * The person of this referential id has an enrollment (of those {@code reach} counts) whose
     * education organization is reached, or is linked (a contact by a StudentContactAssociation) to
     * a person who has.
     */
    private boolean reachesPerson(UUID personReferentialId, Set<Long> granted, RelationshipSecurity.Reach reach, DocumentStore store) {
        return reachesPerson(personReferentialId, granted, reach, store, true);
    }

    private boolean reachesPerson(UUID personReferentialId, Set<Long> granted, RelationshipSecurity.Reach reach, DocumentStore store,
            boolean followLinks) {
        Set<UUID> seen = new HashSet<>();
        for (DocumentStore.Referrer referrer : store.referrers(personReferentialId, null, MAX_ENROLLMENTS)) {
            if (!seen.add(referrer.documentId())) {
                continue;
            }
            Optional<StoredDocument> referring = store.find(referrer.documentId());
            Optional<ResourceSchema> resource = referring.flatMap(e -> schema.findResource(e.project(), e.resource()));
            if (resource.isEmpty()) {
                continue;
            }
            if (relationships.reachesThrough(reach, resource.get().name())
                    && reachesAny(RelationshipSecurity.numbers(relationships.educationOrganizationIdPaths(resource.get()), referring.get().document()),
                            granted, store)) {
                return true;
            }
            if (followLinks && relationships.isLink(resource.get().name())
                    && DocumentExtractor.extract(resource.get(), referring.get().document()).documentReferences().stream()
                            .filter(reference -> relationships.isPerson(reference.definition().target()))
                            .map(reference -> reference.target().referentialId().value())
                            .filter(other -> !other.equals(personReferentialId))
                            .anyMatch(other -> reachesPerson(other, granted, reach, store, false))) {
                return true;
            }
        }
        return false;
    }

    private List<UUID> referencedPeople(ExtractedDocument extracted, RelationshipSecurity.Reach reach) {
        return extracted.documentReferences().stream()
                .filter(reference -> relationships.counts(reach, reference.definition().target()))
                .map(reference -> reference.target().referentialId().value())
                .toList();
    }
}
