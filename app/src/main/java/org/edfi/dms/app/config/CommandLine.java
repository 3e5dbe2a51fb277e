package org.edfi.dms.app.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A command line split into options ({@code --name value} or {@code --name=value}, in order) and
 * the other arguments, the one way every dms command reads its arguments.
 *
 * @param options    each option with its value, in the order given
 * @param positional the arguments that are neither an option nor an option's value
 */
public record CommandLine(List<Option> options, List<String> positional) {

    /** One option as given: its name with the dashes ({@code --port}) and its value. */
    public record Option(String name, String value) {

        /** The option as one argument, {@code --name=value}, to hand on to another reader. */
        public String asArgument() {
            return name + "=" + value;
        }
    }

    public static CommandLine parse(List<String> args) {
        List<Option> options = new ArrayList<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                positional.add(arg);
            } else if (arg.contains("=")) {
                options.add(new Option(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1)));
            } else if (i + 1 < args.size()) {
                options.add(new Option(arg, args.get(++i)));
            } else {
                throw new SettingsException(arg + " needs a value");
            }
        }
        return new CommandLine(List.copyOf(options), List.copyOf(positional));
    }
}
