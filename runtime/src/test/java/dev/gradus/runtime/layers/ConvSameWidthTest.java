package dev.gradus.runtime.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.runtime.kernel.KernelSelector;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The stride-1, same-width im2col (one shifted copy per kernel offset, then the edges zeroed) and
 * col2im (one long addition per kernel offset) give what the element-by-element definitions give,
 * bit for bit: the same columns, and each input gradient element the same additions in the same
 * order. Shapes include paddings wider than the image, where a kernel offset reaches no column.
 */
class ConvSameWidthTest {
    private static final int[][] SHAPES = { // c, h, w, kh, pad (kw = 2 pad + 1, so the output is as wide as the input)
        {1, 28, 28, 3, 1}, {16, 14, 14, 3, 1}, {2, 5, 7, 5, 2}, {3, 1, 1, 5, 2}, {2, 2, 1, 3, 1}, {1, 3, 2, 7, 3}, {2, 4, 3, 1, 2}};

    @Test
    void im2colIsTheDefinition() {
        Random rng = new Random(5);
        for (int[] s : SHAPES) {
            int c = s[0], h = s[1], w = s[2], kh = s[3], kw = 2 * s[4] + 1, ph = s[4] > 0 && kh == 1 ? 0 : s[4], pw = s[4];
            int oh = Conv.outputSize(h, kh, 1, ph), ow = Conv.outputSize(w, kw, 1, pw);
            assertThat(ow).isEqualTo(w);
            float[] x = random(rng, 1 + c * h * w);
            float[] cols = new float[c * kh * kw * oh * ow];
            java.util.Arrays.fill(cols, Float.NaN);
            ConvFloat.im2col(c, h, w, kh, kw, 1, 1, ph, pw, oh, ow, x, 1, cols);
            int q = 0;
            for (int ci = 0; ci < c; ci++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++, q++) {
                        for (int oy = 0; oy < oh; oy++) {
                            for (int ox = 0; ox < ow; ox++) {
                                int iy = oy - ph + i, ix = ox - pw + j;
                                float want = iy < 0 || iy >= h || ix < 0 || ix >= w ? 0 : x[1 + (ci * h + iy) * w + ix];
                                assertThat(Float.floatToRawIntBits(cols[(q * oh + oy) * ow + ox])).as("%s q %d (%d, %d)",
                                        java.util.Arrays.toString(s), q, oy, ox).isEqualTo(Float.floatToRawIntBits(want));
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void inputGradientAddsAsCol2imDoes() {
        Random rng = new Random(6);
        for (int[] s : SHAPES) {
            int c = s[0], h = s[1], w = s[2], kh = s[3], kw = 2 * s[4] + 1, ph = kh == 1 ? 0 : s[4], pw = s[4];
            int o = 3;
            int oh = Conv.outputSize(h, kh, 1, ph), ow = Conv.outputSize(w, kw, 1, pw);
            float[] dy = random(rng, o * oh * ow);
            float[] kernel = random(rng, o * c * kh * kw);
            float[] scratch = new float[c * kh * kw * oh * ow + o * c * kh * kw];
            float[] dx = new float[2 + c * h * w];
            java.util.Arrays.fill(dx, Float.NaN);
            var k = KernelSelector.byName("plain");
            ConvFloat.inputGradient(k, 1, c, h, w, o, kh, kw, 1, 1, ph, pw, dy, 0, kernel, 0, dx, 1, scratch, false);
            // The columns' gradient as the kernels compute it, then col2im's additions one element at a time.
            float[] dcols = new float[c * kh * kw * oh * ow];
            k.weightGradient(o, oh * ow, c * kh * kw, kernel, 0, c * kh * kw, dy, 0, oh * ow, 1, dcols, 0, oh * ow, false);
            float[] want = new float[c * h * w];
            int q = 0;
            for (int ci = 0; ci < c; ci++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++, q++) {
                        for (int oy = 0; oy < oh; oy++) {
                            for (int ox = 0; ox < ow; ox++) {
                                int iy = oy - ph + i, ix = ox - pw + j;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                    want[(ci * h + iy) * w + ix] += dcols[(q * oh + oy) * ow + ox];
                                }
                            }
                        }
                    }
                }
            }
            assertThat(Float.floatToRawIntBits(dx[0])).isEqualTo(Float.floatToRawIntBits(Float.NaN));
            assertThat(Float.floatToRawIntBits(dx[1 + c * h * w])).isEqualTo(Float.floatToRawIntBits(Float.NaN));
            for (int e = 0; e < c * h * w; e++) {
                assertThat(Float.floatToRawIntBits(dx[1 + e])).as("%s element %d", java.util.Arrays.toString(s), e)
                        .isEqualTo(Float.floatToRawIntBits(want[e]));
            }
        }
    }

    private static float[] random(Random rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextInt(7) == 0 ? (rng.nextBoolean() ? 0f : -0f) : (float) rng.nextGaussian();
        }
        return a;
    }
}
