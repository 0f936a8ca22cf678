package dev.gradus.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The plain kernels add each element's terms in one fixed order, whatever their blocking, scratch
 * rows and chunks of examples: {@code dx[b][i] = Σ_o g[b][o] w[o][i]} in the order of o and
 * {@code dW[o][i] = Σ_b (scale g[b][o]) x[b][i]} in the order of b, each onto zero or the old value.
 * So they equal these one-term-at-a-time loops to the bit, and a layer's results do not depend on
 * how its batch or its rows are split between threads.
 */
class PlainKernelsOrderTest {
    /**
     * batch, in, out: short rows (in place, or along the batch from 16 examples: 64 a chunk),
     * remainders of 4, several chunks of examples (in = 1000: 32 a chunk); the register blocks' edges
     * (two examples by three rows of W, two rows of dW by three examples): fewer rows than a block,
     * one or two left over, an odd example.
     */
    private static final int[][] SIZES = {{1, 16, 1}, {3, 15, 7}, {9, 17, 6}, {70, 1000, 5}, {13, 130, 11}, {64, 128, 64},
        {70, 10, 13}, {16, 3, 4}, {64, 10, 512}, {2, 16, 3}, {5, 20, 2}, {6, 33, 4}, {1, 40, 1}};

    @Test
    void floatSumsAreAddedInOrder() {
        PlainKernels k = new PlainKernels();
        for (int[] size : SIZES) {
            int batch = size[0];
            int in = size[1];
            int out = size[2];
            Random r = new Random(batch * 7 + in);
            float[] g = random(r, 3 + batch * (out + 2));
            float[] w = random(r, 5 + out * (in + 1));
            float[] x = random(r, 2 + batch * (in + 3));
            for (boolean accumulate : new boolean[] {false, true}) {
                float[] dx = random(r, 4 + batch * (in + 2));
                float[] expected = dx.clone();
                k.inputGradient(batch, in, out, g, 3, out + 2, w, 5, in + 1, dx, 4, in + 2, accumulate);
                for (int b = 0; b < batch; b++) {
                    for (int i = 0; i < in; i++) {
                        float s = accumulate ? expected[4 + b * (in + 2) + i] : 0;
                        for (int o = 0; o < out; o++) {
                            s += g[3 + b * (out + 2) + o] * w[5 + o * (in + 1) + i];
                        }
                        expected[4 + b * (in + 2) + i] = s;
                    }
                }
                assertThat(dx).as("inputGradient %d %d %d %s", batch, in, out, accumulate).isEqualTo(expected);
                float[] dw = random(r, 1 + out * (in + 4));
                float[] expectedW = dw.clone();
                float scale = 1f / 3;
                k.weightGradient(batch, in, out, g, 3, out + 2, x, 2, in + 3, scale, dw, 1, in + 4, accumulate);
                for (int o = 0; o < out; o++) {
                    for (int i = 0; i < in; i++) {
                        float s = accumulate ? expectedW[1 + o * (in + 4) + i] : 0;
                        for (int b = 0; b < batch; b++) {
                            s += scale * g[3 + b * (out + 2) + o] * x[2 + b * (in + 3) + i];
                        }
                        expectedW[1 + o * (in + 4) + i] = s;
                    }
                }
                assertThat(dw).as("weightGradient %d %d %d %s", batch, in, out, accumulate).isEqualTo(expectedW);
            }
        }
    }

    @Test
    void doubleSumsAreAddedInOrder() {
        PlainKernels k = new PlainKernels();
        int batch = 70;
        int in = 600;
        int out = 7;
        Random r = new Random(5);
        double[] g = new double[batch * out];
        double[] w = new double[out * in];
        double[] x = new double[batch * in];
        for (double[] a : new double[][] {g, w, x}) {
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextGaussian();
            }
        }
        double[] dx = new double[batch * in];
        double[] dw = new double[out * in];
        k.inputGradient(batch, in, out, g, 0, out, w, 0, in, dx, 0, in, false);
        k.weightGradient(batch, in, out, g, 0, out, x, 0, in, 0.25, dw, 0, in, false);
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < in; i++) {
                double s = 0;
                for (int o = 0; o < out; o++) {
                    s += g[b * out + o] * w[o * in + i];
                }
                assertThat(dx[b * in + i]).isEqualTo(s);
            }
        }
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                double s = 0;
                for (int b = 0; b < batch; b++) {
                    s += 0.25 * g[b * out + o] * x[b * in + i];
                }
                assertThat(dw[o * in + i]).isEqualTo(s);
            }
        }
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }
}
