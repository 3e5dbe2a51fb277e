package org.edfi.dms.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.edfi.dms.app.config.CommandLine;
import org.edfi.dms.app.config.SettingsException;
import org.edfi.dms.messages.MessageCodec;
import org.edfi.dms.security.ConfiguredClients;

/**
 * {@code dms vendor}, {@code dms application} and {@code dms client}: who may use a running server
 * and how, through its admin API (docs/security.md). One class for the three, since each is a few
 * calls of the same shape: read the words and options, call the API, print a table or a line.
 */
public final class ClientCommand implements Command {

    /** Which of the three this is. */
    public enum Kind { VENDOR, APPLICATION, CLIENT }

    private final Kind kind;
    private final Supplier<Optional<ConfiguredClients.Credentials>> developmentClient;

    /** @param developmentClient the client to sign in with when the command line names none */
    public ClientCommand(Kind kind, Supplier<Optional<ConfiguredClients.Credentials>> developmentClient) {
        this.kind = kind;
        this.developmentClient = developmentClient;
    }

    @Override
    public String name() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String summary() {
        return switch (kind) {
            case VENDOR -> "Create or list the vendors (and their namespace prefixes) of a running server";
            case APPLICATION -> "Create or list the applications (claim set, education organizations) of a running server";
            case CLIENT -> "Create, list, show, delete API clients of a running server, or give one a new secret";
        };
    }

    @Override
    public String usage() {
        String body = switch (kind) {
            case VENDOR -> """
                    Usage: dms vendor create NAME [--namespace-prefix PREFIX]... [OPTIONS]
                           dms vendor list [OPTIONS]

                    A vendor owns applications; its namespace prefixes (uri://gbisd.edu) are the namespaces its
                    clients may write descriptors and other namespaced resources in. Creating a vendor that
                    exists with the same prefixes changes nothing.
                    """;
            case APPLICATION -> """
                    Usage: dms application create --vendor V --name N --claim-set C [--education-organization-id ID]... [OPTIONS]
                           dms application list [--vendor V] [OPTIONS]

                    An application of a vendor has a claim set (full-access, sis-vendor, assessment-vendor,
                    read-only, descriptor-manager, admin, or one of the deployment's own) and the education
                    organizations it is given.
                    """;
            case CLIENT -> """
                    Usage: dms client create --vendor V --application A [--instance TENANT/INSTANCE]... [OPTIONS]
                           dms client list [--vendor V] [OPTIONS]
                           dms client show|delete|reset-secret CLIENT_ID [OPTIONS]

                    An API client of an application, given the instances it may reach. create and reset-secret
                    print the client secret: the only time it is shown (the server keeps a slow hash of it).
                    """;
        };
        return body + "\nOptions:\n" + AdminClient.OPTIONS_USAGE
                + "\nExit status 0 on success, 1 when the server refused or could not be reached, 2 on a wrong\ncommand line.\n";
    }

    /** The command line, read: its words and its own options (repeatable ones keep every value). */
    private record Request(List<String> words, Map<String, List<String>> options) {

        Optional<String> one(String name) {
            List<String> values = options.getOrDefault(name, List.of());
            return values.isEmpty() ? Optional.empty() : Optional.of(values.getLast());
        }

        String required(String name) {
            return one(name).orElseThrow(() -> new SettingsException("give " + name));
        }

        List<String> all(String name) {
            return options.getOrDefault(name, List.of());
        }
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        AdminClient.Target target = new AdminClient.Target();
        Request request;
        try {
            CommandLine line = CommandLine.parse(args);
            Map<String, List<String>> options = new LinkedHashMap<>();
            for (CommandLine.Option option : line.options()) {
                if (!target.accept(option)) {
                    if (!ownOptions().contains(option.name())) {
                        throw new SettingsException("unknown option " + option.name());
                    }
                    options.computeIfAbsent(option.name(), k -> new ArrayList<>()).add(option.value());
                }
            }
            request = new Request(line.positional(), options);
            check(request);
        } catch (SettingsException e) {
            err.println(name() + ": " + e.getMessage() + "\n\n" + usage());
            return USAGE;
        }
        try {
            AdminClient admin = AdminClient.connect(target, developmentClient);
            return switch (kind) {
                case VENDOR -> vendor(admin, request, out, err);
                case APPLICATION -> application(admin, request, out, err);
                case CLIENT -> client(admin, request, out, err);
            };
        } catch (IOException e) {
            err.println(name() + ": " + e.getMessage());
            return FAILED;
        } catch (SettingsException e) {
            err.println(name() + ": " + e.getMessage() + "\n\n" + usage());
            return USAGE;
        }
    }

    private List<String> ownOptions() {
        return switch (kind) {
            case VENDOR -> List.of("--namespace-prefix");
            case APPLICATION -> List.of("--vendor", "--name", "--claim-set", "--education-organization-id");
            case CLIENT -> List.of("--vendor", "--application", "--instance");
        };
    }

    private void check(Request request) {
        List<String> words = request.words();
        boolean ok = switch (kind) {
            case VENDOR -> words.equals(List.of("list")) || words.size() == 2 && words.getFirst().equals("create");
            case APPLICATION -> words.equals(List.of("list")) || words.equals(List.of("create"));
            case CLIENT -> words.equals(List.of("list")) || words.equals(List.of("create"))
                    || words.size() == 2 && List.of("show", "delete", "reset-secret").contains(words.getFirst());
        };
        if (!ok) {
            throw new SettingsException("unknown or incomplete subcommand " + String.join(" ", words));
        }
    }

    // ---- vendors --------------------------------------------------------------------------

    private int vendor(AdminClient admin, Request request, PrintStream out, PrintStream err) throws IOException {
        if (request.words().getFirst().equals("create")) {
            ObjectNode body = MessageCodec.MAPPER.createObjectNode().put("name", request.words().get(1));
            strings(body.putArray("namespacePrefixes"), request.all("--namespace-prefix"));
            AdminClient.Response created = admin.post("/admin/vendors", body);
            return created.ok() ? done(out, "vendor " + request.words().get(1) + (created.status() == 201 ? " created" : " exists")) : refused(created, err);
        }
        return table(admin.get("/admin/vendors"), out, err, new String[] {"VENDOR", "NAMESPACE PREFIXES", "CREATED"},
                v -> new String[] {v.path("name").asText(), joined(v.path("namespacePrefixes")), v.path("createdAt").asText()});
    }

    // ---- applications ---------------------------------------------------------------------

    private int application(AdminClient admin, Request request, PrintStream out, PrintStream err) throws IOException {
        if (request.words().getFirst().equals("create")) {
            ObjectNode body = MessageCodec.MAPPER.createObjectNode().put("vendor", request.required("--vendor"))
                    .put("name", request.required("--name")).put("claimSet", request.required("--claim-set"));
            ArrayNode edorgs = body.putArray("educationOrganizationIds");
            for (String id : request.all("--education-organization-id")) {
                try {
                    edorgs.add(Long.parseLong(id));
                } catch (NumberFormatException e) {
                    throw new SettingsException("an education organization id is a number, not " + id);
                }
            }
            AdminClient.Response created = admin.post("/admin/applications", body);
            return created.ok()
                    ? done(out, "application " + body.path("vendor").asText() + "/" + body.path("name").asText() + (created.status() == 201 ? " created" : " exists"))
                    : refused(created, err);
        }
        return table(admin.get("/admin/applications", request.one("--vendor").map(v -> Map.of("vendor", v)).orElse(Map.of())), out, err,
                new String[] {"VENDOR", "APPLICATION", "CLAIM SET", "EDUCATION ORGANIZATIONS"},
                a -> new String[] {a.path("vendor").asText(), a.path("name").asText(), a.path("claimSet").asText(), joined(a.path("educationOrganizationIds"))});
    }

    // ---- clients --------------------------------------------------------------------------

    private int client(AdminClient admin, Request request, PrintStream out, PrintStream err) throws IOException {
        String word = request.words().getFirst();
        switch (word) {
            case "create" -> {
                ObjectNode body = MessageCodec.MAPPER.createObjectNode().put("vendor", request.required("--vendor"))
                        .put("application", request.required("--application"));
                strings(body.putArray("instances"), request.all("--instance"));
                return secret(admin.post("/admin/clients", body), "created", out, err);
            }
            case "reset-secret" -> {
                return secret(admin.post("/admin/clients/" + request.words().get(1) + "/secret", MessageCodec.MAPPER.createObjectNode()), "has a new secret", out, err);
            }
            case "delete" -> {
                AdminClient.Response deleted = admin.delete("/admin/clients/" + request.words().get(1));
                return deleted.ok() ? done(out, "client " + request.words().get(1) + " deleted") : refused(deleted, err);
            }
            case "show" -> {
                AdminClient.Response shown = admin.get("/admin/clients/" + request.words().get(1));
                return shown.ok() ? done(out, MessageCodec.encodeToString(shown.body())) : refused(shown, err);
            }
            default -> {
                return table(admin.get("/admin/clients", request.one("--vendor").map(v -> Map.of("vendor", v)).orElse(Map.of())), out, err,
                        new String[] {"CLIENT ID", "VENDOR", "APPLICATION", "INSTANCES", "ACTIVE"},
                        c -> new String[] {c.path("clientId").asText(), c.path("vendor").asText(), c.path("application").asText(),
                                joined(c.path("instances")), c.path("active").asText()});
            }
        }
    }

    /** A client's id and secret, printed once: the server keeps only a hash of the secret. */
    private int secret(AdminClient.Response response, String what, PrintStream out, PrintStream err) {
        if (!response.ok()) {
            return refused(response, err);
        }
        out.println("client " + response.body().path("clientId").asText() + " " + what);
        out.println("client id:     " + response.body().path("clientId").asText());
        out.println("client secret: " + response.body().path("clientSecret").asText() + "  (shown once: keep it now)");
        return OK;
    }

    // ---- printing -------------------------------------------------------------------------

    private interface Row {
        String[] cells(JsonNode item);
    }

    private int table(AdminClient.Response response, PrintStream out, PrintStream err, String[] headings, Row row) {
        if (!response.ok()) {
            return refused(response, err);
        }
        if (response.body().isEmpty()) {
            return done(out, "none");
        }
        TextTable table = new TextTable(headings);
        for (JsonNode item : response.body()) {
            table.row(row.cells(item));
        }
        table.print(out);
        return OK;
    }

    private static int done(PrintStream out, String line) {
        out.println(line);
        return OK;
    }

    private int refused(AdminClient.Response response, PrintStream err) {
        AdminClient.printProblem(name(), response, err);
        return FAILED;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static String joined(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values.isEmpty() ? "-" : String.join(", ", values);
    }
}
