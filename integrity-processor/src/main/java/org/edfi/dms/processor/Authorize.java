package org.edfi.dms.processor;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.schema.NamespaceSecurity;
import org.edfi.dms.schema.extraction.DocumentExtractor;

/**
 * Authorize: what the client writes, and what it would replace or delete, is within its vendor's
 * namespaces and reached from its application's education organizations (docs/security.md). A
 * command without limits comes from a writer trusted with everything (a Kafka-native loader).
 */
final class Authorize {

    private final RelationshipCheck relationships;

    Authorize(RelationshipCheck relationships) {
        this.relationships = relationships;
    }

    /** The body's namespaces are the client's; needs the body only. */
    Optional<Problem> namespaces(Attempt attempt) {
        List<String> prefixes = attempt.command().namespacePrefixes();
        return prefixes == null ? Optional.empty() : NamespaceSecurity.check(attempt.resource(), attempt.body(), prefixes).map(Problem::of);
    }

    /** The client reaches the body; a new person before its first enrollment too. Needs the body's identity and references. */
    Optional<Problem> relationships(Attempt attempt) {
        Command command = attempt.command();
        if (!limitedByRelationships(command)) {
            return Optional.empty();
        }
        return relationships.check(attempt.resource(), attempt.body(), attempt.extracted(), Set.copyOf(command.educationOrganizationIds()),
                attempt.existing() == null, attempt.store());
    }

    /** The client could have written the stored document it would replace or delete. */
    Optional<Problem> storedDocument(Attempt attempt) {
        StoredDocument existing = attempt.existing();
        if (existing == null) {
            return Optional.empty();
        }
        Command command = attempt.command();
        if (command.namespacePrefixes() != null) {
            Optional<Problem> outside = NamespaceSecurity.check(attempt.resource(), existing.document(), command.namespacePrefixes())
                    .map(Problem::of);
            if (outside.isPresent()) {
                return outside;
            }
        }
        if (!limitedByRelationships(command)) {
            return Optional.empty();
        }
        return relationships.check(attempt.resource(), existing.document(), DocumentExtractor.extract(attempt.resource(), existing.document()),
                Set.copyOf(command.educationOrganizationIds()), false, attempt.store());
    }

    private static boolean limitedByRelationships(Command command) {
        return command.educationOrganizationIds() != null && !command.educationOrganizationIds().isEmpty();
    }
}
