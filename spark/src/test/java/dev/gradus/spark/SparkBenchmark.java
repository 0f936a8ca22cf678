package dev.gradus.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gradus.compiler.TrainerLoader;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Trainer;
import dev.gradus.runtime.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.optimization.GradientDescent;
import org.apache.spark.mllib.optimization.LogisticGradient;
import org.apache.spark.mllib.optimization.SimpleUpdater;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * Steps/s and examples/s of synchronous training in local[2] against single-machine {@code fit} on
 * the same data, in one run, and of parameter averaging; then the cost of a synchronous step against
 * an iteration of MLlib's own {@code GradientDescent} (mini-batch SGD) and {@code LogisticRegression}
 * (L-BFGS) on the same cached data, softmax regression on both sides. Not part of the suite (it measures);
 * run it with
 * {@code mvn -B -o -pl spark -am verify -Dtest=SparkBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs -Dgradus.skipRepeatedFits=true -Dgradus.benchmark=true}.
 */
class SparkBenchmark {
    static final int STEPS = 30;

    @Test
    void benchmark() throws Exception {
        assumeTrue(Boolean.getBoolean("gradus.benchmark"), "set -Dgradus.benchmark=true to measure");
        if (Boolean.getBoolean("gradus.benchmark.mllibOnly")) {
            SparkSession spark = LocalSpark.start("local[2]");
            try {
                againstMllib(spark);
            } finally {
                spark.stop();
            }
            return;
        }
        Path net = Path.of(SparkBenchmark.class.getResource("/bench_mlp.net").toURI());
        TrainerLoader.Compiled compiled = LocalSpark.compile(net);
        SparkSession spark = LocalSpark.start("local[2]");
        try {
            System.out.println("# BenchMlp 32-64-10, double; fit timed for 2 s after 3 s of warm-up; Spark: 2 epochs of " + STEPS + " steps after 2 of warm-up; local[2], 2 partitions");
            System.out.println("batch   fit st/s   fit ex/s  spark st/s  spark ex/s  spark ms/step  overhead ms/step");
            for (int batch : new int[] {64, 1024, 8192}) {
                Dataset<Row> rows = data(spark, STEPS * batch);
                double[] single = single(compiled, rows, batch);
                SparkTrainer s = new SparkTrainer(TrainerFactory.of(compiled), batch).partitions(2);
                try (Partitions p = s.partition(rows)) {
                    s.fit(p, 2, TrainingListener.NONE); // warm-up: the executors' trainers are a class of their own to the JIT
                    long t0 = System.nanoTime();
                    s.fit(p, 2, TrainingListener.NONE);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    double stepsPerSecond = 2 * STEPS / seconds;
                    System.out.printf(Locale.ROOT, "%5d %10.1f %10.0f %11.1f %11.0f %14.1f %17.1f%n", batch, single[0], single[0] * batch,
                            stepsPerSecond, stepsPerSecond * batch, 1000 / stepsPerSecond, 1000 / stepsPerSecond - 1000 / single[0]);
                }
            }
            int batch = 64;
            int k = 50;
            Dataset<Row> rows = data(spark, 2 * k * batch * 4);
            SparkTrainer avg = new SparkTrainer(TrainerFactory.of(compiled), batch).partitions(2).averaging(k);
            try (Partitions p = avg.partition(rows)) {
                avg.fit(p, 1, TrainingListener.NONE);
                long t0 = System.nanoTime();
                avg.fit(p, 1, TrainingListener.NONE);
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "averaging: batch %d, K = %d, 2 partitions: %.0f examples/s (%d rounds in %.2f s)%n",
                        batch, k, p.examples() / seconds, p.examples() / (2 * k * batch), seconds);
            }
            againstMllib(spark);
        } finally {
            spark.stop();
        }
    }

    static final int MLLIB_EXAMPLES = 65536;
    static final int MLLIB_ITERATIONS = 20;

    /** Milliseconds per iteration of MLlib's optimizers and per Gradus step, softmax regression on the same 65,536 rows in 2 partitions. */
    static void againstMllib(SparkSession spark) throws Exception {
        Dataset<Row> rows = data(spark, MLLIB_EXAMPLES);
        rows.count();
        JavaRDD<Tuple2<Object, org.apache.spark.mllib.linalg.Vector>> points = rows.javaRDD().map(r -> {
            double[] x = new double[32];
            for (int i = 0; i < 32; i++) {
                x[i] = r.getDouble(i);
            }
            return new Tuple2<Object, org.apache.spark.mllib.linalg.Vector>((double) r.getInt(32), Vectors.dense(x));
        }).cache();
        points.count();
        System.out.println("# softmax regression, 32 features, 10 classes, " + MLLIB_EXAMPLES + " rows cached in 2 partitions, local[2]");
        System.out.println("method                                              ms/iteration   examples/s");
        for (int batch : new int[] {4096, MLLIB_EXAMPLES}) {
            double fraction = (double) batch / MLLIB_EXAMPLES;
            Runnable sgd = () -> GradientDescent.runMiniBatchSGD(points.rdd(), new LogisticGradient(10), new SimpleUpdater(),
                    0.05, MLLIB_ITERATIONS, 0.0, fraction, Vectors.zeros(9 * 32), 0.0);
            sgd.run(); // warm-up
            long t0 = System.nanoTime();
            sgd.run();
            report("MLlib GradientDescent, mini-batch " + batch, (System.nanoTime() - t0) / 1e6 / MLLIB_ITERATIONS, batch);
        }
        Dataset<Row> assembled = new VectorAssembler().setInputCols(java.util.stream.IntStream.range(0, 32).mapToObj(i -> "x[" + i + "]")
                .toArray(String[]::new)).setOutputCol("features").transform(rows).withColumn("y", functions.col("label").cast("double")).cache();
        assembled.count();
        LogisticRegression lr = new LogisticRegression().setFamily("multinomial").setFeaturesCol("features").setLabelCol("y")
                .setMaxIter(MLLIB_ITERATIONS).setTol(0).setRegParam(0);
        lr.fit(assembled);
        long t0 = System.nanoTime();
        LogisticRegressionModel model = lr.fit(assembled);
        int iterations = Math.max(model.summary().totalIterations(), 1);
        report("MLlib LogisticRegression, L-BFGS, full batch", (System.nanoTime() - t0) / 1e6 / iterations, MLLIB_EXAMPLES);

        TrainerLoader.Compiled softmax = LocalSpark.compile(Path.of(SparkBenchmark.class.getResource("/bench_softmax.net").toURI()));
        for (int batch : new int[] {4096, MLLIB_EXAMPLES}) {
            SparkTrainer s = new SparkTrainer(TrainerFactory.of(softmax), batch).partitions(2);
            try (Partitions p = s.partition(rows)) {
                int steps = MLLIB_EXAMPLES / batch;
                int epochs = Math.max(1, MLLIB_ITERATIONS / steps);
                s.fit(p, epochs, TrainingListener.NONE);
                long t1 = System.nanoTime();
                s.fit(p, epochs, TrainingListener.NONE);
                report("Gradus synchronous, batch " + batch, (System.nanoTime() - t1) / 1e6 / (epochs * steps), batch);
            }
        }
        SparkTrainer avg = new SparkTrainer(TrainerFactory.of(softmax), 64).partitions(2).averaging(50);
        try (Partitions p = avg.partition(rows)) {
            avg.fit(p, 1, TrainingListener.NONE);
            long t1 = System.nanoTime();
            avg.fit(p, 1, TrainingListener.NONE);
            double seconds = (System.nanoTime() - t1) / 1e9;
            int rounds = (MLLIB_EXAMPLES / 2 / 64 + 49) / 50;
            report("Gradus averaging, batch 64, K = 50 (per round)", seconds * 1000 / rounds, MLLIB_EXAMPLES / rounds);
        }
    }

    static void report(String method, double msPerIteration, int examplesPerIteration) {
        System.out.printf(Locale.ROOT, "%-50s %13.1f %12.0f%n", method, msPerIteration, examplesPerIteration / msPerIteration * 1000);
    }

    /** {@code n} examples made by Spark itself: normal features, a class from the row number. */
    static Dataset<Row> data(SparkSession spark, int n) {
        List<Column> cols = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            cols.add(functions.randn(17 + i).alias("x[" + i + "]"));
        }
        cols.add(functions.col("id").mod(10).cast("int").alias("label"));
        return spark.range(0, n, 1, 2).select(cols.toArray(new Column[0])).cache();
    }

    /** Single-machine steps/s with {@code fit} on the same rows, collected to the driver. */
    static double[] single(TrainerLoader.Compiled compiled, Dataset<Row> rows, int batch) {
        List<Row> all = rows.collectAsList();
        double[][] x = new double[all.size()][32];
        double[][] y = new double[all.size()][1];
        for (int e = 0; e < all.size(); e++) {
            for (int i = 0; i < 32; i++) {
                x[e][i] = all.get(e).getDouble(i);
            }
            y[e][0] = all.get(e).getInt(32);
        }
        DataSet data = new DataSet(List.of("x", "label"), new double[][][] {x, y});
        Trainer t = compiled.newTrainer(batch, Trainer.class.getClassLoader());
        long warm = System.nanoTime();
        while (System.nanoTime() - warm < 3_000_000_000L) { // until the JIT has compiled the step
            t.fit(data, 1, batch, false, 0, TrainingListener.NONE);
        }
        int epochs = 0;
        long t0 = System.nanoTime();
        double[] losses;
        do {
            losses = t.fit(data, 1, batch, false, 0, TrainingListener.NONE);
            epochs++;
        } while (System.nanoTime() - t0 < 2_000_000_000L);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(losses[0]).isFinite();
        return new double[] {epochs * STEPS / seconds};
    }
}
