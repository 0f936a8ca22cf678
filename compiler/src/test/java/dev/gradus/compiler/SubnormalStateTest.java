package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Fn;
import dev.gradus.runtime.Rng;
import dev.gradus.runtime.Trainer;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Optimizer state that has decayed into the subnormal range becomes zero within
 * {@link Fn#FLUSH_STEPS} steps, as on a CPU that flushes subnormals: for every optimizer with state,
 * in a small model (updated element by element) and a large one (updated rows at a time on the
 * workers), the gradient being zero (all inputs 0, and a loss without bias).
 */
class SubnormalStateTest {
    private static final String NET = """
            model M {
                input  x[IN]
                target y[1]
                param W[1, IN]
                z = W @ x
                loss = mse(z, y)
                train { optimizer = OPT batch = 8 }
            }
            """;

    @ParameterizedTest
    @ValueSource(strings = {"adam(lr = 0.01)", "sgd(lr = 0.1, momentum = 0.9)", "rmsprop(lr = 0.01, momentum = 0.5)"})
    void decayedStateIsFlushedToZero(String optimizer) {
        for (int in : new int[] {3, 5000}) {
            String net = NET.replace("IN", String.valueOf(in)).replace("OPT", optimizer);
            CheckedModel model = Frontend.check(new Source("m.net", net)).get(0);
            Trainer t = TrainerLoader.load(Compiler.emit(model, "test.subnormal", Precision.FLOAT), 8);
            DataSet zeros = DataSet.random(t.inputs(), t.targets(), 8, new Rng(1));
            Arrays.fill(zeros.values("x"), 0);
            Arrays.fill(zeros.values("y"), 0);
            t.step(zeros, null, 0, 8); // step 1: SGD's momentum starts as the (zero) gradient
            double[] state = new double[t.optimizerStateSize()];
            Arrays.fill(state, 1e-39); // subnormal in float
            state[0] = 1; // the step count comes first: one step taken
            t.setOptimizerState(state);
            for (int step = 2; step < Fn.FLUSH_STEPS; step++) {
                t.step(zeros, null, 0, 8);
            }
            t.getOptimizerState(state);
            assertThat(state[0]).isEqualTo(Fn.FLUSH_STEPS - 1);
            assertThat(Arrays.stream(state, 1, state.length).anyMatch(v -> v != 0)).as("%s, %d inputs: still subnormal before step %d", optimizer, in,
                    Fn.FLUSH_STEPS).isTrue();
            t.step(zeros, null, 0, 8);
            t.getOptimizerState(state);
            assertThat(Arrays.copyOfRange(state, 1, state.length)).as("%s, %d inputs: state after step %d", optimizer, in,
                    Fn.FLUSH_STEPS).containsOnly(0.0);
        }
    }

    /**
     * Logits 95 and 100 below the first: their softmax values (e^-95 = 5.5e-42) are subnormal in float, and
     * with batch 1 the bias's gradient is those values (softmax - one_hot). sigmoid(-95) is too, and
     * bce's log of it (target 1) gives 95, or 100 where it is 0 (bce clamps the log at -100, as
     * PyTorch's BCELoss does). The float trainer flushes them to 0, as PyTorch with
     * {@code set_flush_denormal(True)} and XLA do; the double one keeps them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cross_entropy(W @ x + b, label)", "bce(sigmoid(W @ x + b), y)"})
    void softmaxAndSigmoidMakeNoSubnormalActivationsInFloat(String loss) {
        boolean classes = loss.startsWith("cross");
        String net = """
                model A {
                    input  x[2]
                    TARGET
                    param W[N, 2]
                    param b[N]
                    loss = LOSS
                    train { optimizer = sgd(lr = 0.1) batch = 1 }
                }
                """.replace("TARGET", classes ? "target label : class(3)" : "target y[1]").replace("N", classes ? "3" : "1")
                .replace("LOSS", loss);
        CheckedModel model = Frontend.check(new Source("a.net", net)).get(0);
        for (Precision precision : Precision.values()) {
            Trainer t = TrainerLoader.load(Compiler.emit(model, "test.subnormal", precision), 1);
            DataSet data = DataSet.random(t.inputs(), t.targets(), 1, new Rng(1));
            Arrays.fill(data.values("x"), 0);
            Arrays.fill(data.values(classes ? "label" : "y"), classes ? 0 : 1);
            double[] p = new double[t.parameterSize()];
            if (classes) {
                p[p.length - 2] = -95; // b = [0, -95, -100], after W's 6 zeros
                p[p.length - 1] = -100;
            } else {
                p[p.length - 1] = -95;
            }
            t.setParameters(p);
            double value = t.lossAndGradient(data, null, 0, 1);
            double[] g = new double[t.parameterSize()];
            t.getGradients(g);
            boolean flushed = precision == Precision.FLOAT;
            if (classes) {
                assertThat(g[g.length - 2]).as("%s in %s: the softmax value e^-95", loss, precision)
                        .isCloseTo(flushed ? 0 : Math.exp(-95), org.assertj.core.data.Percentage.withPercentage(1e-6));
            } else {
                assertThat(value).as("%s in %s: -log(sigmoid(-95))", loss, precision).isCloseTo(flushed ? 100 : 95, within(1e-4));
            }
        }
    }
}
