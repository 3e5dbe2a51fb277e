package org.edfi.dms.app.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A wrong command line: the command's name and what is wrong, suggestions for a misspelling, then the
 * command's help, on stderr; exit status 2.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(name(command) + ": " + message(e));
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println();
        command.usage(err);
        err.flush();
        return ExitStatus.USAGE;
    }

    /** {@code dms} for the root, {@code instance create} for a subcommand: the names its messages start with. */
    private static String name(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        return spec.parent() == null ? spec.name() : spec.qualifiedName().substring(spec.root().name().length() + 1);
    }

    /** Picocli's message, except that a word where a command belongs is an unknown command, not an "unmatched argument". */
    private static String message(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.isUnknownOption()
                && !e.getCommandLine().getSubcommands().isEmpty() && !unmatched.getUnmatched().isEmpty()) {
            return "unknown command '" + unmatched.getUnmatched().getFirst() + "'";
        }
        return e.getMessage();
    }
}
