package dev.gradus.cli;

import dev.gradus.compiler.print.Explainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "The chain rule step by step with numbers, for one example: forward values, local derivatives (∂), "
                + "total derivatives (d) of the backward pass; optionally one parameter element followed to the loss and the optimizer's step.")
final class ExplainCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.net")
    Path file;

    @Option(names = "--model", paramLabel = "NAME")
    String model;

    @Option(names = "--at", required = true, paramLabel = "x=1,y=2,w=1",
            description = "the example (every input and target) and any parameter values; other parameters start as the trainer starts them")
    String at;

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
        try {
            spec.commandLine().getOut().print(Explainer.explain(Models.choose(file, model), Assignments.parse(at),
                    new Explainer.Options(full, follow, step)));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        return 0;
    }
}
