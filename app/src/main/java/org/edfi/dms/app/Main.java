package org.edfi.dms.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.edfi.dms.app.cli.CheckSchemaCommand;
import org.edfi.dms.app.cli.ClientCommand;
import org.edfi.dms.app.cli.Command;
import org.edfi.dms.app.cli.ConnectorCommand;
import org.edfi.dms.app.cli.GenerateCommand;
import org.edfi.dms.app.cli.InstanceCommand;
import org.edfi.dms.app.cli.LoadCommand;
import org.edfi.dms.app.cli.RoleCommand;
import org.edfi.dms.app.cli.RunCommand;
import org.edfi.dms.app.cli.TenantCommand;
import org.edfi.dms.app.config.SettingsLoader;
import org.edfi.dms.security.ConfiguredClients;

/** The {@code dms} command line: one jar, one subcommand per job. */
public final class Main {

    private final Map<String, Command> commands = new LinkedHashMap<>();

    /**
     * @param home        the project directory, against which default paths resolve
     * @param environment the process environment, where {@code DMS_*} settings come from
     */
    Main(Path home, Map<String, String> environment) {
        SettingsLoader settings = new SettingsLoader(home, environment);
        add(new RunCommand(settings));
        RoleCommand.all(settings).forEach(this::add);
        add(new ConnectorCommand(settings));
        Supplier<Optional<ConfiguredClients.Credentials>> developmentClient = () -> DevelopmentClient.saved(settings.load(List.of()).dataDir());
        add(new TenantCommand(developmentClient));
        add(new InstanceCommand(developmentClient));
        for (ClientCommand.Kind kind : ClientCommand.Kind.values()) {
            add(new ClientCommand(kind, developmentClient));
        }
        add(new LoadCommand(settings));
        add(new GenerateCommand(settings));
        add(new CheckSchemaCommand(DefaultPaths.dataStandardSchema(home)));
    }

    private void add(Command command) {
        commands.put(command.name(), command);
    }

    public static void main(String[] args) {
        quietLogging();
        System.exit(new Main(DefaultPaths.home(), System.getenv()).run(Arrays.asList(args), System.out, System.err));
    }

    /**
     * Warnings and errors only, unless configured otherwise: at INFO, Kafka alone prints thousands of
     * lines at start-up. {@code -Dorg.slf4j.simpleLogger.defaultLogLevel=info} brings them back.
     */
    private static void quietLogging() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        if (System.getProperty("java.util.logging.config.file") == null) {
            java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING); // Helidon logs through JUL
        }
    }

    int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.getFirst().equals("--help") || args.getFirst().equals("-h") || args.getFirst().equals("help")) {
            if (args.size() > 1 && commands.containsKey(args.get(1))) {
                out.print(commands.get(args.get(1)).usage());
                return Command.OK;
            }
            out.print(usage());
            return args.isEmpty() ? Command.USAGE : Command.OK;
        }
        Command command = commands.get(args.getFirst());
        if (command == null) {
            err.println("dms: unknown command '" + args.getFirst() + "'\n");
            err.print(usage());
            return Command.USAGE;
        }
        List<String> rest = args.subList(1, args.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(command.usage());
            return Command.OK;
        }
        return command.run(rest, out, err);
    }

    private String usage() {
        StringBuilder text = new StringBuilder("Usage: dms COMMAND [OPTIONS]\n\nThe Ed-Fi Data Management Service on Kafka Streams.\n\nCommands:\n");
        commands.values().forEach(c -> text.append(String.format("  %-14s %s%n", c.name(), c.summary())));
        text.append("\nRun 'dms COMMAND --help' for a command's options.\n");
        return text.toString();
    }
}
