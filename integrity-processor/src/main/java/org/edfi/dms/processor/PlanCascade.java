package org.edfi.dms.processor;

import java.util.List;
import java.util.Optional;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.validation.DocumentValidator;

/**
 * Plan cascade: the documents a replacement rewrites. The replaced document alone, unless its
 * natural key changes: then every document referencing it too, recursively ({@link IdentityCascade}),
 * planned whole in memory and refused whole if one rewrite would collide or break a rule, or if it
 * would rewrite more than {@code maxCascade} documents (one command's transaction stays bounded).
 */
final class PlanCascade {

    private final ApiSchema schema;
    private final DocumentValidator validator;
    private final int maxCascade;

    PlanCascade(ApiSchema schema, DocumentValidator validator) {
        this(schema, validator, CommandLimits.DEFAULT_MAX_CASCADE_DOCUMENTS);
    }

    PlanCascade(ApiSchema schema, DocumentValidator validator, int maxCascade) {
        this.schema = schema;
        this.validator = validator;
        this.maxCascade = maxCascade;
    }

    Optional<Problem> apply(Attempt attempt) {
        if (attempt.existing() == null) {
            return Optional.empty();
        }
        IdentityCascade.Rewrite replacement = new IdentityCascade.Rewrite(attempt.existing(), attempt.resource(), attempt.body(), attempt.extracted());
        if (!attempt.identityChanged()) {
            attempt.planned(List.of(replacement));
            return Optional.empty();
        }
        IdentityCascade.Plan plan = new IdentityCascade(schema, validator, attempt.store(), maxCascade).plan(replacement);
        if (plan.refusal() != null) {
            return Optional.of(plan.refusal());
        }
        attempt.planned(plan.rewrites());
        return Optional.empty();
    }
}
