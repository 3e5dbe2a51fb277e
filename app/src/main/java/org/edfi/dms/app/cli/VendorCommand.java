package org.edfi.dms.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.security.ConfiguredClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dms vendor create|list}: the vendors of a running server (docs/security.md), through its admin API. */
@Command(name = "vendor", description = {
        "Create or list the vendors (and their namespace prefixes) of a running server",
        "",
        """
        A vendor owns applications; its namespace prefixes (uri://gbisd.edu) are the namespaces its
        clients may write descriptors and other namespaced resources in."""},
        exitCodeList = {"0:success", "1:the server refused or could not be reached", "2:a wrong command line"})
public final class VendorCommand extends AdminCommand {

    /** @param developmentClient the client to sign in with when the command line names none */
    public VendorCommand(Supplier<Optional<ConfiguredClients.Credentials>> developmentClient, PrintStream out, PrintStream err) {
        super(developmentClient, out, err);
    }

    @Override
    public List<Object> subcommands() {
        return List.of(new Create(this), new Listing(this));
    }

    @Command(name = "create", description = "Create the vendor; creating one that exists with the same prefixes changes nothing")
    static final class Create extends AdminSubcommand {

        @Parameters(paramLabel = "NAME", description = "the vendor's name")
        String name;

        @Option(names = "--namespace-prefix", paramLabel = "PREFIX", description = "a namespace prefix (repeat for more)")
        List<String> prefixes = new ArrayList<>();

        Create(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            ObjectNode body = MessageCodec.MAPPER.createObjectNode().put("name", name);
            prefixes.forEach(body.putArray("namespacePrefixes")::add);
            AdminClient.Response created = admin.post("/admin/vendors", body);
            return created.ok() ? done("vendor " + name + (created.status() == 201 ? " created" : " exists")) : refused(created);
        }
    }

    @Command(name = "list", description = "Every vendor, with its namespace prefixes")
    static final class Listing extends AdminSubcommand {

        Listing(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            return table(admin.get("/admin/vendors"), "none", List.of("VENDOR", "NAMESPACE PREFIXES", "CREATED"),
                    vendor -> List.of(vendor.path("name").asText(), joined(vendor.path("namespacePrefixes")), vendor.path("createdAt").asText()));
        }
    }
}
