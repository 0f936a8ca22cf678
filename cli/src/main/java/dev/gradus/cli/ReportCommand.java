package dev.gradus.cli;

import dev.gradus.compiler.Compiler;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.print.DotPrinter;
import dev.gradus.compiler.print.Explainer;
import dev.gradus.compiler.print.HtmlReport;
import dev.gradus.runtime.OutputFiles;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write one self-contained HTML page about a model: its source, its computation graph, the forward and "
                + "backward math rendered (KaTeX, inlined), the explain walkthrough with numbers (with --at) and the generated Java "
                + "linked to the model lines. The page needs no network.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.net", description = "the .net file")
    Path file;

    @Option(names = "--model", paramLabel = "NAME", description = "the model to draw or report, if the file has several")
    String model;

    @Mixin
    ExampleOptions example;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "model.html", description = "the HTML file to write")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String name = output.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!Std.dash(output) && !name.endsWith(".html") && !name.endsWith(".htm")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-o must name an .html file, found '" + output + "'");
        }
        Preflight.noOverwrite(spec, java.util.List.of(Preflight.named("-o", output)),
                java.util.List.of(Preflight.named("FILE.net", file), Preflight.named("--data", example.data)));
        if (!Std.dash(output)) {
            OutputFiles.checkWritable(output); // before any work: a folder that does not exist is said at once
        }
        CheckedModel m = Models.choose(file, model);
        String page;
        String wrong;
        try {
            Map<String, double[]> values = example.values(spec, m, file);
            Explainer.Explanation e = values == null ? null : Explainer.explanation(m, values, new Explainer.Options(false, null, true));
            wrong = e == null ? null : e.notFinite();
            String walkthrough = e == null ? null : e.text();
            String dot = new DotPrinter(m, values).print(true);
            String svg = Graphviz.dot() == null ? null : Graphviz.svg(dot);
            String note = svg != null ? null : "Graphviz's dot is not installed, so the graph is not drawn here; "
                    + "install Graphviz (apt-get install graphviz) and write the report again, or see `gradus graph`.";
            String java = Compiler.emit(m, "", Precision.FLOAT).toString();
            // the file's name, not the path it was given by: the page may be shared, and an absolute path says nothing to its reader
            page = HtmlReport.render(new HtmlReport.Parts(m, String.valueOf(file.getFileName()), svg, note, walkthrough, java));
        } catch (IllegalArgumentException e) { // the example as given: a usage mistake
            throw new UsageException(e.getMessage());
        }
        if (Std.dash(output)) {
            spec.commandLine().getOut().print(page);
        } else {
            OutputFiles.writeString(output, page);
            spec.commandLine().getOut().println("wrote " + output);
        }
        return NonFinite.shown(wrong);
    }
}
