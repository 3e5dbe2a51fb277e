package org.edfi.dms.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A dms command line run in this JVM, as {@code bin/dms} would run it: its exit status and what it printed. */
record CommandRun(int status, String out, String err) {

    /** Runs {@code args} with {@code home} as the dms home and {@code environment} as its environment. */
    static CommandRun of(Path home, Map<String, String> environment, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new Main(home, environment).run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** What it printed, its standard output then its errors: for a message that may go to either. */
    String output() {
        return out + err;
    }
}
