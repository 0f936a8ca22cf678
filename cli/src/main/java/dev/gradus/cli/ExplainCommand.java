package dev.gradus.cli;

import dev.gradus.compiler.print.Explainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "explain", mixinStandardHelpOptions = true, description = "The chain rule step by step with numbers: forward values, local derivatives, backward products, gradients.")
final class ExplainCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.net", description = "the model file")
    Path file;

    @Option(names = "--model", paramLabel = "NAME", description = "the model to explain, if the file has several")
    String model;

    @Option(names = "--at", required = true, paramLabel = "x=1,y=2,w=1", description = "values of inputs, targets and parameters")
    String at;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            spec.commandLine().getOut().print(Explainer.explain(Models.choose(file, model), Assignments.parse(at)));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        return 0;
    }
}
