package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.diff.ModelGradients;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.lower.Footprint;
import dev.gradus.compiler.lower.Plan;
import dev.gradus.compiler.lower.Schedule;
import dev.gradus.runtime.Trainer;
import dev.gradus.runtime.kernel.Kernels;
import java.lang.reflect.Field;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The batch's memory as estimated ({@link Footprint}, what {@code gradus summary} prints) is what a
 * generated CNN trainer allocates: the arrays whose length grows with its batch, read from its fields
 * at two batch sizes, hold exactly the estimate's reals and ints, the kernel gradients one sum per
 * block of four examples.
 */
class FootprintTest {
    /** The model ThreadCountTest splits across threads. */
    private static final String CNN = ThreadCountTest.CNN;

    @ParameterizedTest
    @EnumSource(Precision.class)
    void theEstimateIsWhatAGeneratedCnnAllocatesForItsBatch(Precision precision) throws ReflectiveOperationException {
        CheckedModel model = Frontend.check(new Source("cnn.net", CNN)).get(0);
        Footprint f = Footprint.of(new Schedule(new Plan(model, ModelGradients.of(model))));
        assertThat(f.realsPerBlock()).as("the kernel gradients, K1's and K2's, one sum per block of 4 examples")
                .isEqualTo(8 * 9 + 16 * 8 * 9);
        assertAllocated(model, f, precision);
    }

    /**
     * A dense model whose batches are split between threads: W1's gradient reads x packed once a batch where the
     * kernels pack it (the vector kernels' run of these tests), 100 more reals an example.
     */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void theEstimateIsWhatAGeneratedDenseModelAllocatesForItsBatch(Precision precision) throws ReflectiveOperationException {
        CheckedModel model = Frontend.check(new Source("dense.net", ThreadCountTest.NET)).get(0);
        Footprint f = Footprint.of(new Schedule(new Plan(model, ModelGradients.of(model))));
        Kernels kernels = Kernels.get();
        assertThat(kernels.forLayer(100, 128).packsInput(100, 128)).as("%s pack x for dW1", kernels.name())
                .isEqualTo(!(kernels.name().equals("plain")));
        assertThat(f.exps()).as("the logits' exps, computed on the kernels in float").isPositive();
        assertAllocated(model, f, precision);
    }

    /**
     * Products shared by outputs (ThreadCountTest's wider model): the rows each reads in every call (x for W1's and
     * W2's forward products, dg_pre for the input gradient through W2) packed once a batch where the kernels pack
     * them, eight elements for every six rows, which no multiple of the batch counts.
     */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void theEstimateIsWhatAGeneratedModelWithProductsSharedByOutputsAllocates(Precision precision) throws ReflectiveOperationException {
        CheckedModel model = Frontend.check(new Source("wider.net", ThreadCountTest.WIDE_NET)).get(0);
        Footprint f = Footprint.of(new Schedule(new Plan(model, ModelGradients.of(model))));
        assertThat(f.packedRows()).as("the products shared by outputs").hasSizeGreaterThanOrEqualTo(3);
        Kernels kernels = Kernels.get();
        assertThat(kernels.forLayer(512, 512).packedRowsLength(61, 512, 512)).as("%s pack x's rows for W1's product", kernels.name())
                .isEqualTo(kernels.name().equals("vector256") ? (10 * 8) * 512 : 0);
        // at 512 bits, only for products of 768 outputs or more: eight-row blocks, the last 5 of 61 rows left out
        assertThat(kernels.forLayer(1024, 1024).packedRowsLength(61, 1024, 1024)).as("%s pack x's rows for a 1,024-wide product", kernels.name())
                .isEqualTo(switch (kernels.name()) {
                    case "vector256" -> (10 * 8) * 1024;
                    case "vector512" -> 56 * 1024;
                    default -> 0;
                });
        assertAllocated(model, f, precision);
    }

    private static void assertAllocated(CheckedModel model, Footprint f, Precision precision) throws ReflectiveOperationException {
        var source = Compiler.emit(model, "test.footprint", precision);
        int[] batches = {61, 130};
        Trainer[] trainers = {TrainerLoader.load(source, batches[0]), TrainerLoader.load(source, batches[1])};
        long[] reals = new long[2];
        long[] ints = new long[2];
        long[] doubles = new long[2]; // a float trainer's exps on the kernels
        Class<?> real = precision == Precision.DOUBLE ? double[].class : float[].class;
        for (Field field : trainers[0].getClass().getDeclaredFields()) {
            if (!field.getType().isArray() || field.getType().getComponentType().isArray()) {
                continue;
            }
            int[] lengths = new int[2];
            for (int k = 0; k < 2; k++) { // each trainer is a class of its own loader
                Field own = trainers[k].getClass().getDeclaredField(field.getName());
                own.setAccessible(true);
                Object array = own.get(trainers[k]);
                lengths[k] = array == null ? 0 : java.lang.reflect.Array.getLength(array);
            }
            if (lengths[0] == lengths[1]) {
                continue; // parameters, gradients, state: not the batch's
            }
            assertThat(field.getType()).as(field.getName()).isIn(real, int[].class, double[].class);
            for (int k = 0; k < 2; k++) {
                if (field.getType() != real && field.getType() == double[].class) {
                    doubles[k] += lengths[k];
                } else if (field.getType() == int[].class) {
                    ints[k] += lengths[k];
                } else {
                    reals[k] += lengths[k];
                }
            }
        }
        for (int k = 0; k < 2; k++) {
            assertThat(reals[k]).as("%s elements of the batch's arrays at batch %d", precision, batches[k]).isEqualTo(f.reals(batches[k]));
            assertThat(ints[k]).as("int elements of the batch's arrays at batch %d", batches[k]).isEqualTo(f.ints(batches[k]));
            assertThat(doubles[k]).as("the exps' doubles at batch %d", batches[k])
                    .isEqualTo(precision == Precision.FLOAT ? f.exps() * batches[k] : 0);
        }
        assertThat(f.bytes(61, 8)).isEqualTo(f.reals(61) * 8 + f.ints(61) * 4);
        assertThat(f.bytes(61, 4)).isEqualTo(f.reals(61) * 4 + f.ints(61) * 4 + f.exps() * 61 * 8);
    }
}
