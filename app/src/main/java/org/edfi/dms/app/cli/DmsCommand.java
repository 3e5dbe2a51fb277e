package org.edfi.dms.app.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code dms}: the root of the command line, whose subcommands are the jobs. */
@Command(name = "dms", description = "The Ed-Fi Data Management Service on Kafka Streams.",
        footer = "Run 'dms COMMAND --help' for a command's options.")
public final class DmsCommand implements Callable<Integer> {

    /** Help on every command and subcommand, listed after their own options. */
    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, order = 1000, description = "Show this help and exit")
    boolean help;

    @Spec
    CommandSpec spec;

    private DmsCommand() {}

    /** Without a command: the list of commands, as for a wrong command line. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitStatus.USAGE;
    }

    /**
     * The command line of dms with these commands, listed in this order, then {@code completion} and the
     * unlisted {@code help}. Only the command that the arguments name (or all, for {@code completion})
     * is built in full; the others are only a name and a summary for the list of commands. Picocli
     * reads a command's annotations when it builds it, and building all of them made every start of
     * dms half as slow again ({@code dms --help}: 0.5 s of CPU instead of 0.33 s).
     *
     * @param commands annotated command objects
     * @param args     the arguments the command line will be given
     */
    public static CommandLine commandLine(List<?> commands, List<String> args, PrintStream out, PrintStream err) {
        CommandLine dms = new CommandLine(new DmsCommand());
        String named = args.isEmpty() ? "" : args.getFirst().equals("help") && args.size() > 1 ? args.get(1) : args.getFirst();
        boolean all = named.equals("completion");
        for (Object command : commands) {
            Command annotation = command.getClass().getAnnotation(Command.class);
            dms.addSubcommand(all || annotation.name().equals(named) ? built(command) : summary(annotation));
        }
        dms.addSubcommand(new CompletionCommand());
        dms.addSubcommand(new HelpCommand());
        // The settings below reach every subcommand added so far, so they come last.
        HelpFormat.apply(dms);
        dms.setParameterExceptionHandler(new UsageErrorHandler());
        dms.setOverwrittenOptionsAllowed(true); // the last of an option given twice wins, as before picocli
        dms.setOut(new PrintWriter(out, true));
        dms.setErr(new PrintWriter(err, true));
        return dms;
    }

    /**
     * The command line of a command and its subcommands. Built with picocli's constructor, the only
     * place it applies a command's model transformer (which adds the settings, see {@link SettingsCommand}).
     */
    private static CommandLine built(Object command) {
        CommandLine line = new CommandLine(command);
        if (command instanceof CommandGroup group) {
            group.subcommands().forEach(subcommand -> line.addSubcommand(built(subcommand)));
        }
        return line;
    }

    /** A command as the list of commands shows it: its name and the first line of its description. */
    private static CommandLine summary(Command command) {
        CommandSpec spec = CommandSpec.create().name(command.name());
        spec.usageMessage().description(command.description()[0]);
        return new CommandLine(spec);
    }
}
