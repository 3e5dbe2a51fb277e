package org.edfi.dms.app.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.edfi.dms.app.config.Setting;
import org.edfi.dms.app.config.Settings;
import org.edfi.dms.app.config.SettingsException;
import org.edfi.dms.app.config.SettingsLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that reads the settings. Its options include every setting ({@link SettingOptions}), and
 * a wrong setting, from a flag, the environment or the settings file alike, is a usage error.
 */
@Command(modelTransformer = SettingsCommand.AddSettingOptions.class)
abstract class SettingsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    final PrintStream out;
    final PrintStream err;
    private final SettingsLoader loader;
    private final SettingOptions settingOptions;

    /** @param shown the settings this command reads, listed in its help in this order */
    SettingsCommand(SettingsLoader loader, List<Setting> shown, PrintStream out, PrintStream err) {
        this.loader = loader;
        this.settingOptions = new SettingOptions(shown);
        this.out = out;
        this.err = err;
    }

    /** The settings of this run of the command. */
    Settings settings() {
        try {
            return settingOptions.load(loader);
        } catch (SettingsException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The command's name, which starts its messages. */
    String name() {
        return spec.name();
    }

    /** Picocli builds a command's options from its annotations; this adds the settings' options to them. */
    public static final class AddSettingOptions implements IModelTransformer {

        @Override
        public CommandSpec transform(CommandSpec command) {
            ((SettingsCommand) command.userObject()).settingOptions.addTo(command);
            return command;
        }
    }
}
