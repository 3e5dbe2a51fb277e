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

    /**
     * Which relationships reach a document under one of the Ed-Fi relationship strategies: its
     * education organization ids, its people (which of them) through their enrollments (which).
     */
    public enum Reach {
        /** RelationshipsWithEdOrgsAndPeople: its education organizations, else its people through any enrollment. */
        ED_ORGS_AND_PEOPLE(true, false, Enrollments.ANY),
        /** RelationshipsWithEdOrgsOnly: its education organizations only. */
        ED_ORGS_ONLY(true, false, Enrollments.NONE),
        /** RelationshipsWithStudentsOnly: its students, through their enrollments (not their responsibility associations). */
        STUDENTS_ONLY(false, true, Enrollments.ALL_BUT_RESPONSIBILITY),
        /** RelationshipsWithStudentsOnlyThroughResponsibility: its students, through their responsibility associations. */
        STUDENTS_THROUGH_RESPONSIBILITY(false, true, Enrollments.RESPONSIBILITY),
        /** RelationshipsWithPeopleOnly: its people (students, staff, contacts), through any enrollment. */
        PEOPLE_ONLY(false, false, Enrollments.ANY);

        private final boolean educationOrganizations;
        private final boolean studentsOnly;
        private final Enrollments enrollments;

        Reach(boolean educationOrganizations, boolean studentsOnly, Enrollments enrollments) {
            this.educationOrganizations = educationOrganizations;
            this.studentsOnly = studentsOnly;
            this.enrollments = enrollments;
        }

        /** Whether the education organizations a document carries reach it. */
        public boolean throughEducationOrganizations() {
            return educationOrganizations;
        }

        /** Whether a document is reached through its people at all. */
        public boolean throughPeople() {
            return enrollments != Enrollments.NONE;
        }

        /** Whether a document carrying none of the people this reach counts is reached (not limited) rather than refused. */
        public boolean reachesDocumentsWithoutPeople() {
            return educationOrganizations;
        }
    }

    private enum Enrollments { ANY, NONE, ALL_BUT_RESPONSIBILITY, RESPONSIBILITY }

    /**
     * The association that makes an education organization responsible for a student without
     * enrolling it: what RelationshipsWithStudentsOnlyThroughResponsibility means, as the Ed-Fi
     * ODS/API defines it (the one Data Standard name this class holds, since the strategy names it).
     */
    private static final String RESPONSIBILITY_ASSOCIATION = "StudentEducationOrganizationResponsibilityAssociation";
    /** A student is the person identified by {@code $.studentUniqueId}: what the StudentsOnly strategies mean by it. */
    private static final JsonPath STUDENT_UNIQUE_ID = JsonPath.of("$.studentUniqueId");

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
    /** The enrollment resources, by name, for hints in a stable order. */
    private final java.util.SortedMap<String, ResourceSchema> enrollmentsByName = new java.util.TreeMap<>();
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
                enrollmentsByName.put(resource.name().resourceName(), resource);
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

    /** Whether {@code reach} counts the people of this resource (a person resource). */
    public boolean counts(Reach reach, QualifiedResourceName person) {
        return people.contains(person) && (!reach.studentsOnly || STUDENT_UNIQUE_ID.equals(personIds.get(person)));
    }

    /**
     * The names of the enrollments that would let {@code reach} reach a document of this resource
     * through the people it carries (StudentSchoolAssociation, ...), for a refusal's hint.
     */
    public List<String> enrollmentsReaching(Reach reach, ResourceSchema resource) {
        Set<QualifiedResourceName> carried = new HashSet<>();
        if (counts(reach, resource.name())) {
            carried.add(resource.name());
        }
        personReferences(resource).stream().map(ReferenceDefinition::target).filter(person -> counts(reach, person)).forEach(carried::add);
        return enrollmentsByName.values().stream()
                .filter(enrollment -> reachesThrough(reach, enrollment.name()))
                .filter(enrollment -> personReferences(enrollment).stream().anyMatch(r -> carried.contains(r.target())))
                .map(enrollment -> enrollment.name().resourceName())
                .toList();
    }

    /** Whether an enrollment of this resource reaches a person under {@code reach}. */
    public boolean reachesThrough(Reach reach, QualifiedResourceName enrollment) {
        boolean responsibility = enrollment.resourceName().equals(RESPONSIBILITY_ASSOCIATION);
        return enrollments.contains(enrollment) && switch (reach.enrollments) {
            case ANY -> true;
            case NONE -> false;
            case ALL_BUT_RESPONSIBILITY -> !responsibility;
            case RESPONSIBILITY -> responsibility;
        };
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
