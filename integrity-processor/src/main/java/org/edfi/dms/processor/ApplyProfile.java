package org.edfi.dms.processor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.function.Function;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.schema.extraction.DocumentExtractor;
import org.edfi.dms.schema.profile.ContentShape;
import org.edfi.dms.schema.profile.Profile;
import org.edfi.dms.schema.profile.ResourceProfile;
import org.edfi.dms.schema.profile.WritableMerge;

/**
 * Apply the writable profile a command names (docs/profiles.md), HTTP client's or Kafka-native
 * writer's alike: what the profile excludes is stripped from the body, a create it makes impossible
 * is refused, and the stored document's values of what the writer may not touch are kept, hidden
 * collection items included. Commands without a profile pass every step unchanged.
 */
final class ApplyProfile {

    private final Function<String, Optional<Profile>> profiles;

    ApplyProfile(Function<String, Optional<Profile>> profiles) {
        this.profiles = profiles;
    }

    /** The named profile, covering the resource for writing. */
    Optional<Problem> find(Attempt attempt) {
        String name = attempt.command().profile();
        if (name == null) {
            return Optional.empty();
        }
        Optional<Profile> profile = profiles.apply(name);
        if (profile.isEmpty()) {
            return Optional.of(Problem.invalidProfileUsage(415, "The profile '" + name + "' named by the command is not supported by this host."));
        }
        Optional<ResourceProfile> covered = profile.get().forResource(attempt.resource());
        if (covered.isEmpty()) {
            return Optional.of(Problem.invalidProfileUsage(400, "Resource '" + attempt.resource().name().resourceName()
                    + "' is not accessible through the '" + profile.get().name() + "' profile specified by the content type."));
        }
        if (covered.get().writable().isEmpty()) {
            return Optional.of(Problem.profileMethodUsage("Resource class '" + attempt.resource().name().resourceName()
                    + "' is not writable using API profile '" + profile.get().name() + "'."));
        }
        attempt.through(covered.get());
        return Optional.empty();
    }

    /**
     * An upsert's body stripped. Through a profile that hides what creating needs, it may only
     * update, as the ODS/API allows: the stored document of its natural key fills in what the profile
     * hides before validation; without one, it is refused.
     */
    Optional<Problem> strip(Attempt attempt) {
        Optional<Problem> refusal = find(attempt);
        if (refusal.isPresent() || attempt.profile() == null) {
            return refusal;
        }
        ResourceProfile profile = attempt.profile();
        ContentShape writable = profile.writable().orElseThrow();
        ObjectNode stripped = WritableMerge.strip(profile, writable, attempt.command().document());
        Optional<String> notCreatable = WritableMerge.notCreatable(profile, writable, attempt.command().document());
        if (notCreatable.isPresent()) {
            Optional<StoredDocument> stored = WritableMerge.identityOf(attempt.resource(), stripped)
                    .flatMap(identity -> attempt.store().holderOf(identity.referentialId().value()))
                    .flatMap(id -> attempt.store().find(id));
            if (stored.isEmpty()) {
                return Optional.of(Problem.dataPolicyEnforced(notCreatable.get()));
            }
            stripped = WritableMerge.merge(profile, writable, attempt.command().document(), stored.get().document());
        }
        attempt.shaped(stripped);
        return Optional.empty();
    }

    /** An upsert that updates a stored document keeps that document's values of what the profile excludes. */
    Optional<Problem> mergeStored(Attempt attempt) {
        if (attempt.profile() != null && attempt.existing() != null) {
            ObjectNode merged = WritableMerge.merge(attempt.profile(), attempt.profile().writable().orElseThrow(), attempt.body(),
                    attempt.existing().document());
            attempt.validated(merged);
            // What was put back may hold references: identity and references are the merged body's.
            attempt.resolved(DocumentExtractor.extract(attempt.resource(), merged));
        }
        return Optional.empty();
    }

    /** An update's body as the writer sent it, merged with the stored document before it is validated. */
    Optional<Problem> mergeRaw(Attempt attempt) {
        ResourceProfile profile = attempt.profile();
        ObjectNode merged = WritableMerge.merge(profile, profile.writable().orElseThrow(), attempt.command().document(), attempt.existing().document());
        if (attempt.command().document().has("id")) {
            merged.set("id", attempt.command().document().get("id"));
        }
        attempt.shaped(merged);
        return Optional.empty();
    }
}
