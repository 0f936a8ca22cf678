package dev.gradus.cli;

import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.print.DotPrinter;
import dev.gradus.runtime.OutputFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "graph", mixinStandardHelpOptions = true,
        description = "Draw the computation graph: each node with its expression and shape, and with --at its value and gradient. "
                + "Writes DOT, or SVG through Graphviz's dot (chosen by the -o file's extension); DOT to standard output without -o.")
final class GraphCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.net", description = "the .net file")
    Path file;

    @Option(names = "--model", paramLabel = "NAME", description = "the model to draw or report, if the file has several")
    String model;

    @Mixin
    ExampleOptions example;

    @Option(names = "--backward", description = "also draw the backward pass: the adjoint nodes computing each dloss/d…")
    boolean backward;

    @Option(names = {"-o", "--output"}, paramLabel = "graph.svg|graph.dot", description = "the file to write; .svg needs Graphviz's dot")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String name = output == null ? null : output.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name != null && !Std.dash(output) && !name.endsWith(".svg") && !name.endsWith(".dot") && !name.endsWith(".gv")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-o must name a .svg or .dot file, found '" + output + "'");
        }
        Preflight.noOverwrite(spec, java.util.List.of(Preflight.named("-o", output)),
                java.util.List.of(Preflight.named("FILE.net", file), Preflight.named("--data", example.data)));
        if (output != null && !Std.dash(output)) {
            OutputFiles.checkWritable(output); // before any work: a folder that does not exist is said at once
        }
        CheckedModel m = Models.choose(file, model);
        String dot;
        String wrong;
        try {
            DotPrinter printer = new DotPrinter(m, example.values(spec, m, file));
            dot = printer.print(backward);
            wrong = printer.notFinite();
        } catch (IllegalArgumentException e) { // the example as given: a usage mistake
            throw new UsageException(e.getMessage());
        }
        if (output == null || Std.dash(output)) {
            spec.commandLine().getOut().print(dot);
        } else {
            OutputFiles.writeString(output, name.endsWith(".svg") ? Graphviz.svg(dot) : dot);
            spec.commandLine().getOut().println("wrote " + output);
        }
        return NonFinite.shown(wrong);
    }
}
