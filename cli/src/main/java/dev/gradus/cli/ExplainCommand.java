package dev.gradus.cli;

import dev.gradus.compiler.print.Explainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import dev.gradus.compiler.ir.CheckedModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "The chain rule step by step with numbers, for one example: forward values, local derivatives (∂), "
                + "total derivatives (d) of the backward pass; optionally one parameter element followed to the loss and the optimizer's step.")
final class ExplainCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.net", description = "the model file")
    Path file;

    @Option(names = "--model", paramLabel = "NAME", description = "the model to explain, if the file has several")
    String model;

    @Mixin
    ExampleOptions example;

    @Option(names = "--full", description = "print every element of large tensors (by default, beyond 12 elements, the first and last 3 of each axis)")
    boolean full;

    @Option(names = "--follow", paramLabel = "W1[3,1]", description = "follow one parameter element through the chain rule to the loss")
    String follow;

    @Option(names = "--step", description = "then narrate the model's optimizer taking its first step on this example")
    boolean step;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!example.given()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "explain needs an example: --at x=...,y=..., --data FILE.csv [--example N], or --example N of the train block's data");
        }
        String wrong;
        try {
            CheckedModel m = Models.choose(file, model);
            Explainer.Explanation e = Explainer.explanation(m, example.values(spec, m, file), new Explainer.Options(full, follow, step));
            spec.commandLine().getOut().print(e.text());
            spec.commandLine().getOut().flush();
            wrong = e.notFinite();
        } catch (IllegalArgumentException e) { // the example or --follow as given: a usage mistake
            throw new UsageException(e.getMessage());
        }
        return NonFinite.shown(wrong);
    }
}
