package org.edfi.dms.processor;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.edfi.dms.contracts.Command;
import org.edfi.dms.contracts.CommandResult;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.profile.Profile;
import org.edfi.dms.schema.validation.DocumentValidator;

/**
 * The Ed-Fi write rules, as the corridor each command walks against one instance's store: a short
 * list of named steps per command type, each a class of its own. Every step but the last only
 * checks, so a refused command changes nothing; the first refusal is the result.
 *
 * <pre>
 *   upsert : validate, resolve identity, check If-Match and If-None-Match, authorize body, authorize stored document,
 *            check identity, check references, plan cascade, write
 *   update : validate, find by id, check If-Match, resolve identity, authorize body,
 *            authorize stored document, check identity, check references, plan cascade, write
 *   update through a writable profile:
 *            find by id, merge with the stored document, validate, check If-Match, and on as an update</pre>
 *
 * An upsert through a writable profile is stripped of what the profile excludes before it is
 * validated, refused when the profile hides a member it needs to create, and merged with the stored
 * document it turns out to update ({@link ApplyProfile}).
 *
 * <pre>
 *   delete : find by id, authorize stored document, check If-Match, check dependents, delete
 * </pre>
 *
 * A command past its deadline (its sender stopped waiting; docs/topics.md#command) is a 504 before
 * any step, an unscoped command (no limits: a full-access Kafka-native write) a 403 unless the
 * deployment accepts them, and an unknown resource a 404.
 */
final class CommandHandler {

    /** A command's result and the document changes to emit with it. */
    record Outcome(CommandResult result, List<DocumentChanges.Emitted> changes) {

        static Outcome failed(Command command, Problem problem) {
            return new Outcome(CommandResult.failure(command.commandId(), problem), List.of());
        }
    }

    /** A step of a corridor: the problem that refuses the command, or empty to go on. */
    @FunctionalInterface
    interface Step {
        Optional<Problem> apply(Attempt attempt);
    }

    /** The steps of one command type, in order, then the write that applies the command. */
    private record Corridor(List<Step> steps, Function<Attempt, Outcome> write) {

        Outcome walk(Attempt attempt) {
            for (Step step : steps) {
                Optional<Problem> refusal = step.apply(attempt);
                if (refusal.isPresent()) {
                    return Outcome.failed(attempt.command(), refusal.get());
                }
            }
            return write.apply(attempt);
        }
    }

    private final ApiSchema schema;
    private final Clock clock;
    private final boolean acceptUnscoped;
    private final Corridor upsert;
    private final Corridor update;
    private final Corridor delete;
    private final Corridor profiledUpdate;

    CommandHandler(ApiSchema schema, DocumentValidator validator, Clock clock) {
        this(schema, validator, clock, name -> Optional.empty());
    }

    CommandHandler(ApiSchema schema, DocumentValidator validator, Clock clock, Function<String, Optional<Profile>> profiles) {
        this(schema, validator, clock, profiles, CommandLimits.DEFAULT_MAX_CASCADE_DOCUMENTS);
    }

    /** @param maxCascade how many documents a key change may rewrite besides the changed one */
    CommandHandler(ApiSchema schema, DocumentValidator validator, Clock clock, Function<String, Optional<Profile>> profiles, int maxCascade) {
        this(schema, validator, clock, profiles, maxCascade, true);
    }

    /** @param acceptUnscoped whether a command that carries no limits is applied (else refused with a 403) */
    CommandHandler(ApiSchema schema, DocumentValidator validator, Clock clock, Function<String, Optional<Profile>> profiles, int maxCascade,
            boolean acceptUnscoped) {
        this.schema = schema;
        this.clock = clock;
        this.acceptUnscoped = acceptUnscoped;
        Validate validate = new Validate(validator);
        Authorize authorize = new Authorize(new RelationshipCheck(schema));
        PlanCascade planCascade = new PlanCascade(schema, validator, maxCascade);
        Write write = new Write(clock);
        ApplyProfile profile = new ApplyProfile(profiles);
        this.upsert = new Corridor(List.of(profile::strip, validate::insert, ResolveIdentity::apply, FindDocument::conditions, profile::mergeStored,
                authorize::body,
                authorize::storedDocument, CheckIdentity::apply, CheckReferences::apply, planCascade::apply), write::document);
        this.update = new Corridor(List.of(validate::update, FindDocument.byId("Resource to update was not found"),
                FindDocument::ifMatch, ResolveIdentity::apply, authorize::body, authorize::storedDocument, CheckIdentity::apply,
                CheckReferences::apply, planCascade::apply), write::document);
        this.profiledUpdate = new Corridor(List.of(profile::find, FindDocument.byId("Resource to update was not found"), profile::mergeRaw,
                validate::update, FindDocument::ifMatch, ResolveIdentity::apply, authorize::body, authorize::storedDocument, CheckIdentity::apply,
                CheckReferences::apply, planCascade::apply), write::document);
        this.delete = new Corridor(List.of(FindDocument.byId("Resource to delete was not found"), authorize::storedDocument,
                FindDocument::ifMatch, CheckDependents::apply), write::delete);
    }

    Outcome handle(Command command, DocumentStore store) {
        Instant now = clock.instant();
        if (command.pastDeadline(now)) {
            return Outcome.failed(command, Problem.deadlinePassed("The command's deadline " + command.deadline()
                    + " passed before the processor reached it at " + now + "; its sender had stopped waiting"));
        }
        if (command.unscoped() && !acceptUnscoped) {
            return Outcome.failed(command, Problem.accessDenied("unscoped-command", "The command carries no limits (no grants, namespace "
                    + "prefixes or education organizations), so it would write with full access, which this deployment does not accept "
                    + "from Kafka (processor.accept-unscoped-commands is false). Write through the API, or send the command with the "
                    + "grants and limits of its writer."));
        }
        Optional<ResourceSchema> resource = schema.findResource(command.project(), command.resource());
        if (resource.isEmpty()) {
            return Outcome.failed(command, Problem.notFound("The specified data could not be found."));
        }
        Corridor corridor = switch (command.type()) {
            case UPSERT -> upsert;
            case UPDATE -> command.profile() == null ? update : profiledUpdate;
            case DELETE -> delete;
        };
        return corridor.walk(new Attempt(command, resource.get(), store));
    }
}
