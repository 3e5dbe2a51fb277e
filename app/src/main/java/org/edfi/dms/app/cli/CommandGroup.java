package org.edfi.dms.app.cli;

import java.util.List;

/**
 * A command made of subcommands that take constructor arguments (where to print, how to read the
 * settings), so that picocli, which makes subcommands from their classes, cannot make them itself.
 */
interface CommandGroup {

    /** The subcommands, in the order the group's help lists them. */
    List<Object> subcommands();
}
