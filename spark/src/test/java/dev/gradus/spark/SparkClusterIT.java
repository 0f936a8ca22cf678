package dev.gradus.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.compiler.TrainerLoader;
import dev.gradus.runtime.TrainingListener;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Training across JVMs: Spark's {@code local-cluster[2,1,1024]} starts a standalone master and two
 * workers in this JVM on 127.0.0.1, and each worker an executor JVM of its own, whose class path
 * has Gradus's runtime and this module but never the generated trainer (its bytes ride in the
 * tasks). One executor is killed in the middle of training; its worker starts another, Spark
 * recomputes the lost blocks, and the result still equals single-machine {@code fit} within
 * 1e-12. Everything is stopped at the end.
 */
class SparkClusterIT {
    static final String EXECUTOR = "org.apache.spark.executor.CoarseGrainedExecutorBackend";

    /** This JVM's child processes that run an executor (their command lines from /proc: ProcessHandle's may be cut short). */
    static List<ProcessHandle> executors() {
        return ProcessHandle.current().descendants().filter(p -> p.isAlive() && commandLine(p).contains(EXECUTOR)).toList();
    }

    static String commandLine(ProcessHandle p) {
        try {
            return new String(java.nio.file.Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return p.info().commandLine().orElse("");
        }
    }

    static void log(long t0, String what) {
        System.out.printf("%.1f s: %s%n", (System.nanoTime() - t0) / 1e9, what);
    }

    @Test
    void trainingSurvivesAKilledExecutorAndEqualsFit() throws Exception {
        Path blobs = LocalSpark.example("blobs.csv");
        long t0 = System.nanoTime();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        SparkSession spark = SparkSession.builder().master("local-cluster[2,1,1024]").appName("gradus-cluster-test")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.executor.memory", "512m")
                .config("spark.executor.extraClassPath", classPath)
                .config("spark.executor.extraJavaOptions", System.getProperty("spark.jvm.options"))
                .getOrCreate();
        log(t0, "cluster started");
        // while the workers start their executor JVMs
        TrainerLoader.Compiled classifier = LocalSpark.compile(LocalSpark.example("softmax_classifier.net"));
        SynchronousTrainingTest.Result expected = SynchronousTrainingTest.local(classifier, blobs, 16, true, 1, 2);
        ProcessHandle[] killed = new ProcessHandle[1];
        try {
            SparkTrainer s = new SparkTrainer(TrainerFactory.of(classifier), 16).partitions(4).shuffle(true, 1);
            log(t0, "training");
            double[] losses = s.fit(spark.read().option("header", "true")
                            .schema("`x[0]` double, `x[1]` double, `x[2]` double, `x[3]` double, label int").csv(blobs.toString()), 2,
                    new TrainingListener() {
                        @Override
                        public void batchEnd(int epoch, int batch, int batches, int examples, double loss) {
                            if (epoch == 0 && batch == 4) {
                                log(t0, "killing an executor after step 5 of 20");
                                List<ProcessHandle> running = executors();
                                assertThat(running).as("two executor JVMs").hasSize(2);
                                killed[0] = running.get(0);
                                killed[0].destroyForcibly();
                                killed[0].onExit().join();
                            }
                        }
                    });
            log(t0, "trained");
            SynchronousTrainingTest.assertClose(losses, expected.losses());
            SynchronousTrainingTest.assertClose(SynchronousTrainingTest.parameters(s.trainer()), expected.parameters());
        } finally {
            spark.stop();
            log(t0, "stopped");
        }
        assertThat(killed[0]).isNotNull();
        assertThat(killed[0].isAlive()).isFalse();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!executors().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(executors()).as("no executor JVM left").isEmpty();
    }
}
