package dev.gradus.cli;

import dev.gradus.compiler.emit.Precision;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Parsing of option values shared by several commands. */
final class Options {
    private Options() {}

    static Precision precision(CommandSpec spec, String value) {
        if (!value.equals("float") && !value.equals("double")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--precision must be float or double, found '" + value + "'");
        }
        return Precision.parse(value);
    }

    /** The constant of {@code choices} named {@code value} in lower case (as the help writes it), else a usage error listing them so. */
    static <E extends Enum<E>> E choice(CommandSpec spec, String option, String value, E[] choices) {
        for (E c : choices) {
            if (c.name().toLowerCase(java.util.Locale.ROOT).equals(value.toLowerCase(java.util.Locale.ROOT))) {
                return c;
            }
        }
        java.util.List<String> names = java.util.Arrays.stream(choices).map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList();
        throw new CommandLine.ParameterException(spec.commandLine(), option + " must be " + String.join(", ", names.subList(0, names.size() - 1))
                + " or " + names.get(names.size() - 1) + ", found '" + value + "'");
    }
}
