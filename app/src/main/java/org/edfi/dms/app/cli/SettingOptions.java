package org.edfi.dms.app.cli;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edfi.dms.app.config.Setting;
import org.edfi.dms.app.config.Settings;
import org.edfi.dms.app.config.SettingsLoader;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The settings as options of one command: {@code --config FILE} and a flag for each {@link Setting}.
 * They are made from the Setting table rather than annotated, so that a setting's flag, environment
 * variable, file key, default and description are written once. The command's help lists the
 * settings it reads under a heading of their own; the others are accepted but hidden, since the same
 * settings file and environment serve every command.
 */
final class SettingOptions {

    private static final String HEADING = """
            %nSettings (each also DMS_<NAME> in the environment or <name>= in the --config file; a flag beats
            the environment, which beats the file, which beats the default):%n""";

    private final List<Setting> shown;
    private final Map<Setting, OptionSpec> options = new EnumMap<>(Setting.class);
    private OptionSpec configFile;

    /** @param shown the settings the command reads, in the order its help lists them */
    SettingOptions(List<Setting> shown) {
        this.shown = List.copyOf(shown);
    }

    /** Adds the options to the command, except a setting whose flag it already has (load's own --client-id). */
    void addTo(CommandSpec command) {
        configFile = OptionSpec.builder("--config").paramLabel("FILE").type(Path.class)
                .description("a settings file (Java properties)", "(DMS_CONFIG; default none)").build();
        ArgGroupSpec.Builder listed = ArgGroupSpec.builder().heading(HEADING).exclusive(false).validate(false).addArg(configFile);
        shown.forEach(setting -> listed.addArg(option(setting, false)));
        command.addArgGroup(listed.build());
        for (Setting setting : Setting.values()) {
            if (!shown.contains(setting) && command.findOption(setting.flag()) == null) {
                command.addOption(option(setting, true));
            }
        }
    }

    private OptionSpec option(Setting setting, boolean hidden) {
        String defaultValue = setting.defaultValue().isEmpty() ? "none" : setting.defaultValue();
        OptionSpec.Builder option = OptionSpec.builder(setting.flag()).paramLabel("VALUE").hidden(hidden)
                .description(setting.description(), "(" + setting.environmentVariable() + "; default " + defaultValue + ")");
        // Values stay strings: SettingsLoader checks them, whichever of the four places they come from.
        if (setting.isList()) {
            option.type(List.class).auxiliaryTypes(String.class);
        } else {
            option.type(String.class);
        }
        OptionSpec built = option.build();
        options.put(setting, built);
        return built;
    }

    /** The settings: the flags given, over the environment, over the settings file, over the defaults. */
    Settings load(SettingsLoader loader) {
        Map<Setting, List<String>> flags = new EnumMap<>(Setting.class);
        options.forEach((setting, option) -> {
            if (!option.stringValues().isEmpty()) {
                flags.put(setting, option.stringValues());
            }
        });
        return loader.load(flags, Optional.ofNullable(configFile.getValue()));
    }
}
