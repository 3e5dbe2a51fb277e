package org.edfi.dms.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.edfi.dms.app.cli.ApplicationCommand;
import org.edfi.dms.app.cli.ClaimSetCommand;
import org.edfi.dms.app.cli.ProfileCommand;
import org.edfi.dms.app.cli.CheckSchemaCommand;
import org.edfi.dms.app.cli.ClientCommand;
import org.edfi.dms.app.cli.ConnectorCommand;
import org.edfi.dms.app.cli.DeadLetterCommand;
import org.edfi.dms.app.cli.DmsCommand;
import org.edfi.dms.app.cli.GenerateCommand;
import org.edfi.dms.app.cli.InstanceCommand;
import org.edfi.dms.app.cli.LoadCommand;
import org.edfi.dms.app.cli.RoleCommand;
import org.edfi.dms.app.cli.RunCommand;
import org.edfi.dms.app.cli.SoakCommand;
import org.edfi.dms.app.cli.TenantCommand;
import org.edfi.dms.app.cli.VendorCommand;
import org.edfi.dms.app.config.Logging;
import org.edfi.dms.app.config.SettingsLoader;
import org.edfi.dms.runtime.DevelopmentClient;
import org.edfi.dms.security.ConfiguredClients;
import picocli.CommandLine;

/** The {@code dms} command line: one jar, one subcommand per job. */
public final class Main {

    private final Path home;
    private final Map<String, String> environment;

    /**
     * @param home        the project directory, against which default paths resolve
     * @param environment the process environment, where {@code DMS_*} settings come from
     */
    Main(Path home, Map<String, String> environment) {
        this.home = home;
        this.environment = environment;
    }

    public static void main(String[] args) {
        Logging.quietJavaUtilLogging();
        System.exit(new Main(DefaultPaths.home(), System.getenv()).run(Arrays.asList(args), System.out, System.err));
    }

    /** Runs the command the arguments name; returns its exit status. */
    int run(List<String> args, PrintStream out, PrintStream err) {
        CommandLine dms = DmsCommand.commandLine(commands(out, err), args, out, err);
        int status = dms.execute(args.toArray(String[]::new));
        dms.getOut().flush();
        dms.getErr().flush();
        return status;
    }

    /** Every command, in the order {@code dms --help} lists them. */
    private List<Object> commands(PrintStream out, PrintStream err) {
        SettingsLoader settings = new SettingsLoader(home, environment);
        Supplier<Optional<ConfiguredClients.Credentials>> developmentClient = () -> DevelopmentClient.saved(settings.load().dataDir());
        List<Object> commands = new ArrayList<>();
        commands.add(new RunCommand(settings, out, err));
        commands.addAll(RoleCommand.all(settings, out, err));
        commands.add(new ConnectorCommand(settings, out, err));
        commands.add(new TenantCommand(developmentClient, out, err));
        commands.add(new InstanceCommand(developmentClient, out, err));
        commands.add(new DeadLetterCommand(developmentClient, out, err));
        commands.add(new VendorCommand(developmentClient, out, err));
        commands.add(new ApplicationCommand(developmentClient, out, err));
        commands.add(new ClientCommand(developmentClient, out, err));
        commands.add(new ClaimSetCommand(developmentClient, out, err));
        commands.add(new ProfileCommand(developmentClient, out, err));
        commands.add(new LoadCommand(settings, out, err));
        commands.add(new GenerateCommand(settings, out, err));
        commands.add(new SoakCommand(settings, home, out, err));
        commands.add(new CheckSchemaCommand(DefaultPaths.dataStandardSchema(home), DefaultPaths.claims(home),
                DefaultPaths.claimsSchema(home), out, err));
        return commands;
    }
}
