package org.edfi.dms.query;

import java.util.List;
import java.util.Map;
import org.edfi.dms.contracts.Problem;

/**
 * OwnershipBased for reads, as the ODS/API defines it: a client reads the documents stamped, when
 * they were created, with the ownership token its application's clients share
 * ({@code created_by_ownership_token}, written by the store-sink from the integrity processor's
 * stamp). A document stamped with none is read by nobody under this strategy.
 */
final class OwnershipFilter {

    private OwnershipFilter() {}

    /**
     * The conditions over the table alias {@code r}, in the order a GET by id reports them: a
     * document without a token is a fault of the data, told apart from one of another owner.
     */
    static List<ReadAuthorization.Requirement> requirements(String ownershipToken) {
        return List.of(
                new ReadAuthorization.Requirement(new RelationshipFilter.Predicate("r.created_by_ownership_token IS NOT NULL", Map.of()),
                        Problem.ownershipUninitialized()),
                new ReadAuthorization.Requirement(new RelationshipFilter.Predicate("r.created_by_ownership_token = :ownershipToken",
                        Map.of("ownershipToken", ownershipToken)), Problem.ownershipMismatch()));
    }
}
