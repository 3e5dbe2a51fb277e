package org.edfi.dms.app.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dms completion}: a bash completion script of every command and option, made from the command line itself. */
@Command(name = "completion", description = {
        "Print a bash (or zsh) completion script for dms",
        "",
        """
        Complete dms commands in this shell with  source <(bin/dms completion) , or keep the script
        where bash-completion finds it: bin/dms completion > ~/.local/share/bash-completion/completions/dms
        It completes `dms` and `bin/dms` alike. In zsh, run  autoload -U +X bashcompinit && bashcompinit
        before sourcing it."""})
final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("dms", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return ExitStatus.OK;
    }
}
