package dev.gradus.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's way: spark-submit (its entry point, org.apache.spark.deploy.SparkSubmit, in a real
 * process with Spark's jars as a cluster has them) runs target/gradus-spark.jar on a .net file.
 */
class SparkSubmitIT {
    @TempDir
    Path dir;

    @Test
    void sparkSubmitTrainsANetFileFromTheShadedJar() throws Exception {
        Path root = LocalSpark.root();
        String sparkJars = Arrays.stream(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")).split(File.pathSeparator))
                .filter(e -> !Path.of(e).toAbsolutePath().normalize().startsWith(root))
                .reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
        Path save = dir.resolve("xor.safetensors");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(Arrays.asList(System.getProperty("spark.jvm.options").trim().split("\\s+")));
        cmd.addAll(List.of("-cp", sparkJars, "org.apache.spark.deploy.SparkSubmit",
                "--master", "local[2]", "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.ui.enabled=false", "--class", "dev.gradus.spark.SparkTrain",
                System.getProperty("gradus.spark.jar"),
                root.resolve("examples/xor_mlp.net").toString(), "--epochs", "5", "--partitions", "2", "--save", save.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("spark-submit finishes").isTrue();
        String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out + err).isZero();
        assertThat(out).contains("training XorMlp on " + root.resolve("examples/xor.csv").normalize()
                + ": 4 examples, 5 epochs, batch 4, adam(lr = 0.01), float; spark local[2], 2 partitions, synchronous");
        assertThat(out).contains("epoch 5/5 loss ", "final loss ", "saved parameters to " + save);
        assertThat(save).exists();
    }
}
