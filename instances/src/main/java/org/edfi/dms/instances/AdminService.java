package org.edfi.dms.instances;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.contracts.Registration;
import org.edfi.dms.http.Reply;
import org.edfi.dms.http.Requests;
import org.edfi.dms.http.Responses;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP API over tenants and instances, declared in one place under {@code /admin}
 * (docs/instances.md). Each operation first records the state it is entering, then has the
 * {@link InstanceLifecycle} do the work, then records the outcome; a failure or crash in between
 * leaves the state saying what is unfinished, and the same request finishes it.
 */
public final class AdminService implements HttpService {

    private static final Logger LOG = LoggerFactory.getLogger(AdminService.class);

    private final InstanceRegistry registry;
    private final InstanceLifecycle lifecycle;
    private final InstanceRules rules;
    private final Runnable changed;

    public AdminService(InstanceRegistry registry, InstanceLifecycle lifecycle, InstanceRules rules) {
        this(registry, lifecycle, rules, () -> {});
    }

    /**
     * @param changed called after each instance operation that succeeded, before it is answered: the
     *     node reads the registry again, so that what the answer announces already routes there
     */
    public AdminService(InstanceRegistry registry, InstanceLifecycle lifecycle, InstanceRules rules, Runnable changed) {
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.rules = rules;
        this.changed = changed;
    }

    @Override
    public void routing(HttpRules http) {
        http.post("/admin/tenants", operation(req -> createTenant(Requests.body(req))))
                .get("/admin/tenants", operation(req -> listTenants()))
                .post("/admin/instances", operation(req -> announced(createInstance(Requests.body(req)))))
                .get("/admin/instances", operation(req -> listInstances(Requests.query(req, "tenant"))))
                .get("/admin/instances/{tenant}/{name}", operation(req -> show(id(req))))
                .delete("/admin/instances/{tenant}/{name}", operation(req -> announced(delete(id(req)))))
                .post("/admin/instances/{tenant}/{name}/purge", operation(req -> announced(purge(id(req)))));
        Responses.notAllowed(http, "/admin/tenants", List.of(Method.GET, Method.POST));
        Responses.notAllowed(http, "/admin/instances", List.of(Method.GET, Method.POST));
        Responses.notAllowed(http, "/admin/instances/{tenant}/{name}", List.of(Method.GET, Method.DELETE));
        Responses.notAllowed(http, "/admin/instances/{tenant}/{name}/purge", List.of(Method.POST));
    }

    // ---- operations ------------------------------------------------------------------------

    private Reply createTenant(byte[] body) {
        Registration<Tenant> tenant = registry.createTenant(AdminJson.tenantName(body));
        return Reply.of(tenant.created() ? 201 : 200, AdminJson.tenant(tenant.value()));
    }

    private Reply listTenants() {
        return Reply.of(200, AdminJson.list(registry.tenants(), AdminJson::tenant));
    }

    /**
     * Registers the instance, then provisions it unless it is already ready. 201 when this request
     * made it ready (a new instance, or the retry of one whose provisioning stopped halfway), 200
     * when it already was.
     */
    @SuppressWarnings("try") // the lock is held by the try block, not used in it
    private Reply createInstance(byte[] body) {
        Registration<Instance> registered = registry.register(AdminJson.newInstance(body), rules);
        InstanceId id = registered.value().id();
        String location = "/admin/instances/" + id.tenant() + "/" + id.instance();
        if (registered.value().ready()) {
            return new Reply(200, AdminJson.instance(registered.value()), Optional.of(location), false);
        }
        try (InstanceLock lock = lock(id)) {
            // Read again under the lock: another request may have finished or moved it meanwhile.
            Instance instance = registry.find(id).orElseThrow(() -> InstanceRegistry.notFound(id));
            if (instance.ready()) {
                return new Reply(200, AdminJson.instance(instance), Optional.of(location), false);
            }
            if (instance.state() != InstanceState.PROVISIONING) {
                throw new InstanceConflictException(InstanceConflictException.Kind.STATE, "instance " + InstanceRegistry.describe(id)
                        + " is " + instance.state().label() + "; repeat the " + (instance.state() == InstanceState.PURGING ? "purge" : "delete")
                        + " to finish it first");
            }
            step("provisioning", instance, () -> lifecycle.provision(instance));
            Instance ready = registry.transition(id, Set.of(InstanceState.PROVISIONING), InstanceState.READY);
            return Reply.created(AdminJson.instance(ready), location);
        }
    }

    private Reply announced(Reply reply) {
        changed.run();
        return reply;
    }

    private Reply listInstances(Optional<String> tenant) {
        if (tenant.isEmpty()) {
            return Reply.of(200, AdminJson.list(registry.instances(), AdminJson::instance));
        }
        if (registry.tenant(tenant.get()).isEmpty()) {
            throw new InstanceNotFoundException("no tenant " + tenant.get());
        }
        return Reply.of(200, AdminJson.list(registry.instances(tenant.get()), AdminJson::instance));
    }

    private Reply show(InstanceId id) {
        return Reply.of(200, AdminJson.instance(existing(id)));
    }

    /** Empties a ready instance (or finishes a purge that stopped halfway); it is ready again after. */
    @SuppressWarnings("try") // the lock is held by the try block, not used in it
    private Reply purge(InstanceId id) {
        existing(id);
        try (InstanceLock lock = lock(id)) {
            Instance purging = registry.transition(id, Set.of(InstanceState.READY), InstanceState.PURGING);
            step("purging", purging, () -> {
                lifecycle.purge(purging);
                return purging;
            });
            return Reply.of(200, AdminJson.instance(registry.transition(id, Set.of(InstanceState.PURGING), InstanceState.READY)));
        }
    }

    /** Removes an instance in any state (a half-provisioned one too), then its record. */
    @SuppressWarnings("try") // the lock is held by the try block, not used in it
    private Reply delete(InstanceId id) {
        existing(id);
        try (InstanceLock lock = lock(id)) {
            Instance deleting = registry.transition(id, Set.of(InstanceState.values()), InstanceState.DELETING);
            step("deleting", deleting, () -> {
                lifecycle.remove(deleting);
                return deleting;
            });
            registry.delete(id);
            return Reply.of(204, null);
        }
    }

    /**
     * Runs a lifecycle step. Whatever it fails with (a lifecycle's own message, or anything a
     * client library threw) becomes a 503 that says the instance was left in its state and how to finish.
     */
    private static Instance step(String operation, Instance instance, Supplier<Instance> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            String cause = e instanceof InstanceOperationException ? e.getMessage() : e.toString();
            throw new InstanceOperationException(operation + " instance " + InstanceRegistry.describe(instance.id()) + " failed: " + cause
                    + "; it stays " + instance.state().label() + ": repeat the request to finish", e);
        }
    }

    private Instance existing(InstanceId id) {
        return registry.find(id).orElseThrow(() -> registry.tenant(id.tenant()).isPresent()
                ? InstanceRegistry.notFound(id)
                : new InstanceNotFoundException("no tenant " + id.tenant()));
    }

    private InstanceLock lock(InstanceId id) {
        return registry.tryLock(id).orElseThrow(() -> new InstanceConflictException(InstanceConflictException.Kind.STATE,
                "another operation on instance " + InstanceRegistry.describe(id) + " is under way; repeat the request when it is done"));
    }

    // ---- HTTP ------------------------------------------------------------------------------

    private static Handler operation(Function<ServerRequest, Reply> operation) {
        return Responses.replying(operation, AdminService::refusal);
    }

    /** What the API answers a failed operation with; empty for a bug. */
    private static Optional<Problem> refusal(RuntimeException e) {
        return Optional.ofNullable(switch (e) {
            case InvalidInstanceException invalid when invalid.path().equals(AdminJson.BODY) -> Problem.badRequest(invalid.getMessage());
            case InvalidInstanceException invalid -> Problem.dataValidation(Map.of(invalid.path(), List.of(invalid.getMessage())));
            case InstanceNotFoundException notFound -> Problem.notFound(capitalized(notFound.getMessage()) + ".");
            case InstanceConflictException conflict when conflict.kind() == InstanceConflictException.Kind.IDENTITY ->
                    Problem.identityConflict(List.of(conflict.getMessage()));
            case InstanceConflictException conflict -> Problem.conflict(conflict.getMessage());
            case InstanceOperationException failed -> {
                LOG.warn("Instance operation failed: {}", failed.getMessage(), failed);
                yield Problem.serviceUnavailable(failed.getMessage());
            }
            case JdbiException store -> {
                LOG.warn("The configuration store failed", store);
                yield Problem.serviceUnavailable("the configuration store is unavailable: " + store.getMessage());
            }
            default -> null;
        });
    }

    private static InstanceId id(ServerRequest req) {
        String tenant = req.path().pathParameters().get("tenant");
        String name = req.path().pathParameters().get("name");
        try {
            return new InstanceId(tenant, name);
        } catch (IllegalArgumentException e) {
            // No instance can have a name that breaks the rules, so it is one that does not exist.
            throw new InstanceNotFoundException("no instance " + tenant + "/" + name);
        }
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
