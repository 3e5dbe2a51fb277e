package org.edfi.dms.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.edfi.dms.security.ConfiguredClients;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A subcommand of tenant, instance, vendor, application or client: a request to a running server's
 * admin API, then a line or a table of the answer. Exit status 1 when the server refused or could not
 * be reached, 2 on a wrong command line.
 */
abstract class AdminSubcommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server;

    final PrintStream out;
    final PrintStream err;
    private final Supplier<Optional<ConfiguredClients.Credentials>> developmentClient;

    AdminSubcommand(AdminCommand group) {
        this.developmentClient = group.developmentClient;
        this.out = group.out;
        this.err = group.err;
    }

    /** Makes the request and prints the answer; returns the exit status. */
    abstract int send(AdminClient admin) throws IOException;

    @Override
    public Integer call() {
        try {
            return send(AdminClient.connect(server, developmentClient));
        } catch (IOException e) {
            err.println(command() + ": " + e.getMessage());
            return ExitStatus.FAILED;
        }
    }

    /** The admin command this is a subcommand of, whose name starts the messages. */
    String command() {
        return spec.parent().name();
    }

    int done(String line) {
        out.println(line);
        return ExitStatus.OK;
    }

    int refused(AdminClient.Response response) {
        AdminClient.printProblem(command(), response, err);
        return ExitStatus.FAILED;
    }

    /** A list the server answered with, one row per item, or the line {@code none} when it is empty. */
    int table(AdminClient.Response response, String none, List<String> headings, Function<JsonNode, List<String>> row) {
        if (!response.ok()) {
            return refused(response);
        }
        if (response.body().isEmpty()) {
            return done(none);
        }
        TextTable table = new TextTable(headings.toArray(String[]::new));
        response.body().forEach(item -> table.row(row.apply(item).toArray(String[]::new)));
        table.print(out);
        return ExitStatus.OK;
    }

    /** The values of a JSON array, comma-separated, or {@code -}. */
    static String joined(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values.isEmpty() ? "-" : String.join(", ", values);
    }
}
