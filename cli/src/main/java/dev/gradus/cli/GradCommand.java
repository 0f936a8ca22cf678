package dev.gradus.cli;

import dev.gradus.compiler.diff.ModelGradients;
import dev.gradus.compiler.print.GradPrinter;
import dev.gradus.compiler.print.MathPrinter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "grad", mixinStandardHelpOptions = true, description = "Print the forward definitions and the simplified symbolic gradient of the loss.")
final class GradCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.net", description = "the model file")
    Path file;

    @Option(names = "--model", paramLabel = "NAME", description = "the model, if the file has several")
    String model;

    @Option(names = "--format", paramLabel = "text|unicode|latex", defaultValue = "text", completionCandidates = Formats.class,
            description = "plain text (pastes back into a .net file), Unicode math, or LaTeX (default: text)")
    String format;

    /** The formats as the help and the shell's completion write them. */
    static final class Formats implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(MathPrinter.Format.values()).map(f -> f.name().toLowerCase(java.util.Locale.ROOT)).iterator();
        }
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        MathPrinter.Format f = Options.choice(spec, "--format", format, MathPrinter.Format.values());
        ModelGradients g = ModelGradients.of(Models.choose(file, model));
        spec.commandLine().getOut().print(GradPrinter.print(g, f));
        return 0;
    }
}
