package org.edfi.dms.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.schema.profile.Profile;
import org.edfi.dms.schema.profile.ProfileUsage;
import org.edfi.dms.schema.profile.ResourceProfile;

/**
 * Which API profile a data request goes through, from its media type and the client's assigned
 * profiles, as the ODS/API decides it (docs/profiles.md): the one place profile media types
 * ({@code application/vnd.ed-fi.{resource}.{profile}.{readable|writable}+json}) are read. A GET
 * names a readable profile in {@code Accept}, a POST or PUT a writable one in {@code Content-Type}.
 * Without one, the single assigned profile covering the resource for that usage applies; several
 * are a 403.
 */
public final class ProfileNegotiation {

    private static final String VENDOR_PREFIX = "application/vnd.ed-fi.";
    private static final Pattern MEDIA_TYPE = Pattern.compile("application/vnd\\.ed-fi\\.([^.]+)\\.(.+)\\.([a-z]+)\\+json", Pattern.CASE_INSENSITIVE);

    /** The outcome: the profile the request goes through (empty for none), or why it is refused. */
    public record Outcome(Optional<ResourceProfile> profile, Optional<Problem> refusal) {

        static Outcome none() {
            return new Outcome(Optional.empty(), Optional.empty());
        }

        static Outcome through(ResourceProfile profile) {
            return new Outcome(Optional.of(profile), Optional.empty());
        }

        static Outcome refused(Problem problem) {
            return new Outcome(Optional.empty(), Optional.of(problem));
        }
    }

    private ProfileNegotiation() {}

    /**
     * The ODS/API's order: the media type's form, its usage against the method (400), the profile's
     * existence (406 for a GET, 415 for a write), the client's assignments (403, only when an
     * assigned profile covers the resource for this usage: a client with none may name any profile,
     * which only narrows), then the resource (400) and the usage the profile gives it (405).
     *
     * @param usage readable for a GET, writable for a POST or PUT
     * @param header the request's {@code Accept} (readable) or {@code Content-Type} (writable), if any
     * @param assigned the client's assigned profile names
     * @param profiles the profiles the node knows, by name in any case
     */
    public static Outcome negotiate(ProfileUsage usage, Optional<String> header, ResourceSchema resource, List<String> assigned,
            Function<String, Optional<Profile>> profiles) {
        String headerName = usage == ProfileUsage.READABLE ? "Accept" : "Content-Type";
        Optional<String> named = header.flatMap(ProfileNegotiation::vendorType);
        // An assigned profile this node cannot use (its definition no longer fits the ApiSchema) might cover the resource:
        // refuse rather than show or take the whole document (fail closed, as the ODS/API does with a misconfigured profile).
        Optional<String> unusable = assigned.stream().filter(name -> profiles.apply(name).isEmpty()).findFirst();
        List<ResourceProfile> relevant = relevant(usage, resource, assigned, profiles);
        if (named.isEmpty()) {
            return unusable.isPresent() ? unusable(usage, unusable.get()) : implicit(usage, resource, relevant);
        }
        Matcher type = MEDIA_TYPE.matcher(named.get());
        if (!type.matches()) {
            return Outcome.refused(Problem.invalidProfileUsage(400, "The format of the profile-based '" + headerName + "' header was invalid."));
        }
        String word = type.group(3).toLowerCase(Locale.ROOT);
        if (!word.equals("readable") && !word.equals("writable")) {
            return Outcome.refused(Problem.invalidProfileUsage(400, "The profile usage '" + type.group(3) + "' of the '" + headerName
                    + "' header is neither readable nor writable."));
        }
        if (!word.equals(usage.word())) {
            return Outcome.refused(Problem.invalidProfileUsage(400, "A profile-based content type that is " + word + " cannot be used with "
                    + (usage == ProfileUsage.READABLE ? "GET requests." : "PUT or POST requests.")));
        }
        Optional<Profile> profile = profiles.apply(type.group(2));
        if (profile.isEmpty()) {
            return Outcome.refused(Problem.invalidProfileUsage(usage == ProfileUsage.READABLE ? 406 : 415,
                    "The profile specified by the content type in the '" + headerName + "' header is not supported by this host."));
        }
        boolean isAssigned = assigned.stream().anyMatch(name -> name.equalsIgnoreCase(profile.get().name()));
        if (!isAssigned && unusable.isPresent()) {
            return unusable(usage, unusable.get());
        }
        if (!relevant.isEmpty() && relevant.stream().noneMatch(p -> p.profileName().equalsIgnoreCase(profile.get().name()))) {
            return Outcome.refused(Problem.dataPolicyIncorrectUsage(required(usage, resource, relevant)));
        }
        if (!type.group(1).equalsIgnoreCase(resource.name().resourceName())) {
            return Outcome.refused(Problem.invalidProfileUsage(400, "The resource specified by the profile-based content type ('"
                    + type.group(1) + "') does not match the requested resource ('" + resource.name().resourceName() + "')."));
        }
        Optional<ResourceProfile> covered = profile.get().forResource(resource);
        if (covered.isEmpty()) {
            return Outcome.refused(Problem.invalidProfileUsage(400, "Resource '" + resource.name().resourceName()
                    + "' is not accessible through the '" + profile.get().name() + "' profile specified by the content type."));
        }
        if (covered.get().shape(usage).isEmpty()) {
            return Outcome.refused(Problem.profileMethodUsage("Resource class '" + resource.name().resourceName() + "' is not "
                    + usage.word() + " using API profile '" + profile.get().name() + "'."));
        }
        return Outcome.through(covered.get());
    }

    /** Without a profile media type: the one relevant assigned profile, none, or a 403 when several are. */
    private static Outcome implicit(ProfileUsage usage, ResourceSchema resource, List<ResourceProfile> relevant) {
        if (relevant.isEmpty()) {
            return Outcome.none();
        }
        if (relevant.size() > 1) {
            return Outcome.refused(Problem.dataPolicyIncorrectUsage(required(usage, resource, relevant)));
        }
        return Outcome.through(relevant.getFirst());
    }

    private static Outcome unusable(ProfileUsage usage, String name) {
        return Outcome.refused(Problem.invalidProfileUsage(usage == ProfileUsage.READABLE ? 406 : 415,
                "The profile '" + name + "' assigned to the client is not usable on this host."));
    }

    /**
     * The assigned profiles that cover the resource for this usage (a GET: those that read it; a
     * write: those that write it), as the ODS/API's {@code EnforceAssignedProfileUsageFilter} picks
     * them: a profile that only reads a resource does not apply to its writes, nor the reverse.
     */
    private static List<ResourceProfile> relevant(ProfileUsage usage, ResourceSchema resource, List<String> assigned,
            Function<String, Optional<Profile>> profiles) {
        List<ResourceProfile> relevant = new ArrayList<>();
        for (String name : assigned) {
            profiles.apply(name).flatMap(p -> p.forResource(resource)).filter(r -> r.shape(usage).isPresent()).ifPresent(relevant::add);
        }
        return relevant;
    }

    private static String required(ProfileUsage usage, ResourceSchema resource, List<ResourceProfile> relevant) {
        return "Based on profile assignments, one of the following profile-specific content types is required when "
                + (usage == ProfileUsage.READABLE ? "requesting" : "updating") + " this resource: "
                + String.join(", ", relevant.stream().map(ResourceProfile::profileName).sorted(String.CASE_INSENSITIVE_ORDER)
                        .map(name -> "'" + mediaType(resource, name, usage) + "'").toList());
    }

    /** The media type of a profile's usage on a resource: {@code application/vnd.ed-fi.student.student-exclude-birthdate.readable+json}. */
    public static String mediaType(ResourceSchema resource, String profile, ProfileUsage usage) {
        return (VENDOR_PREFIX + resource.name().resourceName() + "." + profile + "." + usage.word() + "+json").toLowerCase(Locale.ROOT);
    }

    /** The Ed-Fi vendor media type among a header's types (an Accept may list several), without parameters. */
    private static Optional<String> vendorType(String header) {
        for (String part : header.split(",")) {
            String type = part.split(";", 2)[0].strip();
            if (type.toLowerCase(Locale.ROOT).startsWith(VENDOR_PREFIX)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
