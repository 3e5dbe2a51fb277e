package org.edfi.dms.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.edfi.dms.contracts.Registration;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.profile.Profile;
import org.edfi.dms.schema.profile.ProfileDefinition;
import org.edfi.dms.schema.profile.ProfileException;
import org.edfi.dms.schema.profile.ProfileResolver;
import org.edfi.dms.schema.profile.ProfileXml;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The profiles a node shapes reads and writes with now, and which application is assigned which:
 * read from the configuration database at most every {@link #REFRESH} (on use), like the claim sets
 * ({@link ClaimSetCatalog}), so that an import, a delete or a new assignment on any node is effective
 * on every node within seconds, without a restart and without new tokens. Names are looked up in
 * any case, as media types carry them in lower case. A node that cannot read the tables goes on
 * with what it read last; a stored profile the node's ApiSchema does not resolve is left out, with
 * a warning.
 */
public final class ProfileCatalog {

    static final Duration REFRESH = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(ProfileCatalog.class);

    /** What a node knows at one time: profiles by lower-case name, assigned names by application id. */
    private record Snapshot(Map<String, Profile> profiles, Map<Long, List<String>> assignments, List<ProfileStore.Stored> stored) {}

    private final ProfileResolver resolver;
    private final ProfileStore store;
    private final RefreshOnUse refreshes;
    private volatile Snapshot current = new Snapshot(Map.of(), Map.of(), List.of());

    public ProfileCatalog(ApiSchema schema, ProfileStore store, Clock clock) {
        this.resolver = new ProfileResolver(schema);
        this.store = store;
        this.refreshes = new RefreshOnUse(clock, REFRESH);
    }

    private Snapshot now() {
        refreshes.whenStale(this::read);
        return current;
    }

    private void refresh() {
        refreshes.now(this::read);
    }

    private void read() {
        try {
            List<ProfileStore.Stored> stored = store.all();
            Map<Long, List<String>> assignments = store.assignments();
            // Unchanged definitions keep their resolved profiles: resolving is the costly part.
            Map<String, Profile> profiles = stored.equals(current.stored()) ? current.profiles() : resolve(stored);
            current = new Snapshot(profiles, assignments, stored);
        } catch (JdbiException e) {
            LOG.warn("Cannot read the profiles; going on with those read before", e);
        }
    }

    private Map<String, Profile> resolve(List<ProfileStore.Stored> stored) {
        Map<String, Profile> profiles = new LinkedHashMap<>();
        for (ProfileStore.Stored profile : stored) {
            try {
                for (ProfileDefinition definition : ProfileXml.read(profile.xml().getBytes(StandardCharsets.UTF_8))) {
                    profiles.put(key(definition.name()), resolver.resolve(definition));
                }
            } catch (ProfileException e) {
                LOG.warn("The stored profile {} does not fit this node's ApiSchema and is not used: {}", profile.name(), e.getMessage());
            }
        }
        return profiles;
    }

    /** The profile of this name, in any case. */
    public Optional<Profile> find(String name) {
        return Optional.ofNullable(now().profiles().get(key(name)));
    }

    /** Every profile, by name. */
    public Collection<Profile> profiles() {
        return new TreeMap<>(now().profiles()).values();
    }

    /** The profile names assigned to the application whose clients carry this ownership token (its id); none for null. */
    public List<String> assignedTo(String ownershipToken) {
        if (ownershipToken == null) {
            return List.of();
        }
        try {
            return now().assignments().getOrDefault(Long.parseLong(ownershipToken), List.of());
        } catch (NumberFormatException e) {
            return List.of();
        }
    }

    /** The profile names assigned to an application. */
    public List<String> assignedTo(long application) {
        return now().assignments().getOrDefault(application, List.of());
    }

    /**
     * Imports every profile of a {@code <Profile>} or {@code <Profiles>} document, each new or
     * replacing the one of its name, once all of them are checked against the ApiSchema.
     *
     * @throws InvalidRegistrationException the XML is malformed, or names what the ApiSchema does not have (every fault)
     */
    public List<Registration<Profile>> importXml(byte[] xml) {
        List<Profile> profiles = new ArrayList<>();
        List<String> faults = new ArrayList<>();
        try {
            for (ProfileDefinition definition : ProfileXml.read(xml)) {
                try {
                    profiles.add(resolver.resolve(definition));
                } catch (ProfileException e) {
                    faults.addAll(e.faults());
                }
            }
        } catch (ProfileException e) {
            faults.addAll(e.faults());
        }
        if (!faults.isEmpty()) {
            throw new InvalidRegistrationException(ClientAdminJson.BODY, String.join("; ", faults));
        }
        List<Registration<Profile>> imported = new ArrayList<>();
        for (Profile profile : profiles) {
            imported.add(new Registration<>(profile, store.save(profile.name(), profile.definition().xml())));
        }
        refresh();
        return imported;
    }

    /** Deletes a profile no application is assigned. */
    public void delete(String name) {
        Profile profile = find(name).orElseThrow(() -> notFound(name));
        List<String> applications = store.applicationsOf(profile.name());
        if (!applications.isEmpty()) {
            throw new RegistrationConflictException("the profile " + profile.name() + " is assigned to the applications " + String.join(", ", applications));
        }
        if (!store.delete(profile.name())) {
            throw notFound(name);
        }
        refresh();
    }

    /**
     * Makes {@code names} the application's profiles, effective on every node within seconds.
     *
     * @throws InvalidRegistrationException a name is no profile's
     */
    public List<String> assign(long application, List<String> names, String path) {
        List<String> canonical = canonical(names, path);
        store.assign(application, canonical);
        refresh();
        return canonical;
    }

    /** The stored names of {@code names}, checked; repeated names once. */
    public List<String> canonical(List<String> names, String path) {
        List<String> canonical = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            int index = i;
            String name = find(names.get(i)).map(Profile::name).orElseThrow(() -> new InvalidRegistrationException(path + "[" + index + "]",
                    "unknown profile '" + names.get(index) + "'; the profiles are " + String.join(", ", profiles().stream().map(Profile::name).toList())));
            if (!canonical.contains(name)) {
                canonical.add(name);
            }
        }
        return canonical;
    }

    static RegistrationNotFoundException notFound(String name) {
        return new RegistrationNotFoundException("no profile " + name);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
