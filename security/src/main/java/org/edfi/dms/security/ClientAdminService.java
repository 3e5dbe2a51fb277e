package org.edfi.dms.security;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.contracts.Registration;
import org.edfi.dms.http.Reply;
import org.edfi.dms.http.Requests;
import org.edfi.dms.http.Responses;
import org.edfi.dms.schema.profile.Profile;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP API over vendors, applications, API clients and signing keys, declared in one
 * place under {@code /admin} (docs/security.md). Answers that carry a client secret are the only
 * place the secret ever appears, and are marked not to be cached.
 */
public final class ClientAdminService implements HttpService {

    private static final Logger LOG = LoggerFactory.getLogger(ClientAdminService.class);

    private final ClientRegistry clients;
    private final SigningKeys keys;
    private final ClaimSetCatalog claimSets;
    private final Optional<ProfileCatalog> profiles;

    /** Without profiles: their routes are not served. */
    public ClientAdminService(ClientRegistry clients, SigningKeys keys, ClaimSetCatalog claimSets) {
        this(clients, keys, claimSets, Optional.empty());
    }

    public ClientAdminService(ClientRegistry clients, SigningKeys keys, ClaimSetCatalog claimSets, ProfileCatalog profiles) {
        this(clients, keys, claimSets, Optional.of(profiles));
    }

    private ClientAdminService(ClientRegistry clients, SigningKeys keys, ClaimSetCatalog claimSets, Optional<ProfileCatalog> profiles) {
        this.clients = clients;
        this.keys = keys;
        this.claimSets = claimSets;
        this.profiles = profiles;
    }

    @Override
    public void routing(HttpRules http) {
        http.post("/admin/vendors", operation(req -> createVendor(Requests.body(req))))
                .get("/admin/vendors", operation(req -> listVendors()))
                .post("/admin/applications", operation(req -> createApplication(Requests.body(req))))
                .get("/admin/applications", operation(req -> listApplications(Requests.query(req, "vendor"))))
                .post("/admin/clients", operation(req -> createClient(Requests.body(req))))
                .get("/admin/clients", operation(req -> listClients(Requests.query(req, "vendor"))))
                .get("/admin/clients/{clientId}", operation(req -> showClient(clientId(req))))
                .delete("/admin/clients/{clientId}", operation(req -> deleteClient(clientId(req))))
                .post("/admin/clients/{clientId}/secret", operation(req -> resetSecret(clientId(req))))
                .post("/admin/keys/rotate", operation(req -> rotateKeys()))
                .get("/admin/claimSets", operation(req -> listClaimSets()))
                .post("/admin/claimSets/import", operation(req -> importClaimSet(Requests.body(req))))
                .post("/admin/claimSets/copy", operation(req -> copyClaimSet(Requests.body(req))))
                .get("/admin/claimSets/{name}", operation(req -> exportClaimSet(claimSetName(req))))
                .delete("/admin/claimSets/{name}", operation(req -> deleteClaimSet(claimSetName(req))));
        if (profiles.isPresent()) {
            http.post("/admin/profiles", operation(req -> importProfiles(Requests.body(req))))
                    .get("/admin/profiles", operation(req -> listProfiles()))
                    .get("/admin/profiles/{name}", operation(req -> showProfile(profileName(req))))
                    .delete("/admin/profiles/{name}", operation(req -> deleteProfile(profileName(req))))
                    .put("/admin/applications/{id}/profiles", operation(req -> assignProfiles(applicationId(req), Requests.body(req))));
            Responses.notAllowed(http, "/admin/profiles", List.of(Method.GET, Method.POST));
            Responses.notAllowed(http, "/admin/profiles/{name}", List.of(Method.GET, Method.DELETE));
            Responses.notAllowed(http, "/admin/applications/{id}/profiles", List.of(Method.PUT));
        }
        Responses.notAllowed(http, "/admin/vendors", List.of(Method.GET, Method.POST));
        Responses.notAllowed(http, "/admin/applications", List.of(Method.GET, Method.POST));
        Responses.notAllowed(http, "/admin/clients", List.of(Method.GET, Method.POST));
        Responses.notAllowed(http, "/admin/clients/{clientId}", List.of(Method.GET, Method.DELETE));
        Responses.notAllowed(http, "/admin/clients/{clientId}/secret", List.of(Method.POST));
        Responses.notAllowed(http, "/admin/keys/rotate", List.of(Method.POST));
        Responses.notAllowed(http, "/admin/claimSets", List.of(Method.GET));
        Responses.notAllowed(http, "/admin/claimSets/import", List.of(Method.POST));
        Responses.notAllowed(http, "/admin/claimSets/copy", List.of(Method.POST));
        Responses.notAllowed(http, "/admin/claimSets/{name}", List.of(Method.GET, Method.DELETE));
    }

    // ---- operations ------------------------------------------------------------------------

    private Reply createVendor(byte[] body) {
        Registration<Vendor> vendor = clients.createVendor(ClientAdminJson.newVendor(body));
        return Reply.of(vendor.created() ? 201 : 200, ClientAdminJson.vendor(vendor.value()));
    }

    private Reply listVendors() {
        return Reply.of(200, ClientAdminJson.list(clients.vendors(), ClientAdminJson::vendor));
    }

    /**
     * An application, and its profiles when the body names them: assigned to a new application; an
     * existing one assigned others is a conflict, as another claim set is.
     */
    private Reply createApplication(byte[] body) {
        ClientAdminJson.ApplicationRequest request = ClientAdminJson.applicationRequest(body);
        List<String> names = request.profiles().isEmpty() ? List.of() : profileCatalog().canonical(request.profiles(), "$.profiles");
        Registration<Application> application = clients.createApplication(request.application());
        long id = application.value().id();
        if (application.created() && !names.isEmpty()) {
            profileCatalog().assign(id, names, "$.profiles");
        } else if (!application.created() && !request.profiles().isEmpty()
                && !new HashSet<>(assignedProfiles(id)).equals(new HashSet<>(names))) {
            throw new RegistrationConflictException("application " + application.value().name() + " of vendor " + application.value().vendor()
                    + " exists with profiles " + assignedProfiles(id) + ", not " + names);
        }
        return Reply.of(application.created() ? 201 : 200, ClientAdminJson.application(application.value(), assignedProfiles(id)));
    }

    private Reply listApplications(Optional<String> vendor) {
        List<Application> applications = vendor.map(clients::applications).orElseGet(clients::applications);
        return Reply.of(200, ClientAdminJson.list(applications, a -> ClientAdminJson.application(a, assignedProfiles(a.id()))));
    }

    private List<String> assignedProfiles(long application) {
        return profiles.map(p -> p.assignedTo(application)).orElse(List.of());
    }

    private ProfileCatalog profileCatalog() {
        return profiles.orElseThrow(() -> new InvalidRegistrationException("$.profiles", "this server takes no profiles"));
    }

    // ---- profiles --------------------------------------------------------------------------

    private Reply importProfiles(byte[] xml) {
        List<Registration<Profile>> imported = profileCatalog().importXml(xml);
        ArrayNode body = ClientAdminJson.list(imported,
                r -> ClientAdminJson.profile(r.value(), List.of(), false).put("created", r.created()));
        boolean created = imported.stream().anyMatch(Registration::created);
        Optional<String> location = imported.size() == 1 ? Optional.of("/admin/profiles/" + encoded(imported.getFirst().value().name())) : Optional.empty();
        return new Reply(created ? 201 : 200, body, location, false);
    }

    private Reply listProfiles() {
        return Reply.of(200, ClientAdminJson.list(List.copyOf(profileCatalog().profiles()), this::profileSummary));
    }

    private ObjectNode profileSummary(Profile profile) {
        return ClientAdminJson.profile(profile, applicationsOf(profile), false);
    }

    private List<String> applicationsOf(Profile profile) {
        return clients.applications().stream().filter(a -> assignedProfiles(a.id()).contains(profile.name()))
                .map(a -> a.vendor() + "/" + a.name()).toList();
    }

    private Reply showProfile(String name) {
        Profile profile = profileCatalog().find(name).orElseThrow(() -> ProfileCatalog.notFound(name));
        return Reply.of(200, ClientAdminJson.profile(profile, applicationsOf(profile), true));
    }

    private Reply deleteProfile(String name) {
        profileCatalog().delete(name);
        return Reply.of(204, null);
    }

    private Reply assignProfiles(long applicationId, byte[] body) {
        Application application = clients.applications().stream().filter(a -> a.id() == applicationId).findFirst()
                .orElseThrow(() -> new RegistrationNotFoundException("no application " + applicationId));
        List<String> assigned = profileCatalog().assign(applicationId, ClientAdminJson.profiles(body), "$.profiles");
        return Reply.of(200, ClientAdminJson.application(application, assigned));
    }

    private static long applicationId(ServerRequest req) {
        try {
            return Long.parseLong(req.path().pathParameters().get("id"));
        } catch (NumberFormatException e) {
            throw new RegistrationNotFoundException("no application " + req.path().pathParameters().get("id"));
        }
    }

    private static String profileName(ServerRequest req) {
        return req.path().pathParameters().get("name");
    }

    private static String encoded(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Reply createClient(byte[] body) {
        IssuedCredentials credentials = clients.createClient(ClientAdminJson.newClient(body));
        return new Reply(201, ClientAdminJson.credentials(credentials), Optional.of("/admin/clients/" + credentials.client().clientId()), true);
    }

    private Reply listClients(Optional<String> vendor) {
        List<ApiClient> list = vendor.map(clients::clients).orElseGet(clients::clients);
        return Reply.of(200, ClientAdminJson.list(list, ClientAdminJson::client));
    }

    private Reply showClient(String clientId) {
        return Reply.of(200, ClientAdminJson.client(clients.client(clientId).orElseThrow(() -> ClientRegistry.notFound(clientId))));
    }

    private Reply deleteClient(String clientId) {
        if (!clients.deleteClient(clientId)) {
            throw ClientRegistry.notFound(clientId);
        }
        return Reply.of(204, null);
    }

    private Reply resetSecret(String clientId) {
        return new Reply(200, ClientAdminJson.credentials(clients.resetSecret(clientId)), Optional.empty(), true);
    }

    private Reply rotateKeys() {
        keys.rotate();
        return Reply.of(200, ClientAdminJson.keys(keys));
    }

    private Reply listClaimSets() {
        return Reply.of(200, ClientAdminJson.list(claimSets.get().claimSets(), ClientAdminJson::claimSet));
    }

    private Reply importClaimSet(byte[] body) {
        Registration<ClaimSetDefinition> imported = claimSets.importClaimSet(ClaimSetJson.read(body));
        return new Reply(imported.created() ? 201 : 200, ClaimSetJson.export(imported.value(), claimSets.get()),
                Optional.of(claimSetPath(imported.value().name())), false);
    }

    private Reply copyClaimSet(byte[] body) {
        ClientAdminJson.Copy copy = ClientAdminJson.copy(body);
        ClaimSetDefinition copied = claimSets.copy(copy.originalName(), copy.name());
        return new Reply(201, ClaimSetJson.export(copied, claimSets.get()), Optional.of(claimSetPath(copied.name())), false);
    }

    /** A claim set in the Ed-Fi export format; this project's two, which the format cannot say, with no resource claims. */
    private Reply exportClaimSet(String name) {
        ClaimSets now = claimSets.get();
        ClaimSets.ClaimSet claimSet = now.find(name).orElseThrow(() -> ClaimSetCatalog.notFound(name));
        ClaimSetDefinition definition = now.export(name).orElseGet(() -> new ClaimSetDefinition(name, Map.of()));
        return Reply.of(200, ClientAdminJson.withSource(ClaimSetJson.export(definition, now), claimSet));
    }

    private Reply deleteClaimSet(String name) {
        claimSets.delete(name);
        return Reply.of(204, null);
    }

    private static String claimSetPath(String name) {
        return "/admin/claimSets/" + encoded(name);
    }

    // ---- HTTP ------------------------------------------------------------------------------

    private static Handler operation(Function<ServerRequest, Reply> operation) {
        return Responses.replying(operation, ClientAdminService::refusal);
    }

    /** What the API answers a failed operation with; empty for a bug. */
    private static Optional<Problem> refusal(RuntimeException e) {
        return Optional.ofNullable(switch (e) {
            case InvalidRegistrationException invalid when invalid.path().equals(ClientAdminJson.BODY) -> Problem.badRequest(invalid.getMessage());
            case InvalidRegistrationException invalid -> Problem.dataValidation(Map.of(invalid.path(), List.of(invalid.getMessage())));
            case RegistrationNotFoundException notFound -> Problem.notFound(capitalized(notFound.getMessage()) + ".");
            case RegistrationConflictException conflict -> Problem.identityConflict(List.of(conflict.getMessage()));
            case JdbiException store -> {
                LOG.warn("The configuration store failed", store);
                yield Problem.serviceUnavailable("the configuration store is unavailable: " + store.getMessage());
            }
            default -> null;
        });
    }

    private static String claimSetName(ServerRequest req) {
        return req.path().pathParameters().get("name");
    }

    private static String clientId(ServerRequest req) {
        return req.path().pathParameters().get("clientId");
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
