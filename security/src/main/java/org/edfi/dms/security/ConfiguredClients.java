package org.edfi.dms.security;

import java.util.List;
import org.edfi.dms.contracts.InstanceId;

/**
 * The clients an operator's settings name, made (or brought to the settings) when an API node
 * starts: a development client for the embedded default, and an admin client for a production
 * deployment's first steps. Secrets come from the settings; only their hashes are stored.
 */
public final class ConfiguredClients {

    /** A client id and its secret as the settings give them. */
    public record Credentials(String clientId, String clientSecret) {

        @Override
        public String toString() {
            return "Credentials[" + clientId + ", secret hidden]";
        }
    }

    /** The vendor of both, whose namespace prefix takes in every namespace. */
    private static final NewVendor VENDOR = new NewVendor("Local operator", List.of("uri://"));

    private ConfiguredClients() {}

    /** Full access to {@code instances} (every resource, every namespace) and the admin API: for a laptop, never for production. */
    public static ApiClient ensureDevelopment(ClientRegistry clients, Credentials credentials, List<InstanceId> instances) {
        return clients.ensureClient(credentials.clientId(), credentials.clientSecret(), VENDOR,
                new NewApplication(VENDOR.name(), "Development", "full-access", List.of()), instances);
    }

    /** The admin API alone, no instance's data. */
    public static ApiClient ensureAdmin(ClientRegistry clients, Credentials credentials) {
        return clients.ensureClient(credentials.clientId(), credentials.clientSecret(), VENDOR,
                new NewApplication(VENDOR.name(), "Administration", "admin", List.of()), List.of());
    }
}
