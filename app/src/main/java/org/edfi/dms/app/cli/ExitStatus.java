package org.edfi.dms.app.cli;

/** The exit statuses every dms command keeps to (docs/operations.md). */
final class ExitStatus {

    /** Success. */
    static final int OK = 0;
    /** The command ran and found a problem: a bad schema file, a failed load, a refusal of the server. */
    static final int FAILED = 1;
    /** The command line (or a setting) was wrong. */
    static final int USAGE = 2;

    private ExitStatus() {}
}
