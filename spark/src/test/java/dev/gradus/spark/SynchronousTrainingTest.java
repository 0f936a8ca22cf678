package dev.gradus.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.compiler.TrainerLoader;
import dev.gradus.runtime.Csv;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Trainer;
import dev.gradus.runtime.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Synchronous training on Spark is single-machine training spread out: per-epoch losses and final
 * parameters equal {@link Trainer#fit}'s within 1e-12 relative, for several partitionings.
 */
class SynchronousTrainingTest {
    static SparkSession spark;
    static TrainerLoader.Compiled classifier;
    static Path blobs = LocalSpark.example("blobs.csv");

    @BeforeAll
    static void start() throws Exception {
        spark = LocalSpark.start("local[2]");
        classifier = LocalSpark.compile(LocalSpark.example("softmax_classifier.net"));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static Dataset<Row> csv(Path file) {
        return spark.read().option("header", "true").option("inferSchema", "true").csv(file.toString());
    }

    /** Single-machine training from the same initial parameters. */
    static Result local(TrainerLoader.Compiled compiled, Path csv, int batch, boolean shuffle, long seed, int epochs) {
        Trainer t = compiled.newTrainer(batch, Trainer.class.getClassLoader());
        List<dev.gradus.runtime.TensorSpec> fields = new ArrayList<>(t.inputs());
        fields.addAll(t.targets());
        DataSet data = Csv.read(csv, fields);
        double[] losses = t.fit(data, epochs, batch, shuffle, seed, TrainingListener.NONE);
        return new Result(losses, parameters(t));
    }

    static double[] parameters(Trainer t) {
        double[] p = new double[t.parameterSize()];
        t.getParameters(p);
        return p;
    }

    record Result(double[] losses, double[] parameters) {}

    /**
     * Equal within 1e-12 relative, or 1e-15 absolute for elements under 1e-3, whose last bits depend
     * on how the sums are grouped (by partition here, by slices of the batch in {@code fit}).
     */
    static void assertClose(double[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(Math.abs(expected[i]), 1e-3);
            assertThat(Math.abs(actual[i] - expected[i]) / scale)
                    .as("element %d: %s vs %s", i, actual[i], expected[i]).isLessThanOrEqualTo(1e-12);
        }
    }

    @Test
    void unshuffledTrajectoryEqualsFitAcrossThreePartitions() {
        Result expected = local(classifier, blobs, 16, false, 1, 4);
        SparkTrainer s = new SparkTrainer(TrainerFactory.of(classifier), 16).partitions(3);
        try (Partitions p = s.partition(csv(blobs))) {
            assertThat(p.count()).isEqualTo(3);
            assertThat(p.examples()).isEqualTo(150);
            // runs of ceil(16 / 3) = 6 rows dealt in turn: 25 runs, 9 to partition 0, 8 to each other
            assertThat(p.layout()).isEqualTo(new Layout(3, 6));
            assertThat(p.sizes()).containsExactly(54, 48, 48);
            for (int from = 0; from + 16 <= 150; from += 16) { // every whole batch spans the three partitions
                for (int q = 0; q < 3; q++) {
                    assertThat(p.layout().localRange(q, from, 16)[1]).as("batch at %d, partition %d", from, q).isBetween(4, 8);
                }
            }
            double[] losses = s.fit(p, 4, TrainingListener.NONE);
            assertClose(losses, expected.losses());
            assertClose(parameters(s.trainer()), expected.parameters());
        }
        assertThat(expected.losses()[3]).isLessThan(expected.losses()[0]);
    }

    @Test
    void shuffledTrajectoryEqualsFitWithTheSameSeed() {
        Result expected = local(classifier, blobs, 16, true, 7, 4);
        SparkTrainer s = new SparkTrainer(TrainerFactory.of(classifier), 16).partitions(4).shuffle(true, 7);
        double[] losses = s.fit(csv(blobs), 4, TrainingListener.NONE);
        assertClose(losses, expected.losses());
        assertClose(parameters(s.trainer()), expected.parameters());
        Result unshuffled = local(classifier, blobs, 16, false, 7, 4);
        assertThat(losses[3]).isNotEqualTo(unshuffled.losses()[3]);
    }

    @Test
    void manyPartitionsAreAddedInGroupsInOrderAndStillFollowFit() {
        Result expected = local(classifier, blobs, 40, true, 3, 2);
        int[] depths = {1, 2, 2}; // 1: the driver adds 20 sums; 2: groups of 5 first (InOrder.DIRECT is 16), twice
        double[][] runs = new double[depths.length][];
        for (int r = 0; r < depths.length; r++) {
            SparkTrainer s = new SparkTrainer(TrainerFactory.of(classifier), 40).partitions(20).shuffle(true, 3).aggregationDepth(depths[r]);
            double[] losses = s.fit(csv(blobs), 2, TrainingListener.NONE);
            assertClose(losses, expected.losses());
            runs[r] = parameters(s.trainer());
            assertClose(runs[r], expected.parameters());
        }
        assertThat(runs[2]).as("the groups are added in partition order too: bit-identical runs").containsExactly(runs[1]);
    }

    @Test
    void twoRunsAreBitIdentical() {
        double[][] runs = new double[2][];
        for (int r = 0; r < 2; r++) {
            TrainerFactory factory = TrainerFactory.of(classifier);
            SparkTrainer s = new SparkTrainer(factory, 32).partitions(4).shuffle(true, 5);
            s.fit(csv(blobs), 3, TrainingListener.NONE);
            runs[r] = parameters(s.trainer());
            assertThat(factory.holdsAny()).as("trainers and classes are dropped when a fit ends").isFalse();
        }
        assertThat(runs[1]).containsExactly(runs[0]);
    }

    @Test
    void oneFilePartitionIsDealtToEveryCoreAndParquetReadsTheSame(@TempDir Path dir) {
        Path parquet = dir.resolve("blobs.parquet");
        csv(blobs).coalesce(1).write().parquet(parquet.toString());
        Dataset<Row> fromParquet = spark.read().parquet(parquet.toString()).coalesce(1);
        Result expected = local(classifier, blobs, 32, false, 1, 3);
        SparkTrainer s = new SparkTrainer(TrainerFactory.of(classifier), 32);
        try (Partitions p = s.partition(fromParquet)) {
            assertThat(p.count()).as("spark.default.parallelism, not the data's one partition").isEqualTo(4);
        }
        double[] losses = s.fit(fromParquet, 3, TrainingListener.NONE);
        assertClose(losses, expected.losses());
        assertClose(parameters(s.trainer()), expected.parameters());
    }

    @Test
    void adamOnXorFollowsFitStepByStep() {
        Path xor = LocalSpark.example("xor.csv");
        try {
            TrainerLoader.Compiled adam = LocalSpark.compile(LocalSpark.example("xor_mlp.net"));
            Result expected = local(adam, xor, 4, false, 0, 10);
            SparkTrainer s = new SparkTrainer(TrainerFactory.of(adam), 4).partitions(2);
            List<Double> steps = new ArrayList<>();
            double[] losses = s.fit(csv(xor), 10, new TrainingListener() {
                @Override
                public void batchEnd(int epoch, int batch, int batches, int examples, double loss) {
                    steps.add(loss);
                }
            });
            assertClose(losses, expected.losses());
            assertClose(parameters(s.trainer()), expected.parameters());
            assertThat(steps).hasSize(10);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
