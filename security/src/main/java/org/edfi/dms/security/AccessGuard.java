package org.edfi.dms.security;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edfi.dms.messages.Caller;
import org.edfi.dms.messages.InstanceId;
import org.edfi.dms.messages.InstanceRoutes;
import org.edfi.dms.problem.Problem;
import org.edfi.dms.schema.ApiSchema;
import org.edfi.dms.schema.ResourceSchema;

/**
 * What every data and admin request passes before its service sees it, declared in one place and
 * registered before the services (a request that passes goes on with {@code res.next()}):
 * <ol>
 *   <li>a bearer token this service issued and that has not expired: else 401 with
 *       {@code WWW-Authenticate};
 *   <li>the client's request rate: else 429 with {@code Retry-After};
 *   <li>data: an instance the token reaches, else the same 404 as a route that names no instance
 *       (a client learns nothing of instances it was not given); and a claim set allowing the
 *       action on the resource (GET read, POST create, PUT update, DELETE delete), else 403;
 *   <li>admin: a claim set that reaches the admin API, else 403.
 * </ol>
 * Token requests are limited per caller address, since checking a secret is slow on purpose.
 * Discovery, metadata, health and the key set stay open, as in the ODS/API.
 */
public final class AccessGuard implements HttpService {

    public static final String AUTHENTICATION_FAILED = "urn:ed-fi:api:security:authentication";
    public static final String TOO_MANY_REQUESTS = "urn:ed-fi:api:too-many-requests";

    /** The limits of the guard: requests a second per client, and token requests a second per address. */
    public record Limits(double requestsPerClient, double tokenRequestsPerAddress) {

        /** Generous enough for a bulk load with many connections under one client; token requests rare. */
        public static final Limits DEFAULT = new Limits(10_000, 10);
    }

    private static final Map<Method, Action> ACTIONS = Map.of(Method.GET, Action.READ, Method.HEAD, Action.READ,
            Method.POST, Action.CREATE, Method.PUT, Action.UPDATE, Method.DELETE, Action.DELETE);

    private final ApiSchema schema;
    private final InstanceRoutes routes;
    private final JsonWebTokens tokens;
    private final ClaimSets claimSets;
    private final RateLimiter perClient;
    private final RateLimiter perAddress;

    public AccessGuard(ApiSchema schema, InstanceRoutes routes, JsonWebTokens tokens, ClaimSets claimSets, Limits limits) {
        this.schema = schema;
        this.routes = routes;
        this.tokens = tokens;
        this.claimSets = claimSets;
        this.perClient = new RateLimiter(limits.requestsPerClient(), limits.requestsPerClient());
        this.perAddress = new RateLimiter(limits.tokenRequestsPerAddress(), 2 * limits.tokenRequestsPerAddress());
    }

    @Override
    public void routing(HttpRules http) {
        for (String prefix : routes.prefixes()) {
            http.any(prefix + "/data", this::data).any(prefix + "/data/{+rest}", this::data);
        }
        http.any("/admin", this::admin).any("/admin/{+rest}", this::admin);
        for (String prefix : TokenService.ANY_PREFIX) {
            http.any(prefix + TokenService.TOKEN_PATH, this::tokenRequest);
        }
    }

    private void data(ServerRequest req, ServerResponse res) {
        Optional<TokenClaims> claims = authenticate(req, res);
        if (claims.isEmpty()) {
            return;
        }
        var parameters = req.path().pathParameters();
        Optional<InstanceId> instance = routes.resolve(name -> parameters.contains(name) ? Optional.of(parameters.get(name)) : Optional.empty());
        if (instance.isPresent() && !claims.get().reaches(instance.get())) {
            deny(req, res, Problem.notFound("No datastore instance matches this route."));
            return;
        }
        // The roles behind authorize further by the caller's namespaces and education organizations.
        req.context().register(new Caller(claims.get().clientId(), claims.get().namespacePrefixes(), claims.get().educationOrganizationIds()));
        Optional<ResourceSchema> resource = resource(parameters.contains("rest") ? parameters.get("rest") : "");
        Action action = ACTIONS.get(req.prologue().method());
        // An unknown resource or method goes on to the services, whose 404 or 405 says so.
        if (instance.isPresent() && resource.isPresent() && action != null
                && !claimSets.allows(claims.get().claimSet(), resource.get().endpointName(), resource.get().isDescriptor(), action)) {
            deny(req, res, Problem.accessDenied("action", "The API client's claim set ('"
                    + claims.get().claimSet() + "') does not allow " + action.label() + " on " + resource.get().endpointName() + "."));
            return;
        }
        res.next();
    }

    private void admin(ServerRequest req, ServerResponse res) {
        Optional<TokenClaims> claims = authenticate(req, res);
        if (claims.isEmpty()) {
            return;
        }
        if (!claimSets.allowsAdmin(claims.get().claimSet())) {
            deny(req, res, Problem.accessDenied("admin",
                    "The API client's claim set ('" + claims.get().claimSet() + "') does not reach the admin API."));
            return;
        }
        res.next();
    }

    private void tokenRequest(ServerRequest req, ServerResponse res) {
        Duration wait = perAddress.acquire(req.remotePeer().host());
        if (!wait.isZero()) {
            tooMany(req, res, wait);
            return;
        }
        res.next();
    }

    /** The token's claims, or empty when the request was answered (401 or 429). */
    private Optional<TokenClaims> authenticate(ServerRequest req, ServerResponse res) {
        Optional<String> token = JsonWebTokens.bearerToken(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
        if (token.isEmpty()) {
            res.header(HeaderNames.WWW_AUTHENTICATE, JsonWebTokens.BEARER_CHALLENGE);
            deny(req, res, unauthenticated("A bearer token is required: POST client credentials to /oauth/token for one."));
            return Optional.empty();
        }
        TokenVerification verification = tokens.verify(token.get());
        if (verification instanceof TokenVerification.Invalid invalid) {
            res.header(HeaderNames.WWW_AUTHENTICATE, invalid.wwwAuthenticate());
            deny(req, res, unauthenticated("The bearer token is not valid: " + invalid.description() + "."));
            return Optional.empty();
        }
        TokenClaims claims = ((TokenVerification.Valid) verification).claims();
        Duration wait = perClient.acquire(claims.clientId());
        if (!wait.isZero()) {
            tooMany(req, res, wait);
            return Optional.empty();
        }
        return Optional.of(claims);
    }

    /**
     * The resource a data path names after {@code /data/}: {@code ed-fi/students[/id]}, or the ODS
     * form {@code v3/ed-fi/students[/id]}, which the data services route first, as here.
     */
    private Optional<ResourceSchema> resource(String rest) {
        String[] segments = rest.split("/");
        int first = segments.length >= 3 && segments[0].equals("v3") ? 1 : 0;
        return segments.length - first < 2 ? Optional.empty() : schema.findResource(segments[first], segments[first + 1]);
    }

    private void tooMany(ServerRequest req, ServerResponse res, Duration wait) {
        res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
        deny(req, res, problem(TOO_MANY_REQUESTS, "Too Many Requests", 429,
                "This client sends more requests than the service allows it; retry after the time Retry-After gives."));
    }

    private static Problem unauthenticated(String detail) {
        return problem(AUTHENTICATION_FAILED, "Authentication Failed", 401, detail);
    }

    private static Problem problem(String type, String title, int status, String detail) {
        return new Problem(detail, type, title, status, null, Map.of(), List.of());
    }

    private static void deny(ServerRequest req, ServerResponse res, Problem problem) {
        if (req.content().hasEntity()) {
            req.content().consume();
        }
        HttpAnswers.send(res, problem.withCorrelationId(HttpAnswers.correlationId(req)));
    }
}
