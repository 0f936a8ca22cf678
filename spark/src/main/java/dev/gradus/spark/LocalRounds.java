package dev.gradus.spark;

import dev.gradus.runtime.Trainer;
import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;

/**
 * One round of parameter averaging on the executors: each block starts from the broadcast
 * parameters and optimizer state, takes up to K local steps over its own rows (its epoch's next
 * batches), and contributes its parameters and optimizer state weighted by the examples it saw.
 * {@link InOrder} adds the blocks' parts. A part holds the weighted parameters, the weighted optimizer state, then the weight (examples),
 * the sum of the local steps' losses and the number of local steps.
 */
final class LocalRounds implements Serializable {
    private static final long serialVersionUID = 1L;
    private final TrainerFactory factory;
    /** The parameters, then the optimizer state. */
    private final Broadcast<double[]> state;
    private final int parameterSize;
    private final int batch;
    private final int firstStep;
    private final int steps;
    private final boolean shuffle;
    private final long seed;
    private final int epoch;
    private final double learningRate;

    LocalRounds(TrainerFactory factory, Broadcast<double[]> state, int parameterSize, int batch, int firstStep, int steps,
                boolean shuffle, long seed, int epoch, double learningRate) {
        this.factory = factory;
        this.state = state;
        this.parameterSize = parameterSize;
        this.batch = batch;
        this.firstStep = firstStep;
        this.steps = steps;
        this.shuffle = shuffle;
        this.seed = seed;
        this.epoch = epoch;
        this.learningRate = learningRate;
    }

    static int width(int stateSize) {
        return stateSize + 3;
    }

    /** This block's part, or an empty array if it has no rows left for this round. */
    double[] part(Block block) {
        int n = block.size();
        int from = firstStep * batch;
        if (from >= n) {
            return new double[0];
        }
        int[] order = shuffle ? block.shuffled(seed, epoch) : null;
        Trainer trainer = factory.borrow(batch);
        try {
            double[] s = state.value();
            double[] acc = new double[width(s.length)];
            double[] p = new double[parameterSize];
            double[] o = new double[s.length - parameterSize];
            System.arraycopy(s, 0, p, 0, p.length);
            System.arraycopy(s, p.length, o, 0, o.length);
            trainer.setParameters(p);
            trainer.setOptimizerState(o);
            if (!Double.isNaN(learningRate)) {
                trainer.learningRate(learningRate);
            }
            double loss = 0;
            int taken = 0;
            int seen = 0;
            for (int k = 0; k < steps && from < n; k++, from += batch) {
                int count = Math.min(batch, n - from);
                loss += trainer.step(block.data(), order, from, count);
                taken++;
                seen += count;
            }
            trainer.getParameters(p);
            trainer.getOptimizerState(o);
            for (int i = 0; i < p.length; i++) {
                acc[i] += seen * p[i];
            }
            for (int i = 0; i < o.length; i++) {
                acc[p.length + i] += seen * o[i];
            }
            int w = s.length;
            acc[w] += seen;
            acc[w + 1] += loss;
            acc[w + 2] += taken;
            return acc;
        } finally {
            factory.release(trainer);
        }
    }
}
