package dev.gradus.cli;

import dev.gradus.compiler.ir.TrainConfig;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.EarlyStopping;
import dev.gradus.runtime.FitOptions;
import dev.gradus.runtime.LrSchedule;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * train's options for validation, early stopping, schedules and clipping; each overrides the
 * train block's setting of the same name. A bad value is a usage error (exit 2).
 */
final class FitFlags {
    @Option(names = "--val", paramLabel = "CSV", description = "validation data: its loss and metrics are shown after every epoch (overrides the train block's val)")
    Path val;

    @Option(names = "--val-split", paramLabel = "F", description = "hold out this fraction (0 < F < 1) of the data, chosen with the seed, for validation (overrides val_split)")
    Double valSplit;

    @Option(names = "--patience", paramLabel = "N", description = "early stopping: stop after N epochs without improvement of the validation loss (the training loss without validation) and restore the best epoch's parameters")
    Integer patience;

    @Option(names = "--min-delta", paramLabel = "X", description = "early stopping: an improvement must exceed X (default 0)")
    Double minDelta;

    @Option(names = "--schedule", paramLabel = "SPEC", description = {"learning-rate schedule, as in the train block, or none; e.g.", // one per line: help never wraps one mid-expression
            "  step(step_size = 10)", "  multistep(30, 80)", "  exponential(gamma = 0.9)", "  cosine(T_max = 50)",
            "  linear(start_factor = 0.1, total_iters = 5)", "  one_cycle(max_lr = 0.1)", "  plateau(patience = 5)"})
    String schedule;

    @Option(names = "--clip-grad-norm", paramLabel = "X", description = "scale the gradients so that their global L2 norm is at most X (torch clip_grad_norm_)")
    Double clipGradNorm;

    @Option(names = "--clip-grad-value", paramLabel = "X", description = "clamp every gradient value to [-X, X] (torch clip_grad_value_)")
    Double clipGradValue;

    @Option(names = "--shuffle", arity = "1", paramLabel = "true|false", description = "shuffle the examples before every epoch (overrides the train block's shuffle)")
    Boolean shuffle;

    @Option(names = "--save-last-good", description = "if training diverges, save the last parameters whose loss and gradient were finite to --save (the run still fails)")
    boolean saveLastGood;

    /** The options for Fit: the command line's values, else the train block's. */
    FitOptions options(CommandSpec spec, TrainConfig t, int epochs, int batch, long seed, Path save) {
        LrSchedule s = t.schedule();
        if (schedule != null) {
            try {
                s = schedule.trim().equals("none") ? null : LrSchedule.parse(schedule);
            } catch (IllegalArgumentException e) {
                String name = schedule.trim().replaceFirst("\\(.*", "").trim();
                throw new ParameterException(spec.commandLine(), "--schedule: " + e.getMessage()
                        + dev.gradus.compiler.check.TrainSettings.scheduleHint(name));
            }
        }
        double norm = clipGradNorm != null ? positive(spec, "--clip-grad-norm", clipGradNorm) : t.clipGradNorm();
        double value = clipGradValue != null ? positive(spec, "--clip-grad-value", clipGradValue) : t.clipGradValue();
        int wait = t.patience();
        if (patience != null) {
            if (patience < 1) {
                throw new ParameterException(spec.commandLine(), "--patience must be at least 1, found " + patience);
            }
            wait = patience;
        }
        double delta = t.minDelta();
        if (minDelta != null) {
            if (!(minDelta >= 0) || minDelta.isInfinite()) {
                throw new ParameterException(spec.commandLine(), "--min-delta must be a non-negative number, found " + minDelta);
            }
            if (wait == 0) {
                throw new ParameterException(spec.commandLine(), "--min-delta needs early stopping: give --patience N");
            }
            delta = minDelta;
        }
        if (saveLastGood && save == null) {
            throw new ParameterException(spec.commandLine(), "--save-last-good needs --save FILE.safetensors");
        }
        if (val != null && valSplit != null) {
            throw new ParameterException(spec.commandLine(), "give --val or --val-split, not both");
        }
        if (valSplit != null && !(valSplit > 0 && valSplit < 1)) {
            throw new ParameterException(spec.commandLine(), "--val-split must be between 0 and 1 (exclusive), found " + valSplit);
        }
        return FitOptions.of(epochs, batch, shuffle != null ? shuffle : t.shuffle(), seed).withSchedule(s).withClipNorm(norm).withClipValue(value)
                .withEarlyStopping(wait == 0 ? null : new EarlyStopping(wait, delta, true)).withKeepLastGood(saveLastGood);
    }

    /**
     * The training and validation data: {@code all} and the --val (or train block val) file, or a
     * seeded split of {@code all}; the validation element is null without validation.
     */
    DataSet[] split(DataSet all, TrainConfig t, Path netFile, long seed, java.util.function.Function<Path, DataSet> read) {
        if (valSplit != null || val == null && t.val() == null && t.valSplit() > 0) {
            return all.split(valSplit != null ? valSplit : t.valSplit(), seed);
        }
        Path file = valPath(t, netFile);
        return new DataSet[] {all, file == null ? null : read.apply(file)};
    }

    /** The validation data file (--val, else the train block's val), or null. */
    Path valPath(TrainConfig t, Path netFile) {
        return val != null ? val : t.val() == null ? null : Trainers.relativeTo(netFile, t.val());
    }

    private static double positive(CommandSpec spec, String option, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new ParameterException(spec.commandLine(), option + " must be a positive number, found " + v);
        }
        return v;
    }
}
