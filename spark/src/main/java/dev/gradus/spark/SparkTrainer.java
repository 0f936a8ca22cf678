package dev.gradus.spark;

import dev.gradus.runtime.DataException;
import dev.gradus.runtime.Rng;
import dev.gradus.runtime.Trainer;
import dev.gradus.runtime.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Data-parallel training of a generated trainer on Spark, the way MLlib's gradient descent works:
 * the driver holds the model ({@link #trainer()}), broadcasts its parameters every step, the
 * executors sum the gradients of their rows of the batch, the sums are added in partition order (so
 * two runs are bit-identical), and the driver's optimizer takes the step. This synchronous mode (the default) is single-machine training
 * spread out: with the same start, batch size and order it follows {@link Trainer#fit}'s trajectory.
 * With {@link #averaging(int)} each partition instead takes K local steps on its own rows between
 * averages of the parameters and optimizer state.
 *
 * <p>Input is a {@code Dataset<Row>} with CSV's column names ({@code x[0]}, {@code x[1]}, ..., an
 * integer column per class index), as Spark's CSV (with {@code inferSchema}) and Parquet readers give
 * it. A missing or ill-typed column is a {@link DataException} naming it, before any job runs; a
 * null, NaN, infinite or out-of-range value is one naming its column and row, before any step.
 *
 * <p>The rows are dealt to the partitions in runs (see {@link Layout}), so every batch spans all of
 * them, shuffled or not. An executor's trainers are sized for a partition's share of a batch, and
 * dropped, with the class they were made of, when a fit ends.
 */
public final class SparkTrainer {
    private final TrainerFactory factory;
    private final Trainer trainer;
    private int batch;
    private boolean shuffle;
    private long seed;
    private int partitions;
    private int localSteps;
    private double learningRate = Double.NaN;
    private int depth = 2;
    /** The driver's trainer only applies steps and averages (and serves the user after): a small batch suffices. */
    static final int DRIVER_BATCH = 256;

    /**
     * Trains with trainers of {@code factory}; batches of {@code batch} examples. The driver's trainer
     * starts as the factory makes it (its model's seeded initialization), for batches of up to
     * {@value #DRIVER_BATCH} or {@code batch} if smaller.
     */
    public SparkTrainer(TrainerFactory factory, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be positive, found " + batch);
        }
        this.factory = factory;
        this.batch = batch;
        this.trainer = factory.create(Math.min(batch, DRIVER_BATCH));
        trainer.training(false);
        boolean dropout = !trainer.training(); // only a trainer with dropout has a mode to turn off
        trainer.training(true);
        if (dropout) {
            throw new IllegalArgumentException("model " + trainer.modelName() + " uses dropout, which gradus-spark does not train yet:"
                    + " the executors' masks would repeat from step to step and from block to block; train it with gradus train,"
                    + " or on Spark without dropout");
        }
    }

    /** Trains a generated trainer class (the Maven plugin's) with batches of {@code batch}. */
    public static SparkTrainer of(Class<? extends Trainer> trainerClass, int batch) {
        return new SparkTrainer(TrainerFactory.of(trainerClass), batch);
    }

    /** The driver's trainer: the model being trained. Initialize or load it before, save or predict after. */
    public Trainer trainer() {
        return trainer;
    }

    /** Shuffles each epoch with a generator seeded by {@code seed}, as {@link Trainer#fit} does (default: no shuffle). */
    public SparkTrainer shuffle(boolean on, long seed) {
        this.shuffle = on;
        this.seed = seed;
        return this;
    }

    /** Deals the data to this many partitions (default 0: as many as the data set has, or Spark's default parallelism if larger). */
    public SparkTrainer partitions(int count) {
        this.partitions = Math.max(count, 0);
        return this;
    }

    /** Parameter averaging: every partition takes {@code k} local steps between averages (0: synchronous, the default). */
    public SparkTrainer averaging(int k) {
        this.localSteps = Math.max(k, 0);
        return this;
    }

    /** The learning rate, for the driver's and the executors' trainers. */
    public SparkTrainer learningRate(double lr) {
        this.learningRate = lr;
        trainer.learningRate(lr);
        return this;
    }

    /** 1: the driver adds every partition's sum; 2 or more (the default): groups of partitions are added first when there are many. */
    public SparkTrainer aggregationDepth(int d) {
        this.depth = Math.max(d, 1);
        return this;
    }

    /** Checks the data's columns (before any job), then deals it to cached blocks, checking every value. */
    public Partitions partition(Dataset<?> data) {
        List<dev.gradus.runtime.TensorSpec> fields = new ArrayList<>(trainer.inputs());
        fields.addAll(trainer.targets());
        try {
            return Partitions.of(data.toDF(), fields, partitions, batch);
        } catch (Exception e) {
            DataException d = Failures.dataError(e);
            if (d != null) {
                throw d;
            }
            throw e;
        }
    }

    /** Partitions the data, trains for some epochs, frees the cache; returns each epoch's mean of its batches' losses. */
    public double[] fit(Dataset<?> data, int epochs, TrainingListener listener) {
        try (Partitions p = partition(data)) {
            return fit(p, epochs, listener);
        }
    }

    /**
     * Trains on partitioned data; returns each epoch's mean of its steps' (or rounds') losses. The
     * executors' trainers and classes are dropped at the end.
     */
    public double[] fit(Partitions data, int epochs, TrainingListener listener) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.blocks().context());
        try {
            return localSteps > 0 ? averaged(sc, data, epochs, listener) : synchronous(sc, data, epochs, listener);
        } catch (Exception e) {
            DataException d = Failures.dataError(e);
            if (d != null) {
                throw d;
            }
            throw e;
        } finally {
            release(sc, data);
        }
    }

    /** Drops the trainers this fit made: the driver's JVM's (all of them in local mode), then each executor's that holds a block. */
    private void release(JavaSparkContext sc, Partitions data) {
        factory.drain();
        if (!sc.isLocal() && !sc.sc().isStopped()) {
            TrainerFactory f = factory;
            try {
                data.blocks().foreachPartition(it -> f.drain());
            } catch (RuntimeException e) {
                // best effort: an executor keeps at most TrainerFactory.KEEP factories' trainers anyway
            }
        }
    }

    private double[] synchronous(JavaSparkContext sc, Partitions data, int epochs, TrainingListener listener) {
        int n = data.examples();
        int size = batch;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Rng rng = new Rng(seed ^ 0x5DEECE66DL);
        int paramSize = trainer.parameterSize();
        double[] params = new double[paramSize];
        double[] mean = new double[paramSize];
        Layout layout = data.layout();
        int share = GradientSums.share(size, layout);
        double[] log = new double[epochs];
        int batches = (n + size - 1) / size;
        for (int epoch = 0; epoch < epochs; epoch++) {
            if (shuffle) {
                rng.shuffle(order);
            }
            double total = 0;
            int b = 0;
            for (int from = 0; from < n; from += size) {
                int count = Math.min(size, n - from);
                trainer.getParameters(params);
                Broadcast<double[]> bc = sc.broadcast(params.clone());
                GradientSums sums = new GradientSums(factory, bc, share, layout, from, count,
                        shuffle ? Arrays.copyOfRange(order, from, from + count) : null);
                double[] acc;
                try {
                    acc = InOrder.sum(data.blocks(), sums::part, GradientSums.width(paramSize), depth);
                } finally {
                    bc.destroy();
                }
                if (acc[paramSize + 1] != count) {
                    throw new IllegalStateException("step " + b + " summed " + (long) acc[paramSize + 1] + " examples of " + count);
                }
                for (int i = 0; i < paramSize; i++) {
                    mean[i] = acc[i] / count;
                }
                trainer.setGradients(mean);
                trainer.applyGradients();
                double loss = acc[paramSize] / count;
                total += loss;
                listener.batchEnd(epoch, b++, batches, count, loss);
            }
            log[epoch] = total / batches;
            listener.epochEnd(epoch, log[epoch]);
        }
        return log;
    }

    private double[] averaged(JavaSparkContext sc, Partitions data, int epochs, TrainingListener listener) {
        int paramSize = trainer.parameterSize();
        int stateSize = paramSize + trainer.optimizerStateSize();
        double[] state = new double[stateSize];
        double[] p = new double[paramSize];
        double[] o = new double[stateSize - paramSize];
        int stepsPerEpoch = (data.largest() + batch - 1) / batch;
        int rounds = (stepsPerEpoch + localSteps - 1) / localSteps;
        double[] log = new double[epochs];
        for (int epoch = 0; epoch < epochs; epoch++) {
            double lossSum = 0;
            long stepCount = 0;
            for (int r = 0; r < rounds; r++) {
                trainer.getParameters(p);
                trainer.getOptimizerState(o);
                System.arraycopy(p, 0, state, 0, paramSize);
                System.arraycopy(o, 0, state, paramSize, o.length);
                Broadcast<double[]> bc = sc.broadcast(state.clone());
                LocalRounds round = new LocalRounds(factory, bc, paramSize, batch, r * localSteps, localSteps,
                        shuffle, seed, epoch, learningRate);
                double[] acc;
                try {
                    acc = InOrder.sum(data.blocks(), round::part, LocalRounds.width(stateSize), depth);
                } finally {
                    bc.destroy();
                }
                double seen = acc[stateSize];
                for (int i = 0; i < paramSize; i++) {
                    p[i] = acc[i] / seen;
                }
                for (int i = 0; i < o.length; i++) {
                    o[i] = acc[paramSize + i] / seen;
                }
                trainer.setParameters(p);
                trainer.setOptimizerState(o);
                lossSum += acc[stateSize + 1];
                stepCount += (long) acc[stateSize + 2];
                listener.batchEnd(epoch, r, rounds, (int) seen, acc[stateSize + 1] / acc[stateSize + 2]);
            }
            log[epoch] = lossSum / stepCount;
            listener.epochEnd(epoch, log[epoch]);
        }
        return log;
    }
}
