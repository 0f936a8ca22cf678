package dev.gradus.compiler.ir;

/** The settings of a {@code train} block, with the language's defaults for what it leaves out. */
public record TrainConfig(String data, OptimizerConfig optimizer, int batch, int epochs, boolean shuffle, long seed) {

    public static TrainConfig defaults() {
        return new TrainConfig(null, OptimizerConfig.defaultSgd(), 32, 1, true, 0);
    }
}
