package org.edfi.dms.instances;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.InstanceStore;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.contracts.Registration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The configuration store of tenants and instances, in the {@code dms_config} schema of its own
 * PostgreSQL database. Every mutation is one transaction that first locks the registry's version
 * row and ends by raising it: mutations therefore happen one at a time (admin operations are rare,
 * and this keeps "is the name or context taken" and "which server is emptiest" free of races), and
 * a node learns that something changed by reading one number ({@link #registryVersion()}).
 * Creating what exists returns it, so every call is safe to repeat. The tables are made by
 * {@link RegistrySchema}.
 */
public final class InstanceRegistry {

    /** The name of the configuration database, where the deployment does not choose another. */
    public static final String DATABASE = "dms_config";

    /** The first key of the per-instance advisory locks ("dmsi" in ASCII); the second is a hash of the instance id. */
    static final int LOCK_CLASS = 0x646d7369;

    private static final String INSTANCE_COLUMNS =
            "tenant, name, context::text AS context, context_keys, server, mode, state, created_at, updated_at";
    private static final TypeReference<Map<String, String>> CONTEXT = new TypeReference<>() {};

    private final Jdbi jdbi;

    public InstanceRegistry(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    // ---- changes ---------------------------------------------------------------------------

    /** A number that grows with every change to tenants or instances; nodes poll it to know when to reload. */
    public long registryVersion() {
        return jdbi.withHandle(h -> h.createQuery("SELECT version FROM dms_config.registry_version").mapTo(Long.class).one());
    }

    public boolean changedSince(long version) {
        return registryVersion() > version;
    }

    /** Everything, consistently: the version and the tenants and instances it stands for. */
    public RegistrySnapshot snapshot() {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> new RegistrySnapshot(
                h.createQuery("SELECT version FROM dms_config.registry_version").mapTo(Long.class).one(),
                tenants(h),
                h.createQuery("SELECT " + INSTANCE_COLUMNS + " FROM dms_config.instance ORDER BY tenant, name")
                        .map(InstanceRegistry::instance).list()));
    }

    // ---- tenants ---------------------------------------------------------------------------

    /** Creates a tenant, or finds the one of that name. */
    public Registration<Tenant> createTenant(String name) {
        Names.tenant(name, "$.name");
        return jdbi.inTransaction(h -> {
            lockRegistry(h);
            Optional<Tenant> existing = tenant(h, name);
            if (existing.isPresent()) {
                return new Registration<>(existing.get(), false);
            }
            h.createUpdate("INSERT INTO dms_config.tenant (name) VALUES (:name)").bind("name", name).execute();
            bump(h);
            return new Registration<>(tenant(h, name).orElseThrow(), true);
        });
    }

    public List<Tenant> tenants() {
        return jdbi.withHandle(InstanceRegistry::tenants);
    }

    public Optional<Tenant> tenant(String name) {
        return jdbi.withHandle(h -> tenant(h, name));
    }

    private static List<Tenant> tenants(Handle h) {
        return h.createQuery("SELECT name, created_at FROM dms_config.tenant ORDER BY name").map(InstanceRegistry::tenant).list();
    }

    private static Optional<Tenant> tenant(Handle h, String name) {
        return h.createQuery("SELECT name, created_at FROM dms_config.tenant WHERE name = :name")
                .bind("name", name).map(InstanceRegistry::tenant).findOne();
    }

    // ---- instances -------------------------------------------------------------------------

    /**
     * Registers a new instance in state {@link InstanceState#PROVISIONING}, creating its tenant when
     * missing, and placing it on a server when the request names none. An instance of the same
     * tenant and name is returned as it is (in whatever state) when the request agrees with it.
     *
     * @throws InvalidInstanceException   a name, context value or server breaks the rules
     * @throws InstanceConflictException  ({@code IDENTITY}) the name exists with another context,
     *                                    server or mode, or another instance of the tenant has this context
     */
    public Registration<Instance> register(NewInstance request, InstanceRules rules) {
        NewInstance checked = rules.check(request);
        InstanceId id = checked.id();
        return jdbi.inTransaction(h -> {
            lockRegistry(h);
            Optional<Instance> existing = find(h, id);
            if (existing.isPresent()) {
                requireSameDefinition(existing.get(), checked);
                return new Registration<>(existing.get(), false);
            }
            Optional<Instance> sameContext = find(h, id.tenant(), checked.context());
            if (sameContext.isPresent()) {
                throw new InstanceConflictException(InstanceConflictException.Kind.IDENTITY, "instance " + describe(sameContext.get().id())
                        + " of tenant " + id.tenant() + " already has the context " + checked.context());
            }
            String server = rules.place(checked.server(), instancesByServer(h));
            requireOwnStore(h, id, checked.modeOrDefault().store(id), server);
            h.createUpdate("INSERT INTO dms_config.tenant (name) VALUES (:tenant) ON CONFLICT DO NOTHING").bind("tenant", id.tenant()).execute();
            long version = bump(h);
            h.createUpdate("""
                    INSERT INTO dms_config.instance (tenant, name, context, context_keys, server, mode, state, version)
                    VALUES (:tenant, :name, CAST(:context AS jsonb), :keys, :server, :mode, :state, :version)""")
                    .bind("tenant", id.tenant())
                    .bind("name", id.instance())
                    .bind("context", MessageCodec.encodeToString(checked.context()))
                    .bindArray("keys", String.class, List.copyOf(checked.context().keySet()))
                    .bind("server", server)
                    .bind("mode", checked.modeOrDefault().label())
                    .bind("state", InstanceState.PROVISIONING.label())
                    .bind("version", version)
                    .execute();
            return new Registration<>(find(h, id).orElseThrow(), true);
        });
    }

    /**
     * Refuses a store PostgreSQL would cut short, or one another instance on the server already has:
     * {@code a-b/c} and {@code a/b-c} would both be database {@code dms_a_b_c}.
     */
    private void requireOwnStore(Handle h, InstanceId id, InstanceStore store, String server) {
        String tooLong = store.tooLong();
        if (tooLong != null) {
            throw new InvalidInstanceException("$.name", "the instance's store name " + tooLong + "; choose a shorter tenant or instance name");
        }
        for (Instance other : h.createQuery("SELECT " + INSTANCE_COLUMNS + " FROM dms_config.instance WHERE server = :server")
                .bind("server", server).map(InstanceRegistry::instance).list()) {
            if (other.store().equals(store)) {
                throw new InstanceConflictException(InstanceConflictException.Kind.IDENTITY, "instance " + describe(id)
                        + " would be stored where instance " + describe(other.id()) + " is (database " + store.database()
                        + ", schema " + store.schema() + "); choose another name");
            }
        }
    }

    private static void requireSameDefinition(Instance existing, NewInstance request) {
        List<String> differences = new ArrayList<>();
        if (!existing.context().equals(request.context())) {
            differences.add("context " + existing.context() + ", not " + request.context());
        }
        request.server().filter(s -> !s.equals(existing.server())).ifPresent(s -> differences.add("server " + existing.server() + ", not " + s));
        request.mode().filter(m -> m != existing.mode()).ifPresent(m -> differences.add("mode " + existing.mode().label() + ", not " + m.label()));
        if (!differences.isEmpty()) {
            throw new InstanceConflictException(InstanceConflictException.Kind.IDENTITY, "instance " + describe(existing.id())
                    + " exists with " + String.join("; ", differences));
        }
    }

    public List<Instance> instances() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + INSTANCE_COLUMNS + " FROM dms_config.instance ORDER BY tenant, name")
                .map(InstanceRegistry::instance).list());
    }

    /** The instances of one tenant, by name. */
    public List<Instance> instances(String tenant) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + INSTANCE_COLUMNS + " FROM dms_config.instance WHERE tenant = :tenant ORDER BY name")
                .bind("tenant", tenant).map(InstanceRegistry::instance).list());
    }

    public Optional<Instance> find(InstanceId id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    /** The instance of a tenant with exactly this context (the order of its keys does not matter). */
    public Optional<Instance> find(String tenant, Map<String, String> context) {
        return jdbi.withHandle(h -> find(h, tenant, context));
    }

    private static Optional<Instance> find(Handle h, InstanceId id) {
        return h.createQuery("SELECT " + INSTANCE_COLUMNS + " FROM dms_config.instance WHERE tenant = :tenant AND name = :name")
                .bind("tenant", id.tenant()).bind("name", id.instance()).map(InstanceRegistry::instance).findOne();
    }

    private static Optional<Instance> find(Handle h, String tenant, Map<String, String> context) {
        return h.createQuery("SELECT " + INSTANCE_COLUMNS + " FROM dms_config.instance WHERE tenant = :tenant AND context = CAST(:context AS jsonb)")
                .bind("tenant", tenant).bind("context", MessageCodec.encodeToString(context)).map(InstanceRegistry::instance).findOne();
    }

    private static Map<String, Integer> instancesByServer(Handle h) {
        Map<String, Integer> counts = new HashMap<>();
        h.createQuery("SELECT server, count(*) AS n FROM dms_config.instance GROUP BY server")
                .map((rs, ctx) -> counts.put(rs.getString("server"), rs.getInt("n"))).list();
        return counts;
    }

    /**
     * Moves an instance to {@code to} when it is in one of {@code from} (staying in {@code to} counts).
     *
     * @throws InstanceNotFoundException  no such instance
     * @throws InstanceConflictException  ({@code STATE}) it is in another state
     */
    public Instance transition(InstanceId id, Set<InstanceState> from, InstanceState to) {
        return jdbi.inTransaction(h -> {
            lockRegistry(h);
            Instance current = find(h, id).orElseThrow(() -> notFound(id));
            if (current.state() == to) {
                return current;
            }
            if (!from.contains(current.state())) {
                throw new InstanceConflictException(InstanceConflictException.Kind.STATE, "instance " + describe(id) + " is "
                        + current.state().label() + ", so it cannot become " + to.label());
            }
            long version = bump(h);
            Instant at = h.createQuery("""
                    UPDATE dms_config.instance SET state = :state, updated_at = now(), version = :version
                    WHERE tenant = :tenant AND name = :name RETURNING updated_at""")
                    .bind("state", to.label()).bind("version", version)
                    .bind("tenant", id.tenant()).bind("name", id.instance())
                    .map((rs, ctx) -> instant(rs, "updated_at")).one();
            return current.withState(to, at);
        });
    }

    /** Deletes an instance's record (after its lifecycle removed everything it had); false when there was none. */
    public boolean delete(InstanceId id) {
        return jdbi.inTransaction(h -> {
            lockRegistry(h);
            int deleted = h.createUpdate("DELETE FROM dms_config.instance WHERE tenant = :tenant AND name = :name")
                    .bind("tenant", id.tenant()).bind("name", id.instance()).execute();
            if (deleted > 0) {
                bump(h);
            }
            return deleted > 0;
        });
    }

    /** The instance's operation lock, or empty when another session holds it. Close it when done. */
    public Optional<InstanceLock> tryLock(InstanceId id) {
        Handle handle = jdbi.open();
        try {
            boolean locked = handle.createQuery("SELECT pg_try_advisory_lock(" + LOCK_CLASS + ", hashtext(:id))")
                    .bind("id", id.toString()).mapTo(Boolean.class).one();
            if (locked) {
                return Optional.of(new InstanceLock(handle, id));
            }
        } catch (RuntimeException e) {
            handle.close();
            throw e;
        }
        handle.close();
        return Optional.empty();
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static void lockRegistry(Handle h) {
        h.createQuery("SELECT version FROM dms_config.registry_version FOR UPDATE").mapTo(Long.class).one();
    }

    private static long bump(Handle h) {
        return h.createQuery("UPDATE dms_config.registry_version SET version = version + 1 RETURNING version").mapTo(Long.class).one();
    }

    static InstanceNotFoundException notFound(InstanceId id) {
        return new InstanceNotFoundException("no instance " + describe(id));
    }

    /** An instance as the admin API and the command line name it: {@code tenant/name}. */
    static String describe(InstanceId id) {
        return id.tenant() + "/" + id.instance();
    }

    private static Tenant tenant(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Tenant(rs.getString("name"), instant(rs, "created_at"));
    }

    private static Instance instance(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Instance(
                new InstanceId(rs.getString("tenant"), rs.getString("name")),
                context(rs.getString("context"), rs.getArray("context_keys")),
                rs.getString("server"),
                StoreMode.of(rs.getString("mode"), "mode"),
                InstanceState.of(rs.getString("state")),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    /** The context in the order it was given: jsonb keeps the values, context_keys the order. */
    private static Map<String, String> context(String json, Array keys) throws SQLException {
        Map<String, String> values;
        try {
            values = MessageCodec.MAPPER.readValue(json, CONTEXT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An instance's context is not a JSON object of strings: " + json, e);
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        for (Object key : (Object[]) keys.getArray()) {
            ordered.put((String) key, values.get((String) key));
        }
        return ordered;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
