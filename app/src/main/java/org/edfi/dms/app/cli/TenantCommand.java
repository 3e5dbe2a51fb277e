package org.edfi.dms.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.edfi.dms.app.config.CommandLine;
import org.edfi.dms.app.config.SettingsException;
import org.edfi.dms.messages.MessageCodec;
import org.edfi.dms.security.ConfiguredClients;

/** {@code dms tenant create NAME | list}: the tenants of a running server, through its admin API. */
public final class TenantCommand implements Command {

    private final Supplier<Optional<ConfiguredClients.Credentials>> developmentClient;

    /** @param developmentClient the client to sign in with when the command line names none */
    public TenantCommand(Supplier<Optional<ConfiguredClients.Credentials>> developmentClient) {
        this.developmentClient = developmentClient;
    }

    @Override
    public String name() {
        return "tenant";
    }

    @Override
    public String summary() {
        return "Create or list the tenants of a running server";
    }

    @Override
    public String usage() {
        return """
                Usage: dms tenant create NAME [--url URL] [--client-id ID --client-secret SECRET]
                       dms tenant list [--url URL] [--client-id ID --client-secret SECRET]

                A tenant owns datastore instances (docs/instances.md); `dms instance create` creates its
                tenant when missing, so this is only needed for a tenant without instances yet.

                  create NAME   create the tenant; when it exists, nothing changes (exit status 0)
                  list          every tenant, with when it was created

                NAME is 1 to 63 lower-case letters, digits and hyphens, starting with a letter or digit;
                data, metadata, oauth, admin and health are paths of the API and name no tenant.

                Options:
                """ + AdminClient.OPTIONS_USAGE + """

                Exit status 0 on success, 1 when the server refused or could not be reached, 2 on a wrong
                command line.
                """;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        AdminClient.Target target = new AdminClient.Target();
        List<String> words;
        try {
            CommandLine line = CommandLine.parse(args);
            for (CommandLine.Option option : line.options()) {
                if (!target.accept(option)) {
                    throw new SettingsException("unknown option " + option.name());
                }
            }
            words = line.positional();
            boolean create = words.size() == 2 && words.getFirst().equals("create");
            boolean list = words.size() == 1 && words.getFirst().equals("list");
            if (!create && !list) {
                throw new SettingsException("say create NAME or list");
            }
        } catch (SettingsException e) {
            err.println("tenant: " + e.getMessage() + "\n\n" + usage());
            return USAGE;
        }
        try {
            AdminClient admin = AdminClient.connect(target, developmentClient);
            if (words.getFirst().equals("create")) {
                AdminClient.Response response = admin.post("/admin/tenants", MessageCodec.MAPPER.createObjectNode().put("name", words.get(1)));
                if (!response.ok()) {
                    AdminClient.printProblem("tenant", response, err);
                    return FAILED;
                }
                out.println("tenant " + words.get(1) + (response.status() == 201 ? " created" : " exists"));
                return OK;
            }
            AdminClient.Response response = admin.get("/admin/tenants");
            if (!response.ok()) {
                AdminClient.printProblem("tenant", response, err);
                return FAILED;
            }
            if (response.body().isEmpty()) {
                out.println("no tenants");
                return OK;
            }
            TextTable table = new TextTable("TENANT", "CREATED");
            for (JsonNode tenant : response.body()) {
                table.row(tenant.path("name").asText(), tenant.path("createdAt").asText());
            }
            table.print(out);
            return OK;
        } catch (IOException e) {
            err.println("tenant: " + e.getMessage());
            return FAILED;
        }
    }
}
