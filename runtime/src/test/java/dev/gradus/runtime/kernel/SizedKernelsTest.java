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
        Kernels vector = KernelSelector.allForTesting().stream().filter(k -> !(k instanceof PlainKernels)).findFirst().orElse(null);
        Assumptions.assumeTrue(vector != null, "no Vector API module in this JVM");
        Kernels sized = new SizedKernels(vector);
        Kernels plain = new PlainKernels();
        assertThat(sized.name()).isEqualTo(vector.name());
        for (int[] small : new int[][] {{10, 32}, {32, 16}, {63, 200}, {64, 32}}) {
            assertThat(layer(sized, 9, small[0], small[1])).as("%d -> %d", small[0], small[1])
                    .isDeepEqualTo(layer(plain, 9, small[0], small[1]));
        }
        for (int[] large : new int[][] {{64, 64}, {128, 100}}) {
            assertThat(layer(sized, 9, large[0], large[1])).as("%d -> %d", large[0], large[1])
                    .isDeepEqualTo(layer(vector, 9, large[0], large[1]));
        }
    }
}
