package org.edfi.dms.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.edfi.dms.contracts.InstanceId;
import org.edfi.dms.contracts.MessageCodec;
import org.edfi.dms.security.ConfiguredClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code dms instance create|list|show|purge|delete}: the datastore instances of a running server,
 * through its admin API. Each subcommand is one admin request, so repeating one that failed (or
 * whose server died halfway) finishes it.
 */
@Command(name = "instance", description = {
        "Create, list, show, purge or delete the datastore instances of a running server",
        "",
        """
        A datastore instance (usually one district and school year) lives inside a tenant, with its
        own database or schema, topics, processor state and CDC connector (docs/instances.md).
        Names are 1 to 63 lower-case letters, digits and hyphens, starting with a letter or digit."""},
        exitCodeList = {"0:success", "1:the server refused or could not be reached (an operation that failed halfway says so and is "
                + "finished by running it again)", "2:a wrong command line"})
public final class InstanceCommand extends AdminCommand {

    /** @param developmentClient the client to sign in with when the command line names none */
    public InstanceCommand(Supplier<Optional<ConfiguredClients.Credentials>> developmentClient, PrintStream out, PrintStream err) {
        super(developmentClient, out, err);
    }

    @Override
    public List<Object> subcommands() {
        return List.of(new Create(this), new Listing(this), new Show(this), new Purge(this), new Delete(this));
    }

    @Command(name = "create", description = {"Register the instance and provision it; its tenant is created when missing",
            "",
            "Creating one that exists changes nothing; one that stopped halfway is finished."})
    static final class Create extends AdminSubcommand {

        @Option(names = "--tenant", paramLabel = "T", required = true, description = "the tenant")
        String tenant;

        @Option(names = "--context", paramLabel = "KEY=VALUE",
                description = "a route qualifier value, e.g. --context districtId=255901 --context schoolYear=2024 (repeat, one per qualifier)")
        List<String> context = new ArrayList<>();

        @Option(names = "--name", paramLabel = "N",
                description = "the instance's name (default: the context values joined by '-', e.g. 255901-2024; `default` without context)")
        Optional<String> name = Optional.empty();

        @Option(names = "--server", paramLabel = "S",
                description = "the configured PostgreSQL server to put it on (default: the one holding the fewest instances)")
        Optional<String> onServer = Optional.empty();

        @Option(names = "--mode", paramLabel = "database|schema", description = "a database of its own (default) or a schema of its own")
        Optional<String> mode = Optional.empty();

        Create(AdminCommand group) {
            super(group);
        }

        @Override
        public Integer call() {
            contextObject(); // a wrong --context is a wrong command line, found before calling the server
            return super.call();
        }

        @Override
        int send(AdminClient admin) throws IOException {
            ObjectNode body = MessageCodec.MAPPER.createObjectNode().put("tenant", tenant);
            name.ifPresent(value -> body.put("name", value));
            onServer.ifPresent(value -> body.put("server", value));
            mode.ifPresent(value -> body.put("mode", value));
            body.set("context", contextObject());
            AdminClient.Response response = admin.post("/admin/instances", body);
            if (!response.ok()) {
                return refused(response);
            }
            JsonNode instance = response.body();
            return done("instance " + instance.path("tenant").asText() + "/" + instance.path("name").asText()
                    + (response.status() == 201 ? " created" : " exists") + ": " + instance.path("state").asText()
                    + ", on " + instance.path("server").asText() + " (" + instance.path("mode").asText() + ")"
                    + (instance.path("context").isEmpty() ? "" : ", context " + context(instance)));
        }

        /** {@code --context KEY=VALUE}, each key once, as the JSON object the admin API takes. */
        private ObjectNode contextObject() {
            ObjectNode object = MessageCodec.MAPPER.createObjectNode();
            for (String pair : context) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    throw new ParameterException(spec.commandLine(), "--context takes KEY=VALUE, e.g. --context schoolYear=2024, not " + pair);
                }
                String key = pair.substring(0, equals);
                if (object.has(key)) {
                    throw new ParameterException(spec.commandLine(), "--context " + key + " is given twice");
                }
                object.put(key, pair.substring(equals + 1));
            }
            return object;
        }
    }

    @Command(name = "list", description = "Every instance, or a tenant's, as a table")
    static final class Listing extends AdminSubcommand {

        @Option(names = "--tenant", paramLabel = "T", description = "only this tenant's")
        Optional<String> tenant = Optional.empty();

        Listing(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            return table(admin.get("/admin/instances", tenant.map(t -> Map.of("tenant", t)).orElse(Map.of())),
                    "no instances" + tenant.map(t -> " in tenant " + t).orElse(""), List.of("TENANT", "NAME", "CONTEXT", "SERVER", "MODE", "STATE"),
                    instance -> List.of(instance.path("tenant").asText(), instance.path("name").asText(), context(instance),
                            instance.path("server").asText(), instance.path("mode").asText(), instance.path("state").asText()));
        }
    }

    /** A subcommand on one instance, named TENANT/NAME. */
    private abstract static class OnOne extends AdminSubcommand {

        @Parameters(paramLabel = "TENANT/NAME", converter = Names.class, description = "the instance, e.g. district-a/255901-2024")
        InstanceId id;

        OnOne(AdminCommand group) {
            super(group);
        }

        String path() {
            return "/admin/instances/" + id.tenant() + "/" + id.instance();
        }

        String label() {
            return id.tenant() + "/" + id.instance();
        }
    }

    @Command(name = "show", description = "One instance as JSON: context, server, mode, state, topics")
    static final class Show extends OnOne {

        Show(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            AdminClient.Response response = admin.get(path());
            return response.ok() ? done(MessageCodec.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(response.body())) : refused(response);
        }
    }

    @Command(name = "purge", description = {"Empty the instance everywhere (tables, topics, state, CDC offsets)",
            "",
            "It stays, ready and empty. Other instances are not touched."})
    static final class Purge extends OnOne {

        Purge(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            AdminClient.Response response = admin.post(path() + "/purge", MessageCodec.MAPPER.createObjectNode());
            return response.ok() ? done("instance " + label() + " purged: empty and " + response.body().path("state").asText()) : refused(response);
        }
    }

    @Command(name = "delete", description = "Remove the instance and everything it has")
    static final class Delete extends OnOne {

        Delete(AdminCommand group) {
            super(group);
        }

        @Override
        int send(AdminClient admin) throws IOException {
            AdminClient.Response response = admin.delete(path());
            return response.ok() ? done("instance " + label() + " deleted") : refused(response);
        }
    }

    /** An instance named on the command line as TENANT/NAME. */
    static final class Names implements ITypeConverter<InstanceId> {

        @Override
        public InstanceId convert(String text) {
            String[] parts = text.split("/", -1);
            if (parts.length != 2) {
                throw new TypeConversionException("name an instance as TENANT/NAME, e.g. district-a/255901-2024, not " + text);
            }
            try {
                return new InstanceId(parts[0], parts[1]);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code districtId=255901, schoolYear=2024}, or {@code -} without context. */
    private static String context(JsonNode instance) {
        List<String> pairs = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : instance.path("context").properties()) {
            pairs.add(entry.getKey() + "=" + entry.getValue().asText());
        }
        return pairs.isEmpty() ? "-" : String.join(", ", pairs);
    }
}
