package org.edfi.dms.benchmarks;

import io.helidon.webclient.api.WebClient;
import org.edfi.dms.loader.ClientCredentials;
import org.edfi.dms.runtime.EmbeddedStack;
import org.edfi.dms.security.ConfiguredClients;

/** How the benchmarks authenticate, as any client does: client credentials for a bearer token. */
public final class BenchClient {

    /** The development client of a {@code dms run} the benchmarks start as a process. */
    public static final ConfiguredClients.Credentials CREDENTIALS = new ConfiguredClients.Credentials("dms-bench", "dms-bench-secret");

    private BenchClient() {}

    /** The Authorization header value for the development client of an in-process stack. */
    static String authorization(EmbeddedStack stack) throws Exception {
        return authorization(stack.port(), stack.developmentClient().credentials());
    }

    /** The Authorization header value ({@code Bearer ...}) for a client of the API on {@code port} of this machine. */
    public static String authorization(int port, ConfiguredClients.Credentials client) throws Exception {
        return "Bearer " + ClientCredentials.token(WebClient.create(), "http://127.0.0.1:" + port, client.clientId(), client.clientSecret());
    }
}
