package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Fn;
import dev.gradus.runtime.Rng;
import dev.gradus.runtime.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code dropout(x, p)} in generated trainers: in a training step each element is kept with
 * probability {@code 1 - p} and scaled by {@code 1 / (1 - p)}, the gradient passing through the same
 * mask; the masks come from the seed and the step alone (the same seed gives bit-identical training,
 * on any number of threads; another seed differs); {@code loss}, {@code predict} and training mode
 * off compute the model without it, where the gradient matches finite differences; {@code p = 0}
 * trains bit for bit as the model without the call; a step allocates nothing; and a {@code p} outside
 * [0, 1) or not a constant is a FILE:LINE:COL error.
 */
class DropoutTest {
    /** Wide enough for its steps to be split between threads (as {@link ThreadCountTest}'s). */
    private static final String WIDE = """
            model Wide {
                input  x[100]
                target label : class(10)
                param W1[128, 100]
                param b1[128]
                param W2[10, 128]
                param b2[10]
                h = HIDDEN
                logits = W2 @ h + b2
                output logits
                loss = cross_entropy(logits, label)
                train { optimizer = adam(lr = 0.01) batch = 64 seed = 5 }
            }
            """;

    private static Trainer wide(String hidden, Precision precision) {
        CheckedModel model = Frontend.check(new Source("wide.net", WIDE.replace("HIDDEN", hidden))).get(0);
        return TrainerLoader.load(Compiler.emit(model, "test.dropout", precision), 64);
    }

    private static final String DROPPED = "dropout(relu(W1 @ x + b1), 0.5)";
    private static final DataSet DATA;

    static {
        Trainer t = wide("relu(W1 @ x + b1)", Precision.DOUBLE);
        DATA = DataSet.random(t.inputs(), t.targets(), 320, new Rng(3));
    }

    /** Three epochs of five steps, each followed by a batch that does not divide evenly. */
    private static final java.util.function.Consumer<Trainer> EPOCHS = ThreadRuns.epochs(DATA, 3, 64, 320, 300, 20);

    /** {@link #EPOCHS} from the trainer's current state; its parameters after them. */
    private static double[] train(Trainer t) {
        EPOCHS.accept(t);
        return ThreadRuns.parameters(t);
    }

    @Test
    void aTrainingStepKeepsAboutOneMinusPOfTheElementsScaledAndItsGradientGoesThroughTheSameMask() {
        String net = """
                model Masks {
                    input x[2000]
                    param w[2000] init ones
                    loss = sum(dropout(x * w, P))
                }
                """;
        for (double p : new double[] {0.1, 0.5, 0.8}) {
            CheckedModel model = Frontend.check(new Source("masks.net", net.replace("P", String.valueOf(p)))).get(0);
            Trainer t = TrainerLoader.load(Compiler.emit(model, "test.masks", Precision.DOUBLE), 1);
            double[] ones = new double[2000];
            java.util.Arrays.fill(ones, 1);
            DataSet data = new DataSet(java.util.List.of("x"), new double[][][] {{ones}});
            int kept = 0;
            double[] previous = null;
            for (int step = 0; step < 4; step++) { // 8,000 elements: the kept fraction within 4 standard deviations
                double loss = t.lossAndGradient(data, null, 0, 1);
                double[] g = new double[2000];
                double[] w = new double[2000];
                t.getGradient("w", g);
                t.getParameter("w", w);
                double sum = 0;
                for (int k = 0; k < g.length; k++) {
                    assertThat(g[k]).as("p = %s: a kept element's factor is 1 / (1 - p)", p).isIn(0.0, 1 / (1 - p));
                    kept += g[k] != 0 ? 1 : 0;
                    sum += w[k] * g[k]; // the loss is the sum of w * x * factor, and x = 1
                }
                assertThat(loss).as("p = %s: the forward pass used the gradient's mask", p).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-9 * sum));
                assertThat(g).as("p = %s: each step draws new masks", p).isNotEqualTo(previous);
                previous = g;
                t.applyGradients(); // the next step
            }
            double sd = Math.sqrt(p * (1 - p) / 8000);
            assertThat((double) kept / 8000).as("p = %s: kept fraction", p).isCloseTo(1 - p, org.assertj.core.data.Offset.offset(4 * sd));
            double[] w = new double[2000];
            t.getParameter("w", w);
            double sumW = java.util.Arrays.stream(w).sum();
            assertThat(t.loss(data, null, 0, 1)).as("p = %s: loss() is the model without dropout", p)
                    .isCloseTo(sumW, org.assertj.core.data.Offset.offset(1e-9 * sumW));
        }
    }

    @Test
    void theMasksAreFnDropoutFactorOfTheSeedStepCallExampleAndElement() {
        String net = """
                model Exact {
                    input x[3]
                    param W[2, 3] init ones
                    param v[2] init ones
                    loss = sum(dropout(W, 0.5) @ x) + sum(dropout(v * x[0], 0.25))
                    train { seed = 9 }
                }
                """;
        CheckedModel model = Frontend.check(new Source("exact.net", net)).get(0);
        Trainer t = TrainerLoader.load(Compiler.emit(model, "test.exact", Precision.DOUBLE), 4);
        DataSet data = DataSet.random(t.inputs(), t.targets(), 4, new Rng(2));
        double[] x = data.values("x");
        for (int step = 0; step < 3; step++) {
            t.lossAndGradient(data, null, 0, 4);
            long key = Fn.dropoutKey(9, step);
            double[] dW = new double[6];
            double[] dv = new double[2];
            t.getGradient("W", dW);
            t.getGradient("v", dv);
            for (int i = 0; i < 2; i++) {
                double wantV = 0;
                for (int j = 0; j < 3; j++) {
                    double want = 0;
                    for (int ex = 0; ex < 4; ex++) { // the weight's mask differs per example, as every dropout's
                        want += Fn.dropoutFactor(key, 0, ex, i * 3 + j, 0.5) * x[ex * 3 + j];
                    }
                    assertThat(dW[i * 3 + j]).as("step %d: dW[%d, %d]", step, i, j).isCloseTo(want / 4, org.assertj.core.data.Offset.offset(1e-12));
                }
                for (int ex = 0; ex < 4; ex++) {
                    wantV += Fn.dropoutFactor(key, 1, ex, i, 0.25) * x[ex * 3];
                }
                assertThat(dv[i]).as("step %d: dv[%d]", step, i).isCloseTo(wantV / 4, org.assertj.core.data.Offset.offset(1e-12));
            }
            t.setGradients(new double[8]); // the next step, parameters unchanged
            t.applyGradients();
        }
    }

    @Test
    void theCounterBasedMaskIsTheSameDrawEveryTimeAndDiffersBySiteExampleElementAndStep() {
        long key = Fn.dropoutKey(7, 3);
        assertThat(Fn.dropoutKey(7, 3)).isEqualTo(key).isNotEqualTo(Fn.dropoutKey(7, 4)).isNotEqualTo(Fn.dropoutKey(8, 3));
        int same = 0;
        for (int k = 0; k < 4000; k++) {
            double a = Fn.dropoutFactor(key, 0, 1, k, 0.5);
            assertThat(Fn.dropoutFactor(key, 0, 1, k, 0.5)).isEqualTo(a);
            same += a == Fn.dropoutFactor(key, 1, 1, k, 0.5) ? 1 : 0;
            same += a == Fn.dropoutFactor(key, 0, 2, k, 0.5) ? 1 : 0;
        }
        assertThat(same).as("agreements of independent masks of p = 0.5 (about half)").isBetween(3600, 4400);
        assertThat(Fn.dropout(2.0, false, key, 0, 0, 0, 0.5)).as("not training: x unchanged").isEqualTo(2.0);
        assertThat(Fn.dropoutFactor(key, 0, 0, 0, 0.0)).as("p = 0 keeps everything, times 1").isEqualTo(1.0);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void theSameSeedTrainsBitForBitOnOneTwoThreeAndEightThreadsAndAnotherSeedDiffers(Precision precision) {
        Trainer t = wide(DROPPED, precision);
        t.initialize(5);
        double[] initial = new double[t.parameterSize()];
        t.getParameters(initial);
        double[] reference = ThreadRuns.sameOnEveryThreadCount(precision, 5, EPOCHS, t);
        assertThat(t.describeExecution()).contains("gradus threads: up to 8");
        t.initialize(6); // the same initial parameters, another seed for the masks
        t.setParameters(initial);
        assertThat(train(t)).as("another seed draws other masks").isNotEqualTo(reference);
        t.initialize(5);
        t.training(false);
        assertThat(train(t)).as("training mode off: no masks").isNotEqualTo(reference)
                .isEqualTo(trainWithout("relu(W1 @ x + b1)", precision, initial));
    }

    private static double[] trainWithout(String hidden, Precision precision, double[] initial) {
        Trainer plain = wide(hidden, precision);
        plain.setParameters(initial);
        return train(plain);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void dropoutWithPZeroTrainsBitForBitAsTheModelWithoutIt(Precision precision) {
        Trainer t = wide("dropout(relu(W1 @ x + b1), 0)", precision);
        t.initialize(5);
        double[] initial = new double[t.parameterSize()];
        t.getParameters(initial);
        assertThat(t.training()).isTrue();
        assertThat(train(t)).isEqualTo(trainWithout("relu(W1 @ x + b1)", precision, initial));
    }

    @Test
    void lossPredictAndTheGradientOutOfTrainingModeAreTheModelWithoutDropoutAndMatchFiniteDifferences() {
        Trainer t = wide(DROPPED, Precision.DOUBLE);
        Trainer plain = wide("relu(W1 @ x + b1)", Precision.DOUBLE);
        double[] params = new double[t.parameterSize()];
        t.getParameters(params);
        plain.setParameters(params);
        assertThat(t.loss(DATA, null, 0, 8)).isEqualTo(plain.loss(DATA, null, 0, 8));
        double[] out = new double[10];
        double[] outPlain = new double[10];
        t.predict(DATA, 3, out);
        plain.predict(DATA, 3, outPlain);
        assertThat(out).isEqualTo(outPlain);

        assertThat(t.lossAndGradient(DATA, null, 0, 8)).as("training: masks change the loss").isNotEqualTo(plain.loss(DATA, null, 0, 8));
        t.training(false);
        assertThat(t.training()).isFalse();
        double loss = t.lossAndGradient(DATA, null, 0, 8);
        assertThat(loss).isEqualTo(plain.loss(DATA, null, 0, 8));
        double[] g = new double[t.parameterSize()];
        t.getGradients(g);
        for (int k = 0; k < params.length; k += 97) { // central differences of loss(), element by element
            double keep = params[k];
            double h = 1e-6 * Math.max(1, Math.abs(keep));
            params[k] = keep + h;
            t.setParameters(params);
            double up = t.loss(DATA, null, 0, 8);
            params[k] = keep - h;
            t.setParameters(params);
            double down = t.loss(DATA, null, 0, 8);
            params[k] = keep;
            t.setParameters(params);
            double numeric = (up - down) / (2 * h);
            assertThat(Math.abs(g[k] - numeric)).as("element %d: %s vs %s", k, g[k], numeric).isLessThanOrEqualTo(1e-5 + 1e-3 * Math.abs(numeric));
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void aTrainingStepWithDropoutAllocatesNothing(Precision precision) {
        String net = """
                model Small {
                    input  x[8]
                    target label : class(3)
                    param W1[16, 8]
                    param b1[16]
                    param W2[3, 16]
                    h = dropout(tanh(dropout(W1, 0.2) @ x + b1), 0.3)
                    loss = cross_entropy(W2 @ h, label)
                }
                """;
        CheckedModel model = Frontend.check(new Source("small.net", net)).get(0);
        Trainer t = TrainerLoader.load(Compiler.emit(model, "test.small", precision), 4);
        DataSet data = DataSet.random(t.inputs(), t.targets(), 8, new Rng(1));
        for (int i = 0; i < 20_000; i++) {
            t.step(data, null, i % 2, 4);
        }
        long allocated = Allocations.ofSteps(10_000, i -> t.step(data, null, i % 2, 4));
        assertThat(allocated).as("%s: bytes allocated by 10,000 steps", precision).isEqualTo(0L);
    }

    @Test
    void twoCallsOnTheSameValueHaveMasksOfTheirOwn() {
        String net = """
                model Two {
                    input x[1000]
                    param w[1000] init ones
                    loss = sum(dropout(x * w, 0.5) - dropout(x * w, 0.5))
                }
                """;
        CheckedModel model = Frontend.check(new Source("two.net", net)).get(0);
        Trainer t = TrainerLoader.load(Compiler.emit(model, "test.two", Precision.DOUBLE), 1);
        double[] ones = new double[1000];
        java.util.Arrays.fill(ones, 1);
        DataSet data = new DataSet(java.util.List.of("x"), new double[][][] {{ones}});
        t.lossAndGradient(data, null, 0, 1);
        double[] g = new double[1000];
        t.getGradient("w", g);
        assertThat(java.util.Arrays.stream(g).anyMatch(v -> v != 0)).as("the two masks differ somewhere").isTrue();
    }

    @Test
    void pMustBeAConstantProbabilityBelowOne() {
        String one = "model D {\n    input x[3]\n    loss = sum(dropout(x, 1))\n}\n";
        assertThat(catchThrowable(() -> Frontend.check(new Source("d.net", one))))
                .hasMessageContaining("d.net:3:16: error: dropout(x, 1): the drop probability p must be in [0, 1), found 1");
        String negative = "model D {\n    input x[3]\n    loss = sum(dropout(x, -0.1))\n}\n";
        assertThat(catchThrowable(() -> Frontend.check(new Source("d.net", negative))))
                .hasMessageContaining("d.net:3:16: error: dropout(x, -0.1): the drop probability p must be in [0, 1), found -0.1");
        String variable = "model D {\n    input x[3]\n    param q\n    loss = sum(dropout(x, q))\n}\n";
        assertThat(catchThrowable(() -> Frontend.check(new Source("d.net", variable))))
                .hasMessageContaining("d.net:4:");
    }
}
