package dev.gradus.cli;

import dev.gradus.compiler.check.Memory;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.OptimizerConfig;
import dev.gradus.runtime.OutputFiles;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Checks of a command's settings made before any long work: output paths and optimizer settings. */
final class Preflight {
    private Preflight() {}

    /**
     * Refuses (as a usage error) two options that would write the same file, and checks that every
     * output can be written (its folder exists and is writable) before training starts.
     */
    static void check(CommandSpec spec, String optionA, Path a, String optionB, Path b) {
        if (a != null && b != null && OutputFiles.sameFile(a, b)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    optionA + " and " + optionB + " name the same file (" + a + "); give them different files");
        }
        if (a != null) {
            OutputFiles.checkWritable(a);
        }
        if (b != null) {
            OutputFiles.checkWritable(b);
        }
    }

    /** Refuses (as a usage error) an output that would overwrite an input the command reads. */
    static void notAnInput(CommandSpec spec, String output, Path out, String input, Path in) {
        if (out != null && in != null && OutputFiles.sameFile(out, in)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    output + " would overwrite " + input + " (" + in + "); give another file");
        }
    }

    /**
     * The optimizer with command-line overrides, validated by the same rule as a train block
     * ({@link OptimizerConfig#problem()}); a bad value is a usage error naming the option.
     */
    static OptimizerConfig optimizer(CommandSpec spec, OptimizerConfig config, String option) {
        String problem = config.problem();
        if (problem != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + problem);
        }
        return config;
    }

    /**
     * Refuses (as a usage error) a {@code --batch} whose buffers would not fit in memory or in Java's
     * arrays, with what it would need, before anything is compiled (the train block's batch is checked
     * by {@code check}).
     */
    static int batch(CommandSpec spec, CheckedModel m, int batch) {
        String problem = Memory.batchProblem(m, batch);
        if (problem != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--batch " + batch + ": " + problem);
        }
        return batch;
    }
}
