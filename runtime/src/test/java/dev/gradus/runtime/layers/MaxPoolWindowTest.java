package dev.gradus.runtime.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The unrolled, branch-free 2×2 max pooling picks what PyTorch's rule picks (the first maximum in
 * row-major order, a NaN wins: the last one) and outputs that element bit for bit, on windows drawn
 * from ±0, ±1, 2, ±infinity and NaNs of both signs and two payloads, where a comparison-free shortcut
 * (Math.max alone, a total order on the bits) would differ.
 */
class MaxPoolWindowTest {
    private static final float[] VALUES = {0f, -0f, 1f, -1f, 2f, Float.NaN, Float.intBitsToFloat(0xffc00001),
        Float.intBitsToFloat(0x7fc00123), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f};

    /** The rule, one element at a time, as {@code Pool.maxPool2d} documents it. */
    private static int expectedIndex(float[] x, int p, int first, int w) {
        int[] order = {first, first + 1, first + w, first + w + 1};
        int at = order[0];
        float m = x[p + at];
        for (int i = 1; i < 4; i++) {
            float v = x[p + order[i]];
            if (v > m || v != v) {
                m = v;
                at = order[i];
            }
        }
        return at;
    }

    @Test
    void floatWindowsFollowTheRule() {
        Random r = new Random(3);
        int c = 3, h = 6, w = 8, oh = 3, ow = 4;
        float[] x = new float[2 * c * h * w];
        float[] y = new float[2 * c * oh * ow];
        int[] argmax = new int[y.length];
        for (int trial = 0; trial < 2000; trial++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = VALUES[r.nextInt(VALUES.length)];
            }
            Pool.maxPool2d(2, c, h, w, 2, 2, x, 0, y, 0, argmax, 0);
            for (int plane = 0, out = 0; plane < 2 * c; plane++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++, out++) {
                        int at = expectedIndex(x, plane * h * w, 2 * i * w + 2 * j, w);
                        assertThat(argmax[out]).isEqualTo(at);
                        assertThat(Float.floatToRawIntBits(y[out])).isEqualTo(Float.floatToRawIntBits(x[plane * h * w + at]));
                    }
                }
            }
        }
    }

    @Test
    void doubleWindowsFollowTheRule() {
        double[] x = {-0.0, 0.0, 0.0, -0.0, /* row 2 */ Double.NaN, 1, -Double.NaN, 2};
        double[] y = new double[2];
        int[] argmax = new int[2];
        Pool.maxPool2d(1, 1, 2, 4, 2, 2, x, 0, y, 0, argmax, 0);
        // window 1: -0, 0, NaN, 1: the NaN (index 4), which 1 does not beat; window 2: 0, -0, -NaN, 2: the -NaN (6)
        assertThat(argmax).containsExactly(4, 6);
        assertThat(Double.doubleToRawLongBits(y[0])).isEqualTo(Double.doubleToRawLongBits(x[4]));
        assertThat(Double.doubleToRawLongBits(y[1])).isEqualTo(Double.doubleToRawLongBits(x[6]));
        double[] zeros = {-0.0, 0.0, 0.0, -0.0};
        Pool.maxPool2d(1, 1, 2, 2, 2, 2, zeros, 0, y, 0, argmax, 0);
        assertThat(argmax[0]).isZero(); // ties keep the first: -0
        assertThat(Double.doubleToRawLongBits(y[0])).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }
}
