package dev.gradus.cli;

import dev.gradus.runtime.Version;
import picocli.CommandLine;

/** What {@code gradus --version} and {@code gradus COMMAND --version} print: the version this build was made as. */
final class GradusVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"gradus " + Version.current(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }

    /** Gives every command (those added later too) the same version, for their {@code --version} option. */
    static void applyTo(CommandLine cli) {
        GradusVersion provider = new GradusVersion();
        cli.getCommandSpec().versionProvider(provider);
        for (CommandLine sub : cli.getSubcommands().values()) {
            applyTo(sub);
        }
    }
}
