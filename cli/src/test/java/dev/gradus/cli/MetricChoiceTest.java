package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** metrics = [...] in the train block and --metrics, per output (issue 22 item 7). */
class MetricChoiceTest {
    static final String TWO = """
            model Two {
                input x[2]
                target y[1]
                target z[2]
                param W[1, 2]
                param V[2, 2]
                p = sigmoid(W @ x)
                r = V @ x
                output p, r
                loss = sum((p - y) ** 2) + mse(r, z)
                train { data = "two.csv" optimizer = sgd(lr = 0.1) batch = 4 epochs = 3 shuffle = false
                        metrics = [accuracy, r2(r)] }
            }
            """;

    private static Path model(Path tmp) throws Exception {
        StringBuilder csv = new StringBuilder("x[0],x[1],y[0],z[0],z[1]\n");
        for (int i = 0; i < 20; i++) {
            double a = (i * 7 % 10) / 10.0;
            double b = (i * 3 % 10) / 10.0;
            csv.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%s%n", a, b, a > b ? 1 : 0, a + b, a - b));
        }
        Files.writeString(tmp.resolve("two.csv"), csv);
        Path net = tmp.resolve("two.net");
        Files.writeString(net, TWO);
        return net;
    }

    @Test
    void theTrainBlockAndTheCommandLineChooseMetricsPerOutput(@TempDir Path tmp) throws Exception {
        String net = model(tmp).toString();
        Tools.Result block = Tools.gradus("train", net);
        assertThat(block.status()).as(block.err()).isZero();
        assertThat(block.out()).containsPattern("epoch 1/3 loss \\S+ accuracy \\S+ r2\\(r\\) \\S+\\n")
                .containsPattern("final accuracy \\S+, r2\\(r\\) \\S+\\n").doesNotContain("mae").doesNotContain("rmse");
        Tools.Result flag = Tools.gradus("train", net, "--metrics", "mse(r),rmse(r)");
        assertThat(flag.out()).containsPattern("final mse\\(r\\) \\S+, rmse\\(r\\) \\S+\\n").doesNotContain("accuracy");
        Tools.Result none = Tools.gradus("train", net, "--metrics", "none");
        assertThat(none.out()).doesNotContain("final accuracy").doesNotContain("r2");
        Tools.Result unknown = Tools.gradus("train", net, "--metrics", "mae(q)");
        assertThat(unknown.status()).as("a usage mistake").isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("gradus: error: --metrics: metric 'mae(q)': 'q' is not an output of model Two (its outputs: p, r)\n"
                + "Try 'gradus train --help' for more information.\n");
        assertThat(unknown.out()).as("refused before training").isEmpty();
    }

    @Test
    void msePerOutputIsTheMeanSquaredErrorOfThatOutput(@TempDir Path tmp) throws Exception {
        String net = model(tmp).toString();
        Path p = tmp.resolve("p.safetensors");
        assertThat(Tools.gradus("train", net, "--save", p.toString()).status()).isZero();
        Tools.Result eval = Tools.gradus("eval", net, "--params", p.toString(), "--metrics", "mse(r),rmse(r)", "--json");
        assertThat(eval.status()).as(eval.err()).isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(eval.out());
        double mse = json.get("metrics").get("mse(r)").asDouble();
        double rmse = json.get("metrics").get("rmse(r)").asDouble();
        assertThat(rmse).isCloseTo(Math.sqrt(mse), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(mse).isPositive();
    }

    /** A classifier output and a regression output: each gets its usual metrics, the second's named after it. */
    static final String BOTH = """
            model Both {
                input x[2]
                target c : class(3)
                target z[2]
                target y[2]
                param W[3, 2]
                param V[2, 2]
                logits = W @ x
                r = V @ x
                output logits, r
                loss = cross_entropy(logits, c) + mse(r, y)
                train { data = "both.csv" optimizer = sgd(lr = 0.1) batch = 4 epochs = 2 shuffle = false }
            }
            """;

    private static Path both(Path tmp, String text) throws Exception {
        StringBuilder csv = new StringBuilder("x[0],x[1],c,z[0],z[1],y[0],y[1]\n");
        for (int i = 0; i < 24; i++) {
            double a = (i * 7 % 10) / 10.0;
            double b = (i * 3 % 10) / 10.0;
            csv.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%s,%s,%s%n", a, b, i % 3, b, a, a + b, a - b));
        }
        Files.writeString(tmp.resolve("both.csv"), csv);
        Path net = tmp.resolve("both.net");
        Files.writeString(net, text);
        return net;
    }

    @Test
    void everyOutputGetsItsUsualMetricsAgainstTheTargetTheLossComparesItWith(@TempDir Path tmp) throws Exception {
        String net = both(tmp, BOTH).toString();
        Path p = tmp.resolve("p.safetensors");
        Tools.Result train = Tools.gradus("train", net, "--save", p.toString());
        assertThat(train.status()).as(train.err()).isZero();
        assertThat(train.out()).containsPattern("final accuracy \\S+, mae\\(r\\) \\S+, rmse\\(r\\) \\S+, r2\\(r\\) \\S+\\n");
        Tools.Result eval = Tools.gradus("eval", net, "--params", p.toString());
        assertThat(eval.status()).as(eval.err()).isZero();
        assertThat(eval.out()).containsPattern("accuracy \\S+ \\(\\d+ of 24\\)\\n")
                .containsPattern("\\nMAE\\(r\\) \\S+, RMSE\\(r\\) \\S+, R²\\(r\\) \\S+\\n");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                Tools.gradus("eval", net, "--params", p.toString(), "--json").out()).get("metrics");
        assertThat(json.fieldNames()).toIterable().containsExactly("accuracy", "mae(r)", "rmse(r)", "r2(r)");
        // r is scored against y, which mse(r, y) compares it with, not z, the first target of its size
        Tools.Result mae = Tools.gradus("eval", net, "--params", p.toString(), "--metrics", "mae(r)", "--json");
        Path swapped = both(tmp, BOTH.replace("mse(r, y)", "mse(r, z)"));
        Tools.Result other = Tools.gradus("eval", swapped.toString(), "--params", p.toString(), "--metrics", "mae(r)", "--json");
        assertThat(mae.out()).isNotEqualTo(other.out());
        assertThat(json.get("mae(r)").asDouble()).isEqualTo(
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(mae.out()).get("metrics").get("mae(r)").asDouble());

        Tools.Result chosen = Tools.gradus("train", net, "--metrics", "accuracy(logits),r2(r)");
        assertThat(chosen.out()).containsPattern("final accuracy\\(logits\\) \\S+, r2\\(r\\) \\S+\\n").doesNotContain("mae");
        Tools.Result unknown = Tools.gradus("eval", net, "--params", p.toString(), "--metrics", "acc(r)");
        assertThat(unknown.status()).as("a usage mistake").isEqualTo(2);
        assertThat(unknown.err()).startsWith("gradus: error: --metrics: unknown metric 'acc'; metrics are accuracy, mae, mse, rmse, r2")
                .endsWith("\nTry 'gradus eval --help' for more information.\n").hasLineCount(2);
    }

    @Test
    void aTrainBlockMetricOfAnOutputThatIsNotOneIsAnErrorAtItsPlace(@TempDir Path tmp) throws Exception {
        Path net = both(tmp, BOTH.replace("shuffle = false }", "shuffle = false metrics = [accuracy, r2(rr)] }"));
        Tools.Result r = Tools.gradus("train", net.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith(net + ":12:").contains(": error: 'rr' is not an output; outputs are logits, r; did you mean 'r'?")
                .contains("^");
        assertThat(r.out()).isEmpty();
    }
}
