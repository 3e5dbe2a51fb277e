package org.edfi.dms.contracts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A write to one instance, as the api-ingress or a Kafka-native loader produces it onto the
 * instance's command topic. The integrity processor validates the document and derives its identity
 * and references itself, so a command needs nothing but the body; it cannot commit inconsistent data.
 *
 * @param commandId unique per write; the result carries it, and a command replayed with the same id
 *     is answered with the first result and applied once
 * @param project the project's URL segment, e.g. {@code ed-fi}
 * @param resource the resource's URL segment, e.g. {@code schools}
 * @param documentId the target of an update or delete; null for an upsert
 * @param ifMatch the ETag the document must still have (an update, a delete, or an upsert of an existing
 *     natural key), or {@code *}: that it exists; null for none
 * @param document the Ed-Fi JSON body of an upsert or update (an update's carries its {@code id})
 * @param replyTo the topic to send the result to; null sends it to the instance's results topic
 * @param client who sent it (the API client id), for the record
 * @param issuedAt when it was sent
 * @param namespacePrefixes the namespaces the client may write in (namespace-based authorization);
 *     null for a writer trusted with every namespace (a Kafka-native loader)
 * @param educationOrganizationIds the education organizations the client is given (relationship-based
 *     authorization); null or empty for a writer not limited by them
 * @param grants what the client's claim set grants on the resource: the write actions (Create,
 *     Update, Delete) it may take, each with the authorization strategies the processor applies;
 *     null for the strategies the limits imply ({@link #impliedGrants}), as a Kafka-native writer sends
 * @param ownershipToken the sending client's creator ownership token (OwnershipBased authorization):
 *     a document the command creates is stamped with it, and under OwnershipBased only a command
 *     carrying the token a stored document was stamped with may replace or delete it; null for a
 *     writer that stamps none
 * @param profile the writable API profile the write goes through (docs/profiles.md): the processor
 *     strips what it excludes and, on an update, keeps the stored values of those members; null for
 *     none
 * @param deadline when its sender stops waiting for the result (the api-ingress's answers 504 then):
 *     the processor applies nothing of a command it reaches later, and answers that it did not;
 *     null for a command that waits however long it takes (a Kafka-native writer's)
 * @param ifNoneMatch {@code *}: an upsert may only create, never replace a document holding its
 *     natural key; null for none
 */
public record Command(
        int version,
        String commandId,
        CommandType type,
        String project,
        String resource,
        UUID documentId,
        String ifMatch,
        ObjectNode document,
        String replyTo,
        String client,
        Instant issuedAt,
        List<String> namespacePrefixes,
        List<Long> educationOrganizationIds,
        Grants grants,
        String ownershipToken,
        String profile,
        Instant deadline,
        String ifNoneMatch) {

    /** A command without a deadline or If-None-Match. */
    public Command(int version, String commandId, CommandType type, String project, String resource, UUID documentId, String ifMatch,
            ObjectNode document, String replyTo, String client, Instant issuedAt, List<String> namespacePrefixes,
            List<Long> educationOrganizationIds, Grants grants, String ownershipToken, String profile) {
        this(version, commandId, type, project, resource, documentId, ifMatch, document, replyTo, client, issuedAt, namespacePrefixes,
                educationOrganizationIds, grants, ownershipToken, profile, null, null);
    }

    /** A command without a profile. */
    public Command(int version, String commandId, CommandType type, String project, String resource, UUID documentId, String ifMatch,
            ObjectNode document, String replyTo, String client, Instant issuedAt, List<String> namespacePrefixes,
            List<Long> educationOrganizationIds, Grants grants, String ownershipToken) {
        this(version, commandId, type, project, resource, documentId, ifMatch, document, replyTo, client, issuedAt, namespacePrefixes,
                educationOrganizationIds, grants, ownershipToken, null, null, null);
    }

    public Command {
        namespacePrefixes = namespacePrefixes == null ? null : List.copyOf(namespacePrefixes);
        educationOrganizationIds = educationOrganizationIds == null ? null : List.copyOf(educationOrganizationIds);
    }

    public static Command upsert(String commandId, String project, String resource, ObjectNode document, String replyTo, String client) {
        return new Command(MessageCodec.VERSION, commandId, CommandType.UPSERT, project, resource, null, null, document, replyTo, client, Instant.now(), null, null, null, null);
    }

    public static Command update(String commandId, String project, String resource, UUID documentId, String ifMatch,
            ObjectNode document, String replyTo, String client) {
        return new Command(MessageCodec.VERSION, commandId, CommandType.UPDATE, project, resource, documentId, ifMatch, document, replyTo, client, Instant.now(), null, null, null, null);
    }

    public static Command delete(String commandId, String project, String resource, UUID documentId, String ifMatch, String replyTo, String client) {
        return new Command(MessageCodec.VERSION, commandId, CommandType.DELETE, project, resource, documentId, ifMatch, null, replyTo, client, Instant.now(), null, null, null, null);
    }

    /** The same command from a client that may write in these namespaces only, and reaches these education organizations only. */
    public Command limitedTo(List<String> prefixes, List<Long> educationOrganizations) {
        return new Command(version, commandId, type, project, resource, documentId, ifMatch, document, replyTo, client, issuedAt, prefixes,
                educationOrganizations, grants, ownershipToken, profile, deadline, ifNoneMatch);
    }

    /** The same command from a client granted {@code grants} on its resource. */
    public Command grantedBy(Grants grants) {
        return new Command(version, commandId, type, project, resource, documentId, ifMatch, document, replyTo, client, issuedAt,
                namespacePrefixes, educationOrganizationIds, grants, ownershipToken, profile, deadline, ifNoneMatch);
    }

    /** The same command from a client whose creator ownership token is {@code token}. */
    public Command ownedBy(String token) {
        return new Command(version, commandId, type, project, resource, documentId, ifMatch, document, replyTo, client, issuedAt,
                namespacePrefixes, educationOrganizationIds, grants, token, profile, deadline, ifNoneMatch);
    }

    /** The same command through the writable profile {@code name} (null: none). */
    public Command through(String name) {
        return new Command(version, commandId, type, project, resource, documentId, ifMatch, document, replyTo, client, issuedAt,
                namespacePrefixes, educationOrganizationIds, grants, ownershipToken, name, deadline, ifNoneMatch);
    }

    /** The same command, to be applied no later than {@code deadline}. */
    public Command due(Instant deadline) {
        return new Command(version, commandId, type, project, resource, documentId, ifMatch, document, replyTo, client, issuedAt,
                namespacePrefixes, educationOrganizationIds, grants, ownershipToken, profile, deadline, ifNoneMatch);
    }

    /** The same command under the conditions of a client's If-Match and If-None-Match (each null for none). */
    public Command onlyIf(String ifMatch, String ifNoneMatch) {
        return new Command(version, commandId, type, project, resource, documentId, ifMatch, document, replyTo, client, issuedAt,
                namespacePrefixes, educationOrganizationIds, grants, ownershipToken, profile, deadline, ifNoneMatch);
    }

    /** Whether its sender has stopped waiting for it at {@code now}: it has a deadline, and the deadline is over. */
    public boolean pastDeadline(Instant now) {
        return deadline != null && now.isAfter(deadline);
    }

    /**
     * Whether it carries no limits at all: no grants, no namespace prefixes, no education
     * organizations. Such a command is a full-access write (its {@link #impliedGrants} are
     * NoFurtherAuthorizationRequired), as a Kafka-native loader sends; the API never sends one.
     */
    public boolean unscoped() {
        return grants == null && namespacePrefixes == null && (educationOrganizationIds == null || educationOrganizationIds.isEmpty());
    }

    /**
     * What the processor applies: the command's grants, or, without them, what its limits imply
     * (every write action, NamespaceBased when it names namespace prefixes,
     * RelationshipsWithEdOrgsAndPeople when it names education organizations, else no further
     * authorization): the rules a Kafka-native writer's command had before claim sets reached Kafka.
     */
    public Grants impliedGrants() {
        if (grants != null) {
            return grants;
        }
        List<AuthorizationStrategy> strategies = new java.util.ArrayList<>();
        if (namespacePrefixes != null) {
            strategies.add(AuthorizationStrategy.NAMESPACE_BASED);
        }
        if (educationOrganizationIds != null && !educationOrganizationIds.isEmpty()) {
            strategies.add(AuthorizationStrategy.RELATIONSHIPS_WITH_ED_ORGS_AND_PEOPLE);
        }
        if (strategies.isEmpty()) {
            strategies.add(AuthorizationStrategy.NO_FURTHER_AUTHORIZATION_REQUIRED);
        }
        Map<Action, List<AuthorizationStrategy>> byAction = new java.util.EnumMap<>(Action.class);
        for (Action action : List.of(Action.CREATE, Action.UPDATE, Action.DELETE)) {
            byAction.put(action, strategies);
        }
        return new Grants(byAction);
    }
}
