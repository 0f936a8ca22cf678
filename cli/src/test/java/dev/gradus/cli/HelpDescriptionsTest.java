package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/** Every option and parameter of every command says what it is for in --help. */
class HelpDescriptionsTest {
    @Test
    void everyOptionOfEveryCommandHasADescription() {
        CommandLine cli = Main.commandLine();
        assertThat(cli.getSubcommands()).containsKeys("check", "grad", "explain", "compile", "train", "eval", "predict",
                "summary", "gradcheck", "graph", "report");
        assertThat(Main.commandLine("train", "x.net").getSubcommands()).containsOnlyKeys("train");
        for (CommandLine sub : cli.getSubcommands().values()) {
            for (ArgSpec arg : sub.getCommandSpec().args()) {
                String[] description = arg.description();
                assertThat(description.length > 0 && !description[0].isBlank())
                        .as("%s %s has a description", sub.getCommandName(), arg.paramLabel()).isTrue();
            }
        }
    }
}
