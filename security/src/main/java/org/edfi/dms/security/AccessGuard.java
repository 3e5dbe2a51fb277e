package org.edfi.dms.security;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.edfi.dms.contracts.Action;
import org.edfi.dms.contracts.AuthorizationStrategy;
import org.edfi.dms.contracts.Caller;
import org.edfi.dms.contracts.Grants;
import org.edfi.dms.contracts.Problem;
import org.edfi.dms.http.DataPath;
import org.edfi.dms.http.ProfileNegotiation;
import org.edfi.dms.schema.profile.ProfileUsage;
import org.edfi.dms.schema.profile.ResourceProfile;
import org.edfi.dms.http.RequestContext;
import org.edfi.dms.http.RequestEdge;
import org.edfi.dms.http.Responses;
import org.edfi.dms.schema.ResourceSchema;

/**
 * The filter every request passes after the {@link RequestEdge}, before any service sees it:
 * <ol>
 *   <li>data: a bearer token this service issued, that has not expired and was not revoked, else 401 with
 *       {@code WWW-Authenticate}; the client's request rate, else 429 with {@code Retry-After}; an
 *       instance the route names and the token reaches, else the same 404 as a route that names no
 *       instance (a client learns nothing of instances it was not given); a claim set granting
 *       the action on the resource (GET Read, POST Create, PUT Update, DELETE Delete; a GET of its
 *       {@code /deletes} or {@code /keyChanges} ReadChanges, as the ODS/API) with at least one
 *       authorization strategy, else 403; and, on reads and writes, the API profile it goes through
 *       ({@link ProfileNegotiation}: named by its media type or assigned), else its 4xx. {@code /changeQueries/...} needs the token and instance only. The authenticated caller, with what its claim set
 *       grants on the resource, goes into the request's context for the services and the
 *       processor to apply the strategies (namespaces, relationships, ownership);
 *   <li>admin: a token as above, and a claim set that reaches the admin API, else 403;
 *   <li>token requests: the caller address's rate, since checking a secret is slow on purpose; an
 *       introspection ({@code /oauth/token_info}) too, and it checks its token itself, since it
 *       answers {@code "active": false} for an invalid one rather than 401;
 *   <li>everything else (discovery, metadata, health, the key set) stays open, as in the ODS/API,
 *       but a path under an instance prefix that names no instance answers 404.
 * </ol>
 */
public final class AccessGuard implements Filter {

    /** The limits of the guard: requests a second per client, and token requests a second per address. */
    public record Limits(double requestsPerClient, double tokenRequestsPerAddress) {

        /** Generous enough for a bulk load with many connections under one client; token requests rare. */
        public static final Limits DEFAULT = new Limits(10_000, 10);
    }

    /** The action a method takes; a POST that updates an existing document is also checked for Update, by the processor. */
    private static final Map<Method, Action> ACTIONS = Map.of(Method.GET, Action.READ, Method.HEAD, Action.READ,
            Method.POST, Action.CREATE, Method.PUT, Action.UPDATE, Method.DELETE, Action.DELETE);
    private static final Problem NO_INSTANCE = Problem.notFound("No datastore instance matches this route.");

    private final JsonWebTokens tokens;
    private final Supplier<ClaimSets> claimSets;
    private final RateLimiter perClient;
    private final RateLimiter perAddress;
    private final Optional<ProfileCatalog> profiles;

    public AccessGuard(JsonWebTokens tokens, Supplier<ClaimSets> claimSets, Limits limits) {
        this(tokens, claimSets, limits, Optional.empty());
    }

    /** With API profiles: the one a data request goes through is negotiated here, after its claim set allows it. */
    public AccessGuard(JsonWebTokens tokens, Supplier<ClaimSets> claimSets, Limits limits, Optional<ProfileCatalog> profiles) {
        this.profiles = profiles;
        this.tokens = tokens;
        this.claimSets = claimSets;
        this.perClient = new RateLimiter(limits.requestsPerClient(), limits.requestsPerClient());
        this.perAddress = new RateLimiter(limits.tokenRequestsPerAddress(), 2 * limits.tokenRequestsPerAddress());
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        RequestContext context = RequestContext.of(req);
        boolean passes = switch (context.area()) {
            case TOKEN -> tokenRequest(req, res);
            case DATA, CHANGE_QUERIES -> data(req, res, context);
            case ADMIN -> admin(req, res);
            default -> context.route().prefixed() && context.instance().isEmpty() ? noInstance(req, res) : true;
        };
        if (passes) {
            chain.proceed();
        }
    }

    private boolean data(ServerRequest req, ServerResponse res, RequestContext context) {
        Optional<TokenClaims> claims = authenticate(req, res);
        if (claims.isEmpty()) {
            return false;
        }
        if (context.instance().isEmpty() || !claims.get().reaches(context.instance().get())) {
            Responses.problem(req, res, NO_INSTANCE);
            return false;
        }
        Action action = context.data().filter(DataPath::readsChanges).isPresent() && req.prologue().method() == Method.GET
                ? Action.READ_CHANGES
                : ACTIONS.get(req.prologue().method());
        if (context.resource().isEmpty() || action == null) {
            // An unknown resource or method goes on to the services, whose 404 or 405 says so.
            register(req, context, claims.get(), new Grants(Map.of()), List.of(), null);
            return true;
        }
        ResourceSchema resource = context.resource().get();
        ClaimSets now = claimSets.get();
        Grants grants = now.grants(claims.get().claimSet(), resource);
        Optional<Problem> refusal = refusal(now, claims.get().claimSet(), resource, action, grants);
        if (refusal.isPresent()) {
            Responses.problem(req, res, refusal.get());
            return false;
        }
        List<String> assigned = profiles.map(p -> p.assignedTo(claims.get().ownershipToken())).orElse(List.of());
        Optional<ProfileUsage> usage = switch (action) {
            case READ -> Optional.of(ProfileUsage.READABLE);
            case CREATE, UPDATE -> Optional.of(ProfileUsage.WRITABLE);
            default -> Optional.empty(); // a DELETE and the change queries' keys show no members a profile could hide
        };
        ResourceProfile profile = null;
        if (usage.isPresent() && profiles.isPresent()) {
            Optional<String> header = req.headers().first(usage.get() == ProfileUsage.READABLE ? HeaderNames.ACCEPT : HeaderNames.CONTENT_TYPE);
            ProfileNegotiation.Outcome outcome = ProfileNegotiation.negotiate(usage.get(), header, resource, assigned, profiles.get()::find);
            if (outcome.refusal().isPresent()) {
                Responses.problem(req, res, outcome.refusal().get());
                return false;
            }
            profile = outcome.profile().orElse(null);
        }
        register(req, context, claims.get(), grants, assigned, profile);
        return true;
    }

    private static void register(ServerRequest req, RequestContext context, TokenClaims claims, Grants grants, List<String> profiles,
            ResourceProfile profile) {
        req.context().register(context.authenticated(
                new Caller(claims.clientId(), claims.namespacePrefixes(), claims.educationOrganizationIds(), grants,
                        claims.ownershipToken(), profiles, profile)));
    }

    /** Why the claim set does not let the client take {@code action} on {@code resource}; empty when it does. */
    private static Optional<Problem> refusal(ClaimSets claimSets, String claimSet, ResourceSchema resource, Action action, Grants grants) {
        if (!claimSets.contains(claimSet)) {
            return Optional.of(Problem.accessDenied("claim-set", List.of("The API client's assigned claim set (currently '" + claimSet
                    + "') is not defined by this service's claims.")));
        }
        Optional<String> claim = claimSets.claimOf(resource);
        if (claim.isEmpty() && !ClaimSets.FULL_ACCESS.equals(claimSet)) {
            return Optional.of(Problem.accessDenied("resource", List.of("No security metadata has been configured for this resource ("
                    + resource.projectEndpoint() + "/" + resource.endpointName() + "): no resource claim covers it.")));
        }
        Optional<List<AuthorizationStrategy>> strategies = grants.strategies(action);
        if (strategies.isEmpty()) {
            return Optional.of(Problem.accessDenied("action", List.of("The API client's assigned claim set (currently '" + claimSet
                    + "') must grant permission of the '" + action.edFiName() + "' action on one of the following resource claims: '"
                    + claim.orElseThrow() + "' or a claim above it.")));
        }
        if (strategies.get().isEmpty()) {
            return Optional.of(Problem.accessDenied("action", List.of("No authorization strategies were defined for the requested action '"
                    + action.edFiName() + "' against resource URIs ['" + claim.orElseThrow() + "'] matched by the caller's claim '" + claimSet + "'.")));
        }
        return Optional.empty();
    }

    private static boolean noInstance(ServerRequest req, ServerResponse res) {
        Responses.problem(req, res, NO_INSTANCE);
        return false;
    }

    private boolean admin(ServerRequest req, ServerResponse res) {
        Optional<TokenClaims> claims = authenticate(req, res);
        if (claims.isEmpty()) {
            return false;
        }
        if (!claimSets.get().allowsAdmin(claims.get().claimSet())) {
            Responses.problem(req, res, Problem.accessDenied("admin",
                    "The API client's claim set ('" + claims.get().claimSet() + "') does not reach the admin API."));
            return false;
        }
        return true;
    }

    private boolean tokenRequest(ServerRequest req, ServerResponse res) {
        Duration wait = perAddress.acquire(req.remotePeer().host());
        if (!wait.isZero()) {
            tooMany(req, res, wait);
            return false;
        }
        return true;
    }

    /** The token's claims, or empty when the request was answered (401 or 429). */
    private Optional<TokenClaims> authenticate(ServerRequest req, ServerResponse res) {
        Optional<String> token = JsonWebTokens.bearerToken(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
        if (token.isEmpty()) {
            res.header(HeaderNames.WWW_AUTHENTICATE, JsonWebTokens.BEARER_CHALLENGE);
            Responses.problem(req, res, unauthenticated("A bearer token is required: POST client credentials to /oauth/token for one."));
            return Optional.empty();
        }
        TokenVerification verification = tokens.verify(token.get());
        if (verification instanceof TokenVerification.Invalid invalid) {
            res.header(HeaderNames.WWW_AUTHENTICATE, invalid.wwwAuthenticate());
            Responses.problem(req, res, unauthenticated("The bearer token is not valid: " + invalid.description() + "."));
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

    private void tooMany(ServerRequest req, ServerResponse res, Duration wait) {
        res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
        Responses.problem(req, res, Problem.tooManyRequests());
    }

    private static Problem unauthenticated(String detail) {
        return Problem.authenticationFailed(detail);
    }
}
