package org.edfi.dms.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.edfi.dms.schema.identity.IdentityElement;
import org.edfi.dms.schema.identity.ReferentialId;

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
        /** RelationshipsWithEdOrgsAndPeople: its education organizations, else its people through their enrollments. */
        ED_ORGS_AND_PEOPLE(true, false, Enrollments.ENROLLMENTS),
        /** RelationshipsWithEdOrgsOnly: its education organizations only. */
        ED_ORGS_ONLY(true, false, Enrollments.NONE),
        /**
         * RelationshipsWithEdOrgsOnlyInverted: its education organizations only, reached upwards: a
         * client given a School reaches its LocalEducationAgency's documents, not the other way.
         */
        ED_ORGS_ONLY_INVERTED(true, false, Enrollments.NONE),
        /** RelationshipsWithStudentsOnly: its students, through their enrollments (not their responsibility associations). */
        STUDENTS_ONLY(false, true, Enrollments.ENROLLMENTS),
        /** RelationshipsWithStudentsOnlyThroughResponsibility: its students, through their responsibility associations. */
        STUDENTS_THROUGH_RESPONSIBILITY(false, true, Enrollments.RESPONSIBILITY),
        /** RelationshipsWithPeopleOnly: its people (students, staff, contacts), through their enrollments. */
        PEOPLE_ONLY(false, false, Enrollments.ENROLLMENTS);

        private final boolean educationOrganizations;
        private final boolean studentsOnly;
        private final Enrollments enrollments;

        Reach(boolean educationOrganizations, boolean studentsOnly, Enrollments enrollments) {
            this.educationOrganizations = educationOrganizations;
            this.studentsOnly = studentsOnly;
            this.enrollments = enrollments;
        }

        /** Whether a client's education organizations reach those above them rather than those under them. */
        public boolean inverted() {
            return this == ED_ORGS_ONLY_INVERTED;
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

    /** Which of the {@link #ENROLLMENT_PATHWAYS} a strategy follows: the enrollments, or only the responsibility associations. */
    private enum Enrollments { NONE, ENROLLMENTS, RESPONSIBILITY }

    /**
     * The association that makes an education organization responsible for a student without
     * enrolling it: what RelationshipsWithStudentsOnlyThroughResponsibility means, as the Ed-Fi
     * ODS/API defines it (the one Data Standard name this class holds, since the strategy names it).
     */
    private static final String RESPONSIBILITY_ASSOCIATION = "StudentEducationOrganizationResponsibilityAssociation";
    /**
     * The associations through which the Ed-Fi ODS/API and DMS relate a person to the education
     * organizations that reach it (their authorization pathways): a student's enrollment in a
     * school, a staff member's assignments and employment, and the responsibility association the
     * ThroughResponsibility strategies follow. A contact is reached through its students. Any other
     * association of a person with an organization (a program's, a StudentEducationOrganizationAssociation)
     * reaches nobody, as there. With the responsibility association, the only Data Standard names
     * this class holds: the strategies are defined by them. A schema without them reaches no people
     * (relationship strategies fail closed).
     */
    private static final Set<String> ENROLLMENT_PATHWAYS = Set.of("StudentSchoolAssociation",
            "StaffEducationOrganizationAssignmentAssociation", "StaffEducationOrganizationEmploymentAssociation", RESPONSIBILITY_ASSOCIATION);
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
    /** Resources whose natural key is two people of different kinds and no education organization (StudentContactAssociation). */
    private final Set<QualifiedResourceName> links = new HashSet<>();
    /** The people the links tie together (Student, Contact). */
    private final Set<QualifiedResourceName> linkedPeople = new HashSet<>();
    /** The enrollment resources, by name, for hints in a stable order. */
    private final java.util.SortedMap<String, ResourceSchema> enrollmentsByName = new java.util.TreeMap<>();
    private final Map<QualifiedResourceName, JsonPath> ownIds = new HashMap<>();
    private final Map<QualifiedResourceName, JsonPath> personIds = new HashMap<>();
    private final Map<QualifiedResourceName, List<JsonPath>> organizationIdPaths = new ConcurrentHashMap<>();
    /** Natural keys nest a few references deep (a Grade's section's course offering's school); this bounds a cycle. */
    private static final int MAX_REFERENCE_DEPTH = 8;
    private QualifiedResourceName abstractEducationOrganization;
    private final ApiSchema schema;

    private RelationshipSecurity(ApiSchema schema) {
        this.schema = schema;
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
            if (person && educationOrganization && ENROLLMENT_PATHWAYS.contains(resource.name().resourceName())) {
                enrollments.add(resource.name());
                enrollmentsByName.put(resource.name().resourceName(), resource);
            }
            long peopleInKey = resource.references().stream().filter(r -> r.partOfIdentity() && people.contains(r.target()))
                    .map(ReferenceDefinition::target).distinct().count();
            if (peopleInKey == 2 && !educationOrganization) {
                links.add(resource.name());
                resource.references().stream().filter(r -> r.partOfIdentity() && people.contains(r.target()))
                        .forEach(r -> linkedPeople.add(r.target()));
            }
        }
    }

    public static RelationshipSecurity of(ApiSchema schema) {
        return new RelationshipSecurity(schema);
    }

    /**
     * The referential id any education organization is also known by: that of the abstract
     * resource with its id ({@code EducationOrganization $.educationOrganizationId=255901}); empty
     * when the schema has no education organizations.
     */
    public Optional<ReferentialId> educationOrganizationAlias(long id) {
        return Optional.ofNullable(abstractEducationOrganization).map(name -> ReferentialId.of(name,
                List.of(new IdentityElement(EDUCATION_ORGANIZATION_ID.toString(), Long.toString(id)))));
    }

    /** Whether documents of this resource (or the abstract EducationOrganization) are education organizations. */
    public boolean isEducationOrganization(QualifiedResourceName resource) {
        return educationOrganizations.contains(resource) || resource.equals(abstractEducationOrganization);
    }

    public boolean isPerson(QualifiedResourceName resource) {
        return people.contains(resource);
    }

    /**
     * Whether documents of this resource link two people (a StudentContactAssociation: its natural
     * key is a student and a contact, and no education organization), through which one person is
     * reached when the other is enrolled, as the ODS/API reaches contacts through their students.
     */
    public boolean isLink(QualifiedResourceName resource) {
        return links.contains(resource);
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
        Set<QualifiedResourceName> carried = carriedPeople(reach, resource);
        return enrollmentsByName.values().stream()
                .filter(enrollment -> reachesThrough(reach, enrollment.name()))
                .filter(enrollment -> personReferences(enrollment).stream().anyMatch(r -> carried.contains(r.target())))
                .map(enrollment -> enrollment.name().resourceName())
                .toList();
    }

    /**
     * The enrollments through which the people a document of this resource carries are reached (a
     * contact's, through the students its links tie it to), which the load order puts before it as
     * the ODS/API's dependencies do: a client under a relationship strategy can write a student's
     * data only once the student is enrolled. None for a person or an enrollment itself.
     */
    public List<QualifiedResourceName> enrollmentsReachingPeopleOf(ResourceSchema resource) {
        if (people.contains(resource.name()) || enrollments.contains(resource.name())) {
            return List.of();
        }
        Set<QualifiedResourceName> carried = new HashSet<>();
        personReferences(resource).forEach(r -> carried.add(r.target()));
        Set<QualifiedResourceName> enrolled = new HashSet<>();
        enrollmentsByName.values().forEach(e -> personReferences(e).forEach(r -> enrolled.add(r.target())));
        for (QualifiedResourceName link : links) {
            schema.findResource(link).ifPresent(found -> {
                List<QualifiedResourceName> linked = personReferences(found).stream().map(ReferenceDefinition::target).toList();
                if (linked.stream().anyMatch(kind -> carried.contains(kind) && !enrolled.contains(kind))) {
                    carried.addAll(linked);
                }
            });
        }
        return enrollmentsByName.values().stream()
                .filter(enrollment -> personReferences(enrollment).stream().anyMatch(r -> carried.contains(r.target())))
                .map(ResourceSchema::name)
                .toList();
    }

    /** Whether an enrollment of this resource reaches a person under {@code reach}. */
    public boolean reachesThrough(Reach reach, QualifiedResourceName enrollment) {
        boolean responsibility = enrollment.resourceName().equals(RESPONSIBILITY_ASSOCIATION);
        return enrollments.contains(enrollment) && switch (reach.enrollments) {
            case NONE -> false;
            case ENROLLMENTS -> !responsibility;
            case RESPONSIBILITY -> responsibility;
        };
    }

    public Family family(ResourceSchema resource) {
        if (!educationOrganizationIdPaths(resource).isEmpty()) {
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

    /** The resource's references to people. */
    public List<ReferenceDefinition> personReferences(ResourceSchema resource) {
        return resource.references().stream().filter(r -> people.contains(r.target())).toList();
    }

    /**
     * The paths of the education organization ids a document of this resource carries: its own id,
     * then each reference field that holds one: every field of a reference to an education
     * organization ({@code $.schoolReference.schoolId}), and a field of another reference whose
     * value is, down the referenced resources' natural keys, an education organization's id
     * ({@code $.sectionReference.schoolId}: a Section's course offering's school).
     */
    public List<JsonPath> educationOrganizationIdPaths(ResourceSchema resource) {
        return organizationIdPaths.computeIfAbsent(resource.name(), name -> {
            List<JsonPath> paths = new ArrayList<>();
            ownIdPath(resource).ifPresent(paths::add);
            for (ReferenceDefinition reference : resource.references()) {
                reference.fields().stream().filter(field -> holdsOrganizationId(reference.target(), field.targetIdentityPath(), 0))
                        .forEach(field -> paths.add(field.referencePath()));
            }
            return List.copyOf(paths);
        });
    }

    /** Where an education organization carries the ids of those it is under (a School's LEA): its id paths but its own. */
    public List<JsonPath> parentIdPaths(ResourceSchema organization) {
        Optional<JsonPath> own = ownIdPath(organization);
        return educationOrganizationIdPaths(organization).stream().filter(path -> own.map(o -> !o.equals(path)).orElse(true)).toList();
    }

    /** Whether the identity value at {@code path} of a {@code target} document is an education organization's id. */
    private boolean holdsOrganizationId(QualifiedResourceName target, JsonPath path, int depth) {
        if (isEducationOrganization(target)) {
            return true;
        }
        Optional<ResourceSchema> resource = schema.findResource(target);
        if (resource.isEmpty() || depth > MAX_REFERENCE_DEPTH) {
            return false;
        }
        for (ReferenceDefinition reference : resource.get().references()) {
            for (ReferenceDefinition.Field field : reference.fields()) {
                if (field.referencePath().equals(path)) {
                    return holdsOrganizationId(reference.target(), field.targetIdentityPath(), depth + 1);
                }
            }
        }
        return false;
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

    /**
     * Whether every document of this resource carries an education organization id: its own, or
     * one in its natural key (a StudentSchoolAssociation's school), so that no document of it is
     * ever reached through its people instead.
     */
    public boolean alwaysCarriesEducationOrganization(ResourceSchema resource) {
        return ownIds.containsKey(resource.name()) || resource.references().stream().filter(ReferenceDefinition::partOfIdentity)
                .anyMatch(reference -> reference.fields().stream().anyMatch(field -> holdsOrganizationId(reference.target(), field.targetIdentityPath(), 0)));
    }

    /** Whether documents of this resource carry people {@code reach} counts (its own unique id, or references). */
    public boolean carriesPeople(Reach reach, ResourceSchema resource) {
        return counts(reach, resource.name()) || personReferences(resource).stream().anyMatch(r -> counts(reach, r.target()));
    }

    /**
     * The kinds of the people a document of this resource carries that {@code reach} reaches only
     * through a link ({@link #isLink}): counted, linked to another person, and in no enrollment it
     * reaches through (a Contact, through its students). The people of the other kinds have
     * enrollments of their own, so a link adds nothing to reach them, and a read asks no link for
     * them.
     */
    public List<String> linkedKinds(Reach reach, ResourceSchema resource) {
        Set<QualifiedResourceName> enrolled = new HashSet<>();
        enrollmentsByName.values().stream().filter(enrollment -> reachesThrough(reach, enrollment.name()))
                .forEach(enrollment -> personReferences(enrollment).forEach(r -> enrolled.add(r.target())));
        return carriedPeople(reach, resource).stream().filter(linkedPeople::contains).filter(kind -> !enrolled.contains(kind))
                .map(QualifiedResourceName::resourceName).sorted().toList();
    }

    /** The people a document of this resource carries that {@code reach} counts: itself (a person), and those it references. */
    private Set<QualifiedResourceName> carriedPeople(Reach reach, ResourceSchema resource) {
        Set<QualifiedResourceName> carried = new HashSet<>();
        if (counts(reach, resource.name())) {
            carried.add(resource.name());
        }
        personReferences(resource).stream().map(ReferenceDefinition::target).filter(person -> counts(reach, person)).forEach(carried::add);
        return carried;
    }

    /** The names of the person resources {@code reach} counts ({@code Student}, ...), as {@link Subjects} name their kinds. */
    public List<String> personKinds(Reach reach) {
        return people.stream().filter(person -> counts(reach, person)).map(QualifiedResourceName::resourceName).sorted().toList();
    }

    /** The names of the enrollment resources through which {@code reach} reaches people. */
    public List<String> enrollmentsThrough(Reach reach) {
        return enrollmentsByName.values().stream().filter(e -> reachesThrough(reach, e.name())).map(e -> e.name().resourceName()).toList();
    }

    /**
     * What relationship-based authorization needs to know of one document, as the store keeps it
     * beside the document so that reads are filtered by index (docs/store.md).
     *
     * @param educationOrganizationIds the education organization ids it carries (its own, and its references')
     * @param people the people it carries, as {@link #personKey} keys (its own unique id, and its references')
     * @param enrollments when it is an enrollment: each person it relates to each education organization
     * @param parents when it is an education organization: its own id with each parent's
     * @param links when it links two people ({@link #isLink}): each to the other, both ways
     * @param relating whether its resource is an enrollment, a link or an education organization, whose
     *     documents relate people or organizations (a new version replaces its rows, even with none)
     */
    public record Subjects(List<Long> educationOrganizationIds, List<String> people, List<Enrollment> enrollments, List<Parent> parents,
            List<Link> links, boolean relating) {
        public static final Subjects NONE = new Subjects(List.of(), List.of(), List.of(), List.of(), List.of(), false);
    }

    /** A person a link document ties to another (a contact to a student, and the student to the contact). */
    public record Link(String personKind, String person, String linked) {}

    /** One person an enrollment document relates to one education organization. */
    public record Enrollment(String enrollment, String personKind, String person, long educationOrganizationId) {}

    /** An education organization under another (a School under its LocalEducationAgency). */
    public record Parent(long educationOrganizationId, long parentId) {}

    /** The key a person is kept under: its resource name and unique id ({@code Student:604822}), unique across kinds of people. */
    public static String personKey(String personKind, String uniqueId) {
        return personKind + ":" + uniqueId;
    }

    /** The {@link Subjects} of a document of a resource; none for a resource the schema does not hold. */
    public Subjects subjects(String project, String resourceEndpoint, JsonNode document) {
        Optional<ResourceSchema> found = schema.findResource(project, resourceEndpoint);
        if (found.isEmpty() || document == null) {
            return Subjects.NONE;
        }
        ResourceSchema resource = found.get();
        List<Long> organizations = numbers(educationOrganizationIdPaths(resource), document).stream().distinct().toList();
        List<PersonValue> carried = new ArrayList<>();
        Optional.ofNullable(personIds.get(resource.name())).ifPresent(own -> own.values(document)
                .forEach(value -> carried.add(new PersonValue(resource.name().resourceName(), value.asText()))));
        for (ReferenceDefinition reference : personReferences(resource)) {
            for (ReferenceDefinition.Field field : reference.fields()) {
                field.referencePath().values(document).forEach(value -> carried.add(new PersonValue(reference.target().resourceName(), value.asText())));
            }
        }
        List<String> keys = carried.stream().map(p -> personKey(p.kind(), p.id())).distinct().toList();
        List<Enrollment> enrolled = new ArrayList<>();
        if (enrollments.contains(resource.name())) {
            for (PersonValue person : carried.stream().distinct().toList()) {
                for (long organization : organizations) {
                    enrolled.add(new Enrollment(resource.name().resourceName(), person.kind(), personKey(person.kind(), person.id()), organization));
                }
            }
        }
        List<Parent> parents = new ArrayList<>();
        ownIdPath(resource).ifPresent(own -> {
            List<Long> ownIds = numbers(List.of(own), document);
            List<Long> parentIds = numbers(parentIdPaths(resource), document);
            for (long id : ownIds) {
                parentIds.stream().filter(parent -> parent != id).distinct().forEach(parent -> parents.add(new Parent(id, parent)));
            }
        });
        List<Link> linked = new ArrayList<>();
        if (links.contains(resource.name())) {
            for (PersonValue one : carried) {
                carried.stream().filter(other -> !other.kind().equals(one.kind()))
                        .forEach(other -> linked.add(new Link(one.kind(), personKey(one.kind(), one.id()), personKey(other.kind(), other.id()))));
            }
        }
        return new Subjects(organizations, keys, enrolled, parents, linked,
                enrollments.contains(resource.name()) || links.contains(resource.name()) || ownIds.containsKey(resource.name()));
    }

    private record PersonValue(String kind, String id) {}

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
