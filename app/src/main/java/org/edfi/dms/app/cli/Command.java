package org.edfi.dms.app.cli;

import java.io.PrintStream;
import java.util.List;

/** A subcommand of {@code dms}. */
public interface Command {

    /** Exit status: success. */
    int OK = 0;
    /** Exit status: the command ran and found a problem (a bad schema file, a failed load). */
    int FAILED = 1;
    /** Exit status: the command line itself was wrong. */
    int USAGE = 2;

    String name();

    /** One line for the command list. */
    String summary();

    /** The full {@code --help} text. */
    String usage();

    int run(List<String> args, PrintStream out, PrintStream err);
}
