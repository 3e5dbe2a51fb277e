package org.edfi.dms.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Relationship-based authorization, derived from the ApiSchema alone (no Data Standard names in
 * code): which resources are education organizations, which are people, which associate a person
 * with an education organization, and where a document carries the ids that decide whether a
 * client given some education organizations reaches it.
 * <ul>
 *   <li>An <b>education organization</b> is a subclass of the abstract resource identified by
 *       {@code $.educationOrganizationId} (School, LocalEducationAgency, ...); its own id is the
 *       subclass's natural key ({@code $.schoolId}), and its references to other education
 *       organizations are its parents (a School's {@code localEducationAgencyReference}).
 *   <li>A <b>person</b> is a resource identified by one {@code ...UniqueId} (Student, Staff, Contact).
 *   <li>An <b>enrollment</b> is a resource whose natural key references a person and an education
 *       organization (StudentSchoolAssociation, StudentEducationOrganizationAssociation).
 * </ul>
 * A document of a resource that carries education organization ids (its own, or references) is
 * reached through them; one that carries only people is reached through their enrollments; any
 * other is not limited.
 */
public final class RelationshipSecurity {

    private static final JsonPath EDUCATION_ORGANIZATION_ID = JsonPath.of("$.educationOrganizationId");

    /** How a resource's documents are reached. */
    public enum Family {
        /** Through the education organization ids it carries. */
        EDUCATION_ORGANIZATION,
        /** Through the enrollments of the people it carries. */
        PERSON,
        /** Not limited by relationships. */
        NONE
    }

    private final Set<QualifiedResourceName> educationOrganizations = new HashSet<>();
    private final Set<QualifiedResourceName> people = new HashSet<>();
    private final Set<QualifiedResourceName> enrollments = new HashSet<>();
    private final Map<QualifiedResourceName, JsonPath> ownIds = new HashMap<>();
    private final Map<QualifiedResourceName, JsonPath> personIds = new HashMap<>();
    private QualifiedResourceName abstractEducationOrganization;

    private RelationshipSecurity(ApiSchema schema) {
        for (ResourceSchema resource : schema.resources()) {
            resource.superclass().ifPresent(superclass -> schema.findAbstract(superclass.name())
                    .filter(parent -> parent.identityPaths().equals(List.of(EDUCATION_ORGANIZATION_ID)))
                    .ifPresent(parent -> {
                        abstractEducationOrganization = parent.name();
                        educationOrganizations.add(resource.name());
                        // Its own natural key is its id ($.schoolId); the superclass identity renames it to educationOrganizationId.
                        ownIds.put(resource.name(), resource.identityPaths().getFirst());
                    }));
            if (resource.superclass().isEmpty() && resource.identityPaths().size() == 1
                    && resource.identityPaths().getFirst().depth() == 1 && resource.identityPaths().getFirst().lastPropertyName().endsWith("UniqueId")) {
                people.add(resource.name());
                personIds.put(resource.name(), resource.identityPaths().getFirst());
            }
        }
        for (ResourceSchema resource : schema.resources()) {
            boolean person = resource.references().stream().anyMatch(r -> r.partOfIdentity() && people.contains(r.target()));
            boolean educationOrganization = resource.references().stream().anyMatch(r -> r.partOfIdentity() && isEducationOrganization(r.target()));
            if (person && educationOrganization) {
                enrollments.add(resource.name());
            }
        }
    }

    public static RelationshipSecurity of(ApiSchema schema) {
        return new RelationshipSecurity(schema);
    }

    /** Whether documents of this resource (or the abstract EducationOrganization) are education organizations. */
    public boolean isEducationOrganization(QualifiedResourceName resource) {
        return educationOrganizations.contains(resource) || resource.equals(abstractEducationOrganization);
    }

    public boolean isPerson(QualifiedResourceName resource) {
        return people.contains(resource);
    }

    public boolean isEnrollment(QualifiedResourceName resource) {
        return enrollments.contains(resource);
    }

    public Family family(ResourceSchema resource) {
        if (ownIds.containsKey(resource.name()) || !educationOrganizationReferences(resource).isEmpty()) {
            return Family.EDUCATION_ORGANIZATION;
        }
        if (people.contains(resource.name()) || !personReferences(resource).isEmpty()) {
            return Family.PERSON;
        }
        return Family.NONE;
    }

    /** Where an education organization keeps its own id ({@code $.schoolId}); empty for another resource. */
    public Optional<JsonPath> ownIdPath(ResourceSchema resource) {
        return Optional.ofNullable(ownIds.get(resource.name()));
    }

    /** The resource's references to education organizations (a subclass, or the abstract one). */
    public List<ReferenceDefinition> educationOrganizationReferences(ResourceSchema resource) {
        return resource.references().stream().filter(r -> isEducationOrganization(r.target())).toList();
    }

    /** The resource's references to people. */
    public List<ReferenceDefinition> personReferences(ResourceSchema resource) {
        return resource.references().stream().filter(r -> people.contains(r.target())).toList();
    }

    /**
     * The paths of the education organization ids a document of this resource carries: its own id,
     * then the id of each reference to an education organization ({@code $.schoolReference.schoolId}).
     */
    public List<JsonPath> educationOrganizationIdPaths(ResourceSchema resource) {
        List<JsonPath> paths = new ArrayList<>();
        ownIdPath(resource).ifPresent(paths::add);
        for (ReferenceDefinition reference : educationOrganizationReferences(resource)) {
            reference.fields().forEach(field -> paths.add(field.referencePath()));
        }
        return paths;
    }

    /** The paths of the person ids a document carries: a person's own unique id, or the referenced people's. */
    public List<JsonPath> personIdPaths(ResourceSchema resource) {
        List<JsonPath> paths = new ArrayList<>();
        Optional.ofNullable(personIds.get(resource.name())).ifPresent(paths::add);
        for (ReferenceDefinition reference : personReferences(resource)) {
            reference.fields().forEach(field -> paths.add(field.referencePath()));
        }
        return paths;
    }

    /** Every education organization id at these paths of a document. */
    public static List<Long> numbers(List<JsonPath> paths, JsonNode document) {
        List<Long> ids = new ArrayList<>();
        for (JsonPath path : paths) {
            for (JsonNode value : path.values(document)) {
                if (value.canConvertToLong()) {
                    ids.add(value.asLong());
                }
            }
        }
        return ids;
    }
}
