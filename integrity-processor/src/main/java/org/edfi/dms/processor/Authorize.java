package org.edfi.dms.processor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.edfi.dms.contracts.Action;
import org.edfi.dms.contracts.AuthorizationStrategy;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.CommandType;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.schema.NamespaceSecurity;
import org.edfi.dms.schema.extraction.DocumentExtractor;
import org.edfi.dms.schema.extraction.ExtractedDocument;

/**
 * Authorize: the authorization strategies the client's claim set grants with the write's action
 * (Create for a new document, Update for one replaced, by PUT or by a POST of an existing natural
 * key, Delete) hold for what it writes and for the stored document it would replace or delete
 * (docs/security.md). Strategies combine as in the ODS/API: NamespaceBased and OwnershipBased must
 * hold, and when relationship-based strategies are given, one of them must reach the document. A
 * command without grants has those its limits imply ({@link Command#impliedGrants}).
 */
final class Authorize {

    private final RelationshipCheck relationships;

    Authorize(RelationshipCheck relationships) {
        this.relationships = relationships;
    }

    /** The action is granted, and its strategies allow the body. Needs the body's identity and references, and the existing document. */
    Optional<Problem> body(Attempt attempt) {
        return authorize(attempt, attempt.body(), attempt::extracted, attempt.existing() == null ? Subject.NEW : Subject.BODY);
    }

    /** The client could have written the stored document it would replace or delete. */
    Optional<Problem> storedDocument(Attempt attempt) {
        StoredDocument existing = attempt.existing();
        return existing == null ? Optional.empty()
                : authorize(attempt, existing.document(), () -> DocumentExtractor.extract(attempt.resource(), existing.document()), Subject.STORED);
    }

    /**
     * The action's strategies allow {@code document}; its identity and references are extracted
     * only when a relationship strategy needs them, so that an update or delete without one costs no extraction.
     */
    private Optional<Problem> authorize(Attempt attempt, ObjectNode document, Supplier<ExtractedDocument> extracted, Subject subject) {
        Optional<List<AuthorizationStrategy>> strategies = attempt.command().impliedGrants().strategies(action(attempt));
        return strategies.isEmpty() ? notGranted(attempt) : check(attempt, strategies.get(), document, extracted, subject);
    }

    /** A POST of an existing natural key updates it, so it needs Update as well as the Create the guard checked. */
    private static Optional<Problem> notGranted(Attempt attempt) {
        Action action = action(attempt);
        return Optional.of(Problem.accessDenied("action", "The API client's claim set does not grant the '" + action.edFiName()
                + "' action on " + attempt.resource().name().resourceName()
                + (action == Action.UPDATE && attempt.command().type() == CommandType.UPSERT ? ", which a POST of an existing document needs." : ".")));
    }

    private static Action action(Attempt attempt) {
        return switch (attempt.command().type()) {
            case UPSERT -> attempt.existing() == null ? Action.CREATE : Action.UPDATE;
            case UPDATE -> Action.UPDATE;
            case DELETE -> Action.DELETE;
        };
    }

    /** What is authorized: the body of a new document (a new person may be created before its enrollment), of a replacement, or the stored document. */
    private enum Subject { NEW, BODY, STORED }

    private Optional<Problem> check(Attempt attempt, List<AuthorizationStrategy> strategies, ObjectNode document,
            Supplier<ExtractedDocument> extracted, Subject subject) {
        Command command = attempt.command();
        List<Problem> relationshipRefusals = new ArrayList<>();
        boolean relationshipReached = false;
        for (AuthorizationStrategy strategy : strategies) {
            switch (strategy) {
                case NO_FURTHER_AUTHORIZATION_REQUIRED -> { }
                case NAMESPACE_BASED -> {
                    Optional<Problem> outside = NamespaceSecurity.check(attempt.resource(), document,
                            command.namespacePrefixes() == null ? List.of() : command.namespacePrefixes(), subject == Subject.STORED)
                            .map(Problem::of);
                    if (outside.isPresent()) {
                        return outside;
                    }
                }
                case OWNERSHIP_BASED -> {
                    Optional<Problem> notOwned = OwnershipCheck.check(command, subject == Subject.STORED ? attempt.existing() : null);
                    if (notOwned.isPresent()) {
                        return notOwned;
                    }
                }
                default -> {
                    Optional<Problem> unreached = relationships.check(attempt.resource(), document, extracted.get(), granted(command),
                            subject == Subject.NEW, strategy.reach().orElseThrow(), attempt.store());
                    relationshipReached |= unreached.isEmpty();
                    unreached.ifPresent(relationshipRefusals::add);
                }
            }
        }
        return relationshipReached || relationshipRefusals.isEmpty() ? Optional.empty() : Optional.of(relationshipRefusals.getFirst());
    }

    /** The client's education organizations: none reaches nothing through a relationship (fail closed). */
    private static Set<Long> granted(Command command) {
        return command.educationOrganizationIds() == null ? Set.of() : Set.copyOf(command.educationOrganizationIds());
    }
}
