package org.edfi.dms.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.Registration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vendors, their applications and the API clients of those, in schema {@code dms_security} of the
 * configuration database ({@link SecuritySchema#migrate}). A client's secret is shown once, when it
 * is made or reset, and stored only as a {@link SecretHasher} hash. Creating a vendor or an
 * application that exists with the same definition returns it, so those calls are safe to repeat.
 * Deleting a client, resetting its secret or making it inactive revokes the tokens it has, in the
 * same transaction ({@link ClientRevocations}; every node refuses them within seconds,
 * {@link RevokedClients}).
 */
public final class ClientRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ClientRegistry.class);

    private static final String CLIENT_COLUMNS = """
            c.client_id, c.application AS application_id, a.vendor, a.name AS application, c.instances, c.created_at, c.active
            FROM dms_security.api_client c JOIN dms_security.application a ON a.id = c.application""";
    private static final String APPLICATION_COLUMNS = "id, vendor, name, claim_set, education_organization_ids, created_at FROM dms_security.application";

    private final Jdbi jdbi;
    private final SecretHasher hasher;
    private final RegistrationRules rules;
    /** Checked against when the client id is unknown, so that an unknown id takes as long to refuse as a wrong secret. */
    private volatile String decoyHash;

    public ClientRegistry(Jdbi jdbi, Supplier<ClaimSets> claimSets) {
        this(jdbi, claimSets, new SecretHasher());
    }

    /** @param hasher the hash of new and reset secrets (tests use fewer iterations) */
    public ClientRegistry(Jdbi jdbi, Supplier<ClaimSets> claimSets, SecretHasher hasher) {
        this.jdbi = jdbi;
        this.hasher = hasher;
        this.rules = new RegistrationRules(claimSets);
    }

    // ---- vendors ---------------------------------------------------------------------------

    /**
     * Creates a vendor, or finds the one of that name.
     *
     * @throws InvalidRegistrationException  a name or prefix breaks the rules
     * @throws RegistrationConflictException the vendor exists with other namespace prefixes
     */
    public Registration<Vendor> createVendor(NewVendor request) {
        NewVendor checked = rules.vendor(request);
        return jdbi.inTransaction(h -> {
            int inserted = h.createUpdate("INSERT INTO dms_security.vendor (name, namespace_prefixes) VALUES (:name, :prefixes) ON CONFLICT DO NOTHING")
                    .bind("name", checked.name()).bindArray("prefixes", String.class, checked.namespacePrefixes()).execute();
            Vendor vendor = vendor(h, checked.name()).orElseThrow();
            if (inserted == 0 && !new HashSet<>(vendor.namespacePrefixes()).equals(new HashSet<>(checked.namespacePrefixes()))) {
                throw new RegistrationConflictException("vendor " + vendor.name() + " exists with the namespace prefixes "
                        + vendor.namespacePrefixes() + ", not " + checked.namespacePrefixes());
            }
            return new Registration<>(vendor, inserted > 0);
        });
    }

    public List<Vendor> vendors() {
        return jdbi.withHandle(h -> h.createQuery("SELECT name, namespace_prefixes, created_at FROM dms_security.vendor ORDER BY name")
                .map(ClientRegistry::vendorRow).list());
    }

    public Optional<Vendor> vendor(String name) {
        return jdbi.withHandle(h -> vendor(h, name));
    }

    private static Optional<Vendor> vendor(Handle h, String name) {
        return h.createQuery("SELECT name, namespace_prefixes, created_at FROM dms_security.vendor WHERE name = :name")
                .bind("name", name).map(ClientRegistry::vendorRow).findOne();
    }

    // ---- applications ----------------------------------------------------------------------

    /**
     * Creates an application of an existing vendor, or finds the one of that vendor and name.
     *
     * @throws InvalidRegistrationException  a field breaks the rules (an unknown claim set too)
     * @throws RegistrationNotFoundException no such vendor
     * @throws RegistrationConflictException the application exists with another claim set or other education organizations
     */
    public Registration<Application> createApplication(NewApplication request) {
        NewApplication checked = rules.application(request);
        return jdbi.inTransaction(h -> {
            requireVendor(h, checked.vendor());
            int inserted = h.createUpdate("""
                    INSERT INTO dms_security.application (vendor, name, claim_set, education_organization_ids)
                    VALUES (:vendor, :name, :claimSet, :edorgs) ON CONFLICT DO NOTHING""")
                    .bind("vendor", checked.vendor()).bind("name", checked.name()).bind("claimSet", checked.claimSet())
                    .bindArray("edorgs", Long.class, checked.educationOrganizationIds()).execute();
            Application application = application(h, checked.vendor(), checked.name()).orElseThrow();
            if (inserted == 0) {
                List<String> differences = new ArrayList<>();
                if (!application.claimSet().equals(checked.claimSet())) {
                    differences.add("claim set " + application.claimSet() + ", not " + checked.claimSet());
                }
                if (!new HashSet<>(application.educationOrganizationIds()).equals(new HashSet<>(checked.educationOrganizationIds()))) {
                    differences.add("education organizations " + application.educationOrganizationIds() + ", not " + checked.educationOrganizationIds());
                }
                if (!differences.isEmpty()) {
                    throw new RegistrationConflictException("application " + application.name() + " of vendor " + application.vendor()
                            + " exists with " + String.join("; ", differences));
                }
            }
            return new Registration<>(application, inserted > 0);
        });
    }

    /** Every application, by vendor and name. */
    public List<Application> applications() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + APPLICATION_COLUMNS + " ORDER BY vendor, name").map(ClientRegistry::applicationRow).list());
    }

    /** The applications of one vendor, by name. */
    public List<Application> applications(String vendor) {
        return jdbi.withHandle(h -> {
            requireVendor(h, vendor);
            return h.createQuery("SELECT " + APPLICATION_COLUMNS + " WHERE vendor = :vendor ORDER BY name")
                    .bind("vendor", vendor).map(ClientRegistry::applicationRow).list();
        });
    }

    private static Optional<Application> application(Handle h, String vendor, String name) {
        return h.createQuery("SELECT " + APPLICATION_COLUMNS + " WHERE vendor = :vendor AND name = :name")
                .bind("vendor", vendor).bind("name", name).map(ClientRegistry::applicationRow).findOne();
    }

    // ---- clients ---------------------------------------------------------------------------

    /**
     * Makes a client of an application, with a new id and secret. The secret is in the answer and
     * nowhere else: only its hash is stored.
     *
     * @throws InvalidRegistrationException  a field breaks the rules
     * @throws RegistrationNotFoundException no such vendor or application
     */
    public IssuedCredentials createClient(NewClient request) {
        NewClient checked = rules.client(request);
        String secret = hasher.newSecret();
        String hash = hasher.hash(secret);
        ApiClient client = jdbi.inTransaction(h -> {
            requireVendor(h, checked.vendor());
            Application application = application(h, checked.vendor(), checked.application())
                    .orElseThrow(() -> new RegistrationNotFoundException("no application " + checked.application() + " of vendor " + checked.vendor()));
            String clientId = hasher.newClientId();
            h.createUpdate("INSERT INTO dms_security.api_client (client_id, secret_hash, application, instances) VALUES (:id, :hash, :application, :instances)")
                    .bind("id", clientId).bind("hash", hash).bind("application", application.id())
                    .bindArray("instances", String.class, texts(checked.instances())).execute();
            return client(h, clientId).orElseThrow();
        });
        return new IssuedCredentials(client, secret);
    }

    /** Every client, by vendor, application and creation. */
    public List<ApiClient> clients() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + CLIENT_COLUMNS + " ORDER BY a.vendor, a.name, c.created_at, c.client_id")
                .map(ClientRegistry::clientRow).list());
    }

    /** The clients of one vendor's applications. */
    public List<ApiClient> clients(String vendor) {
        return jdbi.withHandle(h -> {
            requireVendor(h, vendor);
            return h.createQuery("SELECT " + CLIENT_COLUMNS + " WHERE a.vendor = :vendor ORDER BY a.name, c.created_at, c.client_id")
                    .bind("vendor", vendor).map(ClientRegistry::clientRow).list();
        });
    }

    public Optional<ApiClient> client(String clientId) {
        return jdbi.withHandle(h -> client(h, clientId));
    }

    private static Optional<ApiClient> client(Handle h, String clientId) {
        return h.createQuery("SELECT " + CLIENT_COLUMNS + " WHERE c.client_id = :id").bind("id", clientId).map(ClientRegistry::clientRow).findOne();
    }

    /**
     * Gives a client a new secret, shown in the answer only; the old one stops working at once, and
     * so do the tokens already issued.
     *
     * @throws RegistrationNotFoundException no such client
     */
    public IssuedCredentials resetSecret(String clientId) {
        String secret = hasher.newSecret();
        String hash = hasher.hash(secret);
        ApiClient client = jdbi.inTransaction(h -> {
            int updated = h.createUpdate("UPDATE dms_security.api_client SET secret_hash = :hash WHERE client_id = :id")
                    .bind("hash", hash).bind("id", clientId).execute();
            if (updated == 0) {
                throw notFound(clientId);
            }
            ClientRevocations.revoke(h, clientId);
            return client(h, clientId).orElseThrow();
        });
        return new IssuedCredentials(client, secret);
    }

    /** Lets a client take tokens, or stops it and the tokens it has. */
    public ApiClient setActive(String clientId, boolean active) {
        return jdbi.inTransaction(h -> {
            int updated = h.createUpdate("UPDATE dms_security.api_client SET active = :active WHERE client_id = :id")
                    .bind("active", active).bind("id", clientId).execute();
            if (updated == 0) {
                throw notFound(clientId);
            }
            if (!active) {
                ClientRevocations.revoke(h, clientId);
            }
            return client(h, clientId).orElseThrow();
        });
    }

    /** Deletes a client and revokes the tokens it has; false when there was none. */
    public boolean deleteClient(String clientId) {
        return jdbi.inTransaction(h -> {
            boolean deleted = h.createUpdate("DELETE FROM dms_security.api_client WHERE client_id = :id").bind("id", clientId).execute() > 0;
            if (deleted) {
                ClientRevocations.revoke(h, clientId);
            }
            return deleted;
        });
    }

    /**
     * The grant of an active client whose secret is right, or empty: an unknown client, a wrong
     * secret and an inactive client look alike, and take about as long, to the caller. A hash of an
     * older cost is replaced on the way. The grant carries the client's last revocation, before
     * which its new token must not be dated.
     */
    public Optional<Grant> authenticate(String clientId, String secret) {
        if (clientId == null || secret == null) {
            return Optional.empty();
        }
        record Row(String hash, boolean active, Grant grant) {}
        Optional<Row> row = jdbi.withHandle(h -> h.createQuery("""
                        SELECT c.secret_hash, c.active, a.claim_set, c.instances, v.namespace_prefixes, a.education_organization_ids,
                            r.tokens_revoked_before, a.id AS application_id
                        FROM dms_security.api_client c
                        JOIN dms_security.application a ON a.id = c.application
                        JOIN dms_security.vendor v ON v.name = a.vendor
                        LEFT JOIN dms_security.client_revocation r ON r.client_id = c.client_id
                        WHERE c.client_id = :id""")
                .bind("id", clientId)
                .map((rs, ctx) -> new Row(rs.getString("secret_hash"), rs.getBoolean("active"), new Grant(clientId, rs.getString("claim_set"),
                        instances(rs), strings(rs, "namespace_prefixes"), longs(rs, "education_organization_ids"),
                        rs.getObject("tokens_revoked_before") == null ? Instant.EPOCH : instant(rs, "tokens_revoked_before"),
                        ownershipToken(rs.getLong("application_id")))))
                .findOne());
        if (row.isEmpty()) {
            hasher.verify(secret, decoyHash());
            return Optional.empty();
        }
        if (!hasher.verify(secret, row.get().hash()) || !row.get().active()) {
            return Optional.empty();
        }
        if (hasher.needsRehash(row.get().hash())) {
            rehash(clientId, row.get().hash(), secret);
        }
        return Optional.of(row.get().grant());
    }

    /**
     * The creator ownership token of an application's clients (OwnershipBased authorization): its id,
     * as text. Clients of one application share it, as they act for the same product, and it is
     * stable for as long as the application exists, whatever happens to its clients and secrets; an
     * id is never given again, so a new application never owns an old one's documents.
     */
    static String ownershipToken(long applicationId) {
        return Long.toString(applicationId);
    }

    /**
     * Makes the registry hold a client of this id and secret (a development client the operator
     * configured), with its vendor and application: each is created when missing and brought to the
     * given definition when it differs, since the operator's settings say what it is. An existing
     * client whose secret is another gets the hash of this one, and its tokens are revoked as by a
     * secret reset; it is made active.
     *
     * @throws InvalidRegistrationException a field breaks the rules, or the application is not the vendor's
     */
    public ApiClient ensureClient(String clientId, String secret, NewVendor vendorRequest, NewApplication applicationRequest,
            List<InstanceId> instances) {
        RegistrationRules.clientId(clientId);
        RegistrationRules.secret(secret);
        NewVendor vendor = rules.vendor(vendorRequest);
        NewApplication application = rules.application(applicationRequest);
        if (!application.vendor().equals(vendor.name())) {
            throw new InvalidRegistrationException("$.vendor", "the application belongs to vendor " + application.vendor() + ", not " + vendor.name());
        }
        NewClient client = rules.client(new NewClient(vendor.name(), application.name(), instances));
        Optional<String> stored = jdbi.withHandle(h -> h.createQuery("SELECT secret_hash FROM dms_security.api_client WHERE client_id = :id")
                .bind("id", clientId).mapTo(String.class).findOne());
        // Hash outside the transaction (it is slow), and only when the stored hash does not already fit.
        boolean sameSecret = stored.isPresent() && hasher.verify(secret, stored.get());
        Optional<String> newHash = sameSecret && !hasher.needsRehash(stored.get()) ? Optional.empty() : Optional.of(hasher.hash(secret));
        return jdbi.inTransaction(h -> {
            h.createUpdate("""
                    INSERT INTO dms_security.vendor (name, namespace_prefixes) VALUES (:name, :prefixes)
                    ON CONFLICT (name) DO UPDATE SET namespace_prefixes = EXCLUDED.namespace_prefixes""")
                    .bind("name", vendor.name()).bindArray("prefixes", String.class, vendor.namespacePrefixes()).execute();
            long applicationId = h.createQuery("""
                    INSERT INTO dms_security.application (vendor, name, claim_set, education_organization_ids)
                    VALUES (:vendor, :name, :claimSet, :edorgs)
                    ON CONFLICT (vendor, name) DO UPDATE SET claim_set = EXCLUDED.claim_set,
                        education_organization_ids = EXCLUDED.education_organization_ids
                    RETURNING id""")
                    .bind("vendor", application.vendor()).bind("name", application.name()).bind("claimSet", application.claimSet())
                    .bindArray("edorgs", Long.class, application.educationOrganizationIds())
                    .mapTo(Long.class).one();
            h.createUpdate("""
                    INSERT INTO dms_security.api_client (client_id, secret_hash, application, instances)
                    VALUES (:id, :hash, :application, :instances)
                    ON CONFLICT (client_id) DO UPDATE SET secret_hash = COALESCE(:newHash, dms_security.api_client.secret_hash),
                        application = EXCLUDED.application, instances = EXCLUDED.instances, active = true""")
                    .bind("id", clientId)
                    .bind("hash", newHash.orElseGet(stored::orElseThrow))
                    .bind("newHash", newHash.orElse(null))
                    .bind("application", applicationId)
                    .bindArray("instances", String.class, texts(client.instances()))
                    .execute();
            if (stored.isPresent() && !sameSecret) {
                ClientRevocations.revoke(h, clientId);
            }
            return client(h, clientId).orElseThrow();
        });
    }

    // ---- helpers ---------------------------------------------------------------------------

    private String decoyHash() {
        String decoy = decoyHash;
        if (decoy == null) {
            decoy = hasher.hash(hasher.newSecret());
            decoyHash = decoy;
        }
        return decoy;
    }

    /** Stores the hash of a known-good secret at the current cost, unless the secret was changed meanwhile. */
    private void rehash(String clientId, String oldHash, String secret) {
        try {
            String hash = hasher.hash(secret);
            jdbi.useHandle(h -> h.createUpdate("UPDATE dms_security.api_client SET secret_hash = :hash WHERE client_id = :id AND secret_hash = :old")
                    .bind("hash", hash).bind("id", clientId).bind("old", oldHash).execute());
        } catch (RuntimeException e) {
            LOG.warn("Could not store the new hash of client {}'s secret: {}", clientId, e.getMessage());
        }
    }

    private static void requireVendor(Handle h, String vendor) {
        if (vendor(h, vendor).isEmpty()) {
            throw new RegistrationNotFoundException("no vendor " + vendor);
        }
    }

    static RegistrationNotFoundException notFound(String clientId) {
        return new RegistrationNotFoundException("no client " + clientId);
    }

    private static List<String> texts(List<InstanceId> instances) {
        return instances.stream().map(TokenClaims::instanceText).toList();
    }

    private static Vendor vendorRow(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Vendor(rs.getString("name"), strings(rs, "namespace_prefixes"), instant(rs, "created_at"));
    }

    private static Application applicationRow(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Application(rs.getLong("id"), rs.getString("vendor"), rs.getString("name"), rs.getString("claim_set"),
                longs(rs, "education_organization_ids"), instant(rs, "created_at"));
    }

    private static ApiClient clientRow(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ApiClient(rs.getString("client_id"), rs.getLong("application_id"), rs.getString("vendor"), rs.getString("application"),
                instances(rs), instant(rs, "created_at"), rs.getBoolean("active"));
    }

    private static List<InstanceId> instances(ResultSet rs) throws SQLException {
        return strings(rs, "instances").stream().map(TokenClaims::instance).toList();
    }

    private static List<String> strings(ResultSet rs, String column) throws SQLException {
        return Arrays.asList((String[]) rs.getArray(column).getArray());
    }

    private static List<Long> longs(ResultSet rs, String column) throws SQLException {
        return Arrays.asList((Long[]) rs.getArray(column).getArray());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
