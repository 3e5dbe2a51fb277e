package org.edfi.dms.ingress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.edfi.dms.contracts.Action;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.CommandResult;
import org.edfi.dms.contracts.DocumentIds;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.http.Answer;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.extraction.DocumentExtractor;
import org.edfi.dms.schema.profile.ResourceProfile;
import org.edfi.dms.schema.profile.WritableMerge;
import org.edfi.dms.schema.validation.DocumentValidator;
import org.edfi.dms.schema.validation.JsonBodyParser;

/**
 * The corridor each write walks, one short list of steps per operation. Everything that can be
 * refused without the instance's state is refused here, before Kafka; what needs the state
 * (references, existence, ETags) is the integrity processor's, whose result is the answer.
 *
 * <pre>
 *   POST   : resolve resource, parse body, validate insert, key by referential id, dispatch, await visible, answer
 *   PUT    : resolve resource, parse id, parse body, validate update (the body id is the URL's), dispatch, await visible, answer
 *   DELETE : resolve resource, parse id, dispatch, await visible, answer
 * </pre>
 *
 * Through a writable profile (docs/profiles.md) a POST is validated as the profile strips it; one
 * through a profile that hides a member creating needs, and a PUT, are validated by the processor
 * alone, once it has merged the body with the stored document whose hidden members it keeps (such a
 * POST only updates: the processor refuses it when no document holds its natural key). The command names the profile, so the processor applies it.
 *
 * The processor owns the body: it validates and normalizes it again as it does a Kafka-native
 * writer's, with the same {@link DocumentValidator}. So the validation here is on a copy, only to
 * refuse early, and the command carries the body as the client sent it.
 */
public final class WritePipeline {

    private static final Answer NOT_FOUND = Answer.of(Problem.notFound("The specified data could not be found."));

    private final ApiSchema schema;
    private final DocumentValidator validator;
    private final JsonBodyParser parser = new JsonBodyParser();
    private final CommandSink dispatcher;
    private final VisibilityGate visibility;

    public WritePipeline(ApiSchema schema, DocumentValidator validator, CommandSink dispatcher, VisibilityGate visibility) {
        this.schema = schema;
        this.validator = validator;
        this.dispatcher = dispatcher;
        this.visibility = visibility;
    }

    public Answer upsert(WriteRequest request) {
        Optional<ResourceSchema> resource = resolveResource(request);
        if (resource.isEmpty()) {
            return NOT_FOUND;
        }
        JsonBodyParser.Result body = parser.parse(request.body());
        if (!body.ok()) {
            return Answer.of(Problem.of(body.refusal()));
        }
        Optional<ResourceProfile> profile = profileOf(request);
        ObjectNode validated = profile.map(p -> WritableMerge.strip(p, p.writable().orElseThrow(), body.document()))
                .orElseGet(() -> body.document().deepCopy());
        String key;
        if (profile.isPresent() && WritableMerge.notCreatable(profile.get(), profile.get().writable().orElseThrow(), body.document()).isPresent()) {
            // It may only update the stored document of its natural key, which the processor alone knows; it validates the merge.
            key = WritableMerge.identityOf(resource.get(), validated).map(i -> i.referentialId().toString()).orElseGet(WritePipeline::commandId);
        } else {
            Optional<Problem> invalid = validator.validateInsert(resource.get(), validated).map(Problem::of);
            if (invalid.isPresent()) {
                return Answer.of(invalid.get());
            }
            key = DocumentExtractor.identityOf(resource.get(), validated).referentialId().toString();
        }
        Command command = forCaller(Command.upsert(commandId(), resource.get().projectEndpoint(), resource.get().endpointName(),
                body.document(), dispatcher.replyTopic(), clientOf(request)).onlyIf(request.ifMatch(), request.ifNoneMatch()), request);
        return answer(visible(request.instance(), dispatcher.dispatch(request.instance(), key, command, request.trace())), request);
    }

    public Answer update(WriteRequest request) {
        Optional<ResourceSchema> resource = resolveResource(request);
        if (resource.isEmpty()) {
            return NOT_FOUND;
        }
        Optional<UUID> id = DocumentIds.parse(request.id());
        if (id.isEmpty()) {
            return Answer.of(Problem.invalidDocumentId(request.id()));
        }
        JsonBodyParser.Result body = parser.parse(request.body());
        if (!body.ok()) {
            return Answer.of(Problem.of(body.refusal()));
        }
        Optional<Problem> invalid = profileOf(request).isPresent() ? Optional.empty()
                : validator.validateUpdate(resource.get(), id.get(), body.document().deepCopy()).map(Problem::of);
        if (invalid.isPresent()) {
            return Answer.of(invalid.get());
        }
        Command command = forCaller(Command.update(commandId(), resource.get().projectEndpoint(), resource.get().endpointName(), id.get(),
                request.ifMatch(), body.document(), dispatcher.replyTopic(), clientOf(request)), request);
        return answer(visible(request.instance(), dispatcher.dispatch(request.instance(), id.get().toString(), command, request.trace())), request);
    }

    public Answer delete(WriteRequest request) {
        Optional<ResourceSchema> resource = resolveResource(request);
        if (resource.isEmpty()) {
            return NOT_FOUND;
        }
        Optional<UUID> id = DocumentIds.parse(request.id());
        if (id.isEmpty()) {
            return Answer.of(Problem.invalidDocumentId(request.id()));
        }
        Command command = forCaller(Command.delete(commandId(), resource.get().projectEndpoint(), resource.get().endpointName(), id.get(),
                request.ifMatch(), dispatcher.replyTopic(), clientOf(request)), request);
        return answer(visible(request.instance(), dispatcher.dispatch(request.instance(), id.get().toString(), command, request.trace())), request);
    }

    /**
     * Holds a committed change's answer until reads see it. If the store lags past the gate's
     * patience, a success would promise a read that may not show the write: the answer is a 504
     * that says the write was committed (and names it), not a success.
     */
    private CommandResult visible(InstanceId instance, CommandResult result) {
        if (result.succeeded() && result.changeVersion() != null && !visibility.awaitVisible(instance, result.changeVersion())) {
            return CommandResult.failure(result.commandId(), Problem.notYetVisible("Committed as change version " + result.changeVersion()
                    + ": document " + result.documentId() + (result.etag() == null ? "" : ", ETag " + result.etag())));
        }
        return result;
    }

    private Optional<ResourceSchema> resolveResource(WriteRequest request) {
        return schema.findResource(request.project(), request.resource());
    }

    private static String commandId() {
        return UUID.randomUUID().toString();
    }

    /** The processor's result as the Ed-Fi API answers it: Location and ETag on success. */
    private static Answer answer(CommandResult result, WriteRequest request) {
        if (!result.succeeded()) {
            return Answer.of(result.problem());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (result.status() == 201 || result.status() == 200) {
            headers.put("Location", request.basePath() + "/" + result.documentId());
        }
        if (result.etag() != null) {
            Map.Entry<String, String> etag = Answer.etag(result.etag());
            headers.put(etag.getKey(), etag.getValue());
        }
        return Answer.success(result.status(), headers);
    }

    private static Optional<ResourceProfile> profileOf(WriteRequest request) {
        return request.caller() == null ? Optional.empty() : Optional.ofNullable(request.caller().profile());
    }

    private static String clientOf(WriteRequest request) {
        return request.caller() == null ? null : request.caller().clientId();
    }

    /**
     * The processor applies the strategies the caller's claim set grants with each write action
     * to what it writes (and to what it replaces or deletes), with its vendor's namespaces, its
     * application's education organizations and ownership token; a document it creates is stamped
     * with that token whatever the strategies, so OwnershipBased can be given later.
     */
    private static Command forCaller(Command command, WriteRequest request) {
        return request.caller() == null ? command
                : command.limitedTo(request.caller().namespacePrefixes(), request.caller().educationOrganizationIds())
                        .grantedBy(request.caller().grants().only(Action.CREATE, Action.UPDATE, Action.DELETE))
                        .ownedBy(request.caller().ownershipToken())
                        .through(request.caller().profile() == null ? null : request.caller().profile().profileName());
    }
}
