package dev.gradus.cli;

import dev.gradus.compiler.check.Memory;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.OptimizerConfig;
import dev.gradus.runtime.OutputFiles;
import java.nio.file.Path;
import java.util.List;
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
        if (a != null && b != null && (Std.dash(a) ? Std.dash(b) : !Std.dash(b) && OutputFiles.sameFile(a, b))) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    optionA + " and " + optionB + " name the same file (" + a + "); give them different files");
        }
        if (a != null && !Std.dash(a)) {
            OutputFiles.checkWritable(a);
        }
        if (b != null && !Std.dash(b)) {
            OutputFiles.checkWritable(b);
        }
    }

    /** An option and the file it names (null where not given). */
    record Named(String option, Path path) {}

    static Named named(String option, Path path) {
        return new Named(option, path);
    }

    /**
     * Refuses (as a usage error), before any work, an output that would write over one of the
     * command's inputs (the .net file, data, parameters), compared as canonical paths with links
     * followed; standard input and output ({@code -}) never count.
     */
    static void noOverwrite(CommandSpec spec, List<Named> outputs, List<Named> inputs) {
        for (Named o : outputs) {
            for (Named in : inputs) {
                if (o.path() != null && in.path() != null && !Std.dash(o.path()) && !Std.dash(in.path())
                        && OutputFiles.sameFile(o.path(), in.path())) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            o.option() + " would overwrite " + in.option() + " (" + in.path() + "); give another file");
                }
            }
        }
    }

    /** Refuses (as a usage error) more than one input read from standard input ({@code -}), which can be read once. */
    static void oneStdin(CommandSpec spec, Named... inputs) {
        Named first = null;
        for (Named in : inputs) {
            if (Std.dash(in.path())) {
                if (first != null) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            first.option() + " and " + in.option() + " both read standard input (-); give one of them a file");
                }
                first = in;
            }
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
