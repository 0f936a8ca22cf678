package dev.gradus.compiler.ir;

import dev.gradus.runtime.LrSchedule;

/**
 * The settings of a {@code train} block, with the language's defaults for what it leaves out.
 * {@code schedule} is null for a constant learning rate; a clipping threshold, {@code patience}
 * and {@code valSplit} of 0 and a null {@code val} mean "none". {@code metrics} are the metrics
 * asked for, as written ({@code accuracy}, {@code mae(recon)}); empty for the model's usual ones.
 */
public record TrainConfig(String data, OptimizerConfig optimizer, int batch, int epochs, boolean shuffle, long seed,
                          LrSchedule schedule, double clipGradNorm, double clipGradValue, int patience, double minDelta,
                          String val, double valSplit, java.util.List<String> metrics) {

    /** The settings every train block had before schedules, clipping, validation and early stopping. */
    public TrainConfig(String data, OptimizerConfig optimizer, int batch, int epochs, boolean shuffle, long seed) {
        this(data, optimizer, batch, epochs, shuffle, seed, null, 0, 0, 0, 0, null, 0, java.util.List.of());
    }

    public static TrainConfig defaults() {
        return new TrainConfig(null, OptimizerConfig.defaultSgd(), 32, 1, true, 0);
    }

    /** These settings with the practitioner's ones ({@link dev.gradus.compiler.check.TrainSettings}) replaced. */
    public TrainConfig withFitSettings(LrSchedule schedule, double clipGradNorm, double clipGradValue, int patience,
                                       double minDelta, String val, double valSplit) {
        return new TrainConfig(data, optimizer, batch, epochs, shuffle, seed, schedule, clipGradNorm, clipGradValue, patience,
                minDelta, val, valSplit, metrics);
    }

    /** These settings with the metrics asked for. */
    public TrainConfig withMetrics(java.util.List<String> chosen) {
        return new TrainConfig(data, optimizer, batch, epochs, shuffle, seed, schedule, clipGradNorm, clipGradValue, patience,
                minDelta, val, valSplit, java.util.List.copyOf(chosen));
    }
}
