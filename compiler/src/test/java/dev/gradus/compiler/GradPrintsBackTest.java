package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.diff.ModelGradients;
import dev.gradus.compiler.eval.Evaluator;
import dev.gradus.compiler.eval.Tensor;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.print.MathPrinter;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The functions {@code grad} prints for the layers' derivatives ({@code conv_transpose2d},
 * {@code correlate2d}, the pools' {@code _grad}, {@code embedding_grad}, {@code expand}) where a
 * stride leaves input positions past the last window ({@code output_padding}): each model's printed
 * gradients, pasted back into it, check and have the gradients' values; and a bad call of one is a
 * FILE:LINE:COL error naming the sizes. {@link OpCoverageTest} does the same for every op's sample.
 */
class GradPrintsBackTest {

    @Test
    void aStridedConv1dsInputGradientNamesItsOutputPadding() {
        String text = printsBack("""
                model C {
                    input x[2, 6]
                    param w[2, 6]
                    param K[3, 2, 3]
                    loss = sum(square(conv1d(x * w, K, stride = 2)))
                }
                """);
        assertThat(text).contains("conv_transpose1d(").contains("stride = 2, output_padding = 1")
                .contains("correlate1d(x * w, ");
    }

    @Test
    void aStridedConv2dWithPaddingAndBothAxesPastTheLastWindow() {
        String text = printsBack("""
                model C {
                    input x[1, 6, 6]
                    param w[1, 6, 6]
                    param K[2, 1, 3, 3]
                    param b[2]
                    loss = sum(square(conv2d(x * w, K, b, stride = 2, padding = 1)))
                }
                """);
        assertThat(text).contains("conv_transpose2d(").contains("correlate2d(").contains("stride = 2, padding = 1, output_padding = 1");
    }

    @Test
    void axesWithDifferentPositionsPastTheLastWindowTakeAListAsPyTorchDoes() {
        String text = printsBack("""
                model C {
                    input x[1, 6, 5]
                    param w[1, 6, 5]
                    param K[2, 1, 3, 3]
                    loss = sum(square(conv2d(x * w, K, stride = 2))) + sum(square(avg_pool2d(x * w, 2, stride = 2)))
                }
                """);
        assertThat(text).contains("conv_transpose2d(").contains("stride = 2, output_padding = [1, 0]")
                .contains("avg_pool2d_grad(").contains("output_padding = [0, 1]");
        String oneD = "model D {\n    param g[3, 2]\n    param K[3, 2, 3]\n    loss = sum(conv_transpose1d(g, K, stride = 2, output_padding = [1, 0]))\n}\n";
        assertThat(catchThrowable(() -> Frontend.check(new Source("d.net", oneD))))
                .hasMessageContaining("d.net:4:16: error: conv_transpose1d(g, K, stride = 2, output_padding = [1, 0]): output_padding is one number in 1-d");
    }

    @Test
    void poolGradientsAndAnEmbeddingsGradientPrintBack() {
        String text = printsBack("""
                model P {
                    input x[1, 5, 5]
                    input t[4] : class(5)
                    param w[1, 5, 5]
                    param E[5, 3]
                    loss = sum(square(avg_pool2d(x * w, 2))) + sum(max_pool2d(x * w, 2, stride = 1)) + sum(square(embedding(E, t)))
                }
                """);
        assertThat(text).contains("avg_pool2d_grad(").contains("output_padding = 1").contains("max_pool2d_grad(")
                .contains("embedding_grad(");
    }

    @Test
    void aSumAlongRowsGradientIsAnExplicitColumnBroadcast() {
        String text = printsBack("""
                model S {
                    input x[3, 3]
                    param w[3, 3]
                    loss = sum(square(sum(x * w, 1)))
                }
                """);
        assertThat(text).contains("expand(").contains(", [3, 3], 1)");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"digits_cnn", "embedding_classifier", "tiny_attention", "dropout_classifier",
            "softmax_classifier", "xor_mlp"})
    void theExamplesGradientsPrintBack(String name) throws java.io.IOException {
        String source = java.nio.file.Files.readString(java.nio.file.Path.of("../examples/" + name + ".net"));
        assertThat(printsBack(source)).isNotEmpty();
    }

    /**
     * {@code grad}'s whole backward pass, shared terms ({@code t1 = ...}) included, pasted into the
     * model as definitions ({@code dloss/dH} becoming {@code dloss_dH}): it checks, each parameter's
     * line has its gradient's value, and no line repeats layer_norm's long terms (it was ~2,000
     * characters a line before the terms were named).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"tiny_attention", "digits_cnn", "xor_mlp"})
    void theWholeBackwardPassWithItsSharedTermsPastesBack(String name) throws java.io.IOException {
        String source = java.nio.file.Files.readString(java.nio.file.Path.of("../examples/" + name + ".net"));
        CheckedModel model = Frontend.check(new Source("m.net", source)).get(0);
        ModelGradients gradients = ModelGradients.of(model);
        Map<String, String> backward = dev.gradus.compiler.print.GradPrinter.backward(gradients, MathPrinter.Format.TEXT);
        StringBuilder lines = new StringBuilder();
        for (Map.Entry<String, String> e : backward.entrySet()) {
            assertThat(e.getValue().length()).as(e.getKey() + " = " + e.getValue()).isLessThan(200);
            lines.append("    ").append(e.getKey().replace("dloss/d", "dloss_d")).append(" = ")
                    .append(e.getValue().replace("dloss/d", "dloss_d")).append('\n');
        }
        if (name.equals("tiny_attention")) {
            assertThat(backward).containsKey("t1").containsKey("t6");
        }
        String pasted = source.replace("    loss =", lines + "    loss =");
        assertPastedGradients(model, gradients, Frontend.check(new Source("pasted.net", pasted)).get(0), "dloss_d", pasted,
                new Random(name.hashCode()));
    }

    @Test
    void aVectorIndexedByAClassTargetIsItsElementThere() {
        String text = printsBack("""
                model I {
                    input x[3]
                    target label : class(3)
                    param W[3, 3]
                    loss = square(cross_entropy(W @ x, label)) + (W @ x)[label]
                }
                """);
        assertThat(text).contains("(W @ x)[label]");
        String wrong = "model I {\n    input x[4]\n    target label : class(3)\n    loss = x[label]\n}\n";
        assertThat(catchThrowable(() -> Frontend.check(new Source("i.net", wrong))))
                .hasMessageContaining("i.net:4:13: error: x[label]: 'label' indexes a vector of 3 elements (its classes), found shape [4]");
    }

    @Test
    void aBadCallOfADerivativeFunctionIsAnErrorAtTheCall() {
        String head = "model D {\n    input x[2, 6]\n    input t[4] : class(5)\n    param g[3, 2]\n    param K[3, 2, 3]\n";
        assertThat(error(head + "    loss = sum(conv_transpose1d(g, K, stride = 2, output_padding = 2))\n}\n"))
                .contains("d.net:6:16: error: conv_transpose1d(g, K, stride = 2, output_padding = 2): output_padding must be smaller than the stride 2, found 2");
        assertThat(error(head + "    loss = sum(conv_transpose1d(transpose(g), K))\n}\n"))
                .contains("d.net:6:16: error: conv_transpose1d(transpose(g), K): the kernel [3, 2, 3] has 3 output channels but the gradient [2, 3] has 2");
        assertThat(error(head + "    loss = sum(correlate1d(x, g, stride = 7))\n}\n"))
                .contains("d.net:6:16: error: correlate1d(x, g, stride = 7): the gradient [3, 2] has more positions than the input [2, 6]");
        assertThat(error(head + "    loss = sum(embedding_grad(g, x))\n}\n"))
                .contains("d.net:6:16: error: embedding_grad(g, x): the index must be a class input or target");
        assertThat(error(head + "    loss = sum(one_hot(t))\n}\n"))
                .contains("d.net:6:16: error: one_hot(t): one_hot needs one class index, found a value of shape [4]");
        assertThat(error(head + "    loss = sum(scatter(sum(x), [3], 5))\n}\n"))
                .contains("d.net:6:16: error: scatter(sum(x), [3], 5): the position [5] is outside the shape [3]");
        assertThat(error(head + "    loss = sum(expand(sum(x, 1), [2, 6], 0))\n}\n"))
                .contains("d.net:6:16: error: expand(sum(x, 1), [2, 6], 0): cannot expand [2] to [2, 6] along axis 0");
    }

    private static String error(String source) {
        return catchThrowable(() -> Frontend.check(new Source("d.net", source))).getMessage();
    }

    /**
     * Each parameter's gradient as {@code grad} prints it, pasted into the model as {@code g_P = ...}: it
     * checks, and the evaluator gives it the gradient's value at random inputs and parameters. The pasted lines.
     */
    static String printsBack(String source) {
        CheckedModel model = Frontend.check(new Source("m.net", source)).get(0);
        ModelGradients gradients = ModelGradients.of(model);
        MathPrinter printer = new MathPrinter(MathPrinter.Format.TEXT, new HashMap<>(model.valueNames()));
        StringBuilder lines = new StringBuilder();
        for (Node.Param p : model.paramNodes()) {
            lines.append("    g_").append(p.name()).append(" = ").append(printer.print(gradients.of(p))).append('\n');
        }
        String pasted = source.replace("    loss =", lines + "    loss =");
        CheckedModel again;
        try {
            again = Frontend.check(new Source("pasted.net", pasted)).get(0);
        } catch (RuntimeException e) {
            throw new AssertionError("grad's output does not check:\n" + pasted + "\n" + e.getMessage(), e);
        }
        assertPastedGradients(model, gradients, again, "g_", pasted, new Random(source.hashCode()));
        return lines.toString();
    }

    /**
     * At random inputs and parameters, each parameter {@code P}'s value {@code prefix + P} in the
     * pasted model {@code again} has the shape and the values of its gradient in {@code model}.
     */
    private static void assertPastedGradients(CheckedModel model, ModelGradients gradients, CheckedModel again, String prefix,
            String pasted, Random random) {
        Map<Node, Tensor> leaves = new HashMap<>();
        Map<Node, Tensor> pastedLeaves = new HashMap<>();
        for (Node.Input f : model.fields()) {
            Tensor t = random(f.shape(), f.isClass() ? f.classes() : 0, random);
            leaves.put(f, t);
            pastedLeaves.put(again.fields().stream().filter(g -> g.name().equals(f.name())).findFirst().orElseThrow(), t);
        }
        for (Node.Param p : model.paramNodes()) {
            Tensor t = random(p.shape(), 0, random);
            leaves.put(p, t);
            pastedLeaves.put(again.paramNodes().stream().filter(q -> q.name().equals(p.name())).findFirst().orElseThrow(), t);
        }
        for (Node.Param p : model.paramNodes()) {
            Node g = again.values().get(prefix + p.name());
            assertThat(g.shape()).as("the pasted gradient of %s\n%s", p.name(), pasted).isEqualTo(p.shape());
            double[] want = new Evaluator(leaves).eval(gradients.of(p)).data();
            double[] have = new Evaluator(pastedLeaves).eval(g).data();
            for (int i = 0; i < want.length; i++) {
                assertThat(Math.abs(have[i] - want[i])).as("d%s[%d]: pasted %s, gradient %s\n%s", p.name(), i, have[i], want[i], pasted)
                        .isLessThanOrEqualTo(1e-5 * (1 + Math.abs(want[i])));
            }
        }
    }

    private static Tensor random(dev.gradus.compiler.ir.Shape s, int classes, Random random) {
        double[] v = new double[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = classes > 0 ? random.nextInt(classes) : random.nextGaussian();
        }
        return new Tensor(s, v);
    }
}
