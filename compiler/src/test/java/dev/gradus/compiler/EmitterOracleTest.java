package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.diff.ModelGradients;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.eval.Evaluator;
import dev.gradus.compiler.eval.Tensor;
import dev.gradus.compiler.ir.Node;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The generated Java agrees with the reference evaluator on every op: for a model around each op
 * template (with matrix inputs and every shape case of @), the batch's mean loss and every
 * parameter's gradient computed by the compiled trainer equal the evaluator's, example by example.
 */
class EmitterOracleTest {
    private static final int BATCH = 3;

    static final List<String> EXTRA = List.of("sum(M @ P, 0) * A", "sum(sum(M * x, 1)) * A", "transpose(M) @ (M @ A)",
            "M[1] * A", "sum(M @ transpose(P), 0) * A", "P @ transpose(P) @ A", "mean(P * x, 1) * A");

    @TestFactory
    Stream<DynamicTest> generatedCodeMatchesTheEvaluator() {
        List<String> templates = new ArrayList<>(RandomModels.OPS);
        templates.addAll(EXTRA);
        Random random = new Random(11);
        List<DynamicTest> tests = new ArrayList<>();
        for (String op : templates) {
            String expr = RandomModels.expression(op, random);
            long seed = random.nextLong();
            tests.add(DynamicTest.dynamicTest(expr, () -> check(expr, seed)));
        }
        return tests.stream();
    }

    /**
     * A model large enough for every fast path: transposed weight copies, four-example blocking,
     * weight gradients by rows, two threads, a regularizer folded out of the batch loop.
     */
    @org.junit.jupiter.api.Test
    void theFastPathsOfLargeModelsMatchTheEvaluator() {
        String source = """
                model Large {
                    input x[96]
                    target label : class(10)
                    param W1[128, 96]
                    param b1[128]
                    param W2[64, 128]
                    param b2[64]
                    param W3[10, 64]
                    h1 = relu(W1 @ x + b1)
                    h2 = tanh(W2 @ h1 + b2)
                    loss = cross_entropy(W3 @ h2, label) + 1e-3 * sum(W2 ^ 2)
                    train { optimizer = sgd(lr = 0.1, momentum = 0.9) batch = 37 }
                }
                """;
        CheckedModel model = Frontend.check(new Source("large.net", source)).get(0);
        check(model, "large model", 37, 5);
    }

    private static void check(String expr, long seed) {
        check(RandomModels.model(expr), expr, BATCH, seed);
    }

    private static void check(CheckedModel model, String expr, int batch, long seed) {
        check(model, TrainerLoader.load(Compiler.emit(model, "oracle", Precision.DOUBLE), batch), expr, batch, seed);
    }

    /** The trainer's mean loss and gradients on random examples and parameters equal the evaluator's. */
    static void check(CheckedModel model, Trainer trainer, String expr, int batch, long seed) {
        final int BATCH = batch;
        Random random = new Random(seed);
        // Random examples, as the trainer's data set and as the evaluator's leaves.
        List<String> names = new ArrayList<>();
        List<double[][]> rows = new ArrayList<>();
        for (Node.Input in : model.fields()) {
            double[][] r = new double[BATCH][in.shape().size()];
            for (double[] row : r) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = in.isClass() ? random.nextInt(in.classes()) : random.nextGaussian();
                }
            }
            names.add(in.name());
            rows.add(r);
        }
        DataSet data = new DataSet(names, rows.toArray(new double[0][][]));
        Map<Node, Tensor> params = new HashMap<>();
        for (Node.Param p : model.paramNodes()) {
            double[] v = new double[p.shape().size()];
            for (int k = 0; k < v.length; k++) {
                v[k] = random.nextGaussian();
            }
            trainer.setParameter(p.name(), v);
            for (int k = 0; k < v.length; k++) {
                v[k] *= p.shape().isMatrix() ? 0.1 : 1; // keep activations of large layers in a sensible range
            }
            trainer.setParameter(p.name(), v);
            params.put(p, new Tensor(p.shape(), v));
        }
        double loss = trainer.lossAndGradient(data, null, 0, BATCH);

        ModelGradients grads = ModelGradients.of(model);
        double expectedLoss = 0;
        Map<Node.Param, double[]> expectedGrads = new HashMap<>();
        for (int ex = 0; ex < BATCH; ex++) {
            Map<Node, Tensor> leaves = new HashMap<>(params);
            for (int f = 0; f < model.fields().size(); f++) {
                Node.Input in = model.fields().get(f);
                leaves.put(in, new Tensor(in.shape(), rows.get(f)[ex]));
            }
            Evaluator eval = new Evaluator(leaves);
            expectedLoss += eval.eval(model.loss()).item() / BATCH;
            for (Node.Param p : model.paramNodes()) {
                double[] g = eval.eval(grads.of(p)).data();
                double[] sum = expectedGrads.computeIfAbsent(p, k -> new double[g.length]);
                for (int k = 0; k < g.length; k++) {
                    sum[k] += g[k] / BATCH;
                }
            }
        }
        assertClose(loss, expectedLoss, expr + ": loss");
        for (TensorSpec spec : trainer.parameters()) {
            Node.Param p = model.paramNodes().stream().filter(n -> n.name().equals(spec.name())).findFirst().orElseThrow();
            double[] got = new double[spec.size()];
            trainer.getGradient(spec.name(), got);
            double[] want = expectedGrads.get(p);
            for (int k = 0; k < got.length; k++) {
                assertClose(got[k], want[k], expr + ": d" + spec.name() + "[" + k + "]");
            }
        }
    }

    private static void assertClose(double got, double want, String what) {
        double error = Math.abs(got - want) / Math.max(1e-9, Math.abs(want));
        assertThat(error).as("%s: generated %s, evaluator %s", what, got, want).isLessThanOrEqualTo(1e-9);
    }
}
