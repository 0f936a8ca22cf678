package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.diff.ModelGradients;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.eval.Evaluator;
import dev.gradus.compiler.eval.Tensor;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Node;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code sum(x, axis)} and {@code mean(x, axis)} along each axis of a rank-3 and a rank-4 tensor
 * (the language reference: "along one axis of any rank"): the derivative against finite differences
 * of the evaluator's loss, the generated trainer against the evaluator, and {@code grad}'s output
 * (an {@code expand} along the axis) pasted back with its values.
 */
class AxisReductionTest {

    static final String RANK3 = """
            model R3 {
                input x[2, 3, 4]
                param w[2, 3, 4]
                param v[3, 4]
                a = sum(tanh(x * w), 0)
                b = mean(square(x * w), 1)
                c = sum(x * w, 2)
                loss = sum(a * v) + sum(square(b)) + sum(tanh(c)) + sum(square(sum(sum(sin(x * w), 1), 1)))
            }
            """;

    static final String RANK4 = """
            model R4 {
                input x[2, 3, 2, 2]
                param w[2, 3, 2, 2]
                loss = sum(square(sum(x * w, 0))) + sum(tanh(sum(x * w, 1))) + sum(square(mean(x * w, 2))) + sum(sin(sum(tanh(x * w), 3)))
            }
            """;

    @Test
    void rank3ReductionsAlongEveryAxisMatchFiniteDifferencesTheEvaluatorAndPrintBack() {
        check(RANK3, 31);
    }

    @Test
    void rank4ReductionsAlongEveryAxisMatchFiniteDifferencesTheEvaluatorAndPrintBack() {
        check(RANK4, 41);
    }

    @Test
    void anAxisBeyondTheRankIsAnErrorNamingTheAxes() {
        String source = "model A {\n    input x[2, 3, 4]\n    loss = sum(sum(x, 3))\n}\n";
        assertThat(catchThrowable(() -> Frontend.check(new Source("a.net", source))))
                .hasMessageContaining("a.net:3:16: error: sum(x, 3): axis must be 0 to 2 for shape [2, 3, 4], found 3");
    }

    private static void check(String source, long seed) {
        CheckedModel model = Frontend.check(new Source("r.net", source)).get(0);
        Random random = new Random(seed);
        Map<Node, Tensor> leaves = new HashMap<>();
        for (Node.Input in : model.fields()) {
            leaves.put(in, random(in.shape(), random));
        }
        for (Node.Param p : model.paramNodes()) {
            leaves.put(p, random(p.shape(), random));
        }
        ModelGradients grads = ModelGradients.of(model);
        for (Node.Param p : model.paramNodes()) {
            double[] symbolic = new Evaluator(leaves).eval(grads.of(p)).data();
            double[] at = leaves.get(p).data();
            for (int k = 0; k < at.length; k++) {
                double keep = at[k];
                double h = 1e-5;
                at[k] = keep + h;
                double up = new Evaluator(leaves).eval(model.loss()).item();
                at[k] = keep - h;
                double down = new Evaluator(leaves).eval(model.loss()).item();
                at[k] = keep;
                double fd = (up - down) / (2 * h);
                assertThat(Math.abs(symbolic[k] - fd)).as("d%s[%d]: derivative %s, differences %s", p.name(), k, symbolic[k], fd)
                        .isLessThanOrEqualTo(1e-6 * (1 + Math.abs(fd)));
            }
        }
        EmitterOracleTest.check(model, TrainerLoader.load(Compiler.emit(model, "axes", Precision.DOUBLE), 3), model.name(), 3, seed);
        assertThat(GradPrintsBackTest.printsBack(source)).contains("expand(");
    }

    private static Tensor random(dev.gradus.compiler.ir.Shape s, Random random) {
        double[] v = new double[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.2 + 0.8 * random.nextDouble() * (random.nextBoolean() ? 1 : -1);
        }
        return new Tensor(s, v);
    }
}
