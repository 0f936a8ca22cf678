package dev.gradus.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gradus.compiler.TrainerLoader;
import dev.gradus.runtime.TrainingListener;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * A hundred fits in one JVM with a small heap: each fit's executor trainers (sized for a
 * partition's share of a 4096-example batch, whatever the data's size) and the class loader of
 * its compiled trainer are freed when it ends. Runs in its own fork with -Xmx256m (the pom's
 * "repeated-fits" execution; in a larger heap it is skipped). With the release disabled the fork
 * ran out of heap after about 17 fits.
 */
class RepeatedFitsTest {
    @Test
    void aHundredFitsInASmallHeap() throws Exception {
        long heap = Runtime.getRuntime().maxMemory();
        assumeTrue(heap < 300L << 20, "measured only in the pom's repeated-fits execution (-Xmx256m)");
        TrainerLoader.Compiled compiled = LocalSpark.compile(Path.of(RepeatedFitsTest.class.getResource("/bench_mlp.net").toURI()));
        // Spark refuses a heap under 450 MB unless told how much to plan with: its own test setting
        SparkSession spark = SparkSession.builder().master("local[2]").appName("gradus-repeated-fits")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.testing.memory", String.valueOf(512L << 20))
                .getOrCreate();
        try {
            // few rows, so that a fit is quick even with a class the JIT has not seen; the trainers are sized by the batch
            Dataset<Row> rows = SparkBenchmark.data(spark, 64);
            WeakReference<Class<?>> first = null;
            SparkTrainer sizing = new SparkTrainer(TrainerFactory.of(compiled), 4096).partitions(2);
            try (Partitions p = sizing.partition(rows)) {
                for (int fit = 0; fit < 100; fit++) {
                    TrainerFactory factory = TrainerFactory.of(compiled); // a class loader of its own each time
                    SparkTrainer s = new SparkTrainer(factory, 4096);
                    double[] losses = s.fit(p, 1, TrainingListener.NONE);
                    assertThat(losses[0]).isFinite();
                    assertThat(factory.holdsAny()).isFalse();
                    if (first == null) {
                        first = new WeakReference<>(s.trainer().getClass());
                    }
                }
            }
            for (int i = 0; i < 20 && first.get() != null; i++) {
                System.gc();
                Thread.sleep(50);
            }
            assertThat(first.get()).as("the first fit's trainer class (and its class loader) was unloaded").isNull();
        } finally {
            spark.stop();
        }
    }
}
