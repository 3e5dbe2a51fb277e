package org.edfi.dms.app.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/** Where a running server is and whom to sign in as: the options of every command that calls one. */
final class ServerOptions {

    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    /** Where help lists these options: after those of the command itself. */
    private static final int LAST = 100;

    @Option(names = "--url", paramLabel = "URL", order = LAST, description = "the running server (default ${DEFAULT-VALUE})")
    String url = DEFAULT_URL;

    @Option(names = "--client-id", paramLabel = "ID", order = LAST + 1, description = "take an OAuth2 token (client credentials) from URL/oauth/token as this client; without it, "
            + "the development client dms run saved in its data directory, when there is one")
    Optional<String> clientId = Optional.empty();

    @Option(names = "--client-secret", paramLabel = "SECRET", order = LAST + 2, description = "the secret of that client")
    Optional<String> clientSecret = Optional.empty();
}
