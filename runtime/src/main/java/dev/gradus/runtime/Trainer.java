package dev.gradus.runtime;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every generated trainer offers. {@link #step} runs forward, loss, backward and the
 * optimizer for one batch and allocates nothing; the rest are conveniences built on it.
 */
public interface Trainer {

    /** The model's name, as in its .net file. */
    String modelName();

    /** Parameters in declaration order, with their shapes. */
    List<TensorSpec> parameters();

    /** Inputs, in declaration order. */
    List<TensorSpec> inputs();

    /** Targets, in declaration order. */
    List<TensorSpec> targets();

    /** The shape of {@code output}, or null if the model declares none (the first, if it declares several). */
    TensorSpec output();

    /** Every output the model declares ({@code output z, p}), in order; {@link #predict} writes them one after another. */
    default List<TensorSpec> outputs() {
        return output() == null ? List.of() : List.of(output());
    }

    /** True if values are computed in double precision. */
    boolean doublePrecision();

    int maxBatch();

    /**
     * Uses at most {@code threads} threads (the caller included) from now on; the default is
     * {@link Workers#defaultThreads()}: {@code -Dgradus.threads=N} (then every step runs on N), else
     * every core. How many of them pay is measured on the run's own steps. Results do not depend on it. A model too small to split runs on the caller alone whatever is asked.
     */
    default void threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, found " + threads);
        }
    }

    /** The most threads a step uses, the caller included (1 for a model too small to split). */
    default int threads() {
        return 1;
    }

    /**
     * Training mode (on by default, as PyTorch's {@code module.train()}): whether {@link #step},
     * {@link #lossAndGradient} and {@link #gradientSum} drop elements where the model calls
     * {@code dropout}; off ({@code module.eval()}), they compute the model without it, as {@link #loss}
     * and {@link #predict} always do. A model without dropout computes the same either way.
     */
    default void training(boolean on) {}

    /** Whether {@link #training(boolean)} is on; always true for a model without dropout. */
    default boolean training() {
        return true;
    }

    /** One line saying how this trainer runs: its kernels and its threads (for {@code --verbose}). */
    default String describeExecution() {
        return Workers.describe(null);
    }

    /** Copies a parameter's values, row-major, into {@code dst}. */
    void getParameter(String name, double[] dst);

    /** Sets a parameter's values from {@code src}, row-major. */
    void setParameter(String name, double[] src);

    /** Copies the gradient of the last {@link #step} or {@link #lossAndGradient}, row-major. */
    void getGradient(String name, double[] dst);

    /** Initializes every parameter from its initializer, deterministically from the seed; resets optimizer state. */
    void initialize(long seed);

    /** The learning rate the optimizer uses from now on. */
    void learningRate(double lr);

    /**
     * One optimizer step on examples {@code order[from] .. order[from + count - 1]} (or {@code from ..}
     * when {@code order} is null); returns their mean loss before the update. Allocates nothing.
     */
    double step(DataSet data, int[] order, int from, int count);

    /** The mean loss of a batch, without gradients or an update. */
    double loss(DataSet data, int[] order, int from, int count);

    /** The mean loss of a batch and its gradients, without an update. */
    double lossAndGradient(DataSet data, int[] order, int from, int count);

    /**
     * The SUM over examples {@code order[from] .. order[from + count - 1]} of each example's loss
     * gradient, left in the gradient buffers (as {@link #getGradients} reads them), without an update;
     * returns the sum of their losses. Sums of disjoint slices add up to {@code count} times the
     * gradient of {@link #lossAndGradient} over their union. Allocates nothing.
     */
    double gradientSum(DataSet data, int[] order, int from, int count);

    /**
     * One optimizer step from the gradient buffers as they stand: the mean gradient left by
     * {@link #lossAndGradient}, or one set by {@link #setGradients}. {@link #step} is
     * {@code lossAndGradient} then {@code applyGradients}. Allocates nothing.
     */
    void applyGradients();

    /** The number of scalars in all parameters together: the length of the flat arrays below. */
    default int parameterSize() {
        int n = 0;
        for (TensorSpec p : parameters()) {
            n += p.size();
        }
        return n;
    }

    /** Every parameter, in declaration order, each row-major, into one flat array. Allocates nothing. */
    void getParameters(double[] dst);

    /** Sets every parameter from one flat array laid out as {@link #getParameters} writes it. */
    void setParameters(double[] src);

    /** Every gradient buffer, laid out as {@link #getParameters}. Allocates nothing. */
    void getGradients(double[] dst);

    /** Sets every gradient buffer (for {@link #applyGradients}), laid out as {@link #getParameters}. */
    void setGradients(double[] src);

    /** The number of scalars in the optimizer's state: its step count, then its buffers (momentum, Adam's m and v). */
    int optimizerStateSize();

    /** The optimizer's state into one flat array of {@link #optimizerStateSize} values. Allocates nothing. */
    void getOptimizerState(double[] dst);

    /** Restores the optimizer's state from an array laid out as {@link #getOptimizerState} writes it. */
    void setOptimizerState(double[] src);

    /** The outputs for one example, each row-major, one after another, into {@code out}; needs only the inputs. */
    void predict(DataSet data, int example, double[] out);

    /**
     * Trains for some epochs with the model's own settings (its {@code train} block's batch, shuffle
     * and seed; the batch at most {@link #maxBatch}); returns each epoch's mean of its batches' losses.
     */
    double[] fit(DataSet data, int epochs, TrainingListener listener);

    /**
     * Trains for some epochs and returns each epoch's mean of its batches' mean losses. Shuffles
     * with a generator seeded by {@code seed} when asked. Runs {@link Fit}, which stops with a
     * {@link TrainingDivergedException} when a loss or gradient is not finite.
     */
    default double[] fit(DataSet data, int epochs, int batch, boolean shuffle, long seed, TrainingListener listener) {
        return Fit.run(this, data, null, FitOptions.of(epochs, batch, shuffle, seed), listener).losses();
    }

    /** Trains with {@link Fit}: validation data (or null), schedule, clipping and early stopping as in {@code options}. */
    default FitResult fit(DataSet data, DataSet validation, FitOptions options, TrainingListener listener) {
        return Fit.run(this, data, validation, options, listener);
    }

    /**
     * The learning rate the optimizer uses now, or NaN if this trainer cannot tell (trainers
     * generated before this method existed); {@link Fit} needs it to start a schedule.
     */
    default double learningRate() {
        return Double.NaN;
    }

    /**
     * The output for one example given its inputs in declaration order, each row-major (a scalar
     * input is a one-element array): {@code double[] y = net.predict(new double[] {0.1, 0.2})}.
     * For a class model (its target's {@link TensorSpec} has {@code classes() > 0}, like
     * {@code new TensorSpec("label", new int[0], 3)}) the output is one logit per class and the
     * predicted class is {@code Trainer.argmax(y)}. Allocates the data set and the result; use
     * {@link #predict(DataSet, int, double[])} in a loop.
     */
    default double[] predict(double[]... inputs) {
        List<TensorSpec> specs = inputs();
        if (inputs.length != specs.size()) {
            throw new IllegalArgumentException("model " + modelName() + " has " + specs.size() + " inputs " + specs
                    + ", found " + inputs.length);
        }
        if (output() == null) {
            throw new IllegalStateException("model " + modelName() + " declares no output");
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        double[][][] rows = new double[specs.size()][][];
        for (int i = 0; i < specs.size(); i++) {
            if (inputs[i].length != specs.get(i).size()) {
                throw new IllegalArgumentException("input " + specs.get(i) + " has " + specs.get(i).size()
                        + " values, found " + inputs[i].length);
            }
            names.add(specs.get(i).name());
            rows[i] = new double[][] {inputs[i]};
        }
        double[] out = new double[outputSize(this)];
        predict(new DataSet(names, rows), 0, out);
        return out;
    }

    /** How many numbers {@link #predict} writes: every output's size, added up (the length of its {@code out}). */
    static int outputSize(Trainer t) {
        int n = 0;
        for (TensorSpec o : t.outputs()) {
            n += o.size();
        }
        return n;
    }

    /** The index of the largest value (the first of equals): the class a class model predicts from its logits. */
    static int argmax(double[] values) {
        return argmax(values, values.length);
    }

    /** The index of the largest of the first {@code n} values (the first output of several). */
    static int argmax(double[] values, int n) {
        int best = 0;
        for (int k = 1; k < n; k++) {
            if (values[k] > values[best]) {
                best = k;
            }
        }
        return best;
    }

    /** The mean loss over a whole data set, in batches of {@link #maxBatch}, weighting every example equally. */
    default double meanLoss(DataSet data) {
        double total = 0;
        for (int from = 0; from < data.size(); from += maxBatch()) {
            int count = Math.min(maxBatch(), data.size() - from);
            total += loss(data, null, from, count) * count;
        }
        return total / data.size();
    }

    /** Saves every parameter to a safetensors file, F64 or F32 after the trainer's precision; atomically. */
    default void save(Path file) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        Map<String, double[]> values = new LinkedHashMap<>();
        for (TensorSpec p : parameters()) {
            double[] v = new double[p.size()];
            getParameter(p.name(), v);
            shapes.put(p.name(), p.shape());
            values.put(p.name(), v);
        }
        Safetensors.write(file, shapes, values, doublePrecision());
    }

    /**
     * Loads every parameter from a safetensors file (F32 or F64); names and shapes must match exactly.
     * A checkpoint's optimizer tensors ({@link Checkpoint#PREFIX}) are skipped.
     */
    default void load(Path file) {
        Map<String, Safetensors.Entry> entries = Safetensors.read(file);
        for (TensorSpec p : parameters()) {
            Safetensors.Entry e = entries.get(p.name());
            if (e == null) {
                throw new DataException(file + ": no tensor '" + p.name() + "' (model " + modelName() + " needs "
                        + parameters() + ", the file has " + entries.keySet() + ")");
            }
            if (!e.dtype().equals("F32") && !e.dtype().equals("F64")) {
                throw new DataException(file + ": tensor '" + p.name() + "' has dtype " + e.dtype() + "; expected F32 or F64");
            }
            if (!Arrays.equals(e.shape(), p.shape())) {
                throw new DataException(file + ": tensor '" + p.name() + "' has shape " + Arrays.toString(e.shape())
                        + "; the model declares " + p.shapeText());
            }
            double[] v = e.values();
            for (int i = 0; i < v.length && !doublePrecision(); i++) {
                if (Math.abs(v[i]) > Float.MAX_VALUE) {
                    throw new DataException(file + ": tensor '" + p.name() + "' value " + i + " is " + v[i]
                            + ", beyond the range of float (3.4e38); load it into a double trainer (--precision double)");
                }
            }
        }
        for (String name : entries.keySet()) {
            if (!name.startsWith(Checkpoint.PREFIX) && parameters().stream().noneMatch(p -> p.name().equals(name))) {
                throw new DataException(file + ": tensor '" + name + "' is not a parameter of model " + modelName()
                        + " (its parameters are " + parameters() + ")");
            }
        }
        for (TensorSpec p : parameters()) {
            setParameter(p.name(), entries.get(p.name()).values());
        }
    }
}
