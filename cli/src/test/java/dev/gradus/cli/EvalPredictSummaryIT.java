package dev.gradus.cli;

import static dev.gradus.cli.GradusProcess.ROOT;
import static dev.gradus.cli.GradusProcess.gradus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.cli.GradusProcess.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eval's metrics and confusion matrix, predict on files and single inputs, and summary's counts. */
class EvalPredictSummaryIT {

    @Test
    void evalUsesTheTrainBlocksDataAndPrintsAConfusionMatrixForClasses(@TempDir Path tmp) throws Exception {
        Path params = tmp.resolve("p.safetensors");
        Run train = gradus(ROOT, "train", "examples/softmax_classifier.net", "--save", params.toString(), "--quiet");
        assertThat(train.status()).as(train.err()).isZero();
        Run r = gradus(ROOT, "eval", "examples/softmax_classifier.net", "--params", params.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("on examples/blobs.csv: 150 examples").contains("confusion matrix (rows: true class, columns: predicted)");
        Matcher acc = Pattern.compile("accuracy [0-9.]+ \\((\\d+) of 150\\)").matcher(r.out());
        assertThat(acc.find()).isTrue();
        String[] lines = r.out().split("\n");
        int row = List.of(lines).indexOf(lines[lines.length - 3]);
        long diagonal = 0;
        long total = 0;
        for (int t = 0; t < 3; t++) {
            String[] cells = lines[row + t].trim().split("\\s+");
            assertThat(cells[0]).isEqualTo(String.valueOf(t));
            for (int k = 0; k < 3; k++) {
                long c = Long.parseLong(cells[k + 1]);
                total += c;
                diagonal += t == k ? c : 0;
            }
        }
        assertThat(total).isEqualTo(150);
        assertThat(diagonal).isEqualTo(Long.parseLong(acc.group(1)));
    }

    @Test
    void evalPrintsRegressionMetrics(@TempDir Path tmp) throws Exception {
        Path params = tmp.resolve("p.safetensors");
        assertThat(gradus(ROOT, "train", "examples/linear.net", "--epochs", "200", "--lr", "0.05", "--save", params.toString(),
                "--quiet").status()).isZero();
        Run r = gradus(ROOT, "eval", "examples/linear.net", "--params", params.toString(), "--precision", "double");
        assertThat(r.status()).as(r.err()).isZero();
        Matcher m = Pattern.compile("MAE ([0-9.e-]+), RMSE ([0-9.e-]+), R² ([0-9.e-]+)").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        double mae = Double.parseDouble(m.group(1));
        double rmse = Double.parseDouble(m.group(2));
        assertThat(rmse).isGreaterThanOrEqualTo(mae);
        assertThat(Double.parseDouble(m.group(3))).isBetween(0.99, 1.0);
    }

    @Test
    void predictPassesOtherColumnsThroughAndAddsTheClass(@TempDir Path tmp) throws Exception {
        Path params = tmp.resolve("p.safetensors");
        assertThat(gradus(ROOT, "train", "examples/softmax_classifier.net", "--save", params.toString(), "--quiet").status()).isZero();
        Path in = tmp.resolve("in.csv");
        Files.writeString(in, "id,x[0],x[1],x[2],x[3],note\n7,1.7953,0.4091,-0.1809,0.7479,\"a, b\"\n8,-1.7440,1.8294,1.8895,-0.6607,c\n");
        Path out = tmp.resolve("out.csv");
        Run r = gradus(tmp, "predict", ROOT.resolve("examples/softmax_classifier.net").toString(), "--params", params.toString(),
                "--data", in.toString(), "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote 2 predictions to " + out);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("id,note,logits[0],logits[1],logits[2],class");
        assertThat(lines.get(1)).startsWith("7,\"a, b\",").endsWith(",0");
        assertThat(lines.get(2)).startsWith("8,c,").endsWith(",1");
        Run one = gradus(tmp, "predict", ROOT.resolve("examples/softmax_classifier.net").toString(), "--params", params.toString(),
                "--at", "x=[1.7953,0.4091,-0.1809,0.7479]");
        assertThat(one.status()).as(one.err()).isZero();
        assertThat(one.out().split("\n")[1]).isEqualTo(lines.get(1).substring("7,\"a, b\",".length()));
        Run bad = gradus(tmp, "predict", ROOT.resolve("examples/softmax_classifier.net").toString(), "--params", params.toString(),
                "--at", "x=[1,2]");
        assertThat(bad.status()).as("a usage mistake").isEqualTo(2);
        assertThat(bad.err()).contains("--at: input 'x' has 4 values, found 2");
    }

    @Test
    void summaryCountsParametersMemoryAndFlops(@TempDir Path tmp) throws Exception {
        Path net = tmp.resolve("m.net");
        Files.writeString(net, """
                model M {
                    input x[4]
                    target y[8]
                    param W[8, 4]
                    param c[8]
                    y_hat = W @ x + c
                    output y_hat
                    loss = mse(y_hat, y)
                    train { optimizer = adam(lr = 0.01) batch = 10 }
                }
                """);
        Run r = gradus(tmp, "summary", "m.net");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("model M (float, batch 10, adam(lr = 0.01))")
                .containsPattern("W +\\[8, 4\\] +32\\n").containsPattern("c +\\[8\\] +8\\n").containsPattern("total +40\\n")
                .contains("parameters          160 B").contains("optimizer state     328 B (2 buffers");
        Matcher m = Pattern.compile("forward per example ([0-9,]+)").matcher(r.out());
        assertThat(m.find()).isTrue();
        long forward = Long.parseLong(m.group(1).replace(",", ""));
        assertThat(forward).isBetween(64L + 8, 64L + 8 + 40);
        Run d = gradus(tmp, "summary", "m.net", "--precision", "double", "--batch", "20");
        assertThat(d.out()).contains("parameters          320 B").contains("times batch 20");
    }
}
