package org.edfi.dms.security;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.http.Area;
import org.edfi.dms.http.Responses;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OAuth2 token endpoint of the client credentials grant (RFC 6749 4.4), {@code POST /oauth/token};
 * the introspection of a client's own token (RFC 7662, as the Ed-Fi DMS offers it),
 * {@code POST /oauth/token_info}; and the public keys that verify the tokens,
 * {@code GET /.well-known/jwks.json} (docs/security.md). Clients configured with an instance's base
 * URL ask for tokens under its prefix ({@code /district-a/255901/2024/oauth/token}), so the two
 * {@code /oauth} routes are registered under each of the given prefixes; by default,
 * {@link #ANY_PREFIX}. A token does not depend on the prefix it was asked through: it names the
 * client's instances, and the data routes check the one they serve.
 */
public final class TokenService implements HttpService {

    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);

    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(30);
    public static final String TOKEN_PATH = Area.TOKEN_PATH;
    public static final String TOKEN_INFO_PATH = Area.TOKEN_INFO_PATH;
    public static final String JWKS_PATH = "/.well-known/jwks.json";
    /**
     * The unprefixed route, and {@code /{+prefix}}: any number of segments before
     * {@code /oauth/token} ({@code /{tenant}/oauth/token}, {@code /{tenant}/{qualifiers...}/oauth/token}).
     */
    public static final List<String> ANY_PREFIX = List.of("", "/{+prefix}");

    /** A token request is a few hundred bytes, an introspection a token; a larger body is refused before it is read whole. */
    private static final int MAX_BODY = 16 * 1024;
    private static final String BASIC_CHALLENGE = "Basic realm=\"" + JsonWebTokens.REALM + "\"";

    private final ClientRegistry clients;
    private final JsonWebTokens tokens;
    private final TokenIntrospection introspection;
    private final Duration lifetime;
    private final List<String> prefixes;

    /** Tokens of {@link #DEFAULT_LIFETIME}, under {@link #ANY_PREFIX}. */
    public TokenService(ClientRegistry clients, JsonWebTokens tokens, TokenIntrospection introspection) {
        this(clients, tokens, introspection, DEFAULT_LIFETIME, ANY_PREFIX);
    }

    /**
     * @param lifetime how long a token is valid; at most the lifetime the signing keys were made for
     *     (an older key must outlive the tokens it signed)
     * @param prefixes Helidon path patterns the {@code /oauth} routes are registered under ({@code ""}
     *     for {@code /oauth/token} itself), for example {@code InstanceRoutes.prefixes()}
     */
    public TokenService(ClientRegistry clients, JsonWebTokens tokens, TokenIntrospection introspection, Duration lifetime, List<String> prefixes) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(tokens.keys().tokenLifetime()) > 0) {
            throw new IllegalArgumentException("A token lifetime is positive and at most the signing keys' " + tokens.keys().tokenLifetime()
                    + ": " + lifetime);
        }
        this.clients = clients;
        this.tokens = tokens;
        this.introspection = introspection;
        this.lifetime = lifetime;
        this.prefixes = List.copyOf(prefixes);
    }

    @Override
    public void routing(HttpRules http) {
        for (String prefix : prefixes) {
            http.post(prefix + TOKEN_PATH, tokenHandler());
            Responses.notAllowed(http, prefix + TOKEN_PATH, List.of(Method.POST));
            http.post(prefix + TOKEN_INFO_PATH, answering("Token introspection", JsonWebTokens.BEARER_CHALLENGE, this::introspect));
            Responses.notAllowed(http, prefix + TOKEN_INFO_PATH, List.of(Method.POST));
        }
        http.get(JWKS_PATH, jwksHandler());
        Responses.notAllowed(http, JWKS_PATH, List.of(Method.GET));
    }

    /** The token handler, for an app that registers {@code POST .../oauth/token} routes itself. */
    public Handler tokenHandler() {
        return answering("Token request", BASIC_CHALLENGE, this::token);
    }

    public Handler jwksHandler() {
        return (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, Responses.JSON);
            res.send(tokens.keys().jwks().toString().getBytes(StandardCharsets.UTF_8));
        };
    }

    public Duration lifetime() {
        return lifetime;
    }

    private ObjectNode token(ServerRequest req) {
        // Dated when asked, before the client is read: a token whose request read the client before
        // a revocation committed is dated before it, however long the secret check takes.
        Instant asked = tokens.keys().clock().instant();
        TokenRequest request = TokenRequest.read(req.headers().first(HeaderNames.AUTHORIZATION), req.headers().first(HeaderNames.CONTENT_TYPE), body(req));
        Grant grant = clients.authenticate(request.clientId(), request.clientSecret())
                .orElseThrow(() -> OAuthRefusal.invalidClient("the client id or secret is wrong, or the client is inactive"));
        return MessageCodec.MAPPER.createObjectNode()
                .put("access_token", tokens.sign(TokenClaims.issue(grant, asked, lifetime)))
                .put("token_type", "bearer")
                .put("expires_in", lifetime.toSeconds());
    }

    private ObjectNode introspect(ServerRequest req) {
        IntrospectionRequest request = IntrospectionRequest.read(req.headers().first(HeaderNames.AUTHORIZATION),
                req.headers().first(HeaderNames.CONTENT_TYPE), body(req));
        return introspection.answer(tokens.verify(request.token()));
    }

    /**
     * A handler answering JSON that must not be cached, or an error of RFC 6749 5.2; a 401 carries
     * {@code challenge}.
     */
    private static Handler answering(String what, String challenge, Function<ServerRequest, ObjectNode> operation) {
        return (req, res) -> {
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
            res.header(HeaderNames.PRAGMA, "no-cache");
            ObjectNode answer;
            try {
                answer = operation.apply(req);
            } catch (OAuthRefusal refusal) {
                refuse(res, refusal, challenge);
                return;
            } catch (JdbiException e) {
                LOG.warn("{} failed: the configuration store is unavailable", what, e);
                refuse(res, new OAuthRefusal(503, "temporarily_unavailable", "the configuration store is unavailable; retry later"), challenge);
                return;
            } catch (RuntimeException e) {
                LOG.error("{} failed", what, e);
                refuse(res, new OAuthRefusal(500, "server_error", "an unexpected error occurred on the server"), challenge);
                return;
            }
            res.header(HeaderNames.CONTENT_TYPE, Responses.JSON);
            res.send(MessageCodec.encode(answer));
        };
    }

    private static byte[] body(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        byte[] body;
        try (InputStream in = req.content().inputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw OAuthRefusal.invalidRequest("the body could not be read");
        }
        if (body.length > MAX_BODY) {
            throw OAuthRefusal.invalidRequest("the body is larger than " + MAX_BODY + " bytes");
        }
        return body;
    }

    private static void refuse(ServerResponse res, OAuthRefusal refusal, String challenge) {
        if (refusal.status == 401) {
            res.header(HeaderNames.WWW_AUTHENTICATE, challenge);
        }
        res.status(Status.create(refusal.status));
        res.header(HeaderNames.CONTENT_TYPE, Responses.JSON);
        res.send(MessageCodec.encode(MessageCodec.MAPPER.createObjectNode()
                .put("error", refusal.error)
                .put("error_description", Optional.ofNullable(refusal.getMessage()).orElse(""))));
    }
}
