package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.print.Explainer;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** explain: distinct names for local and total derivatives, abbreviation, --follow and --step for every optimizer. */
class ExplainTest {
    static final String REG = "x=[0.5,-1],y=[0.3]";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "linear; examples/linear.net; x=[2],y=[4],w=[[0.5]],b=[0.1]",
            "scalar; examples/scalar.net; x=1,y=2,w=1",
            "sgd_momentum; reference/sgd_momentum; " + REG,
            "sgd_nesterov; reference/sgd_nesterov; " + REG,
            "adam; examples/xor_mlp.net; x=[1,0],y=[1]",
            "adam_decay; reference/adam_decay; " + REG,
            "adamw; reference/adamw; " + REG,
            "rmsprop; reference/rmsprop; " + REG,
            "rmsprop_momentum; reference/rmsprop_momentum; " + REG})
    void stepNarratesEveryOptimizerAndLandsWhereTheTrainerLands(String name, String model, String at) throws Exception {
        Path file = model.startsWith("reference/") ? Tools.reference(model.substring(10)) : Tools.ROOT.resolve(model);
        Tools.Result r = Tools.gradus("explain", file.toString(), "--at", at, "--step");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("Optimizer step: ");
        Tools.golden("step/" + name + ".explain.txt", r.out());

        // The narrated new values are the generated trainer's after one step on this example.
        CheckedModel m = Models.choose(file, null);
        Map<String, double[]> values = Assignments.any(m, Assignments.parse(at));
        Map<String, double[]> start = Explainer.start(m, values);
        Map<String, double[]> after = Explainer.stepped(m, values);
        Trainer trainer = Trainers.compile(m, Precision.DOUBLE, 1);
        start.forEach(trainer::setParameter);
        List<String> fields = new ArrayList<>();
        List<double[][]> rows = new ArrayList<>();
        for (TensorSpec f : concat(trainer.inputs(), trainer.targets())) {
            fields.add(f.name());
            rows.add(new double[][] {values.get(f.name())});
        }
        trainer.step(new DataSet(fields, rows.toArray(new double[0][][])), null, 0, 1);
        for (TensorSpec p : trainer.parameters()) {
            double[] got = new double[p.size()];
            trainer.getParameter(p.name(), got);
            for (int k = 0; k < got.length; k++) {
                assertThat(after.get(p.name())[k]).as(p.name() + "[" + k + "]").isCloseTo(got[k], within(1e-12));
            }
        }
    }

    @Test
    void localAndTotalDerivativesNeverShareAName() {
        Tools.Result r = Tools.gradus("explain", Tools.example("softmax_classifier").toString(), "--at", "x=[1,0,2,-1],label=2");
        assertThat(r.status()).as(r.err()).isZero();
        String local = r.out().substring(r.out().indexOf("Local derivatives"), r.out().indexOf("Backward pass"));
        String backward = r.out().substring(r.out().indexOf("Backward pass"));
        // The regularizer's own part of the loss's derivative by W1 is ∂loss/∂W1; the whole of it is dloss/dW1.
        assertThat(local).contains("∂loss/∂W1 = 0.0002 * W1 = ").doesNotContain("dloss/d");
        assertThat(backward).contains("dloss/dW1 = 0.0002 * W1 + outer(").doesNotContain("\n  ∂");
        assertThat(r.out()).contains("loss = cross_entropy(logits, label) + 1e-4 * sum(W1 ^ 2)");
        Tools.Result bce = Tools.gradus("explain", Tools.example("xor_mlp").toString(), "--at", "x=[1,0],y=[1]");
        assertThat(bce.out()).contains("  loss = bce(p, y) = bce([0.4818], [1]) = 0.730227").doesNotContain("sum(bce");
    }

    @Test
    void aLayerNormsDerivativeIsWrittenWithGradsSharedTermsEachWithItsValue() throws Exception {
        Path model = Tools.example("tiny_attention");
        Tools.Result r = Tools.gradus("explain", model.toString(), "--data", Tools.ROOT.resolve("examples/tokens.csv").toString(),
                "--example", "0");
        Tools.Result grad = Tools.gradus("grad", model.toString());
        assertThat(r.status()).as(r.err()).isZero();
        String backward = r.out().substring(r.out().indexOf("Backward pass"), r.out().indexOf("Gradients ("));
        // Each t line and each dloss/d line is grad's, followed by its value; before, dloss/dX alone ran to 2,000 characters.
        for (String line : grad.out().split("\n")) {
            if (line.startsWith("  t") || line.startsWith("  dloss/dX = ") || line.startsWith("  dloss/dA = ")) {
                assertThat(backward).contains(line + " = [");
            }
        }
        assertThat(backward).contains("  t7 = ").contains("(t1 to t7 name subexpressions that the derivatives use more than once");
        assertThat(backward.indexOf("  t6 = ")).isLessThan(backward.indexOf("  dloss/dA = t6 @ transpose(V)"));
        for (String line : backward.split("\n")) {
            assertThat(line.length()).as(line).isLessThan(700);
        }
        // t4, the normalized input, is H before its scale and shift; g is ones and b zeros at initialization.
        String h = r.out().lines().filter(l -> l.startsWith("  H = ")).findFirst().orElseThrow();
        String t4 = backward.lines().filter(l -> l.startsWith("  t4 = ")).findFirst().orElseThrow();
        assertThat(t4.substring(t4.lastIndexOf(" = [[") + 3)).isEqualTo(h.substring(h.lastIndexOf(" = [[") + 3));
    }

    @Test
    void anExampleWhoseLossIsNotFiniteIsExplainedAndThenFailsNamingTheFirstValueThatIsNot(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Path model = Tools.ROOT.resolve("cli/src/test/resources/models/log_of_negative.net");
        Tools.Result nan = Tools.gradus("explain", model.toString(), "--at", "x=-1,y=2");
        assertThat(nan.status()).isEqualTo(1);
        assertThat(nan.out()).contains("  h = log(w * x) = log(1 * (-1)) = NaN").contains("  (loss = NaN)");
        assertThat(nan.err()).isEqualTo("gradus: error: at this example h = log(w * x) is NaN, the first value that is not finite"
                + " (a function outside its domain, such as log or sqrt of a negative value?)\n");
        Tools.Result inf = Tools.gradus("explain", Tools.example("scalar").toString(), "--at", "x=1e200,y=2,w=1e200");
        assertThat(inf.status()).isEqualTo(1);
        assertThat(inf.err()).contains("at this example y_hat = w * x is Infinity, the first value that is not finite\n");
        assertThat(Tools.gradus("explain", model.toString(), "--at", "x=1,y=2").status()).isZero();
        // graph and report show the example all the same, and fail alike
        Tools.Result graph = Tools.gradus("graph", model.toString(), "--at", "x=-1,y=2");
        assertThat(graph.status()).isEqualTo(1);
        assertThat(graph.out()).startsWith("digraph");
        assertThat(graph.err()).isEqualTo(nan.err());
        Path page = tmp.resolve("n.html");
        Tools.Result report = Tools.gradus("report", model.toString(), "--at", "x=-1,y=2", "-o", page.toString());
        assertThat(report.status()).isEqualTo(1);
        assertThat(report.err()).isEqualTo(nan.err());
        assertThat(page).exists();
        assertThat(Tools.gradus("graph", model.toString(), "--at", "x=1,y=2").status()).isZero();
    }

    /** --example alone takes its row from the train block's data, as eval takes that data; graph and report ignored it. */
    @Test
    void exampleAloneIsARowOfTheTrainBlocksData() {
        String model = Tools.example("linear").toString();
        String csv = Tools.ROOT.resolve("examples/simple_net.csv").toString(); // linear.net's train block names it
        for (String command : List.of("explain", "graph")) {
            Tools.Result alone = Tools.gradus(command, model, "--example", "2");
            Tools.Result withData = Tools.gradus(command, model, "--data", csv, "--example", "2");
            assertThat(alone.status()).as(alone.err()).isZero();
            assertThat(alone.out()).isEqualTo(withData.out()).isNotEqualTo(Tools.gradus(command, model, "--example", "1").out());
        }
    }

    /** At x = 0, w in w @ x + b moves nothing; its path is still there, and "no path to the loss" misled. */
    @Test
    void aPathWhoseLocalDerivativeIsZeroHereIsNotCalledNoPath() {
        Tools.Result r = Tools.gradus("explain", Tools.example("linear").toString(), "--at", "x=[0],y=[4],w=[[0.5]],b=[0.1]",
                "--follow", "w[0,0]");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("  (∂y_hat/∂w[0, 0] = 0 at this example: no change flows that way)\n"
                + "  dloss/dw[0, 0] = 0 (its paths to the loss carry no change at this example)\n").doesNotContain("no path");
    }

    @Test
    void wideTensorsAreAbbreviatedUnlessFullIsAsked() throws Exception {
        Path wide = Tools.ROOT.resolve("cli/src/test/resources/models/wide.net");
        Tools.Result brief = Tools.gradus("explain", wide.toString(), "--at", "x=[0.5,-1],label=1");
        Tools.Result full = Tools.gradus("explain", wide.toString(), "--at", "x=[0.5,-1],label=1", "--full");
        assertThat(brief.status()).as(brief.err()).isZero();
        assertThat(full.status()).as(full.err()).isZero();
        Tools.golden("wide.explain.txt", brief.out());
        assertThat(brief.out()).contains(", ...");
        assertThat(full.out()).doesNotContain("...");
        assertThat(brief.out().length()).isLessThan(4000);
        assertThat(full.out().length()).isGreaterThan(3 * brief.out().length());
    }

    @Test
    void followTracesOneElementToTheLoss() throws Exception {
        Tools.Result r = Tools.gradus("explain", Tools.example("softmax_classifier").toString(), "--at", "x=[1,0,2,-1],label=2",
                "--follow", "W1[0,2]");
        assertThat(r.status()).as(r.err()).isZero();
        Tools.golden("softmax_classifier.follow.txt", r.out().substring(r.out().indexOf("Following")));
        assertThat(r.out()).contains("dloss/dW1[0, 2] = dloss/dh[0] * ∂h[0]/∂W1[0, 2] + ∂loss/∂W1[0, 2]");
        // The followed element's total is the one the backward pass prints for W1.
        assertThat(r.out()).contains("dloss/dW1 = ").contains("-0.108406");
        Tools.Result mlp = Tools.gradus("explain", Tools.example("xor_mlp").toString(), "--at", "x=[1,0],y=[1]", "--follow", "W1[3,0]");
        Tools.golden("xor_mlp.follow.txt", mlp.out().substring(mlp.out().indexOf("Following")));
        // With --step, the followed element's numbers stand beside each line of its parameter's update.
        Tools.Result step = Tools.gradus("explain", Tools.example("xor_mlp").toString(), "--at", "x=[1,0],y=[1]", "--follow", "W1[3,0]", "--step");
        String narration = step.out().substring(step.out().indexOf("Optimizer step"));
        Tools.golden("xor_mlp.follow-step.txt", narration);
        assertThat(narration).contains("   (W1[3, 0]: 0.0445847)").doesNotContain("(b1[");
    }

    @Test
    void aKernelElementOfTheCnnIsFollowedThroughTheConvolutionAndPoolingByAllItsIndices() {
        Tools.Result r = Tools.gradus("explain", Tools.example("digits_cnn").toString(), "--data",
                Tools.ROOT.resolve("examples/digits_test.csv").toString(), "--follow", "K1[0, 0, 1, 1]");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("Following").containsPattern("dloss/dh1\\[0, \\d, \\d\\] = ")
                .containsPattern("K1 = \\[\\[\\[\\[");
    }

    @Test
    void theExampleCanBeARowOfTheData() {
        String net = Tools.example("xor_mlp").toString();
        String csv = Tools.ROOT.resolve("examples/xor.csv").toString();
        Tools.Result row = Tools.gradus("explain", net, "--data", csv, "--example", "2");
        assertThat(row.status()).as(row.err()).isZero();
        String[] cells = readRow(Tools.ROOT.resolve("examples/xor.csv"), 2);
        Tools.Result at = Tools.gradus("explain", net, "--at", "x=[" + cells[0] + "," + cells[1] + "],y=[" + cells[2] + "]");
        assertThat(row.out()).isEqualTo(at.out());
        Tools.Result out = Tools.gradus("explain", net, "--data", csv, "--example", "9");
        assertThat(out.status()).as("--example beyond the data: a usage mistake").isEqualTo(2);
        assertThat(out.err()).contains("has examples 0..3; --example 9 is not one of them");
        assertThat(Tools.gradus("explain", net).status()).isEqualTo(2);
    }

    private static String[] readRow(Path csv, int example) {
        try {
            return java.nio.file.Files.readAllLines(csv).get(example + 1).split(",");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void badFollowAndAtValuesAreOneMessageEach() {
        String net = Tools.example("softmax_classifier").toString();
        Tools.Result notAParameter = Tools.gradus("explain", net, "--at", "x=[1,0,2,-1],label=2", "--follow", "h[1]");
        assertThat(notAParameter.status()).as("a bad --follow is a usage mistake").isEqualTo(2);
        assertThat(notAParameter.err())
                .isEqualTo("gradus: error: --follow: 'h' is not a parameter of model SoftmaxClassifier (its parameters: W1, b1, W2, b2)\n"
                        + "Try 'gradus explain --help' for more information.\n");
        assertThat(Tools.gradus("explain", net, "--at", "x=[1,0,2,-1],label=2", "--follow", "W1[16,0]").err())
                .contains("out of range for W1 of shape [16, 4]");
        assertThat(Tools.gradus("explain", net, "--at", "x=[1,0,2,-1],label=2", "--follow", "W1[1]").err())
                .contains("W1 has shape [16, 4]; give 2 indices");
        Tools.Result badClass = Tools.gradus("explain", net, "--at", "x=[1,0,2,-1],label=7");
        assertThat(badClass.status()).as("a bad --at value is a usage error").isEqualTo(2);
        assertThat(badClass.err()).contains("'label' is a class index in 0..2");
    }

    private static List<TensorSpec> concat(List<TensorSpec> a, List<TensorSpec> b) {
        List<TensorSpec> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
