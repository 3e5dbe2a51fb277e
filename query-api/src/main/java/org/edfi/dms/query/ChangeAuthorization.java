package org.edfi.dms.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.edfi.dms.contracts.Action;
import org.edfi.dms.contracts.AuthorizationStrategy;
import org.edfi.dms.contracts.Caller;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.RelationshipSecurity;
import org.edfi.dms.schema.ResourceSchema;

/**
 * The strategies of the claim set's {@code ReadChanges} action (the ODS/API's action of
 * {@code /deletes} and {@code /keyChanges}) as requirements over a tracked change (alias {@code r}),
 * which keeps the document as it was ({@code edfi_doc}) and its creator's token, so NamespaceBased
 * and OwnershipBased apply to it as {@link ReadAuthorization} applies them to live documents. A
 * delete recorded before the store kept documents has no namespaces to show, so NamespaceBased does
 * not reach it. The relationship strategies are refused as not implemented until tracked changes
 * carry what they need; on a resource no relationship secures, they reach everything, as for reads.
 */
final class ChangeAuthorization {

    private final RelationshipSecurity relationships;

    ChangeAuthorization(ApiSchema schema) {
        this.relationships = RelationshipSecurity.of(schema);
    }

    /** What {@code caller} (null: the pipeline called directly, not limited) reaches of the changes of {@code resource}. */
    ReadAuthorization.Restriction restriction(ResourceSchema resource, Caller caller) {
        if (caller == null) {
            return ReadAuthorization.Restriction.NONE;
        }
        List<ReadAuthorization.Requirement> all = new ArrayList<>();
        for (AuthorizationStrategy strategy : caller.grants().strategies(Action.READ_CHANGES).orElse(List.of())) {
            switch (strategy) {
                case NO_FURTHER_AUTHORIZATION_REQUIRED -> { }
                case NAMESPACE_BASED -> ReadAuthorization.namespaces(resource, caller.namespacePrefixes()).ifPresent(namespaces -> {
                    all.add(new ReadAuthorization.Requirement(new RelationshipFilter.Predicate("r.edfi_doc IS NOT NULL", Map.of()),
                            namespaces.denial()));
                    all.add(namespaces);
                });
                case OWNERSHIP_BASED -> {
                    if (caller.ownershipToken() == null) {
                        return ReadAuthorization.Restriction.refused(Problem.noOwnershipToken());
                    }
                    all.addAll(OwnershipFilter.requirements(caller.ownershipToken()));
                }
                default -> {
                    if (strategy.reach().isEmpty() || relationships.family(resource) != RelationshipSecurity.Family.NONE) {
                        return ReadAuthorization.Restriction.refused(Problem.notImplemented("The authorization strategy '" + strategy.edFiName()
                                + "' is not supported yet for change queries (deletes and key changes) of " + resource.name().resourceName() + "."));
                    }
                }
            }
        }
        return all.isEmpty() ? ReadAuthorization.Restriction.NONE : new ReadAuthorization.Restriction(all, null);
    }
}
