package org.edfi.dms.app.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dms help [COMMAND [SUBCOMMAND]]}: the help of dms or of a command, as {@code --help} prints it. */
@Command(name = "help", hidden = true, description = "Show the help of dms or of a command")
final class HelpCommand implements Callable<Integer> {

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "a command, then a subcommand of it")
    List<String> path = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine command = spec.root().commandLine();
        for (String name : path) {
            command = command.getSubcommands().get(name);
            if (command == null) {
                throw new ParameterException(spec.commandLine(), "unknown command '" + name + "'");
            }
        }
        command.usage(spec.commandLine().getOut());
        return ExitStatus.OK;
    }
}
