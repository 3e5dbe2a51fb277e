package org.edfi.dms.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.edfi.dms.security.ConfiguredClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dms profile import|list|show|delete}: the API profiles of a running server (docs/profiles.md), through its admin API. */
@Command(name = "profile", description = {
        "Import, list, show or delete the API profiles of a running server",
        "",
        """
        Profiles are Ed-Fi profile definitions (the ODS/API's XML): which members of a resource an
        application's clients read and write. An import is checked against the server's ApiSchema
        and effective on every node within seconds; assign profiles with dms application create
        --profile."""},
        exitCodeList = {"0:success", "1:the server refused or could not be reached", "2:a wrong command line"})
public final class ProfileCommand extends AdminCommand {

    /** @param developmentClient the client to sign in with when the command line names none */
    public ProfileCommand(Supplier<Optional<ConfiguredClients.Credentials>> developmentClient, PrintStream out, PrintStream err) {
        super(developmentClient, out, err);
    }

    @Override
    public List<Object> subcommands() {
        return List.of(new Import(this), new Listing(this), new Show(this), new Delete(this));
    }

    static String path(String name) {
        return "/admin/profiles/" + name;
    }

    @Command(name = "import", description = "Import (or replace) the profiles of an Ed-Fi profile XML file (<Profile> or <Profiles>)")
    static final class Import extends AdminSubcommand {
        @Parameters(paramLabel = "FILE", description = "the profile definitions")
        Path file;

        Import(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            AdminClient.Response answer = admin.post("/admin/profiles", Files.readAllBytes(file), "application/xml");
            if (!answer.ok()) {
                return refused(answer);
            }
            List<String> lines = new ArrayList<>();
            for (JsonNode profile : answer.body()) {
                lines.add("profile " + profile.path("name").asText() + (profile.path("created").asBoolean() ? " imported" : " replaced"));
            }
            return done(String.join(System.lineSeparator(), lines));
        }
    }

    @Command(name = "list", description = "Every profile, the resources it covers and the applications assigned it")
    static final class Listing extends AdminSubcommand {
        Listing(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            return table(admin.get("/admin/profiles"), "none", List.of("PROFILE", "RESOURCES", "APPLICATIONS"),
                    profile -> List.of(profile.path("name").asText(), resources(profile), joined(profile.path("applications"))));
        }
    }

    /** Each covered resource with r (readable) and w (writable): {@code ed-fi/students (rw)}. */
    static String resources(JsonNode profile) {
        List<String> resources = new ArrayList<>();
        for (JsonNode resource : profile.path("resources")) {
            resources.add(resource.path("resource").asText() + " (" + (resource.path("readable").asBoolean() ? "r" : "")
                    + (resource.path("writable").asBoolean() ? "w" : "") + ")");
        }
        return resources.isEmpty() ? "-" : String.join(", ", resources);
    }

    @Command(name = "show", description = "A profile's definition, as imported, and the applications assigned it")
    static final class Show extends AdminSubcommand {
        @Parameters(paramLabel = "NAME", description = "the profile")
        String name;

        Show(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            AdminClient.Response answer = admin.get(path(name));
            if (!answer.ok()) {
                return refused(answer);
            }
            out.println(answer.body().path("definition").asText());
            out.println("resources: " + resources(answer.body()));
            return done("applications: " + (answer.body().path("applications").isEmpty() ? "none" : joined(answer.body().path("applications"))));
        }
    }

    @Command(name = "delete", description = "Delete a profile that no application is assigned")
    static final class Delete extends AdminSubcommand {
        @Parameters(paramLabel = "NAME", description = "the profile")
        String name;

        Delete(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            AdminClient.Response answer = admin.delete(path(name));
            return answer.ok() ? done("profile " + name + " deleted") : refused(answer);
        }
    }
}
