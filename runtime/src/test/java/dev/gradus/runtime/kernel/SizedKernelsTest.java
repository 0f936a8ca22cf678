package dev.gradus.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Vector kernels serve only the layers they speed up: a small layer's results are the plain loops' to the bit. */
class SizedKernelsTest {

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    /** The forward product and both gradients of one layer, on fresh outputs. */
    private static float[][] layer(Kernels k, int batch, int in, int out) {
        Random r = new Random(in * 31 + out);
        float[] x = random(r, batch * in);
        float[] w = random(r, out * in);
        float[] g = random(r, batch * out);
        float[] y = new float[batch * out];
        float[] dx = new float[batch * in];
        float[] dw = new float[out * in];
        k.forward(batch, in, out, x, 0, in, w, 0, in, null, 0, Activation.IDENTITY, y, 0, out);
        k.inputGradient(batch, in, out, g, 0, out, w, 0, in, dx, 0, in, false);
        k.weightGradient(batch, in, out, g, 0, out, x, 0, in, 0.5f, dw, 0, in, false);
        return new float[][] {y, dx, dw};
    }

    @Test
    void smallLayersRunOnThePlainLoopsAndLargeOnesOnTheVectorKernels() {
        Kernels vector = KernelSelector.allForTesting().stream().filter(k -> k.getClass() != PlainKernels.class).findFirst().orElse(null);
        Assumptions.assumeTrue(vector != null, "no Vector API module in this JVM");
        Kernels sized = new SizedKernels(vector);
        Kernels plain = new PlainKernels();
        assertThat(sized.name()).isEqualTo(vector.name());
        for (int[] small : new int[][] {{10, 32}, {15, 200}, {32, 7}, {100, 2}}) {
            assertThat(sized.forLayer(small[0], small[1])).as("%d -> %d", small[0], small[1]).isExactlyInstanceOf(PlainKernels.class);
            assertThat(layer(sized, 9, small[0], small[1])).as("%d -> %d", small[0], small[1])
                    .isDeepEqualTo(layer(plain, 9, small[0], small[1]));
        }
        for (int[] large : new int[][] {{16, 16}, {32, 10}, {64, 32}, {128, 100}}) {
            assertThat(layer(sized, 9, large[0], large[1])).as("%d -> %d", large[0], large[1])
                    .isDeepEqualTo(layer(vector, 9, large[0], large[1]));
        }
    }

    /**
     * A layer under {@link Kernels#WIDE_WEIGHTS} weights gets the vector kernels that compute its
     * forward product on W's transposed copy (a broadcast GEMM, as the input gradient); a wide layer
     * the kernels whose {@link Kernels#forward} copies W's rows transposed as it goes
     * ({@link Kernels#withPackedForward()}): the same sums in the same order, so the same bits.
     */
    @Test
    void narrowLayersComputeTheirForwardProductOnTheTransposedCopy() {
        // the kernels that keep the copy for narrower layers (512 bits; at 256 every layer takes the packed product)
        Kernels vector = KernelSelector.allForTesting().stream()
                .filter(k -> k.getClass() != PlainKernels.class && k.packedForwardFrom() > 128 * 100).findFirst().orElse(null);
        Assumptions.assumeTrue(vector != null, "no Vector API module in this JVM");
        Kernels sized = new SizedKernels(vector);
        assertThat(sized.forLayer(512, 512)).isSameAs(vector.withPackedForward());
        assertThat(sized.forLayer(128, 100).transposedForward()).isTrue();
        assertThat(vector.transposedForward()).isFalse();
        Kernels narrow = sized.forLayer(64, 32);
        assertThat(narrow.transposedForward()).isTrue();
        assertThat(narrow.name()).isEqualTo(vector.name());
        assertThat(narrow.withTransposedForward()).isSameAs(narrow);
        Kernels packed = vector.withPackedForward();
        assertThat(packed).isNotSameAs(vector);
        assertThat(packed.transposedForward()).isFalse();
        assertThat(narrow.withPackedForward()).isSameAs(packed);
        assertThat(packed.withPackedForward()).isSameAs(packed);
        assertThat(packed.withTransposedForward()).isSameAs(narrow);
        assertThat(sized.forLayer(32, 10)).isSameAs(narrow);
        int batch = 9;
        int in = 64;
        int out = 32;
        Random r = new Random(3);
        float[] x = random(r, batch * in);
        float[] w = random(r, out * in);
        float[] wt = new float[in * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                wt[i * out + o] = w[o * in + i];
            }
        }
        float[] direct = new float[batch * out];
        float[] rows = new float[batch * out];
        vector.withPackedForward().forward(batch, in, out, x, 0, in, w, 0, in, null, 0, Activation.IDENTITY, direct, 0, out);
        narrow.inputGradient(batch, out, in, x, 0, in, wt, 0, out, rows, 0, out, false);
        assertThat(rows).isEqualTo(direct);
    }

    /**
     * The 256-bit kernels give every layer they take the packed forward product (no transposed copy to make a
     * step), the same bits as the copy's product: {@link Kernels#packedForwardFrom()}.
     */
    @Test
    void at256BitsEveryVectorLayerTakesThePackedForwardProduct() {
        Kernels vector = KernelSelector.byName("vector256");
        Assumptions.assumeTrue(vector != null, "no 256-bit vectors in this JVM");
        Kernels sized = new SizedKernels(vector);
        assertThat(vector.packedForwardFrom()).isEqualTo(SizedKernels.MIN_WEIGHTS);
        for (int[] layer : new int[][] {{16, 16}, {64, 32}, {128, 10}, {128, 100}, {512, 512}}) {
            assertThat(sized.forLayer(layer[0], layer[1])).as("%d -> %d", layer[0], layer[1]).isSameAs(vector.withPackedForward());
        }
        assertThat(sized.forLayer(8, 64)).isExactlyInstanceOf(PlainKernels.class);
        int batch = 9;
        int in = 64;
        int out = 32;
        Random r = new Random(4);
        float[] x = random(r, batch * in);
        float[] w = random(r, out * in);
        float[] wt = new float[in * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                wt[i * out + o] = w[o * in + i];
            }
        }
        float[] packed = new float[batch * out];
        float[] onCopy = new float[batch * out];
        sized.forLayer(in, out).forward(batch, in, out, x, 0, in, w, 0, in, null, 0, Activation.IDENTITY, packed, 0, out);
        vector.withTransposedForward().inputGradient(batch, out, in, x, 0, in, wt, 0, out, onCopy, 0, out, false);
        assertThat(packed).isEqualTo(onCopy);
    }

    /**
     * A wide layer shared by output rows: each part of its rows, at multiples of four, computed on the
     * kernels chosen for the whole layer ({@link Kernels#forLayer}), gives the whole layer's forward
     * product and weight gradient to the bit, though a part alone would not be wide.
     */
    @Test
    void aLayersRowsComputedInPartsOnTheLayersKernelsMatchTheWholeLayer() {
        Kernels vector = KernelSelector.allForTesting().stream().filter(k -> k.getClass() != PlainKernels.class).findFirst().orElse(null);
        Assumptions.assumeTrue(vector != null, "no Vector API module in this JVM");
        Kernels sized = new SizedKernels(vector);
        int batch = 13;
        int in = 520;
        int out = 520;
        assertThat(sized.forLayer(in, out)).isSameAs(vector.withPackedForward());
        assertThat(sized.forLayer(120, 2)).isExactlyInstanceOf(PlainKernels.class);
        Random r = new Random(1);
        float[] x = random(r, batch * in);
        float[] w = random(r, out * in);
        float[] g = random(r, batch * out);
        float[] y = new float[batch * out];
        float[] dw = new float[out * in];
        sized.forLayer(in, out).forward(batch, in, out, x, 0, in, w, 0, in, null, 0, Activation.IDENTITY, y, 0, out);
        sized.forLayer(in, out).weightGradient(batch, in, out, g, 0, out, x, 0, in, 0.5f, dw, 0, in, false);
        float[] yParts = new float[batch * out];
        float[] dwParts = new float[out * in];
        for (int[] part : new int[][] {{0, 4}, {4, 12}, {12, 36}, {36, 68}, {68, 70}, {70, 301}, {301, 520}}) {
            int from = part[0];
            int rows = part[1] - from;
            Kernels k = sized.forLayer(in, out);
            k.forward(batch, in, rows, x, 0, in, w, from * in, in, null, 0, Activation.IDENTITY, yParts, from, out);
            k.weightGradient(batch, in, rows, g, from, out, x, 0, in, 0.5f, dwParts, from * in, in, false);
        }
        assertThat(yParts).isEqualTo(y);
        assertThat(dwParts).isEqualTo(dw);
    }
}
