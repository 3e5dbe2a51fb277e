package org.edfi.dms.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.security.ConfiguredClients;

/**
 * A vendor of a test node, made through the admin API by a client that reaches it, with new
 * applications of a claim set and their clients on the default instance: what the authorization
 * tests need to see several clients side by side.
 */
final class VendorClients {

    private final TestApi admin;
    private final String vendor;

    /** Makes the vendor, with these namespace prefixes. */
    VendorClients(TestApi admin, String vendor, List<String> namespacePrefixes) throws Exception {
        this.admin = admin;
        this.vendor = vendor;
        admin.expect(201, "POST", "/admin/vendors", "{\"name\": \"" + vendor + "\", \"namespacePrefixes\": "
                + MessageCodec.encodeToString(namespacePrefixes) + "}");
    }

    /** A new application of this claim set, given these education organizations; its name. */
    String application(String claimSet, List<Long> educationOrganizationIds) throws Exception {
        String application = claimSet + "-" + UUID.randomUUID();
        admin.expect(201, "POST", "/admin/applications", "{\"vendor\": \"" + vendor + "\", \"name\": \"" + application + "\", \"claimSet\": \""
                + claimSet + "\", \"educationOrganizationIds\": " + MessageCodec.encodeToString(educationOrganizationIds) + "}");
        return application;
    }

    /** A new client of the application, on the default instance. */
    ConfiguredClients.Credentials client(String application) throws Exception {
        JsonNode client = MessageCodec.MAPPER.readTree(admin.expect(201, "POST", "/admin/clients",
                "{\"vendor\": \"" + vendor + "\", \"application\": \"" + application + "\", \"instances\": [\"default/default\"]}").body());
        return new ConfiguredClients.Credentials(client.path("clientId").asText(), client.path("clientSecret").asText());
    }

    /** A new client of a new application with this claim set and these education organizations. */
    ConfiguredClients.Credentials client(String claimSet, List<Long> educationOrganizationIds) throws Exception {
        return client(application(claimSet, educationOrganizationIds));
    }
}
