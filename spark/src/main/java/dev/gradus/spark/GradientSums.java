package dev.gradus.spark;

import dev.gradus.runtime.Trainer;
import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;

/**
 * One synchronous step's work on the executors: each block sums the gradients of its rows of the
 * batch (none, if the batch misses it), at the broadcast parameters, with a trainer sized for its
 * share of the batch (a larger share is summed in slices of that size); {@link InOrder} adds the
 * blocks' sums. A sum holds the gradient sum, then the loss sum, then the example count.
 */
final class GradientSums implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final double[] NONE = new double[0];
    private final TrainerFactory factory;
    private final Broadcast<double[]> parameters;
    private final int share;
    private final Layout layout;
    private final int from;
    private final int count;
    /** The batch's row indices when shuffled, else null: rows {@code from .. from + count - 1}. */
    private final int[] batch;

    GradientSums(TrainerFactory factory, Broadcast<double[]> parameters, int share, Layout layout,
                 int from, int count, int[] batch) {
        this.factory = factory;
        this.parameters = parameters;
        this.share = share;
        this.layout = layout;
        this.from = from;
        this.count = count;
        this.batch = batch;
    }

    /** The most rows a block sums at once when batches of {@code batch} are spread by {@code layout}. */
    static int share(int batch, Layout layout) {
        int even = layout.rows();
        return Math.min(batch, even + (even + 3) / 4);
    }

    static int width(int parameterSize) {
        return parameterSize + 2;
    }

    /** This block's sum, or an empty array if the batch has none of its rows. */
    double[] part(Block block) {
        int p = block.partition;
        int[] local = null;
        int localFrom = 0;
        int n = 0;
        if (batch == null) {
            int[] range = layout.localRange(p, from, count);
            localFrom = range[0];
            n = range[1];
        } else {
            for (int i : batch) {
                if (layout.partitionOf(i) == p) {
                    n++;
                }
            }
            local = new int[n];
            int k = 0;
            for (int i : batch) {
                if (layout.partitionOf(i) == p) {
                    local[k++] = layout.localIndex(i);
                }
            }
        }
        if (n == 0) {
            return NONE;
        }
        int size = parameters.value().length;
        double[] sum = new double[width(size)];
        double[] g = new double[size];
        Trainer trainer = factory.borrow(share);
        try {
            trainer.setParameters(parameters.value());
            for (int done = 0; done < n; done += share) {
                int c = Math.min(share, n - done);
                sum[size] += trainer.gradientSum(block.data(), local, localFrom + done, c);
                trainer.getGradients(g);
                for (int i = 0; i < size; i++) {
                    sum[i] += g[i];
                }
            }
            sum[size + 1] = n;
        } finally {
            factory.release(trainer);
        }
        return sum;
    }
}
