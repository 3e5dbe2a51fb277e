package org.edfi.dms.app.cli;

import java.io.PrintStream;
import java.util.Optional;
import java.util.function.Supplier;
import org.edfi.dms.security.ConfiguredClients;

/**
 * A command on a running server's admin API (tenant, instance, vendor, application, client), whose
 * {@link AdminSubcommand}s sign in and print alike.
 */
abstract class AdminCommand implements CommandGroup {

    final Supplier<Optional<ConfiguredClients.Credentials>> developmentClient;
    final PrintStream out;
    final PrintStream err;

    /** @param developmentClient the client to sign in with when the command line names none */
    AdminCommand(Supplier<Optional<ConfiguredClients.Credentials>> developmentClient, PrintStream out, PrintStream err) {
        this.developmentClient = developmentClient;
        this.out = out;
        this.err = err;
    }
}
