package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Rng;
import dev.gradus.runtime.Trainer;
import dev.gradus.runtime.kernel.KernelSelector;
import dev.gradus.runtime.kernel.Kernels;
import java.lang.reflect.Array;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A trainer's results do not depend on how many threads share its steps: a model wide enough to be
 * split (examples in the forward and backward passes, a weight's gradient by rows) trained with 1,
 * 2, 3 and 8 threads ends with bit-identical parameters, in float and double; so does a CNN, whose
 * convolutions keep their scratch per thread and whose kernel gradients sum blocks of examples.
 */
class ThreadCountTest {
    static final String NET = """
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

    static final String CNN = """
            model Cnn {
                input  x[1, 12, 12]
                target label : class(10)
                param K1[8, 1, 3, 3]
                param b1[8]
                param K2[16, 8, 3, 3]
                param W[10, 144]
                param c[10]
                h1 = relu(conv2d(x, K1, b1, padding = 1))
                p1 = max_pool2d(h1, 2)
                h2 = relu(conv2d(p1, K2, padding = 1))
                p2 = max_pool2d(h2, 2)
                z = W @ flatten(p2) + c
                loss = cross_entropy(z, label)
                train { optimizer = adam(lr = 0.01) batch = 64 }
            }
            """;

    @ParameterizedTest
    @EnumSource(Precision.class)
    void oneTwoThreeAndEightThreadsGiveTheSameParameters(Precision precision) {
        sameParametersOnEveryThreadCount(NET, precision);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void aCnnGivesTheSameParametersOnEveryThreadCountAndAllocatesNothing(Precision precision) {
        Trainer t = sameParametersOnEveryThreadCount(CNN, precision);
        t.threads(2);
        DataSet data = DataSet.random(t.inputs(), t.targets(), 128, new Rng(5));
        for (int i = 0; i < 300; i++) {
            t.step(data, null, (i % 2) * 64, 64);
        }
        long allocated = Allocations.ofSteps(200, i -> t.step(data, null, (i % 2) * 64, 64));
        assertThat(allocated).as("%s: bytes allocated by 200 steps on two threads", precision).isZero();
    }

    private static Trainer sameParametersOnEveryThreadCount(String net, Precision precision) {
        CheckedModel model = Frontend.check(new Source("threads.net", net)).get(0);
        Trainer t = TrainerLoader.load(Compiler.emit(model, "test.threads", precision), 64);
        DataSet data = DataSet.random(t.inputs(), t.targets(), 640, new Rng(3));
        ThreadRuns.sameOnEveryThreadCount(precision, 11, ThreadRuns.epochs(data, 4, 64, 640, 600, 37), t);
        assertThat(t.describeExecution()).contains("gradus threads: up to 8");
        // the kernels forced for this run of the tests (-Dgradus.kernels: the vector kernels' execution) are the ones used
        assertThat(Kernels.get().name()).isEqualTo(System.getProperty(KernelSelector.PROPERTY, Kernels.get().name()));
        return t;
    }

    /**
     * Layers wide enough ({@code Schedule.WIDE} weights) that their forward products are shared by
     * output rows, and the second's input gradient {@code transpose(W2) @ dg_pre} by columns of W2;
     * and a narrower one (W3, 64 outputs, under {@code Schedule.WIDE} weights) whose forward product is
     * shared by columns of its transposed copy.
     */
    static final String WIDE_NET = """
            model Wider {
                input  x[512]
                target label : class(10)
                param W1[512, 512]
                param b1[512]
                param W2[128, 512]
                param b2[128]
                param W3[64, 128]
                param b3[64]
                param W4[10, 64]
                param b4[10]
                h = relu(W1 @ x + b1)
                g = relu(W2 @ h + b2)
                f = relu(W3 @ g + b3)
                logits = W4 @ f + b4
                loss = cross_entropy(logits, label)
                train { optimizer = sgd(lr = 0.01, momentum = 0.9) batch = 64 }
            }
            """;

    /**
     * The wide layers' forward products shared by output rows (each thread its rows of W1 for the
     * whole batch, with the vector kernels) and the input gradient through W2 by its columns, or
     * both by examples (and always with the plain loops): the
     * same parameters, to the bit, for 1, 2, 3 and 8 threads; and no allocation once warm for a
     * trainer that measures which way is faster, window of steps by window.
     */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void aWideLayerSharedByRowsOrByExamplesGivesTheSameParametersOnAnyThreadCount(Precision precision) {
        CheckedModel model = Frontend.check(new Source("wider.net", WIDE_NET)).get(0);
        var java = Compiler.emit(model, "test.rows", precision);
        assertThat(java.toString()).contains("W1xRows(int from, int to)").contains("forLayer(512, 512).forward(")
                .containsPattern("private void \\w+Rows\\(int from, int to\\) \\{\\n\\s+// \\w+ = transpose\\(W2\\) @ ")
                .contains("forLayer(128, 64).inputGradientByColumns()")
                // asked of W2's own kernels: the kernels' router (Kernels.get()) answers false, as it picks loops by a
                // call's width, and asking it had left this input gradient shared by examples on every machine
                .contains("forLayer(512, 128).inputGradientByColumns()")
                // b1's 512 entries summed over the batch by ranges, on the threads (Schedule.SPLIT_ELEMENTS)
                .contains("split(db1RowsTask, 512, 32)").doesNotContain("db2RowsTask")
                // x and h packed once a batch for every thread's rows of dW1 and dW2, where the kernels pack them
                .contains("split(dW1PackTask, count, 4)").contains("split(dW2PackTask, count, 4)")
                // the batch's 512 inputs an example copied in by the threads, each its examples (Schedule.SPLIT_LOAD)
                .contains("split(loadExamplesTask, count, 4)");
        Trainer byRows = loadWith(java, "rows");
        Trainer byExamples = loadWith(java, "examples");
        DataSet data = DataSet.random(byRows.inputs(), byRows.targets(), 192, new Rng(5));
        int[] shuffled = new int[192];
        for (int i = 0; i < shuffled.length; i++) {
            shuffled[i] = (i * 71) % 192; // 71 and 192 coprime: a permutation
        }
        ThreadRuns.sameOnEveryThreadCount(precision, 7, t -> {
            for (int step = 0; step < 6; step++) {
                t.step(data, step % 2 == 0 ? null : shuffled, (step % 3) * 64, step == 5 ? 37 : 64);
            }
        }, byRows, byExamples);
        assertThat(field(byRows, "xValues")).as("no reference to the data set kept between steps").isNull();
        byRows.threads(3);
        byRows.loss(data, shuffled, 64, 64); // the threads copy example ex of the batch from row shuffled[64 + ex]
        double[] rows = data.values("x");
        for (int ex = 0; ex < 64; ex++) {
            double actual = Array.getDouble(field(byRows, "x"), ex * 512 + 511);
            double row = rows[shuffled[64 + ex] * 512 + 511];
            assertThat(actual).as("x[%d][511]", ex).isEqualTo(precision == Precision.FLOAT ? (double) (float) row : row);
        }
        assertThat(byRows.describeExecution())
                .containsPattern("; layers \\(W1 512x512, W2 128x512, W3 64x128\\) shared by (output rows \\(-Dgradus.split\\)|examples \\(the plain loops\\))");
        assertThat(byExamples.describeExecution()).contains("shared by examples");
        byExamples.threads(1);
        assertThat(byExamples.describeExecution()).as("on one thread nothing is shared, and no split is being measured")
                .contains("gradus threads: 1 (").doesNotContain("shared by").doesNotContain("being measured");
        // W1's transposed copy (a megabyte at 512 x 512 in double) exists only where W1's kernels compute on it
        assertThat(field(byRows, "W1_t") != null).as("W1_t allocated").isEqualTo(Kernels.get().forLayer(512, 512).transposedForward());
        Trainer measured = TrainerLoader.load(java, 64);
        measured.threads(2);
        measured.initialize(7);
        long allocated = Allocations.ofSteps(50, i -> measured.step(data, null, (i % 3) * 64, 64));
        assertThat(allocated).as("bytes allocated by 50 two-thread steps").isZero();
    }

    private static Object field(Trainer t, String name) {
        try {
            var f = t.getClass().getDeclaredField(name);
            f.setAccessible(true);
            return f.get(t);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** A trainer whose wide layers are shared the way {@code -Dgradus.split} says. */
    private static Trainer loadWith(com.palantir.javapoet.JavaFile java, String split) {
        System.setProperty("gradus.split", split);
        try {
            return TrainerLoader.load(java, 64);
        } finally {
            System.clearProperty("gradus.split");
        }
    }
}
