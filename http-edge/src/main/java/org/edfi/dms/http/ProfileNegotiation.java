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
 * Without one, the single assigned profile covering the resource applies; several are a 403.
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
     * @param usage readable for a GET, writable for a POST or PUT
     * @param header the request's {@code Accept} (readable) or {@code Content-Type} (writable), if any
     * @param assigned the client's assigned profile names
     * @param profiles the profiles the node knows, by name in any case
     */
    public static Outcome negotiate(ProfileUsage usage, Optional<String> header, ResourceSchema resource, List<String> assigned,
            Function<String, Optional<Profile>> profiles) {
        String headerName = usage == ProfileUsage.READABLE ? "Accept" : "Content-Type";
        Optional<String> named = header.flatMap(ProfileNegotiation::vendorType);
        if (named.isEmpty()) {
            return implicit(usage, resource, assigned, profiles);
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
            // A writable type asked for on a read cannot be produced (406); a readable one sent with a write cannot be consumed (415).
            return Outcome.refused(Problem.invalidProfileUsage(usage == ProfileUsage.READABLE ? 406 : 415, "A profile-based content type that is "
                    + word + " cannot be used with " + (usage == ProfileUsage.READABLE ? "GET" : "POST or PUT") + " requests."));
        }
        if (!type.group(1).equalsIgnoreCase(resource.name().resourceName())) {
            return Outcome.refused(Problem.invalidProfileUsage(400, "The resource specified by the profile-based content type ('"
                    + type.group(1) + "') does not match the requested resource ('" + resource.name().resourceName() + "')."));
        }
        Optional<Profile> profile = profiles.apply(type.group(2));
        if (profile.isEmpty()) {
            return Outcome.refused(Problem.invalidProfileUsage(usage == ProfileUsage.READABLE ? 406 : 415,
                    "The profile specified by the content type in the '" + headerName + "' header is not supported by this host."));
        }
        if (assigned.stream().noneMatch(name -> name.equalsIgnoreCase(profile.get().name()))) {
            List<String> available = covering(resource, assigned, profiles);
            return Outcome.refused(Problem.dataPolicyIncorrectUsage(available.isEmpty()
                    ? "The profile '" + profile.get().name() + "' is not assigned to this client's application."
                    : required(usage, resource, available)));
        }
        Optional<ResourceProfile> covered = profile.get().forResource(resource);
        if (covered.isEmpty()) {
            return Outcome.refused(Problem.invalidProfileUsage(400, "Resource '" + resource.name().resourceName()
                    + "' is not accessible through the '" + profile.get().name() + "' profile specified by the content type."));
        }
        return usable(usage, covered.get());
    }

    /** Without a profile media type: the one assigned profile covering the resource, none, or a 403 when several do. */
    private static Outcome implicit(ProfileUsage usage, ResourceSchema resource, List<String> assigned, Function<String, Optional<Profile>> profiles) {
        // An assigned profile this node cannot use (its definition no longer fits the ApiSchema) might cover the
        // resource: refuse rather than show the whole document (fail closed, as the ODS/API does with a misconfigured profile).
        Optional<String> unusable = assigned.stream().filter(name -> profiles.apply(name).isEmpty()).findFirst();
        if (unusable.isPresent()) {
            return Outcome.refused(Problem.invalidProfileUsage(usage == ProfileUsage.READABLE ? 406 : 415,
                    "The profile '" + unusable.get() + "' assigned to the client is not usable on this host."));
        }
        List<ResourceProfile> covering = new ArrayList<>();
        for (String name : assigned) {
            profiles.apply(name).flatMap(p -> p.forResource(resource)).ifPresent(covering::add);
        }
        if (covering.isEmpty()) {
            return Outcome.none();
        }
        if (covering.size() > 1) {
            return Outcome.refused(Problem.dataPolicyIncorrectUsage(required(usage, resource,
                    covering.stream().map(ResourceProfile::profileName).toList())));
        }
        return usable(usage, covering.getFirst());
    }

    private static Outcome usable(ProfileUsage usage, ResourceProfile profile) {
        if (profile.shape(usage).isEmpty()) {
            return Outcome.refused(Problem.profileMethodUsage("Resource class '" + profile.resource().name().resourceName() + "' is not "
                    + usage.word() + " using API profile '" + profile.profileName() + "'."));
        }
        return Outcome.through(profile);
    }

    private static List<String> covering(ResourceSchema resource, List<String> assigned, Function<String, Optional<Profile>> profiles) {
        List<String> covering = new ArrayList<>();
        for (String name : assigned) {
            profiles.apply(name).filter(p -> p.forResource(resource).isPresent()).ifPresent(p -> covering.add(p.name()));
        }
        return covering;
    }

    private static String required(ProfileUsage usage, ResourceSchema resource, List<String> names) {
        return "Based on profile assignments, one of the following profile-specific content types is required when requesting this resource: "
                + String.join(", ", names.stream().map(name -> "'" + mediaType(resource, name, usage) + "'").toList());
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
