package org.edfi.dms.processor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.schema.validation.DocumentValidator;

/**
 * Validate: the body as the writer sent it, HTTP client or Kafka-native loader alike, through the
 * resource's rules, which also coerce its values and drop what the resource does not declare. The
 * ingress ran the same rules on its own copy; here they decide.
 */
final class Validate {

    private final DocumentValidator validator;

    Validate(DocumentValidator validator) {
        this.validator = validator;
    }

    /** A POST body, which must not assign the resource id. */
    Optional<Problem> insert(Attempt attempt) {
        ObjectNode body = attempt.incoming().deepCopy();
        attempt.validated(body);
        return validator.validateInsert(attempt.resource(), body).map(Problem::of);
    }

    /** A PUT body, which must carry the id of the document it replaces. */
    Optional<Problem> update(Attempt attempt) {
        ObjectNode body = attempt.incoming().deepCopy();
        attempt.validated(body);
        return validator.validateUpdate(attempt.resource(), attempt.command().documentId(), body).map(Problem::of);
    }
}
