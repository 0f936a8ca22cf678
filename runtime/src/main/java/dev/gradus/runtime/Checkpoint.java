package dev.gradus.runtime;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training checkpoint: the parameters (as {@link Trainer#save} writes them) and, in the same
 * safetensors file, what continuing the run needs, as F64 tensors whose names start with
 * {@value #PREFIX} (so the {@code safetensors} library loads them, and {@link Trainer#load} and
 * {@code --init} skip them): {@code __optim__.state}, the optimizer's step count then its buffers
 * ({@link Trainer#getOptimizerState}); {@code __optim__.epochs}, the epochs run; and
 * {@code __optim__.seed}, the shuffling seed as its high and low 32 bits (exact in a double).
 *
 * @param epochs the epochs run before the checkpoint was written
 * @param seed the seed of the run's shuffling
 * @param optimizerState as {@link Trainer#getOptimizerState} writes it
 */
public record Checkpoint(int epochs, long seed, double[] optimizerState) {
    /** The prefix of the tensors that are not parameters. */
    public static final String PREFIX = "__optim__.";

    /** Writes the trainer's parameters and optimizer state, with the epochs run and the seed; atomically. */
    public static void save(Trainer trainer, Path file, int epochs, long seed) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        Map<String, double[]> values = new LinkedHashMap<>();
        for (TensorSpec p : trainer.parameters()) {
            double[] v = new double[p.size()];
            trainer.getParameter(p.name(), v);
            shapes.put(p.name(), p.shape());
            values.put(p.name(), v);
        }
        double[] state = new double[trainer.optimizerStateSize()];
        trainer.getOptimizerState(state);
        shapes.put(PREFIX + "state", new int[] {state.length});
        values.put(PREFIX + "state", state);
        shapes.put(PREFIX + "epochs", new int[] {1});
        values.put(PREFIX + "epochs", new double[] {epochs});
        shapes.put(PREFIX + "seed", new int[] {2});
        values.put(PREFIX + "seed", new double[] {seed >>> 32, seed & 0xFFFFFFFFL});
        boolean f64 = trainer.doublePrecision();
        Safetensors.write(file, shapes, values, name -> f64 || name.startsWith(PREFIX));
    }

    /** Reads a checkpoint's optimizer state, epochs and seed; a file of parameters only is refused, naming what it lacks. */
    public static Checkpoint read(Path file) {
        Map<String, Safetensors.Entry> entries = Safetensors.read(file);
        double[] state = values(file, entries, "state", -1);
        double[] epochs = values(file, entries, "epochs", 1);
        double[] seed = values(file, entries, "seed", 2);
        if (!(epochs[0] >= 0 && epochs[0] == Math.rint(epochs[0]) && epochs[0] <= Integer.MAX_VALUE)) {
            throw new DataException(file + ": tensor '" + PREFIX + "epochs' is " + epochs[0] + ", not a count of epochs");
        }
        return new Checkpoint((int) epochs[0], ((long) seed[0] << 32) | (long) seed[1], state);
    }

    private static double[] values(Path file, Map<String, Safetensors.Entry> entries, String name, int length) {
        Safetensors.Entry e = entries.get(PREFIX + name);
        if (e == null) {
            throw new DataException(file + ": no tensor '" + PREFIX + name + "': the file holds parameters only, not a"
                    + " checkpoint (gradus train --save and Checkpoint.save write one)");
        }
        if (!e.dtype().equals("F64") || length >= 0 && e.values().length != length) {
            throw new DataException(file + ": tensor '" + PREFIX + name + "' is not " + (length < 0 ? "" : length + " ") + "F64 values");
        }
        return e.values();
    }

    /** Loads the parameters and the optimizer state into {@code trainer}, whose optimizer must be the checkpoint's. */
    public void restore(Trainer trainer, Path file) {
        if (optimizerState.length != trainer.optimizerStateSize()) {
            // A file of another model is that before it is another optimizer's: its parameters' names and shapes are
            // checked first (load's message), and where they match the trainer keeps its own parameters.
            double[] kept = new double[trainer.parameterSize()];
            trainer.getParameters(kept);
            trainer.load(file);
            trainer.setParameters(kept);
            throw new DataException(file + ": tensor '" + PREFIX + "state' has " + optimizerState.length + " values; model "
                    + trainer.modelName() + "'s optimizer keeps " + trainer.optimizerStateSize() + " (was it saved with another optimizer?)");
        }
        trainer.load(file);
        trainer.setOptimizerState(optimizerState);
    }
}
