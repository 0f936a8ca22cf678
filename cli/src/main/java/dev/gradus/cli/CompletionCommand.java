package dev.gradus.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints picocli's completion script for bash and zsh, for every command and option. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a bash/zsh completion script for gradus: source <(gradus completion), or save it to /etc/bash_completion.d/gradus.")
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("gradus", Main.commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
