package dev.gradus.spark;

import dev.gradus.runtime.Trainer;
import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;

/**
 * One synchronous step's work on the executors: each block sums the gradients of its rows of the
 * batch (none, if the batch misses it), at the broadcast parameters; {@code treeAggregate} adds the
 * sums. The result holds the gradient sum, then the loss sum, then the example count.
 */
final class GradientSums implements Serializable {
    private static final long serialVersionUID = 1L;
    private final TrainerFactory factory;
    private final Broadcast<double[]> parameters;
    private final int maxBatch;
    private final long[] starts;
    private final int from;
    private final int count;
    /** The batch's row indices when shuffled, else null: rows {@code from .. from + count - 1}. */
    private final int[] batch;

    GradientSums(TrainerFactory factory, Broadcast<double[]> parameters, int maxBatch, long[] starts,
                 int from, int count, int[] batch) {
        this.factory = factory;
        this.parameters = parameters;
        this.maxBatch = maxBatch;
        this.starts = starts;
        this.from = from;
        this.count = count;
        this.batch = batch;
    }

    static double[] zero(int parameterSize) {
        return new double[parameterSize + 2];
    }

    double[] add(double[] acc, Block block) {
        long start = starts[block.partition];
        long end = start + block.size();
        int[] local = null;
        int localFrom;
        int n;
        if (batch == null) {
            long lo = Math.max(start, from);
            long hi = Math.min(end, (long) from + count);
            if (hi <= lo) {
                return acc;
            }
            localFrom = (int) (lo - start);
            n = (int) (hi - lo);
        } else {
            n = 0;
            for (int i : batch) {
                if (i >= start && i < end) {
                    n++;
                }
            }
            if (n == 0) {
                return acc;
            }
            local = new int[n];
            int k = 0;
            for (int i : batch) {
                if (i >= start && i < end) {
                    local[k++] = (int) (i - start);
                }
            }
            localFrom = 0;
        }
        Trainer trainer = factory.borrow(maxBatch);
        try {
            trainer.setParameters(parameters.value());
            double loss = trainer.gradientSum(block.data(), local, localFrom, n);
            int size = acc.length - 2;
            double[] g = new double[size];
            trainer.getGradients(g);
            for (int i = 0; i < size; i++) {
                acc[i] += g[i];
            }
            acc[size] += loss;
            acc[size + 1] += n;
        } finally {
            factory.release(trainer);
        }
        return acc;
    }

    static double[] merge(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }
}
