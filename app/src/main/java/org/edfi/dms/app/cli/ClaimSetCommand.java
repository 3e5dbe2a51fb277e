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
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.security.ConfiguredClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dms claim-set list|show|export|import|copy|delete}: the claim sets of a running server (docs/security.md), through its admin API. */
@Command(name = "claim-set", description = {
        "List, show, export, import, copy or delete the claim sets of a running server",
        "",
        """
        Claim sets are the Ed-Fi ones of the claims file (Claims.json), this project's full-access
        and admin, and those imported here, in the Ed-Fi claim-set export format; an import is
        effective on every API node within seconds."""},
        exitCodeList = {"0:success", "1:the server refused or could not be reached", "2:a wrong command line"})
public final class ClaimSetCommand extends AdminCommand {

    /** @param developmentClient the client to sign in with when the command line names none */
    public ClaimSetCommand(Supplier<Optional<ConfiguredClients.Credentials>> developmentClient, PrintStream out, PrintStream err) {
        super(developmentClient, out, err);
    }

    @Override
    public List<Object> subcommands() {
        return List.of(new Listing(this), new Show(this), new Export(this), new Import(this), new Copy(this), new Delete(this));
    }

    /** A claim set's admin path; the client encodes the spaces a name may have. */
    static String path(String name) {
        return "/admin/claimSets/" + name;
    }

    @Command(name = "list", description = "Every claim set, and where it comes from")
    static final class Listing extends AdminSubcommand {
        Listing(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            return table(admin.get("/admin/claimSets"), "none", List.of("CLAIM SET", "SOURCE", "RESERVED", "ADMIN API"),
                    set -> List.of(set.path("name").asText(), set.path("source").asText(), yesNo(set.path("isSystemReserved")),
                            yesNo(set.path("admin"))));
        }

        private static String yesNo(JsonNode value) {
            return value.asBoolean() ? "yes" : "no";
        }
    }

    @Command(name = "show", description = "What a claim set is given, claim by claim: actions and strategy overrides")
    static final class Show extends AdminSubcommand {
        @Parameters(paramLabel = "NAME", description = "the claim set")
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
            out.println(name + " (" + answer.body().path("_source").asText() + ")");
            TextTable table = new TextTable("RESOURCE CLAIM", "ACTIONS", "OVERRIDES");
            for (JsonNode claim : answer.body().path("resourceClaims")) {
                List<String> actions = new ArrayList<>();
                claim.path("actions").forEach(action -> actions.add(action.path("name").asText()));
                List<String> overrides = new ArrayList<>();
                claim.path("authorizationStrategyOverrides").forEach(override -> {
                    List<String> strategies = new ArrayList<>();
                    override.path("authorizationStrategies").forEach(s -> strategies.add(s.path("authStrategyName").asText()));
                    overrides.add(override.path("actionName").asText() + ": " + String.join(" ", strategies));
                });
                table.row(claim.path("claimName").asText(), String.join(", ", actions), overrides.isEmpty() ? "-" : String.join("; ", overrides));
            }
            table.print(out);
            return ExitStatus.OK;
        }
    }

    @Command(name = "export", description = "Print a claim set in the Ed-Fi claim-set JSON format")
    static final class Export extends AdminSubcommand {
        @Parameters(paramLabel = "NAME", description = "the claim set")
        String name;

        Export(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            AdminClient.Response answer = admin.get(path(name));
            return answer.ok() ? done(MessageCodec.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(answer.body())) : refused(answer);
        }
    }

    @Command(name = "import", description = "Import (or replace) a claim set from a file in the Ed-Fi claim-set JSON format")
    static final class Import extends AdminSubcommand {
        @Parameters(paramLabel = "FILE", description = "the claim set, as export prints it")
        Path file;

        Import(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            JsonNode body = MessageCodec.MAPPER.readTree(Files.readAllBytes(file));
            AdminClient.Response answer = admin.post("/admin/claimSets/import", body);
            return answer.ok() ? done("claim set " + answer.body().path("claimSetName").asText() + (answer.status() == 201 ? " imported" : " replaced"))
                    : refused(answer);
        }
    }

    @Command(name = "copy", description = "Import a copy of a claim set under a new name")
    static final class Copy extends AdminSubcommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "the claim set to copy")
        String original;

        @Parameters(index = "1", paramLabel = "NEW", description = "the name of the copy")
        String name;

        Copy(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            AdminClient.Response answer = admin.post("/admin/claimSets/copy",
                    MessageCodec.MAPPER.createObjectNode().put("originalName", original).put("name", name));
            return answer.ok() ? done("claim set " + name + " copied from " + original) : refused(answer);
        }
    }

    @Command(name = "delete", description = "Delete an imported claim set that no application is given")
    static final class Delete extends AdminSubcommand {
        @Parameters(paramLabel = "NAME", description = "the claim set")
        String name;

        Delete(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            AdminClient.Response answer = admin.delete(path(name));
            return answer.ok() ? done("claim set " + name + " deleted") : refused(answer);
        }
    }
}
