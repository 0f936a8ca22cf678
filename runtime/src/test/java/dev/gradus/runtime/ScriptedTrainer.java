package dev.gradus.runtime;

import java.util.List;

/**
 * A trainer whose losses are scripted: step k returns {@code stepLoss[k]} (and that as the
 * gradient of its one parameter), the validation loss after epoch e is {@code valLoss[e]}, and
 * every update adds 1 to the parameter, so the parameter counts the updates.
 */
class ScriptedTrainer implements Trainer {
    private final double[] stepLoss;
    private final double[] valLoss;
    private int steps;
    private int valCalls;
    double w;
    double g;
    double lr = 0.1;

    ScriptedTrainer(double[] stepLoss, double[] valLoss) {
        this.stepLoss = stepLoss;
        this.valLoss = valLoss;
    }

    @Override public String modelName() { return "Scripted"; }
    @Override public List<TensorSpec> parameters() { return List.of(new TensorSpec("w", 2)); }
    @Override public List<TensorSpec> inputs() { return List.of(new TensorSpec("x")); }
    @Override public List<TensorSpec> targets() { return List.of(); }
    @Override public TensorSpec output() { return null; }
    @Override public boolean doublePrecision() { return true; }
    @Override public int maxBatch() { return 1; }
    @Override public void getParameter(String name, double[] dst) { dst[0] = w; dst[1] = 0; }
    @Override public void setParameter(String name, double[] src) { w = src[0]; }
    @Override public void getGradient(String name, double[] dst) { dst[0] = g; dst[1] = 0; }
    @Override public void initialize(long seed) { w = 0; }
    @Override public void learningRate(double lr) { this.lr = lr; }
    @Override public double learningRate() { return lr; }

    @Override
    public double step(DataSet data, int[] order, int from, int count) {
        double l = lossAndGradient(data, order, from, count);
        applyGradients();
        return l;
    }

    @Override
    public double loss(DataSet data, int[] order, int from, int count) {
        return valLoss[Math.min(valCalls++, valLoss.length - 1)];
    }

    @Override
    public double lossAndGradient(DataSet data, int[] order, int from, int count) {
        double l = stepLoss[Math.min(steps++, stepLoss.length - 1)];
        g = l;
        return l;
    }

    @Override public double gradientSum(DataSet data, int[] order, int from, int count) { return lossAndGradient(data, order, from, count); }
    @Override public void applyGradients() { w += 1; }
    @Override public void getParameters(double[] dst) { dst[0] = w; dst[1] = 0; }
    @Override public void setParameters(double[] src) { w = src[0]; }
    @Override public void getGradients(double[] dst) { dst[0] = g; dst[1] = 0; }
    @Override public void setGradients(double[] src) { g = src[0]; }
    @Override public int optimizerStateSize() { return 0; }
    @Override public void getOptimizerState(double[] dst) {}
    @Override public void setOptimizerState(double[] src) {}
    @Override public void predict(DataSet data, int example, double[] out) {}

    @Override
    public double[] fit(DataSet data, int epochs, TrainingListener listener) {
        return fit(data, epochs, 1, false, 0, listener);
    }
}
