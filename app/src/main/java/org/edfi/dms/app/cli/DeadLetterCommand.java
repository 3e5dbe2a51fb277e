package org.edfi.dms.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.security.ConfiguredClients;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dms deadletter list|replay|discard}: the changes an instance's store refused, which its
 * sink parked instead of retrying them forever, through a running server's admin API.
 */
@Command(name = "deadletter", description = {
        "List, replay or discard the changes an instance's store refused (dead letters)",
        "",
        """
        The store-sink parks a change PostgreSQL refuses for its data (a data exception or a
        constraint violation, not a lost connection) in the instance's dead_letter table and goes
        on with the next (docs/operations.md#dead-letters). Fix the cause, then replay: the change is
        applied again by the sink's rules, so a version older than the document's stored one changes
        nothing. Discard one that must never be applied. Both are kept, marked, in the list --all."""},
        exitCodeList = {"0:success", "1:the server refused (no such dead letter, one replayed or discarded already, the store refuses it "
                + "again) or could not be reached", "2:a wrong command line"})
public final class DeadLetterCommand extends AdminCommand {

    /** @param developmentClient the client to sign in with when the command line names none */
    public DeadLetterCommand(Supplier<Optional<ConfiguredClients.Credentials>> developmentClient, PrintStream out, PrintStream err) {
        super(developmentClient, out, err);
    }

    @Override
    public List<Object> subcommands() {
        return List.of(new Listing(this), new Replay(this), new Discard(this));
    }

    /** A subcommand on one instance's dead letters. */
    private abstract static class OnInstance extends AdminSubcommand {

        @Option(names = "--instance", paramLabel = "TENANT/NAME", converter = InstanceCommand.Names.class,
                description = "the instance, e.g. district-a/255901-2024 (default: default/default, the instance of a deployment without route qualifiers)")
        InstanceId instance = InstanceId.DEFAULT;

        OnInstance(AdminCommand group) {
            super(group);
        }

        String path() {
            return "/admin/instances/" + instance.tenant() + "/" + instance.instance() + "/dead-letters";
        }

        String label() {
            return instance.tenant() + "/" + instance.instance();
        }
    }

    @Command(name = "list", description = "The parked changes as a table, oldest change version first")
    static final class Listing extends OnInstance {

        @Option(names = "--all", description = "the replayed and discarded ones too")
        boolean all;

        Listing(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            return table(admin.get(path(), all ? Map.of("all", "true") : Map.of()), "no dead letters in instance " + label(),
                    List.of("ID", "STATE", "CHANGE VERSION", "OFFSET", "RESOURCE", "DOCUMENT", "PARKED AT", "ERROR"),
                    letter -> List.of(letter.path("id").asText(), letter.path("state").asText(), letter.path("changeVersion").asText(),
                            letter.path("offset").asText(), letter.path("resource").asText() + (letter.path("deleted").asBoolean() ? " (delete)" : ""),
                            letter.path("documentId").asText(), letter.path("parkedAt").asText(),
                            firstLine(letter.path("error").asText()) + " [" + letter.path("sqlState").asText() + "]"));
        }

        private static String firstLine(String text) {
            int end = text.indexOf('\n');
            return end < 0 ? text : text.substring(0, end);
        }
    }

    /** Which to replay: one by id, or every parked one. */
    static final class Which {

        @Parameters(paramLabel = "ID", description = "the dead letter's id (dms deadletter list)")
        Long id;

        @Option(names = "--all", required = true, description = "every parked one, in change version order")
        boolean all;
    }

    @Command(name = "replay", description = {"Apply a parked change again, after fixing what refused it",
            "",
            "It is marked replayed when the store takes it; when the store refuses it again it stays parked with the new error."})
    static final class Replay extends OnInstance {

        @ArgGroup(multiplicity = "1")
        Which which;

        Replay(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            if (which.all) {
                AdminClient.Response response = admin.post(path() + "/replay", MessageCodec.MAPPER.createObjectNode());
                if (!response.ok()) {
                    return refused(response);
                }
                boolean allReplayed = true;
                for (JsonNode outcome : response.body()) {
                    out.println(outcome.asText());
                    allReplayed &= outcome.asText().endsWith(" replayed");
                }
                if (response.body().isEmpty()) {
                    out.println("no dead letters in instance " + label());
                }
                return allReplayed ? ExitStatus.OK : ExitStatus.FAILED;
            }
            AdminClient.Response response = admin.post(path() + "/" + which.id + "/replay", MessageCodec.MAPPER.createObjectNode());
            return response.ok() ? done("dead letter " + which.id + " of instance " + label() + " replayed: change version "
                    + response.body().path("changeVersion").asText() + " of " + response.body().path("resource").asText() + " "
                    + response.body().path("documentId").asText() + " applied") : refused(response);
        }
    }

    @Command(name = "discard", description = "Mark a parked change discarded: it is never applied")
    static final class Discard extends OnInstance {

        @Parameters(paramLabel = "ID", description = "the dead letter's id (dms deadletter list)")
        long id;

        Discard(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            AdminClient.Response response = admin.delete(path() + "/" + id);
            return response.ok() ? done("dead letter " + id + " of instance " + label() + " discarded: change version "
                    + response.body().path("changeVersion").asText() + " of " + response.body().path("resource").asText() + " "
                    + response.body().path("documentId").asText() + " will not be applied") : refused(response);
        }
    }
}
