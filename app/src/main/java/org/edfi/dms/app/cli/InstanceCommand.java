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
import java.util.Set;
import org.edfi.dms.app.config.CommandLine;
import org.edfi.dms.app.config.SettingsException;
import org.edfi.dms.messages.InstanceId;
import org.edfi.dms.messages.MessageCodec;
import org.edfi.dms.security.ConfiguredClients;

/**
 * {@code dms instance create|list|show|purge|delete}: the datastore instances of a running server,
 * through its admin API. Each subcommand is one admin request, so repeating one that failed (or
 * whose server died halfway) finishes it.
 */
public final class InstanceCommand implements Command {

    private final Supplier<Optional<ConfiguredClients.Credentials>> developmentClient;

    /** @param developmentClient the client to sign in with when the command line names none */
    public InstanceCommand(Supplier<Optional<ConfiguredClients.Credentials>> developmentClient) {
        this.developmentClient = developmentClient;
    }

    private static final Set<String> SUBCOMMANDS = Set.of("create", "list", "show", "purge", "delete");

    @Override
    public String name() {
        return "instance";
    }

    @Override
    public String summary() {
        return "Create, list, show, purge or delete the datastore instances of a running server";
    }

    @Override
    public String usage() {
        return """
                Usage: dms instance create --tenant T [--name N] [--context KEY=VALUE]... [--server S]
                                           [--mode database|schema] [OPTIONS]
                       dms instance list [--tenant T] [OPTIONS]
                       dms instance show|purge|delete TENANT/NAME [OPTIONS]

                A datastore instance (usually one district and school year) lives inside a tenant, with its
                own database or schema, topics, processor state and CDC connector (docs/instances.md).

                  create    register the instance and provision it; its tenant is created when missing.
                            Creating one that exists changes nothing; one that stopped halfway is finished.
                    --tenant T            the tenant (required)
                    --context KEY=VALUE   a route qualifier value, e.g. --context districtId=255901
                                          --context schoolYear=2024 (repeat, one per qualifier)
                    --name N              the instance's name (default: the context values joined by '-',
                                          e.g. 255901-2024; `default` without context)
                    --server S            the configured PostgreSQL server to put it on (default: the one
                                          holding the fewest instances)
                    --mode database|schema
                                          a database of its own (default) or a schema of its own
                  list      every instance, or a tenant's, as a table
                  show      one instance as JSON: context, server, mode, state, topics
                  purge     empty the instance everywhere (tables, topics, state, CDC offsets); it stays,
                            ready and empty. Other instances are not touched.
                  delete    remove the instance and everything it has

                Names are 1 to 63 lower-case letters, digits and hyphens, starting with a letter or digit.

                Options:
                """ + AdminClient.OPTIONS_USAGE + """

                Exit status 0 on success, 1 when the server refused or could not be reached (an
                operation that failed halfway says so and is finished by running it again), 2 on a
                wrong command line.
                """;
    }

    /** The command line, read. */
    private record Request(String subcommand, Optional<InstanceId> target, ObjectNode body, Optional<String> tenant) {}

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        AdminClient.Target server = new AdminClient.Target();
        Request request;
        try {
            request = parse(args, server);
        } catch (SettingsException e) {
            err.println("instance: " + e.getMessage() + "\n\n" + usage());
            return USAGE;
        }
        try {
            AdminClient admin = AdminClient.connect(server, developmentClient);
            return switch (request.subcommand()) {
                case "create" -> create(admin, request.body(), out, err);
                case "list" -> list(admin, request.tenant(), out, err);
                case "show" -> show(admin, request.target().orElseThrow(), out, err);
                case "purge" -> purge(admin, request.target().orElseThrow(), out, err);
                default -> delete(admin, request.target().orElseThrow(), out, err);
            };
        } catch (IOException e) {
            err.println("instance: " + e.getMessage());
            return FAILED;
        }
    }

    private static Request parse(List<String> args, AdminClient.Target server) {
        CommandLine line = CommandLine.parse(args);
        List<String> words = line.positional();
        if (words.isEmpty() || !SUBCOMMANDS.contains(words.getFirst())) {
            throw new SettingsException("say create, list, show, purge or delete");
        }
        String subcommand = words.getFirst();
        ObjectNode body = MessageCodec.MAPPER.createObjectNode();
        ObjectNode context = MessageCodec.MAPPER.createObjectNode();
        List<String> given = new ArrayList<>();
        for (CommandLine.Option option : line.options()) {
            if (server.accept(option)) {
                continue;
            }
            given.add(option.name());
            switch (option.name()) {
                case "--tenant" -> body.put("tenant", option.value());
                case "--name" -> body.put("name", option.value());
                case "--server" -> body.put("server", option.value());
                case "--mode" -> body.put("mode", option.value());
                case "--context" -> {
                    int equals = option.value().indexOf('=');
                    if (equals <= 0) {
                        throw new SettingsException("--context takes KEY=VALUE, e.g. --context schoolYear=2024, not " + option.value());
                    }
                    String key = option.value().substring(0, equals);
                    if (context.has(key)) {
                        throw new SettingsException("--context " + key + " is given twice");
                    }
                    context.put(key, option.value().substring(equals + 1));
                }
                default -> throw new SettingsException("unknown option " + option.name());
            }
        }
        List<String> allowed = switch (subcommand) {
            case "create" -> List.of("--tenant", "--name", "--server", "--mode", "--context");
            case "list" -> List.of("--tenant");
            default -> List.of();
        };
        for (String name : given) {
            if (!allowed.contains(name)) {
                throw new SettingsException(name + " does not go with " + subcommand);
            }
        }
        switch (subcommand) {
            case "create" -> {
                if (!body.has("tenant")) {
                    throw new SettingsException("create needs --tenant T");
                }
                if (words.size() > 1) {
                    throw new SettingsException("create takes options only, not " + words.get(1));
                }
                body.set("context", context);
                return new Request(subcommand, Optional.empty(), body, Optional.empty());
            }
            case "list" -> {
                if (words.size() > 1) {
                    throw new SettingsException("list takes --tenant T, not " + words.get(1));
                }
                return new Request(subcommand, Optional.empty(), body, Optional.ofNullable(body.path("tenant").textValue()));
            }
            default -> {
                if (words.size() != 2) {
                    throw new SettingsException(subcommand + " needs one TENANT/NAME, e.g. district-a/255901-2024");
                }
                return new Request(subcommand, Optional.of(instanceId(words.get(1))), body, Optional.empty());
            }
        }
    }

    private static InstanceId instanceId(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 2) {
            throw new SettingsException("name an instance as TENANT/NAME, e.g. district-a/255901-2024, not " + text);
        }
        try {
            return new InstanceId(parts[0], parts[1]);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage());
        }
    }

    private static String path(InstanceId id) {
        return "/admin/instances/" + id.tenant() + "/" + id.instance();
    }

    private static int create(AdminClient admin, ObjectNode body, PrintStream out, PrintStream err) throws IOException {
        AdminClient.Response response = admin.post("/admin/instances", body);
        if (!response.ok()) {
            return refused(response, err);
        }
        JsonNode instance = response.body();
        out.println("instance " + label(instance) + (response.status() == 201 ? " created" : " exists") + ": " + instance.path("state").asText()
                + ", on " + instance.path("server").asText() + " (" + instance.path("mode").asText() + ")"
                + (instance.path("context").isEmpty() ? "" : ", context " + context(instance)));
        return OK;
    }

    private static int list(AdminClient admin, Optional<String> tenant, PrintStream out, PrintStream err) throws IOException {
        AdminClient.Response response = admin.get("/admin/instances", tenant.map(t -> Map.of("tenant", t)).orElse(Map.of()));
        if (!response.ok()) {
            return refused(response, err);
        }
        if (response.body().isEmpty()) {
            out.println("no instances" + tenant.map(t -> " in tenant " + t).orElse(""));
            return OK;
        }
        TextTable table = new TextTable("TENANT", "NAME", "CONTEXT", "SERVER", "MODE", "STATE");
        for (JsonNode instance : response.body()) {
            table.row(instance.path("tenant").asText(), instance.path("name").asText(), context(instance),
                    instance.path("server").asText(), instance.path("mode").asText(), instance.path("state").asText());
        }
        table.print(out);
        return OK;
    }

    private static int show(AdminClient admin, InstanceId id, PrintStream out, PrintStream err) throws IOException {
        AdminClient.Response response = admin.get(path(id));
        if (!response.ok()) {
            return refused(response, err);
        }
        out.println(MessageCodec.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(response.body()));
        return OK;
    }

    private static int purge(AdminClient admin, InstanceId id, PrintStream out, PrintStream err) throws IOException {
        AdminClient.Response response = admin.post(path(id) + "/purge", MessageCodec.MAPPER.createObjectNode());
        if (!response.ok()) {
            return refused(response, err);
        }
        out.println("instance " + id.tenant() + "/" + id.instance() + " purged: empty and " + response.body().path("state").asText());
        return OK;
    }

    private static int delete(AdminClient admin, InstanceId id, PrintStream out, PrintStream err) throws IOException {
        AdminClient.Response response = admin.delete(path(id));
        if (!response.ok()) {
            return refused(response, err);
        }
        out.println("instance " + id.tenant() + "/" + id.instance() + " deleted");
        return OK;
    }

    private static int refused(AdminClient.Response response, PrintStream err) {
        AdminClient.printProblem("instance", response, err);
        return FAILED;
    }

    private static String label(JsonNode instance) {
        return instance.path("tenant").asText() + "/" + instance.path("name").asText();
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
