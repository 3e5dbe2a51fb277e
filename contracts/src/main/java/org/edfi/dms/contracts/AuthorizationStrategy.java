package org.edfi.dms.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

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

    /** Whether it limits by education organizations and people, each of these ORed with the others. */
    public boolean isRelationshipBased() {
        return name().startsWith("RELATIONSHIPS_");
    }

    public static Optional<AuthorizationStrategy> byEdFiName(String name) {
        return Arrays.stream(values()).filter(s -> s.edFiName.equals(name)).findFirst();
    }

    @JsonCreator
    static AuthorizationStrategy fromJson(String name) {
        return byEdFiName(name).orElseThrow(() -> new IllegalArgumentException("unknown authorization strategy " + name));
    }
}
