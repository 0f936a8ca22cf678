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
}
