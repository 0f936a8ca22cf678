package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Rng;
import dev.gradus.runtime.Trainer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A trainer's results do not depend on how many threads share its steps: a model wide enough to be
 * split (examples in the forward and backward passes, a weight's gradient by rows) trained with 1,
 * 2, 3 and 8 threads ends with bit-identical parameters, in float and double.
 */
class ThreadCountTest {
    private static final String NET = """
            model Wide {
                input  x[100]
                target label : class(10)
                param W1[128, 100]
                param b1[128]
                param W2[10, 128]
                param b2[10]
                h = relu(W1 @ x + b1)
                logits = W2 @ h + b2
                loss = cross_entropy(logits, label)
                train { optimizer = adam(lr = 0.01) batch = 64 }
            }
            """;

    @ParameterizedTest
    @EnumSource(Precision.class)
    void oneTwoThreeAndEightThreadsGiveTheSameParameters(Precision precision) {
        CheckedModel model = Frontend.check(new Source("wide.net", NET)).get(0);
        Trainer t = TrainerLoader.load(Compiler.emit(model, "test.threads", precision), 64);
        DataSet data = DataSet.random(t.inputs(), t.targets(), 640, new Rng(3));
        double[] reference = null;
        for (int threads : new int[] {1, 2, 3, 8}) {
            t.threads(threads);
            assertThat(t.threads()).isEqualTo(threads);
            t.initialize(11);
            for (int epoch = 0; epoch < 4; epoch++) {
                for (int from = 0; from + 64 <= 640; from += 64) {
                    t.step(data, null, from, 64);
                }
                t.step(data, null, 600, 37); // a batch that does not divide evenly
            }
            double[] p = new double[t.parameterSize()];
            t.getParameters(p);
            if (reference == null) {
                reference = p;
            } else {
                assertThat(p).as("%s parameters after training on %d threads", precision, threads).isEqualTo(reference);
            }
        }
        assertThat(t.describeExecution()).contains("gradus threads: up to 8");
    }
}
