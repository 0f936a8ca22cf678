package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.diff.Differentiator;
import dev.gradus.compiler.diff.ModelGradients;
import dev.gradus.compiler.eval.Evaluator;
import dev.gradus.compiler.eval.Tensor;
import dev.gradus.compiler.ir.Node;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every op of the language, applied to random well-typed subexpressions at random points: the
 * symbolic gradient equals central finite differences of the reference evaluator (relative 1e-6).
 * Second derivatives of scalar models are checked the same way.
 */
class GradientPropertyTest {

    @Provide
    Arbitrary<String> ops() {
        return Arbitraries.of(RandomModels.OPS);
    }

    @Property(tries = 300, seed = "20261124")
    void symbolicGradientsMatchFiniteDifferences(@ForAll("ops") String op, @ForAll long seed) {
        Random random = new Random(seed);
        String expr = RandomModels.expression(op, random);
        CheckedModel model = RandomModels.model(expr);
        Map<Node, Tensor> leaves = new HashMap<>();
        for (Node.Input in : model.fields()) {
            leaves.put(in, in.isClass() ? Tensor.scalar(random.nextInt(3)) : randomTensor(in.shape(), random));
        }
        for (Node.Param p : model.paramNodes()) {
            leaves.put(p, randomTensor(p.shape(), random));
        }
        ModelGradients grads = ModelGradients.of(model);
        for (Node.Param p : model.paramNodes()) {
            Tensor symbolic = new Evaluator(leaves).eval(grads.of(p));
            Tensor value = leaves.get(p);
            for (int k = 0; k < value.data().length; k++) {
                double fd = centralDifference(model.loss(), leaves, p, k);
                assertClose(symbolic.data()[k], fd, expr + " d/d" + p.name() + "[" + k + "]");
            }
        }
    }

    @Property(tries = 100, seed = "20261124")
    void secondDerivativesOfScalarModelsMatchFiniteDifferences(@ForAll("scalarOps") String op, @ForAll long seed) {
        Random random = new Random(seed);
        String source = "model S { input x param w loss = " + op + " }";
        CheckedModel model = Frontend.check(new Source("s.net", source)).get(0);
        Node.Param w = model.paramNodes().get(0);
        Node first = ModelGradients.of(model).of(w);
        Node second = Differentiator.differentiate(model.graph(), first, List.of(w)).of(w, model.graph());
        Map<Node, Tensor> leaves = new HashMap<>();
        leaves.put(model.fields().get(0), Tensor.scalar(random.nextGaussian()));
        leaves.put(w, Tensor.scalar(random.nextGaussian()));
        double symbolic = new Evaluator(leaves).eval(second).item();
        double fd = centralDifference(first, leaves, w, 0);
        assertClose(symbolic, fd, op + " d2/dw2");
    }

    @Provide
    Arbitrary<String> scalarOps() {
        return Arbitraries.of("(w * x - 2) ^ 2", "exp(w * x)", "sigmoid(w) * x", "tanh(w * x) ^ 3", "log(1 + w ^ 2)",
                "sqrt(w ^ 2 + 1) * x", "sin(w) * cos(x * w)", "softplus(w * x)", "w / (1 + w ^ 2)", "bce_logits(w * x, 0.3)",
                "bce(sigmoid(w * x), 0.3)", "elu(w, 0.5) * x", "pow(w ^ 2 + 1, x)");
    }

    /** The five-point central difference, accurate to O(h^4), so the oracle's own error stays far below 1e-6. */
    private static double centralDifference(Node f, Map<Node, Tensor> leaves, Node.Param p, int k) {
        Tensor value = leaves.get(p);
        double keep = value.data()[k];
        double h = 1e-4 * Math.max(1, Math.abs(keep));
        double[] at = new double[4];
        double[] offsets = {2 * h, h, -h, -2 * h};
        for (int i = 0; i < 4; i++) {
            value.data()[k] = keep + offsets[i];
            at[i] = new Evaluator(leaves).eval(f).item();
        }
        value.data()[k] = keep;
        return (-at[0] + 8 * at[1] - 8 * at[2] + at[3]) / (12 * h);
    }

    private static void assertClose(double symbolic, double fd, String what) {
        // Relative error, except where both are zero up to the differences' own rounding (1e-8).
        double diff = Math.abs(symbolic - fd);
        double error = diff <= 1e-8 ? 0 : diff / (Math.abs(symbolic) + Math.abs(fd));
        assertThat(error).as("%s: symbolic %s, finite difference %s", what, symbolic, fd).isLessThanOrEqualTo(1e-6);
    }

    private static Tensor randomTensor(dev.gradus.compiler.ir.Shape shape, Random random) {
        double[] d = new double[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextGaussian();
        }
        return new Tensor(shape, d);
    }
}
