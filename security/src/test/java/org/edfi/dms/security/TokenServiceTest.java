package org.edfi.dms.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.helidon.webserver.WebServer;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edfi.dms.contracts.Action;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.schema.ResourceSchema;
import org.edfi.dms.security.TokenVerification.Valid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The token endpoint over real HTTP: the three ways Ed-Fi clients send their credentials, and the
 * refusals; and the introspection of a client's own token.
 */
class TokenServiceTest {

    private record Answer(int status, JsonNode body, HttpResponse<String> response) {

        String header(String name) {
            return response.headers().firstValue(name).orElse("");
        }
    }

    private static final InstanceId INSTANCE = new InstanceId("district-a", "255901-2024");

    private static JsonWebTokens tokens;
    private static ClientRegistry clients;
    private static RevokedClients revoked;
    private static WebServer server;
    private static HttpClient http;
    private static String clientId;
    private static String secret;

    @BeforeAll
    static void start() {
        var jdbi = ConfigDatabase.create("token_test");
        SigningKeys keys = new SigningKeys(new SigningKeyStore(jdbi), TokenService.DEFAULT_LIFETIME);
        keys.ensureKey();
        revoked = new RevokedClients(jdbi, TokenService.DEFAULT_LIFETIME, Clock.systemUTC(), Duration.ZERO);
        tokens = new JsonWebTokens(keys, revoked::revoked);
        clients = new ClientRegistry(jdbi, EdFiClaims::claimSets, new SecretHasher(1_000));
        clients.createVendor(new NewVendor("Grand Bend SIS", List.of("uri://gbisd.edu")));
        clients.createApplication(new NewApplication("Grand Bend SIS", "Roster sync", "SISVendor", List.of(255901L)));
        IssuedCredentials credentials = clients.createClient(new NewClient("Grand Bend SIS", "Roster sync", List.of(INSTANCE)));
        clientId = credentials.client().clientId();
        secret = credentials.clientSecret();
        TokenService service = new TokenService(clients, tokens, new TokenIntrospection(EdFiClaims::claimSets, EdFiClaims.dataStandard()));
        server = WebServer.builder().host("127.0.0.1").port(0).routing(r -> r.register(service)).build().start();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        server.stop();
        http.close();
        revoked.close();
    }

    private static Answer post(String path, String contentType, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    private static Answer send(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? null : MessageCodec.MAPPER.readTree(response.body());
        return new Answer(response.statusCode(), json, response);
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static String form(String... namesAndValues) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.append(form.isEmpty() ? "" : "&").append(namesAndValues[i]).append('=')
                    .append(java.net.URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return form.toString();
    }

    private static final String FORM = "application/x-www-form-urlencoded";

    /** A 200 with a bearer token of the client's grant, not to be cached. */
    private static TokenClaims assertIssued(Answer answer) {
        assertEquals(200, answer.status(), String.valueOf(answer.body()));
        assertEquals("application/json; charset=utf-8", answer.header("Content-Type"));
        assertEquals("no-store", answer.header("Cache-Control"));
        assertEquals("bearer", answer.body().get("token_type").asText());
        assertEquals(1800, answer.body().get("expires_in").asLong());
        TokenClaims claims = assertInstanceOf(Valid.class, tokens.verify(answer.body().get("access_token").asText())).claims();
        assertEquals(clientId, claims.clientId());
        assertEquals("SISVendor", claims.claimSet());
        assertEquals(List.of(INSTANCE), claims.instances());
        assertEquals(List.of("uri://gbisd.edu"), claims.namespacePrefixes());
        assertEquals(List.of(255901L), claims.educationOrganizationIds());
        assertEquals(Duration.ofMinutes(30), Duration.between(claims.issuedAt(), claims.expiresAt()));
        return claims;
    }

    private static void assertRefused(Answer answer, int status, String error) {
        assertRefused(answer, status, error, "Basic realm=\"edfi\"");
    }

    /** An error of RFC 6749 5.2, not to be cached; a 401 with the {@code challenge}. */
    private static void assertRefused(Answer answer, int status, String error, String challenge) {
        assertEquals(status, answer.status(), String.valueOf(answer.body()));
        assertEquals("application/json; charset=utf-8", answer.header("Content-Type"));
        assertEquals(error, answer.body().get("error").asText(), answer.body().toString());
        assertTrue(answer.body().hasNonNull("error_description"));
        assertEquals("no-store", answer.header("Cache-Control"));
        assertEquals(status == 401 ? challenge : "", answer.header("WWW-Authenticate"));
    }

    private static String token(String clientId, String secret) throws Exception {
        return post("/oauth/token", FORM, basic(clientId, secret), "grant_type=client_credentials").body().get("access_token").asText();
    }

    /** The introspection of a token shown both as the bearer token and in a form body. */
    private static Answer introspect(String token) throws Exception {
        return post("/oauth/token_info", FORM, "Bearer " + token, form("token", token));
    }

    @Test
    void aClientAuthenticatedByABasicHeaderGetsAToken() throws Exception {
        assertIssued(post("/oauth/token", FORM, basic(clientId, secret), "grant_type=client_credentials"));
    }

    @Test
    void aClientWithItsCredentialsInAFormGetsAToken() throws Exception {
        assertIssued(post("/oauth/token", FORM, null, form("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret)));
    }

    @Test
    void aClientWithItsCredentialsInJsonGetsAToken() throws Exception {
        assertIssued(post("/oauth/token", "application/json", null,
                "{\"client_id\": \"" + clientId + "\", \"client_secret\": \"" + secret + "\", \"grant_type\": \"client_credentials\"}"));
        assertIssued(post("/oauth/token", "application/json; charset=utf-8", null,
                "{\"Client_id\": \"" + clientId + "\", \"Client_secret\": \"" + secret + "\", \"Grant_type\": \"client_credentials\"}"));
    }

    @Test
    void theTokenRouteAnswersUnderAnInstancesRoutePrefix() throws Exception {
        assertIssued(post("/district-a/oauth/token", FORM, basic(clientId, secret), "grant_type=client_credentials"));
        assertIssued(post("/district-a/255901/2024/oauth/token", FORM, basic(clientId, secret), "grant_type=client_credentials"));
    }

    @Test
    void aWrongSecretOrUnknownClientIs401WithABasicChallenge() throws Exception {
        assertRefused(post("/oauth/token", FORM, basic(clientId, secret + "x"), "grant_type=client_credentials"), 401, "invalid_client");
        assertRefused(post("/oauth/token", FORM, basic("nobody", secret), "grant_type=client_credentials"), 401, "invalid_client");
        assertRefused(post("/oauth/token", FORM, null, form("grant_type", "client_credentials", "client_id", clientId, "client_secret", "wrong")),
                401, "invalid_client");
        assertRefused(post("/oauth/token", FORM, null, "grant_type=client_credentials"), 401, "invalid_client");
        assertRefused(post("/oauth/token", FORM, "Basic !!!", "grant_type=client_credentials"), 401, "invalid_client");
    }

    @Test
    void aRequestWithoutGrantTypeOrWithAnotherGrantIs400() throws Exception {
        assertRefused(post("/oauth/token", FORM, basic(clientId, secret), ""), 400, "invalid_request");
        assertRefused(post("/oauth/token", FORM, basic(clientId, secret), "scope=x"), 400, "invalid_request");
        Answer password = post("/oauth/token", FORM, basic(clientId, secret), "grant_type=password");
        assertRefused(password, 400, "unsupported_grant_type");
        assertEquals("only the client_credentials grant is supported, not password", password.body().get("error_description").asText());
    }

    @Test
    void malformedRequestsAre400() throws Exception {
        assertRefused(post("/oauth/token", FORM, basic(clientId, secret), form("grant_type", "client_credentials", "client_secret", secret)),
                400, "invalid_request");
        assertRefused(post("/oauth/token", FORM, null, "grant_type=client_credentials&grant_type=client_credentials"), 400, "invalid_request");
        assertRefused(post("/oauth/token", "application/json", null, "{not json"), 400, "invalid_request");
        assertRefused(post("/oauth/token", "application/json", null, "{\"grant_type\": 1}"), 400, "invalid_request");
        assertRefused(post("/oauth/token", "text/plain", null, "grant_type=client_credentials"), 400, "invalid_request");
        assertRefused(post("/oauth/token", FORM, null, "grant_type=client_credentials&pad=" + "x".repeat(20_000)), 400, "invalid_request");
    }

    @Test
    void otherMethodsOnTheTokenRouteAre405() throws Exception {
        Answer get = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/oauth/token")).GET().build());
        assertEquals(405, get.status());
        assertEquals("POST", get.header("Allow"));
        assertEquals("urn:ed-fi:api:method-not-allowed", get.body().get("type").asText());
    }

    @Test
    void theJwksVerifiesAnIssuedToken() throws Exception {
        String token = post("/oauth/token", FORM, basic(clientId, secret), "grant_type=client_credentials").body().get("access_token").asText();
        Answer jwks = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/.well-known/jwks.json")).GET().build());
        assertEquals(200, jwks.status());
        assertEquals("application/json; charset=utf-8", jwks.header("Content-Type"));

        String[] parts = token.split("\\.");
        String kid = MessageCodecs.json(parts[0]).get("kid").asText();
        JsonNode jwk = null;
        for (JsonNode key : jwks.body().get("keys")) {
            if (key.get("kid").asText().equals(kid)) {
                jwk = key;
            }
        }
        assertTrue(jwk != null, "the token's key is published: " + jwks.body());
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("n").asText())),
                new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("e").asText()))));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(key);
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rsa.verify(Base64.getUrlDecoder().decode(parts[2])));
    }

    /** What a gateway with a JOSE library does: read the key set, pick the token's key, check the signature. */
    @Test
    void theJwksIsAKeySetThatNimbusReadsAndVerifiesAnIssuedTokenWith() throws Exception {
        SignedJWT token = SignedJWT.parse(post("/oauth/token", FORM, basic(clientId, secret), "grant_type=client_credentials")
                .body().get("access_token").asText());
        Answer jwks = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/.well-known/jwks.json")).GET().build());

        JWKSet set = JWKSet.parse(jwks.response().body());
        RSAKey key = assertInstanceOf(RSAKey.class, set.getKeyByKeyId(token.getHeader().getKeyID()));
        assertEquals(KeyUse.SIGNATURE, key.getKeyUse());
        assertEquals(JWSAlgorithm.RS256, key.getAlgorithm());
        assertFalse(key.isPrivate(), "only public keys are published");
        assertTrue(token.verify(new RSASSAVerifier(key)));
    }

    @Test
    void aTokenLifetimeLongerThanTheKeysWereMadeForIsRefusedAtConstruction() {
        assertThrows(IllegalArgumentException.class, () -> new TokenService(null, tokens, null, Duration.ofHours(1), TokenService.ANY_PREFIX));
    }

    // ---- introspection ---------------------------------------------------------------------

    @Test
    void aClientIntrospectsItsOwnTokenAndLearnsItsGrantAndTheResourcesItsClaimSetReaches() throws Exception {
        String token = token(clientId, secret);
        TokenClaims claims = assertInstanceOf(Valid.class, tokens.verify(token)).claims();

        Answer answer = introspect(token);

        assertEquals(200, answer.status(), String.valueOf(answer.body()));
        assertEquals("application/json; charset=utf-8", answer.header("Content-Type"));
        assertEquals("no-store", answer.header("Cache-Control"));
        JsonNode info = answer.body();
        assertTrue(info.get("active").asBoolean());
        assertEquals(clientId, info.get("client_id").asText());
        assertEquals(MessageCodec.MAPPER.readTree("[\"uri://gbisd.edu\"]"), info.get("namespace_prefixes"));
        assertEquals(MessageCodec.MAPPER.readTree("[{\"education_organization_id\": 255901}]"), info.get("education_organizations"));
        assertEquals(MessageCodec.MAPPER.readTree("{\"name\": \"SISVendor\"}"), info.get("claim_set"));
        assertEquals(MessageCodec.MAPPER.readTree("[\"district-a/255901-2024\"]"), info.get("instances"));
        assertEquals(claims.issuedAt().getEpochSecond(), info.get("iat").asLong());
        assertEquals(claims.expiresAt().getEpochSecond(), info.get("exp").asLong());

        Map<String, List<String>> resources = new LinkedHashMap<>();
        for (JsonNode resource : info.get("resources")) {
            resources.put(resource.get("resource").asText(), MessageCodec.MAPPER.convertValue(resource.get("operations"), List.class));
        }
        assertEquals(resources.keySet().stream().sorted().toList(), List.copyOf(resources.keySet()), "ordered by resource");
        assertEquals(List.of("Create", "Read", "Update", "Delete"), resources.get("/ed-fi/students"));
        assertEquals(List.of("Read"), resources.get("/ed-fi/gradeLevelDescriptors"), "a SIS vendor reads descriptors");
        for (ResourceSchema resource : EdFiClaims.dataStandard().resources()) {
            List<String> granted = EdFiClaims.claimSets().grants("SISVendor", resource).byAction().keySet().stream().map(Action::edFiName).toList();
            assertEquals(granted.isEmpty() ? null : granted, resources.get("/ed-fi/" + resource.endpointName()), resource.endpointName());
        }
    }

    @Test
    void theTokenToIntrospectMayComeInJsonWithItsNameInAnyCaseAndUnderAnInstancesRoutePrefix() throws Exception {
        String token = token(clientId, secret);
        for (String body : List.of("{\"token\": \"" + token + "\"}", "{\"Token\": \"" + token + "\", \"token_type_hint\": \"access_token\"}")) {
            Answer answer = post("/oauth/token_info", "application/json", "Bearer " + token, body);
            assertEquals(200, answer.status(), String.valueOf(answer.body()));
            assertTrue(answer.body().get("active").asBoolean());
        }
        for (String path : List.of("/district-a/oauth/token_info", "/district-a/255901/2024/oauth/token_info")) {
            Answer answer = post(path, FORM, "Bearer " + token, form("TOKEN", token));
            assertEquals(200, answer.status(), path + ": " + answer.body());
            assertEquals(clientId, answer.body().get("client_id").asText());
        }
    }

    /** RFC 7662 2.2: the token's holder learns that it is no longer active, and nothing of why. */
    @Test
    void anInvalidExpiredOrRevokedTokenIsInactiveAndNothingMore() throws Exception {
        String token = token(clientId, secret);
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        Instant longAgo = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        String expired = tokens.sign(new TokenClaims(clientId, "SISVendor", List.of(INSTANCE), List.of(), List.of(),
                longAgo, longAgo.plus(Duration.ofMinutes(30)), "expired", null));
        IssuedCredentials other = clients.createClient(new NewClient("Grand Bend SIS", "Roster sync", List.of(INSTANCE)));
        String revokedToken = token(other.client().clientId(), other.clientSecret());
        assertTrue(introspect(revokedToken).body().get("active").asBoolean());
        clients.deleteClient(other.client().clientId());
        revoked.refresh();

        for (String inactive : List.of(tampered, expired, revokedToken, "not.a.token")) {
            Answer answer = introspect(inactive);
            assertEquals(200, answer.status(), String.valueOf(answer.body()));
            assertEquals(MessageCodec.MAPPER.readTree("{\"active\": false}"), answer.body());
            assertEquals("no-store", answer.header("Cache-Control"));
        }
    }

    @Test
    void introspectionWithoutABearerTokenIs401WithABearerChallenge() throws Exception {
        String token = token(clientId, secret);
        String challenge = "Bearer realm=\"edfi\"";
        assertRefused(post("/oauth/token_info", FORM, null, form("token", token)), 401, "invalid_client", challenge);
        assertRefused(post("/oauth/token_info", FORM, basic(clientId, secret), form("token", token)), 401, "invalid_client", challenge);
    }

    @Test
    void introspectionOfAnotherTokenThanTheBearerOrOfNoneIs400() throws Exception {
        String token = token(clientId, secret);
        String another = token(clientId, secret);
        String bearer = "Bearer " + token;
        Answer mismatch = post("/oauth/token_info", FORM, bearer, form("token", another));
        assertRefused(mismatch, 400, "invalid_request");
        assertTrue(mismatch.body().get("error_description").asText().contains("not the bearer token"), mismatch.body().toString());
        assertRefused(post("/oauth/token_info", FORM, bearer, ""), 400, "invalid_request");
        assertRefused(post("/oauth/token_info", FORM, bearer, form("token", "")), 400, "invalid_request");
        assertRefused(post("/oauth/token_info", FORM, bearer, form("token", token, "Token", token)), 400, "invalid_request");
        assertRefused(post("/oauth/token_info", "application/json", bearer, "[\"" + token + "\"]"), 400, "invalid_request");
        assertRefused(post("/oauth/token_info", "text/plain", bearer, token), 400, "invalid_request");
    }

    @Test
    void otherMethodsOnTheIntrospectionRouteAre405() throws Exception {
        Answer get = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/oauth/token_info")).GET().build());
        assertEquals(405, get.status());
        assertEquals("POST", get.header("Allow"));
    }
}
