package dev.gradus.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.compiler.TrainerLoader;
import dev.gradus.runtime.Csv;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import dev.gradus.runtime.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
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

/** Parameter averaging (K local steps per partition between averages) learns about as well as synchronous training. */
class ParameterAveragingTest {
    static SparkSession spark;
    static TrainerLoader.Compiled classifier;
    @TempDir
    static Path dir;
    static Path train;
    static Path heldOut;

    @BeforeAll
    static void start() throws IOException {
        spark = LocalSpark.start("local[2]");
        classifier = LocalSpark.compile(LocalSpark.example("softmax_classifier.net"));
        List<String> lines = Files.readAllLines(LocalSpark.example("blobs.csv"));
        train = dir.resolve("train.csv");
        heldOut = dir.resolve("held-out.csv");
        Files.write(train, lines.subList(0, 121));
        List<String> rest = new ArrayList<>(List.of(lines.get(0)));
        rest.addAll(lines.subList(121, lines.size()));
        Files.write(heldOut, rest);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static double heldOutLoss(Trainer t) {
        List<TensorSpec> fields = new ArrayList<>(t.inputs());
        fields.addAll(t.targets());
        DataSet data = Csv.read(heldOut, fields);
        return t.meanLoss(data);
    }

    @Test
    void averagingEveryFourLocalStepsReachesALossComparableToSynchronousTraining() {
        Dataset<Row> rows = spark.read().option("header", "true").option("inferSchema", "true").csv(train.toString());
        // batch 16 here against 2 partitions of local batches of 8 there: the same examples per step
        SparkTrainer sync = new SparkTrainer(TrainerFactory.of(classifier), 16).partitions(2).shuffle(true, 3);
        double initial = heldOutLoss(sync.trainer());
        sync.fit(rows, 4, TrainingListener.NONE);
        double synchronous = heldOutLoss(sync.trainer());

        SparkTrainer averaged = new SparkTrainer(TrainerFactory.of(classifier), 8).partitions(2).shuffle(true, 3).averaging(4);
        List<Integer> rounds = new ArrayList<>();
        double[] losses = averaged.fit(rows, 4, new TrainingListener() {
            @Override
            public void batchEnd(int epoch, int round, int total, int examples, double loss) {
                rounds.add(examples);
            }
        });
        double averagedLoss = heldOutLoss(averaged.trainer());

        assertThat(synchronous).isLessThan(initial * 0.5);
        assertThat(averagedLoss).as("held-out loss: averaged %s, synchronous %s, initial %s", averagedLoss, synchronous, initial)
                .isLessThan(Math.max(2 * synchronous, synchronous + 0.05));
        assertThat(losses[3]).isLessThan(losses[0]);
        // 2 partitions of 60 rows, batch 8: 8 local steps an epoch each, so 2 rounds of 4 steps, 120 examples an epoch
        assertThat(rounds).hasSize(8);
        assertThat(rounds.get(0) + rounds.get(1)).isEqualTo(120);

        SparkTrainer again = new SparkTrainer(TrainerFactory.of(classifier), 8).partitions(2).shuffle(true, 3).averaging(4);
        again.fit(rows, 4, TrainingListener.NONE);
        SynchronousTrainingTest.assertClose(SynchronousTrainingTest.parameters(again.trainer()),
                SynchronousTrainingTest.parameters(averaged.trainer()));
    }
}
