package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Trainer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The models users hit before names in generated code came from one allocator: each used to pass
 * {@code check} and then fail to compile, or (inputs x and xRows) train on the wrong data. Each now
 * compiles in both precisions and agrees with the evaluator.
 */
class NameCollisionTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "model R { input x target y param u[2] param v[2] loss = square(x - y) + sum(u) + sum(v) }",
        """
        model L2 { input x[3] target y[2] param W1[4, 3] param b1[4] param W2[2, 4] param b2[2]
            h = relu(W1 @ x + b1) p = W2 @ h + b2
            loss = mse(p, y) + 1e-4 * sum(W1 ^ 2) + 1e-4 * sum(W2 ^ 2) }""",
        "model M { input x[2] target y[2] param u[2] param v[2] p = u * x loss = mse(p, y) + mean(u) * mean(v) }",
        "model Rows { input x[2] input xRows[2] target y param w[2] loss = square(dot(w, x) + sum(xRows) - y) }",
        "model Math { input x[3] target y param w[3] loss = square(max(dot(w, x), 0.5) - y) + logsumexp(w) }",
        "model Float { input x[3] target label : class(3) param W[3, 3] loss = cross_entropy(W @ x, label) }",
        "model Double { input x[3] target y[3] param W[3, 3] loss = mse(softmax(W @ x), y) }",
        """
        model Locals { input data[2] input order target count param maxBatch[2] param step param lr
            ex = dot(maxBatch, data) * step + order acc = square(ex - count) loss = acc + lr * lr
            train { optimizer = adam(lr = 0.01) } }""",
        """
        model Members { input INPUTS[2] target PARAMETERS param W[2, 2] param W_m[2] param W_v[2] param W_t
            h = tanh(W @ INPUTS + W_m) + W_v * W_t loss = square(sum(h) - PARAMETERS)
            train { optimizer = adam(lr = 0.01) } }""",
        """
        model Momentum { input x[2] target y param W[2, 2] param W_momentum[2] param W_square_avg[2]
            loss = square(sum(W @ x + W_momentum * W_square_avg) - y)
            train { optimizer = rmsprop(lr = 0.01, momentum = 0.9) } }"""})
    void compilesAndAgreesWithTheEvaluator(String source) {
        CheckedModel model = Frontend.check(new Source("collision.net", source)).get(0);
        for (Precision p : Precision.values()) {
            Trainer t = TrainerLoader.load(Compiler.emit(model, "collision", p), 4);
            DataSet data = DataSet.random(t.inputs(), t.targets(), 4, new dev.gradus.runtime.Rng(1));
            assertThat(t.step(data, null, 0, 4)).isFinite();
        }
        Trainer exact = TrainerLoader.load(Compiler.emit(model, "collision", Precision.DOUBLE), 4);
        EmitterOracleTest.check(model, exact, model.name(), 4, 3);
    }

    /** The silent one: with inputs x and xRows, training read xRows's data into x. */
    @org.junit.jupiter.api.Test
    void eachInputReadsItsOwnColumns() {
        CheckedModel model = Frontend.check(new Source("rows.net",
                "model Rows { input x[2] input xRows[2] target y param w = 0 loss = square(sum(x) + 100 * sum(xRows) - y + w) }")).get(0);
        Trainer t = TrainerLoader.load(Compiler.emit(model, "rows", Precision.DOUBLE), 1);
        DataSet data = new DataSet(List.of("x", "xRows", "y"), new double[][][] {{{1, 1}}, {{0.5, 0.5}}, {{0}}});
        assertThat(t.loss(data, null, 0, 1)).isEqualTo(102.0 * 102.0);
    }
}
