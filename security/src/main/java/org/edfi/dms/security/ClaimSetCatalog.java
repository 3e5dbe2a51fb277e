package org.edfi.dms.security;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.edfi.dms.contracts.Registration;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim sets a node decides with now: the claims file's (and this project's), with those
 * imported through the admin API, which it reads again from the configuration database at most
 * every {@link #REFRESH} (on use), so that an import, copy or delete on any node is effective on
 * every node within seconds, without a restart. A node that cannot read the table goes on with
 * what it read last.
 */
public final class ClaimSetCatalog implements Supplier<ClaimSets> {

    static final Duration REFRESH = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(ClaimSetCatalog.class);

    private final ClaimSets claimsFile;
    private final Optional<ClaimSetStore> store;
    private final RefreshOnUse refreshes;
    private volatile ClaimSets current;
    private List<ClaimSetDefinition> imported = List.of();

    public ClaimSetCatalog(ClaimSets claimsFile, ClaimSetStore store, Clock clock) {
        this(claimsFile, Optional.of(store), clock);
    }

    private ClaimSetCatalog(ClaimSets claimsFile, Optional<ClaimSetStore> store, Clock clock) {
        this.claimsFile = claimsFile;
        this.store = store;
        this.refreshes = new RefreshOnUse(clock, REFRESH);
        this.current = claimsFile;
    }

    /** These claim sets, for good: no imports. */
    public static ClaimSetCatalog fixed(ClaimSets claimSets) {
        return new ClaimSetCatalog(claimSets, Optional.empty(), Clock.systemUTC());
    }

    @Override
    public ClaimSets get() {
        if (store.isPresent()) {
            refreshes.whenStale(this::read);
        }
        return current;
    }

    private void refresh() {
        refreshes.now(this::read);
    }

    private void read() {
        try {
            List<ClaimSetDefinition> now = store.orElseThrow().all();
            // Unchanged imports keep the claim sets, and with them the grants they resolved so far.
            if (!now.equals(imported)) {
                current = claimsFile.withImported(now);
                imported = now;
            }
        } catch (JdbiException e) {
            LOG.warn("Cannot read the imported claim sets; going on with those read before", e);
        }
    }

    /** Stores {@code definition} (new, or replacing an imported claim set of its name) and decides with it at once on this node. */
    public Registration<ClaimSetDefinition> importClaimSet(ClaimSetDefinition definition) {
        get().checkImport(definition).ifPresent(reason -> {
            throw new InvalidRegistrationException(reason.contains("resource claim") ? "$.resourceClaims" : "$.claimSetName", reason);
        });
        boolean created = imports().save(definition);
        refresh();
        return new Registration<>(definition, created);
    }

    /** Imports a copy of the claim set {@code from} (the file's or an imported one) under the new name {@code to}. */
    public ClaimSetDefinition copy(String from, String to) {
        ClaimSetDefinition copy = get().export(from).orElseThrow(() -> notFound(from)).named(RegistrationRules.claimSetName(to));
        if (get().contains(to)) {
            throw new RegistrationConflictException("a claim set named " + to + " exists");
        }
        return importClaimSet(copy).value();
    }

    /** Deletes an imported claim set no application is given. */
    public void delete(String name) {
        ClaimSets.ClaimSet claimSet = get().find(name).orElseThrow(() -> notFound(name));
        if (claimSet.source() != ClaimSets.Source.IMPORTED) {
            throw new InvalidRegistrationException("$.claimSetName", "the claim set '" + name + "' is "
                    + (claimSet.source() == ClaimSets.Source.PROJECT ? "this project's" : "the claims file's") + " and cannot be deleted");
        }
        List<String> applications = imports().applicationsOf(name);
        if (!applications.isEmpty()) {
            throw new RegistrationConflictException("the claim set " + name + " is given to the applications " + String.join(", ", applications));
        }
        if (!imports().delete(name)) {
            throw notFound(name);
        }
        refresh();
    }

    private ClaimSetStore imports() {
        return store.orElseThrow(() -> new IllegalStateException("this catalog takes no imports"));
    }

    static RegistrationNotFoundException notFound(String name) {
        return new RegistrationNotFoundException("no claim set " + name);
    }
}
