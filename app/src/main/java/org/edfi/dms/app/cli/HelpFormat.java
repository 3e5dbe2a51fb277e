package org.edfi.dms.app.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.IStyle;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.IParamLabelRenderer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How every dms help looks: plain text 110 columns wide, a blank line before each section, options
 * in the order they are declared, and an option's value written {@code --port VALUE}, as the docs
 * write it ({@code --port=VALUE} works as well).
 */
final class HelpFormat {

    private HelpFormat() {}

    /** Formats the help of the command and of all its subcommands. */
    static void apply(CommandLine root) {
        root.setColorScheme(Help.defaultColorScheme(Ansi.OFF));
        root.setUsageHelpWidth(110);
        root.setUsageHelpLongOptionsMaxWidth(24);
        root.setHelpFactory(SpacedLabels::new);
        layOut(root);
    }

    private static void layOut(CommandLine command) {
        UsageMessageSpec usage = command.getCommandSpec().usageMessage();
        usage.sortOptions(false).sortSynopsis(false).descriptionHeading("%n").parameterListHeading("%nParameters:%n")
                .optionListHeading("%nOptions:%n").commandListHeading("%nCommands:%n").footerHeading("%n");
        if (!command.getSubcommands().isEmpty()) {
            usage.synopsisSubcommandLabel("COMMAND"); // not [COMMAND]: a command with subcommands does nothing alone
        }
        if (!usage.exitCodeList().isEmpty()) {
            usage.exitCodeListHeading("%nExit status:%n");
        }
        command.getSubcommands().values().forEach(HelpFormat::layOut);
    }

    /** Picocli's help, with a space between an option and its value's label. */
    private static final class SpacedLabels extends Help {

        private final IParamLabelRenderer labels;

        SpacedLabels(CommandSpec command, ColorScheme colors) {
            super(command, colors);
            IParamLabelRenderer picocli = super.parameterLabelRenderer();
            labels = new IParamLabelRenderer() {
                @Override
                public Text renderParameterLabel(ArgSpec arg, Ansi ansi, List<IStyle> styles) {
                    Text label = picocli.renderParameterLabel(arg, ansi, styles);
                    String plain = label.plainString();
                    return arg.isOption() && plain.startsWith(picocli.separator())
                            ? ansi.new Text(" " + plain.substring(picocli.separator().length()), colorScheme())
                            : label;
                }

                @Override
                public String separator() {
                    return " ";
                }
            };
        }

        @Override
        public IParamLabelRenderer parameterLabelRenderer() {
            return labels;
        }
    }
}
