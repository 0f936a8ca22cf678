package dev.gradus.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.compiler.TrainerLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spark-submit runner's command line, run in this JVM on local[2]: its output, files and exit codes. */
class SparkTrainTest {
    @TempDir
    Path dir;

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = SparkTrain.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void trainsSavesAndLogsTheSameTrajectoryAsFit() throws Exception {
        Path net = LocalSpark.example("softmax_classifier.net");
        Path save = dir.resolve("p.safetensors");
        Path log = dir.resolve("loss.csv");
        Run r = run(net.toString(), "--epochs", "3", "--precision", "double", "--partitions", "2",
                "--master", "local[2]", "--save", save.toString(), "--log", log.toUri().toString()); // a URI: written through Hadoop's file system
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("training SoftmaxClassifier on " + LocalSpark.example("blobs.csv")
                + ": 150 examples, 3 epochs, batch 16, sgd(lr = 0.05, momentum = 0.9), double; spark local[2], 2 partitions, synchronous");
        assertThat(r.out()).contains("epoch 1/3 loss ", "epoch 3/3 loss ", "final loss ", "saved parameters to " + save);
        assertThat(save).exists();
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(4).first().isEqualTo("epoch,loss");
        // the train block says batch 16, shuffle (the default) with seed 1
        TrainerLoader.Compiled compiled = LocalSpark.compile(net);
        SynchronousTrainingTest.Result expected = SynchronousTrainingTest.local(compiled, LocalSpark.example("blobs.csv"), 16, true, 1, 3);
        double[] logged = lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[1])).toArray();
        SynchronousTrainingTest.assertClose(logged, expected.losses());
    }

    @Test
    void aMissingColumnIsOneLineAndExitOne() throws Exception {
        Path csv = dir.resolve("short.csv");
        Files.writeString(csv, "x[0],x[1],y\n0,0,0\n0,1,1\n");
        Run r = run(LocalSpark.example("softmax_classifier.net").toString(), "--data", csv.toString(), "--master", "local[2]");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("gradus-spark: error: missing column 'x[2]' (for x[4]); the data has x[0], x[1], y\n");
        Run missing = run(LocalSpark.example("softmax_classifier.net").toString(), "--data", dir.resolve("nothing.csv").toString(),
                "--master", "local[2]");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).startsWith("gradus-spark: error: " + dir.resolve("nothing.csv") + ": ").contains("does not exist")
                .doesNotContain("\tat ");
    }

    @Test
    void badOutputPathsAreRefusedBeforeTraining() throws Exception {
        String net = LocalSpark.example("softmax_classifier.net").toString();
        Path nowhere = dir.resolve("no-such-folder").resolve("p.safetensors");
        Run save = run(net, "--master", "local[2]", "--save", nowhere.toString());
        assertThat(save.status()).isEqualTo(1);
        assertThat(save.err()).isEqualTo("gradus-spark: error: " + nowhere + ": cannot save: the folder " + nowhere.getParent() + " does not exist\n");
        assertThat(save.out()).doesNotContain("training");
        Run log = run(net, "--master", "local[2]", "--log", dir.toString());
        assertThat(log.status()).isEqualTo(1);
        assertThat(log.err()).isEqualTo("gradus-spark: error: " + dir + ": cannot save: it is a folder\n");
        Run uri = run(net, "--master", "local[2]", "--save", nowhere.toUri().toString());
        assertThat(uri.status()).isEqualTo(1);
        assertThat(uri.err()).startsWith("gradus-spark: error: " + nowhere.toUri() + ": cannot save: the folder ").endsWith(" does not exist\n");
        Path same = dir.resolve("same");
        assertThat(run(net, "--save", same.toString(), "--log", same.toString()).status()).isEqualTo(2);
    }

    @Test
    void aModelWithDropoutIsRefusedBeforeSparkStarts() throws Exception {
        // its executors' trainers never step and count examples per block: the masks would repeat
        Run r = run(LocalSpark.example("dropout_classifier.net").toString(), "--master", "local[2]");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("gradus-spark: error: model DropoutClassifier uses dropout, which gradus-spark does not train yet:"
                + " the executors' masks would repeat from step to step and from block to block; train it with gradus train,"
                + " or on Spark without dropout\n");
        assertThat(r.out()).doesNotContain("training");
    }

    @Test
    void compileErrorsAndUsageErrorsStartNoSpark() throws Exception {
        Path bad = dir.resolve("bad.net");
        Files.writeString(bad, "model M {\n    input x[3]\n    param W[2, 4]\n    h = W @ x\n    loss = sum(h)\n}\n");
        Run r = run(bad.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith(bad + ":4:").contains(": error: ").endsWith("1 error\n");
        assertThat(run(LocalSpark.example("xor_mlp.net").toString(), "--batch", "0").status()).isEqualTo(2);
        Run precision = run(LocalSpark.example("xor_mlp.net").toString(), "--precision", "half");
        assertThat(precision.status()).isEqualTo(2);
        assertThat(precision.err()).contains("--precision must be float or double, found half");
        assertThat(run().status()).isEqualTo(2);
    }
}
