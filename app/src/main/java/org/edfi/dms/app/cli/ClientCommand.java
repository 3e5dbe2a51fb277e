package org.edfi.dms.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.security.ConfiguredClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dms client create|list|show|delete|reset-secret}: the API clients of a running server (docs/security.md), through its admin API. */
@Command(name = "client", description = {
        "Create, list, show, delete API clients of a running server, or give one a new secret",
        "",
        """
        An API client of an application, given the instances it may reach. create and reset-secret
        print the client secret: the only time it is shown (the server keeps a slow hash of it)."""},
        exitCodeList = {"0:success", "1:the server refused or could not be reached", "2:a wrong command line"})
public final class ClientCommand extends AdminCommand {

    /** @param developmentClient the client to sign in with when the command line names none */
    public ClientCommand(Supplier<Optional<ConfiguredClients.Credentials>> developmentClient, PrintStream out, PrintStream err) {
        super(developmentClient, out, err);
    }

    @Override
    public List<Object> subcommands() {
        return List.of(new Create(this), new Listing(this), new Show(this), new Delete(this), new ResetSecret(this));
    }

    @Command(name = "create", description = "Create a client of the application and print its id and secret")
    static final class Create extends AdminSubcommand {

        @Option(names = "--vendor", paramLabel = "V", required = true, description = "the application's vendor")
        String vendor;

        @Option(names = "--application", paramLabel = "A", required = true, description = "the application")
        String application;

        @Option(names = "--instance", paramLabel = "TENANT/INSTANCE", description = "an instance the client may reach (repeat for more)")
        List<String> instances = new ArrayList<>();

        Create(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            ObjectNode body = MessageCodec.MAPPER.createObjectNode().put("vendor", vendor).put("application", application);
            instances.forEach(body.putArray("instances")::add);
            return secret(this, admin.post("/admin/clients", body), "created");
        }
    }

    @Command(name = "list", description = "Every client, or a vendor's")
    static final class Listing extends AdminSubcommand {

        @Option(names = "--vendor", paramLabel = "V", description = "only this vendor's")
        Optional<String> vendor = Optional.empty();

        Listing(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            return table(admin.get("/admin/clients", vendor.map(v -> Map.of("vendor", v)).orElse(Map.of())), "none",
                    List.of("CLIENT ID", "VENDOR", "APPLICATION", "INSTANCES", "ACTIVE"),
                    client -> List.of(client.path("clientId").asText(), client.path("vendor").asText(), client.path("application").asText(),
                            joined(client.path("instances")), client.path("active").asText()));
        }
    }

    /** A subcommand on one client, named by its id. */
    private abstract static class OnOne extends AdminSubcommand {

        @Parameters(paramLabel = "CLIENT_ID", description = "the client")
        String clientId;

        OnOne(AdminCommand group) {
            super(group);
        }
    }

    @Command(name = "show", description = "One client as JSON (never its secret)")
    static final class Show extends OnOne {

        Show(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            AdminClient.Response shown = admin.get("/admin/clients/" + clientId);
            return shown.ok() ? done(MessageCodec.encodeToString(shown.body())) : refused(shown);
        }
    }

    @Command(name = "delete", description = "Delete the client")
    static final class Delete extends OnOne {

        Delete(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            AdminClient.Response deleted = admin.delete("/admin/clients/" + clientId);
            return deleted.ok() ? done("client " + clientId + " deleted") : refused(deleted);
        }
    }

    @Command(name = "reset-secret", description = "Give the client a new secret and print it; the old one stops working")
    static final class ResetSecret extends OnOne {

        ResetSecret(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            return secret(this, admin.post("/admin/clients/" + clientId + "/secret", MessageCodec.MAPPER.createObjectNode()), "has a new secret");
        }
    }

    /** A client's id and secret, printed once: the server keeps only a hash of the secret. */
    private static int secret(AdminSubcommand command, AdminClient.Response response, String what) {
        if (!response.ok()) {
            return command.refused(response);
        }
        command.out.println("client " + response.body().path("clientId").asText() + " " + what);
        command.out.println("client id:     " + response.body().path("clientId").asText());
        command.out.println("client secret: " + response.body().path("clientSecret").asText() + "  (shown once: keep it now)");
        return ExitStatus.OK;
    }
}
