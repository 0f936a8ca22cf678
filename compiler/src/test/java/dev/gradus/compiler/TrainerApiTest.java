package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.compiler.emit.Precision;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Trainer;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The flat-array API that distributed training and gradient clipping build on: gradient sums of
 * slices add up to the batch gradient, applyGradients is step's second half, and parameters plus
 * optimizer state saved and restored continue the same trajectory.
 */
class TrainerApiTest {

    @ParameterizedTest
    @ValueSource(strings = {"xor_mlp", "simple_net", "softmax_classifier", "linear"})
    void slicesSumToTheBatchGradientAndStateRoundTrips(String example) throws Exception {
        Trainer a = GeneratedTrainerTest.trainer(example, Precision.DOUBLE, 8);
        Trainer b = GeneratedTrainerTest.trainer(example, Precision.DOUBLE, 8);
        DataSet data = DataSet.random(a.inputs(), a.targets(), 8, new dev.gradus.runtime.Rng(3));
        int n = a.parameterSize();
        double[] whole = new double[n];
        double[] part = new double[n];
        double[] sum = new double[n];

        double mean = a.lossAndGradient(data, null, 0, 8);
        a.getGradients(whole);
        double lossSum = b.gradientSum(data, null, 0, 3);
        b.getGradients(part);
        for (int i = 0; i < n; i++) {
            sum[i] = part[i];
        }
        lossSum += b.gradientSum(data, null, 3, 5);
        b.getGradients(part);
        for (int i = 0; i < n; i++) {
            sum[i] = (sum[i] + part[i]) / 8;
            assertThat(sum[i]).isCloseTo(whole[i], org.assertj.core.data.Offset.offset(1e-12 * (1 + Math.abs(whole[i]))));
        }
        assertThat(lossSum / 8).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-12 * (1 + Math.abs(mean))));

        // step == lossAndGradient + applyGradients from a gradient set through the flat API
        b.setGradients(sum);
        b.applyGradients();
        a.step(data, null, 0, 8);
        double[] pa = new double[n];
        double[] pb = new double[n];
        a.getParameters(pa);
        b.getParameters(pb);
        for (int i = 0; i < n; i++) {
            assertThat(pb[i]).isCloseTo(pa[i], org.assertj.core.data.Offset.offset(1e-12));
        }

        // parameters and optimizer state carried to a fresh trainer continue the same trajectory
        Trainer c = GeneratedTrainerTest.trainer(example, Precision.DOUBLE, 8);
        double[] state = new double[a.optimizerStateSize()];
        a.getOptimizerState(state);
        assertThat(state[0]).isEqualTo(1);
        c.setParameters(pa);
        c.setOptimizerState(state);
        for (int s = 0; s < 3; s++) {
            a.step(data, null, 0, 8);
            c.step(data, null, 0, 8);
        }
        double[] pc = new double[n];
        a.getParameters(pa);
        c.getParameters(pc);
        assertThat(pc).containsExactly(pa);
    }

    /** {@code output z, p}: predict writes every output, one after another, as outputs() describes them. */
    @org.junit.jupiter.api.Test
    void severalOutputsArePredictedOneAfterAnother() {
        String source = """
                model Two {
                    input x[2]
                    target y[2]
                    param W[2, 2] = [[1, 2], [3, 4]]
                    z = W @ x
                    p = softmax(z)
                    output z, p
                    loss = mse(p, y)
                }
                """;
        var model = Frontend.check(new dev.gradus.compiler.diag.Source("two.net", source)).get(0);
        Trainer t = TrainerLoader.load(Compiler.emit(model, "two", Precision.DOUBLE), 1);
        assertThat(t.outputs()).extracting(dev.gradus.runtime.TensorSpec::name).containsExactly("z", "p");
        assertThat(t.output().name()).isEqualTo("z");
        double[] out = new double[4];
        t.predict(new DataSet(java.util.List.of("x"), new double[][][] {{{1, 1}}}), 0, out);
        double e = Math.exp(4);
        assertThat(out).containsExactly(new double[] {3, 7, 1 / (1 + e), e / (1 + e)}, org.assertj.core.data.Offset.offset(1e-15));
    }
}
