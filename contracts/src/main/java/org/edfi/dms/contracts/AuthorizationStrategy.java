package org.edfi.dms.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;
import org.edfi.dms.schema.RelationshipSecurity;

/**
 * The Ed-Fi authorization strategies: what, beyond the claim set's grant of an action, decides
 * whether a client reaches a document (docs/security.md says what each one means and where it is
 * enforced).
 */
public enum AuthorizationStrategy {
    NO_FURTHER_AUTHORIZATION_REQUIRED("NoFurtherAuthorizationRequired"),
    NAMESPACE_BASED("NamespaceBased"),
    OWNERSHIP_BASED("OwnershipBased"),
    RELATIONSHIPS_WITH_ED_ORGS_ONLY("RelationshipsWithEdOrgsOnly"),
    RELATIONSHIPS_WITH_ED_ORGS_ONLY_INVERTED("RelationshipsWithEdOrgsOnlyInverted"),
    RELATIONSHIPS_WITH_ED_ORGS_AND_PEOPLE("RelationshipsWithEdOrgsAndPeople"),
    RELATIONSHIPS_WITH_ED_ORGS_AND_PEOPLE_INCLUDING_DELETES("RelationshipsWithEdOrgsAndPeopleIncludingDeletes"),
    RELATIONSHIPS_WITH_STUDENTS_ONLY("RelationshipsWithStudentsOnly"),
    RELATIONSHIPS_WITH_STUDENTS_ONLY_INCLUDING_DELETES("RelationshipsWithStudentsOnlyIncludingDeletes"),
    RELATIONSHIPS_WITH_STUDENTS_ONLY_THROUGH_RESPONSIBILITY("RelationshipsWithStudentsOnlyThroughResponsibility"),
    RELATIONSHIPS_WITH_PEOPLE_ONLY("RelationshipsWithPeopleOnly");

    private final String edFiName;

    AuthorizationStrategy(String edFiName) {
        this.edFiName = edFiName;
    }

    /** The name in Ed-Fi security metadata, {@code RelationshipsWithEdOrgsAndPeople}. */
    @JsonValue
    public String edFiName() {
        return edFiName;
    }

    /**
     * What a relationship-based strategy reaches documents through (ORed with the other
     * relationship strategies of the action); empty for the others. The IncludingDeletes variants reach
     * what their base strategy reaches; they differ only for change queries.
     */
    public Optional<RelationshipSecurity.Reach> reach() {
        return Optional.ofNullable(switch (this) {
            case RELATIONSHIPS_WITH_ED_ORGS_AND_PEOPLE, RELATIONSHIPS_WITH_ED_ORGS_AND_PEOPLE_INCLUDING_DELETES -> RelationshipSecurity.Reach.ED_ORGS_AND_PEOPLE;
            case RELATIONSHIPS_WITH_ED_ORGS_ONLY -> RelationshipSecurity.Reach.ED_ORGS_ONLY;
            case RELATIONSHIPS_WITH_ED_ORGS_ONLY_INVERTED -> RelationshipSecurity.Reach.ED_ORGS_ONLY_INVERTED;
            case RELATIONSHIPS_WITH_STUDENTS_ONLY, RELATIONSHIPS_WITH_STUDENTS_ONLY_INCLUDING_DELETES -> RelationshipSecurity.Reach.STUDENTS_ONLY;
            case RELATIONSHIPS_WITH_STUDENTS_ONLY_THROUGH_RESPONSIBILITY -> RelationshipSecurity.Reach.STUDENTS_THROUGH_RESPONSIBILITY;
            case RELATIONSHIPS_WITH_PEOPLE_ONLY -> RelationshipSecurity.Reach.PEOPLE_ONLY;
            default -> null;
        });
    }

    /**
     * Whether the strategy also reaches people through the enrollments that were deleted (the
     * ...IncludingDeletes variants, which the Ed-Fi claims give to ReadChanges): a student's delete
     * is told to the organizations it was enrolled in, after its enrollment was deleted first.
     */
    public boolean includingDeletes() {
        return this == RELATIONSHIPS_WITH_ED_ORGS_AND_PEOPLE_INCLUDING_DELETES || this == RELATIONSHIPS_WITH_STUDENTS_ONLY_INCLUDING_DELETES;
    }

    public static Optional<AuthorizationStrategy> byEdFiName(String name) {
        return Arrays.stream(values()).filter(s -> s.edFiName.equals(name)).findFirst();
    }

    @JsonCreator
    static AuthorizationStrategy fromJson(String name) {
        return byEdFiName(name).orElseThrow(() -> new IllegalArgumentException("unknown authorization strategy " + name));
    }
}
