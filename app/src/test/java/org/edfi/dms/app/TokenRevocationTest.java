package org.edfi.dms.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.runtime.Node;
import org.edfi.dms.security.ConfiguredClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocation reaches every node: node A (every role) and node B (ingress and query) share one
 * configuration database, Kafka and PostgreSQL. A client deleted, or given a new secret, through
 * A's admin API has its tokens refused by B within seconds, though B verified and cached them
 * before; a token got with the new secret works at once, on both.
 */
class TokenRevocationTest {

    @TempDir
    static Path dir;

    /** How soon every node refuses a revoked token: a view refreshed every second, with room for a slow machine. */
    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static final String DATA = "/default/data/ed-fi/gradeLevelDescriptors";

    private static SecuredNode a;
    private static Node b;
    private static TestApi admin;

    @BeforeAll
    static void start() throws Exception {
        a = SecuredNode.start(dir.resolve("a"), "node-a", TestApi.dataStandard(), 1_000);
        b = a.another(dir.resolve("b"), "node-b", Set.of(Node.Role.INGRESS, Node.Role.QUERY));
        admin = new TestApi(a.port());
        admin.expect(201, "POST", "/admin/vendors", "{\"name\": \"Vendor\", \"namespacePrefixes\": [\"uri://vendor.org\"]}");
        admin.expect(201, "POST", "/admin/applications", "{\"vendor\": \"Vendor\", \"name\": \"Reader\", \"claimSet\": \"EdFiAPIPublisherReader\"}");
    }

    @AfterAll
    static void stop() {
        Node.closeAll(java.util.List.of(b, a));
    }

    @Test
    void aClientDeletedThroughOneNodeIsRefusedByTheOtherWithinSeconds() throws Exception {
        ConfiguredClients.Credentials client = client();
        String token = new TestApi(b.port(), client).token();
        assertEquals(200, read(b, token).statusCode(), "verified, and cached, by B");

        admin.expect(204, "DELETE", "/admin/clients/" + client.clientId(), null);

        assertRefusedWithin(b, token);
        // Each node reads the revocations on its own clock: A may see it up to a refresh later than B.
        assertRefusedWithin(a.node, token);
        HttpResponse<String> info = TestApi.anonymous(b.port()).send("POST", "/oauth/token_info", "{\"token\": \"" + token + "\"}",
                "Authorization", "Bearer " + token);
        assertEquals("{\"active\":false}", info.body());
    }

    @Test
    void aSecretResetThroughOneNodeRevokesTheOldTokensOnTheOtherAndATokenOfTheNewSecretWorks() throws Exception {
        ConfiguredClients.Credentials client = client();
        String old = new TestApi(b.port(), client).token();
        assertEquals(200, read(b, old).statusCode());

        JsonNode reset = MessageCodec.MAPPER.readTree(admin.expect(200, "POST", "/admin/clients/" + client.clientId() + "/secret", null).body());
        String fresh = new TestApi(b.port(), new ConfiguredClients.Credentials(client.clientId(), reset.path("clientSecret").asText())).token();

        assertEquals(200, read(b, fresh).statusCode(), "a token of the new secret works at once");
        assertRefusedWithin(b, old);
        assertEquals(200, read(b, fresh).statusCode(), "and keeps working");
        assertEquals(200, read(a.node, fresh).statusCode());
    }

    /** A new client of the reader application, reaching the default instance. */
    private static ConfiguredClients.Credentials client() throws Exception {
        JsonNode client = MessageCodec.MAPPER.readTree(admin.expect(201, "POST", "/admin/clients",
                "{\"vendor\": \"Vendor\", \"application\": \"Reader\", \"instances\": [\"default/default\"]}").body());
        return new ConfiguredClients.Credentials(client.path("clientId").asText(), client.path("clientSecret").asText());
    }

    private static HttpResponse<String> read(Node node, String token) throws Exception {
        return TestApi.anonymous(node.port()).send("GET", DATA, null, "Authorization", "Bearer " + token);
    }

    /** The node refuses the token within {@link #WITHIN}, as revoked. */
    private static void assertRefusedWithin(Node node, String token) throws Exception {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        HttpResponse<String> answer = read(node, token);
        while (answer.statusCode() != 401 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            answer = read(node, token);
        }
        assertEquals(401, answer.statusCode(), "still " + answer.statusCode() + " after " + WITHIN);
        String challenge = answer.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertTrue(challenge.contains("error=\"invalid_token\"") && challenge.contains("the token has been revoked"), challenge);
    }
}
