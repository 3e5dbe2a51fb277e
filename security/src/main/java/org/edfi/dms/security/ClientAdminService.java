package org.edfi.dms.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.edfi.dms.messages.MessageCodec;
import org.edfi.dms.problem.Problem;
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

    public ClientAdminService(ClientRegistry clients, SigningKeys keys) {
        this.clients = clients;
        this.keys = keys;
    }

    @Override
    public void routing(HttpRules http) {
        http.post("/admin/vendors", (req, res) -> answer(req, res, () -> createVendor(HttpAnswers.body(req))))
                .get("/admin/vendors", (req, res) -> answer(req, res, this::listVendors))
                .post("/admin/applications", (req, res) -> answer(req, res, () -> createApplication(HttpAnswers.body(req))))
                .get("/admin/applications", (req, res) -> answer(req, res, () -> listApplications(query(req, "vendor"))))
                .post("/admin/clients", (req, res) -> answer(req, res, () -> createClient(HttpAnswers.body(req))))
                .get("/admin/clients", (req, res) -> answer(req, res, () -> listClients(query(req, "vendor"))))
                .get("/admin/clients/{clientId}", (req, res) -> answer(req, res, () -> showClient(clientId(req))))
                .delete("/admin/clients/{clientId}", (req, res) -> answer(req, res, () -> deleteClient(clientId(req))))
                .post("/admin/clients/{clientId}/secret", (req, res) -> answer(req, res, () -> resetSecret(clientId(req))))
                .post("/admin/keys/rotate", (req, res) -> answer(req, res, this::rotateKeys));
        HttpAnswers.notAllowed(http, "/admin/vendors", Set.of(Method.GET, Method.POST));
        HttpAnswers.notAllowed(http, "/admin/applications", Set.of(Method.GET, Method.POST));
        HttpAnswers.notAllowed(http, "/admin/clients", Set.of(Method.GET, Method.POST));
        HttpAnswers.notAllowed(http, "/admin/clients/{clientId}", Set.of(Method.GET, Method.DELETE));
        HttpAnswers.notAllowed(http, "/admin/clients/{clientId}/secret", Set.of(Method.POST));
        HttpAnswers.notAllowed(http, "/admin/keys/rotate", Set.of(Method.POST));
    }

    // ---- operations ------------------------------------------------------------------------

    /** A successful answer: a status, a JSON body or none, a Location for what was created, and whether it holds a secret. */
    private record Reply(int status, JsonNode body, Optional<String> location, boolean secret) {

        static Reply of(int status, JsonNode body) {
            return new Reply(status, body, Optional.empty(), false);
        }
    }

    private Reply createVendor(byte[] body) {
        Registration<Vendor> vendor = clients.createVendor(ClientAdminJson.newVendor(body));
        return Reply.of(vendor.created() ? 201 : 200, ClientAdminJson.vendor(vendor.value()));
    }

    private Reply listVendors() {
        return Reply.of(200, ClientAdminJson.list(clients.vendors(), ClientAdminJson::vendor));
    }

    private Reply createApplication(byte[] body) {
        Registration<Application> application = clients.createApplication(ClientAdminJson.newApplication(body));
        return Reply.of(application.created() ? 201 : 200, ClientAdminJson.application(application.value()));
    }

    private Reply listApplications(Optional<String> vendor) {
        List<Application> applications = vendor.map(clients::applications).orElseGet(clients::applications);
        return Reply.of(200, ClientAdminJson.list(applications, ClientAdminJson::application));
    }

    private Reply createClient(byte[] body) {
        ClientCredentials credentials = clients.createClient(ClientAdminJson.newClient(body));
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

    // ---- HTTP ------------------------------------------------------------------------------

    private interface Operation {
        Reply run();
    }

    /** Runs an operation and answers it; every failure becomes a problem+json answer, never an unhandled 500. */
    private static void answer(ServerRequest req, ServerResponse res, Operation operation) {
        String correlationId = HttpAnswers.correlationId(req);
        Reply reply;
        try {
            reply = operation.run();
        } catch (RuntimeException e) {
            HttpAnswers.send(res, problem(e, correlationId).withCorrelationId(correlationId));
            return;
        }
        res.status(Status.create(reply.status()));
        reply.location().ifPresent(location -> res.header(HeaderNames.LOCATION, location));
        if (reply.secret()) {
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
        }
        if (reply.body() == null) {
            res.send();
        } else {
            res.header(HeaderNames.CONTENT_TYPE, HttpAnswers.JSON);
            res.send(MessageCodec.encode(reply.body()));
        }
    }

    private static Problem problem(RuntimeException e, String correlationId) {
        return switch (e) {
            case InvalidRegistrationException invalid when invalid.path().equals(ClientAdminJson.BODY) -> Problem.badRequest(invalid.getMessage());
            case InvalidRegistrationException invalid -> Problem.dataValidation(Map.of(invalid.path(), List.of(invalid.getMessage())));
            case RegistrationNotFoundException notFound -> Problem.notFound(capitalized(notFound.getMessage()) + ".");
            case RegistrationConflictException conflict -> Problem.identityConflict(List.of(conflict.getMessage()));
            case JdbiException store -> {
                LOG.warn("The configuration store failed [{}]", correlationId, store);
                yield Problem.serviceUnavailable("the configuration store is unavailable: " + store.getMessage());
            }
            default -> {
                LOG.error("Admin request failed [{}]", correlationId, e);
                yield Problem.internalError(correlationId);
            }
        };
    }

    private static Optional<String> query(ServerRequest req, String name) {
        return req.query().contains(name) ? Optional.of(req.query().get(name)).filter(v -> !v.isBlank()) : Optional.empty();
    }

    private static String clientId(ServerRequest req) {
        return req.path().pathParameters().get("clientId");
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
