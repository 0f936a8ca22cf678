package dev.gradus.cli;

import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import java.util.ArrayList;
import java.util.List;

/**
 * Warms the JIT up for a short run (issue 22 item 3): while the command reads the data, a daemon
 * thread steps a throwaway instance of the trainer's class, on one thread, over a small batch of
 * made-up examples, so that the step's methods and the kernels they call (the Vector API's run a hundred
 * times slower before C2 has compiled them) are profiled and compiled by the time training starts.
 * The throwaway instance has its own parameters, buffers, optimizer state and random numbers, and it
 * has stopped before training starts, so the run's results are those of a run without it to the bit.
 * {@code -Dgradus.warmup=false} turns it off.
 */
final class Warmup implements AutoCloseable {
    static final String PROPERTY = "gradus.warmup";
    /** At most this many warm-up steps (a data file that takes long to read needs no more). */
    private static final int MAX_STEPS = 20_000;
    /**
     * The throwaway instance's batch: small, as its buffers add to the trainer's memory, and enough
     * for every kernel's loops to run.
     */
    private static final int MAX_BATCH = 8;
    /** A model with more parameters than this runs long enough to warm up by itself, and a copy would cost memory. */
    private static final int MAX_PARAMETERS = 1 << 22;
    private static final Warmup NONE = new Warmup();

    private final Thread thread;
    private volatile boolean stop;

    private Warmup() {
        this.thread = null;
    }

    private Warmup(Trainer spare, DataSet data, int batch) {
        int[] order = new int[batch];
        for (int i = 0; i < batch; i++) {
            order[i] = i;
        }
        this.thread = new Thread(() -> {
            try {
                for (int k = 0; k < MAX_STEPS && !stop; k++) {
                    spare.step(data, order, 0, batch);
                }
            } catch (RuntimeException | LinkageError e) {
                // the real run meets any problem again, and reports it
            }
        }, "gradus-warmup");
        thread.setDaemon(true);
    }

    /** Starts stepping a new instance of {@code trainer}'s class on batches of made-up examples. */
    static Warmup start(Trainer trainer, int trainingBatch) {
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true")) || trainer.parameterSize() > MAX_PARAMETERS) {
            return NONE;
        }
        int batch = Math.min(trainingBatch, MAX_BATCH);
        Trainer spare;
        try {
            spare = trainer.getClass().getConstructor(int.class).newInstance(batch);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return NONE; // not a generated trainer: no warm-up, which changes nothing but the time
        }
        spare.threads(1);
        Warmup w = new Warmup(spare, madeUp(spare, batch), batch);
        w.thread.start();
        return w;
    }

    /** {@code batch} examples of every input and target: values in [-0.5, 0.5), class indices in range. */
    private static DataSet madeUp(Trainer trainer, int batch) {
        List<TensorSpec> fields = new ArrayList<>(trainer.inputs());
        fields.addAll(trainer.targets());
        List<String> names = new ArrayList<>();
        double[][][] rows = new double[fields.size()][batch][];
        for (int f = 0; f < fields.size(); f++) {
            TensorSpec s = fields.get(f);
            names.add(s.name());
            for (int e = 0; e < batch; e++) {
                double[] v = new double[s.size()];
                for (int j = 0; j < v.length; j++) {
                    int h = (e * 31 + j * 17 + f * 7) % 97;
                    v[j] = s.classes() > 0 ? h % s.classes() : h / 97.0 - 0.5;
                }
                rows[f][e] = v;
            }
        }
        return new DataSet(names, rows);
    }

    /** Stops the warm-up and waits for its last step to end. */
    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        stop = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
