package dev.gradus.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.compiler.TrainerLoader;
import dev.gradus.runtime.DataException;
import dev.gradus.runtime.Trainer;
import dev.gradus.runtime.TrainingListener;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad columns fail before any job, bad values name their column, row and partition, and a task that
 * fails once is retried by Spark (local[2, 2]: two threads, two attempts a task) with the result unchanged.
 */
class DataErrorsTest {
    static SparkSession spark;
    static TrainerLoader.Compiled classifier;
    static final AtomicInteger JOBS = new AtomicInteger();
    static final AtomicInteger FAILURES = new AtomicInteger();
    static final AtomicInteger ATTEMPTS_ON_1 = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        spark = LocalSpark.start("local[2,2]");
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart jobStart) {
                JOBS.incrementAndGet();
            }
        });
        classifier = LocalSpark.compile(LocalSpark.example("softmax_classifier.net"));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static StructType schema(String labelType, String... drop) {
        StructType s = new StructType();
        for (String c : List.of("x[0]", "x[1]", "x[2]", "x[3]")) {
            if (!List.of(drop).contains(c)) {
                s = s.add(c, DataTypes.DoubleType);
            }
        }
        return s.add("label", labelType.equals("int") ? DataTypes.IntegerType
                : labelType.equals("double") ? DataTypes.DoubleType : DataTypes.StringType);
    }

    static Dataset<Row> rows(StructType schema, int n, Object label) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Object[] v = new Object[schema.size()];
            for (int c = 0; c < v.length - 1; c++) {
                v[c] = (double) (i + c);
            }
            v[v.length - 1] = label != null ? label : (Object) (i % 3);
            rows.add(RowFactory.create(v));
        }
        return spark.createDataFrame(rows, schema);
    }

    /** The number of jobs started so far, once the listener has heard of every event. */
    static int jobs() throws java.util.concurrent.TimeoutException {
        spark.sparkContext().listenerBus().waitUntilEmpty();
        return JOBS.get();
    }

    @Test
    void aMissingColumnIsNamedBeforeAnyJob() throws Exception {
        Dataset<Row> data = rows(schema("int", "x[2]"), 10, null);
        int before = jobs();
        assertThatThrownBy(() -> new SparkTrainer(TrainerFactory.of(classifier), 4).fit(data, 1, TrainingListener.NONE))
                .isInstanceOf(DataException.class)
                .hasMessage("missing column 'x[2]' (for x[4]); the data has x[0], x[1], x[3], label");
        assertThat(jobs()).isEqualTo(before);
    }

    @Test
    void illTypedColumnsAreNamedBeforeAnyJob() throws Exception {
        Dataset<Row> strings = rows(schema("string"), 10, "1");
        Dataset<Row> doubles = rows(schema("double"), 10, 1.0);
        int before = jobs();
        assertThatThrownBy(() -> new SparkTrainer(TrainerFactory.of(classifier), 4).fit(strings, 1, TrainingListener.NONE))
                .isInstanceOf(DataException.class)
                .hasMessage("column 'label' (class index of label) has type string; a class column holds integers");
        assertThatThrownBy(() -> new SparkTrainer(TrainerFactory.of(classifier), 4).fit(doubles, 1, TrainingListener.NONE))
                .isInstanceOf(DataException.class)
                .hasMessage("column 'label' (class index of label) has type double; a class column holds integers");
        Dataset<Row> text = spark.read().option("header", "true").csv(LocalSpark.example("blobs.csv").toString());
        int beforeText = jobs();
        assertThatThrownBy(() -> new SparkTrainer(TrainerFactory.of(classifier), 4).fit(text, 1, TrainingListener.NONE))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("column 'x[0]' (for x[4]) has type string; expected a number (read CSV with option(\"inferSchema\", \"true\")");
        assertThat(jobs()).isEqualTo(beforeText);
        assertThat(beforeText).isGreaterThanOrEqualTo(before);
    }

    @Test
    void aValueOutOfRangeNamesItsColumnRowAndPartition() {
        Dataset<Row> data = rows(schema("int"), 10, 3).coalesce(1);
        assertThatThrownBy(() -> new SparkTrainer(TrainerFactory.of(classifier), 4).fit(data, 1, TrainingListener.NONE))
                .isInstanceOf(DataException.class)
                .hasMessage("column 'label', row 1: class 3 is out of range 0..2");
        Dataset<Row> nulls = rows(schema("int"), 10, null).coalesce(1)
                .withColumn("x[1]", org.apache.spark.sql.functions.when(
                        org.apache.spark.sql.functions.col("`x[0]`").equalTo(4.0), null)
                        .otherwise(org.apache.spark.sql.functions.col("`x[1]`")));
        assertThatThrownBy(() -> new SparkTrainer(TrainerFactory.of(classifier), 4).fit(nulls, 1, TrainingListener.NONE))
                .isInstanceOf(DataException.class)
                .hasMessage("column 'x[1]', row 5: no value (null)");
    }

    @Test
    void nanAndInfinityAreErrorsNamingColumnAndRowBeforeAnyStep() throws Exception {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            Dataset<Row> data = rows(schema("int"), 20, null).repartition(3)
                    .withColumn("x[2]", org.apache.spark.sql.functions.when(
                            org.apache.spark.sql.functions.col("`x[0]`").equalTo(12.0), bad)
                            .otherwise(org.apache.spark.sql.functions.col("`x[2]`")));
            List<Double> steps = new ArrayList<>();
            assertThatThrownBy(() -> new SparkTrainer(TrainerFactory.of(classifier), 4).fit(data, 1, new TrainingListener() {
                @Override
                public void batchEnd(int epoch, int batch, int batches, int examples, double loss) {
                    steps.add(loss);
                }
            })).isInstanceOf(DataException.class).hasMessageMatching("column 'x\\[2\\]', row \\d+: " + bad + " is not a finite number");
            assertThat(steps).isEmpty();
        }
    }

    /** Trainers whose first gradient sum on partition 1 throws, as a lost executor or a flaky disk would. */
    static final class FailsOnce extends TrainerFactory {
        private static final long serialVersionUID = 1L;
        private final TrainerFactory inner;

        FailsOnce(TrainerFactory inner) {
            this.inner = inner;
        }

        @Override
        public Trainer create(int maxBatch) {
            Trainer real = inner.create(maxBatch);
            return (Trainer) Proxy.newProxyInstance(Trainer.class.getClassLoader(), new Class<?>[] {Trainer.class}, (proxy, m, args) -> {
                TaskContext task = TaskContext.get();
                if (m.getName().equals("gradientSum") && task != null && task.partitionId() == 1) {
                    ATTEMPTS_ON_1.incrementAndGet();
                    if (FAILURES.getAndIncrement() == 0) {
                        throw new IllegalStateException("injected failure on partition 1, attempt " + task.attemptNumber());
                    }
                }
                try {
                    return m.invoke(real, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
        }
    }

    @Test
    void aPartitionThatFailsOnceIsRetriedAndTheResultIsUnchanged() {
        Dataset<Row> blobs = spark.read().option("header", "true").option("inferSchema", "true")
                .csv(LocalSpark.example("blobs.csv").toString());
        SynchronousTrainingTest.Result expected = SynchronousTrainingTest.local(classifier, LocalSpark.example("blobs.csv"), 25, false, 1, 2);
        SparkTrainer flaky = new SparkTrainer(new FailsOnce(TrainerFactory.of(classifier)), 25).partitions(3);
        double[] losses = flaky.fit(blobs, 2, TrainingListener.NONE);
        assertThat(FAILURES.get()).isGreaterThanOrEqualTo(1);
        assertThat(ATTEMPTS_ON_1.get()).as("runs of 9 rows dealt in turn: partition 1 is in all 6 steps of an epoch, plus one retry").isEqualTo(2 * 6 + 1);
        SynchronousTrainingTest.assertClose(losses, expected.losses());
        SynchronousTrainingTest.assertClose(SynchronousTrainingTest.parameters(flaky.trainer()), expected.parameters());
    }
}
