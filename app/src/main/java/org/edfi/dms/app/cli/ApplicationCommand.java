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

/** {@code dms application create|list}: the applications of a running server's vendors (docs/security.md), through its admin API. */
@Command(name = "application", description = {
        "Create or list the applications (claim set, education organizations, profiles) of a running server",
        "",
        """
        An application of a vendor has a claim set (one of the Ed-Fi claims file's, such as SISVendor
        or EdFiSandbox, or this project's full-access or admin) and the education organizations it
        is given, and may be assigned API profiles (dms profile) that shape what its clients read
        and write."""},
        exitCodeList = {"0:success", "1:the server refused or could not be reached", "2:a wrong command line"})
public final class ApplicationCommand extends AdminCommand {

    /** @param developmentClient the client to sign in with when the command line names none */
    public ApplicationCommand(Supplier<Optional<ConfiguredClients.Credentials>> developmentClient, PrintStream out, PrintStream err) {
        super(developmentClient, out, err);
    }

    @Override
    public List<Object> subcommands() {
        return List.of(new Create(this), new Listing(this), new Profiles(this));
    }

    @Command(name = "create", description = "Create an application of the vendor")
    static final class Create extends AdminSubcommand {

        @Option(names = "--vendor", paramLabel = "V", required = true, description = "the vendor it belongs to")
        String vendor;

        @Option(names = "--name", paramLabel = "N", required = true, description = "its name")
        String name;

        @Option(names = "--claim-set", paramLabel = "C", required = true, description = "its claim set")
        String claimSet;

        @Option(names = "--education-organization-id", paramLabel = "ID", description = "an education organization it is given (repeat for more)")
        List<Long> educationOrganizations = new ArrayList<>();

        @Option(names = "--profile", paramLabel = "P", description = "an API profile it is assigned (repeat for more)")
        List<String> profiles = new ArrayList<>();

        Create(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            ObjectNode body = MessageCodec.MAPPER.createObjectNode().put("vendor", vendor).put("name", name).put("claimSet", claimSet);
            educationOrganizations.forEach(body.putArray("educationOrganizationIds")::add);
            if (!profiles.isEmpty()) {
                profiles.forEach(body.putArray("profiles")::add);
            }
            AdminClient.Response created = admin.post("/admin/applications", body);
            return created.ok() ? done("application " + vendor + "/" + name + (created.status() == 201 ? " created" : " exists")) : refused(created);
        }
    }

    @Command(name = "list", description = "Every application, or a vendor's")
    static final class Listing extends AdminSubcommand {

        @Option(names = "--vendor", paramLabel = "V", description = "only this vendor's")
        Optional<String> vendor = Optional.empty();

        Listing(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            return table(admin.get("/admin/applications", vendor.map(v -> Map.of("vendor", v)).orElse(Map.of())), "none",
                    List.of("ID", "VENDOR", "APPLICATION", "CLAIM SET", "EDUCATION ORGANIZATIONS", "PROFILES"),
                    application -> List.of(application.path("id").asText(), application.path("vendor").asText(), application.path("name").asText(),
                            application.path("claimSet").asText(), joined(application.path("educationOrganizationIds")),
                            joined(application.path("profiles"))));
        }
    }

    @Command(name = "profiles", description = "Assign an application its API profiles, in place of those it has (none: no profile)")
    static final class Profiles extends AdminSubcommand {

        @Parameters(paramLabel = "ID", description = "the application's id (dms application list shows it)")
        long id;

        @Option(names = "--profile", paramLabel = "P", description = "a profile (repeat for more)")
        List<String> profiles = new ArrayList<>();

        Profiles(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            ObjectNode body = MessageCodec.MAPPER.createObjectNode();
            profiles.forEach(body.putArray("profiles")::add);
            if (profiles.isEmpty()) {
                body.putArray("profiles");
            }
            AdminClient.Response answer = admin.put("/admin/applications/" + id + "/profiles", body);
            return answer.ok() ? done("application " + answer.body().path("vendor").asText() + "/" + answer.body().path("name").asText()
                    + " profiles: " + (profiles.isEmpty() ? "none" : joined(answer.body().path("profiles")))) : refused(answer);
        }
    }
}
