package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;

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
}
