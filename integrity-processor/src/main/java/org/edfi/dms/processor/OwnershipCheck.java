package org.edfi.dms.processor;

import java.util.Optional;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.Problem;

/**
 * OwnershipBased for writes, as the ODS/API defines it: a document belongs to the clients that share
 * the ownership token it was stamped with when it was created ({@link Write} stamps the command's;
 * no later write changes it). A new document needs no owner check; a stored one is replaced or
 * deleted only by a command carrying its token, and one stamped with none by nobody.
 */
final class OwnershipCheck {

    private OwnershipCheck() {}

    /**
     * @param stored the stored document the command would replace or delete; null when checking
     *     what the command writes, which only needs the token it will be stamped with
     */
    static Optional<Problem> check(Command command, StoredDocument stored) {
        // Fail closed: without a token a create would stamp none and a replace could match nothing.
        if (command.ownershipToken() == null) {
            return Optional.of(Problem.noOwnershipToken());
        }
        if (stored == null) {
            return Optional.empty();
        }
        if (stored.ownershipToken() == null) {
            return Optional.of(Problem.ownershipUninitialized());
        }
        return stored.ownershipToken().equals(command.ownershipToken()) ? Optional.empty() : Optional.of(Problem.ownershipMismatch());
    }
}
