package org.edfi.dms.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.security.ConfiguredClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dms tenant create NAME | list}: the tenants of a running server, through its admin API. */
@Command(name = "tenant", description = {
        "Create or list the tenants of a running server",
        "",
        """
        A tenant owns datastore instances (docs/instances.md); `dms instance create` creates its
        tenant when missing, so this is only needed for a tenant without instances yet."""},
        exitCodeList = {"0:success", "1:the server refused or could not be reached", "2:a wrong command line"})
public final class TenantCommand extends AdminCommand {

    /** @param developmentClient the client to sign in with when the command line names none */
    public TenantCommand(Supplier<Optional<ConfiguredClients.Credentials>> developmentClient, PrintStream out, PrintStream err) {
        super(developmentClient, out, err);
    }

    @Override
    public List<Object> subcommands() {
        return List.of(new Create(this), new Listing(this));
    }

    @Command(name = "create", description = "Create the tenant; when it exists, nothing changes (exit status 0)")
    static final class Create extends AdminSubcommand {

        @Parameters(paramLabel = "NAME", description = "1 to 63 lower-case letters, digits and hyphens, starting with a letter or digit; "
                + "data, metadata, oauth, admin and health are paths of the API and name no tenant")
        String name;

        Create(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            AdminClient.Response response = admin.post("/admin/tenants", MessageCodec.MAPPER.createObjectNode().put("name", name));
            return response.ok() ? done("tenant " + name + (response.status() == 201 ? " created" : " exists")) : refused(response);
        }
    }

    @Command(name = "list", description = "Every tenant, with when it was created")
    static final class Listing extends AdminSubcommand {

        Listing(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            return table(admin.get("/admin/tenants"), "no tenants", List.of("TENANT", "CREATED"),
                    tenant -> List.of(tenant.path("name").asText(), tenant.path("createdAt").asText()));
        }
    }
}
