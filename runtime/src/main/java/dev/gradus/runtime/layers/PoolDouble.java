package dev.gradus.runtime.layers;
// Generated from PoolFloat.java by runtime/src/vector/generate.sh: edit that file and run the script.

/**
 * The double poolings behind {@link Pool}: one two-dimensional implementation with a window and a
 * stride per axis, no padding (a one-dimensional pooling is a two-dimensional one of height 1).
 * {@code PoolDouble} is this file with double made double ({@code runtime/src/vector/generate.sh}
 * writes it); edit this one and regenerate.
 */
final class PoolDouble {
    private PoolDouble() {}

    /**
     * Each window's maximum and where it is ({@code iy·w + ix} in its channel's plane), found as
     * PyTorch's CPU kernel finds it: the window in row-major order, a value replacing the maximum
     * when greater, or when NaN (so ties keep the first maximum, and a NaN wins).
     */
    static void maxForward(int batch, int c, int h, int w, int kh, int kw, int sh, int sw,
                           double[] x, int xOff, double[] y, int yOff, int[] argmax, int argmaxOff) {
        int oh = Pool.outputSize(h, kh, sh);
        int ow = Pool.outputSize(w, kw, sw);
        if (kh == 2 && kw == 2) {
            max2x2(batch * c, h, w, sh, sw, oh, ow, x, xOff, y, yOff, argmax, argmaxOff);
            return;
        }
        int out = 0;
        for (int plane = 0; plane < batch * c; plane++) {
            int p = xOff + plane * h * w;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, out++) {
                    int first = oy * sh * w + ox * sw;
                    double m = Double.NEGATIVE_INFINITY;
                    int at = first;
                    for (int i = 0; i < kh; i++) {
                        int row = first + i * w;
                        for (int j = 0; j < kw; j++) {
                            double v = x[p + row + j];
                            if (v > m || v != v) {
                                m = v;
                                at = row + j;
                            }
                        }
                    }
                    y[yOff + out] = m;
                    argmax[argmaxOff + out] = at;
                }
            }
        }
    }

    /**
     * {@link #maxForward} for the common 2×2 window, unrolled: the same comparisons in the same order,
     * without branches (their outcome on real data is a coin toss, and a mispredicted branch cost more
     * than the whole window). The index moves by a conditional move; the running maximum used for the
     * comparisons is {@code Math.max}, which compares as {@code v > m || v != v} does (it may hold +0
     * for -0, and another NaN); the output is read back at the index, so it is the element itself.
     */
    private static void max2x2(int planes, int h, int w, int sh, int sw, int oh, int ow,
                               double[] x, int xOff, double[] y, int yOff, int[] argmax, int argmaxOff) {
        int out = 0;
        for (int plane = 0; plane < planes; plane++) {
            int p = xOff + plane * h * w;
            for (int oy = 0; oy < oh; oy++) {
                int row = oy * sh * w;
                for (int ox = 0; ox < ow; ox++, out++) {
                    int first = row + ox * sw;
                    int at = first; // the loop's first comparison always takes the first element
                    double m = x[p + first];
                    double v = x[p + first + 1];
                    at = v > m | v != v ? first + 1 : at;
                    m = Math.max(m, v);
                    v = x[p + first + w];
                    at = v > m | v != v ? first + w : at;
                    m = Math.max(m, v);
                    v = x[p + first + w + 1];
                    at = v > m | v != v ? first + w + 1 : at;
                    y[yOff + out] = x[p + at];
                    argmax[argmaxOff + out] = at;
                }
            }
        }
    }

    static void maxBackward(int batch, int c, int h, int w, int kh, int kw, int sh, int sw,
                            double[] dy, int dyOff, int[] argmax, int argmaxOff, double[] dx, int dxOff, boolean accumulate) {
        int outPlane = Pool.outputSize(h, kh, sh) * Pool.outputSize(w, kw, sw);
        if (!accumulate) {
            java.util.Arrays.fill(dx, dxOff, dxOff + batch * c * h * w, 0);
        }
        for (int plane = 0; plane < batch * c; plane++) {
            int p = dxOff + plane * h * w;
            int out = plane * outPlane;
            for (int q = 0; q < outPlane; q++) {
                dx[p + argmax[argmaxOff + out + q]] += dy[dyOff + out + q];
            }
        }
    }

    /** Each window's sum divided by its size, {@code kh·kw}. */
    static void avgForward(int batch, int c, int h, int w, int kh, int kw, int sh, int sw,
                           double[] x, int xOff, double[] y, int yOff) {
        int oh = Pool.outputSize(h, kh, sh);
        int ow = Pool.outputSize(w, kw, sw);
        double size = kh * kw;
        int out = yOff;
        for (int plane = 0; plane < batch * c; plane++) {
            int p = xOff + plane * h * w;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, out++) {
                    int first = p + oy * sh * w + ox * sw;
                    double s = 0;
                    for (int i = 0; i < kh; i++) {
                        for (int j = 0; j < kw; j++) {
                            s += x[first + i * w + j];
                        }
                    }
                    y[out] = s / size;
                }
            }
        }
    }

    static void avgBackward(int batch, int c, int h, int w, int kh, int kw, int sh, int sw,
                            double[] dy, int dyOff, double[] dx, int dxOff, boolean accumulate) {
        int oh = Pool.outputSize(h, kh, sh);
        int ow = Pool.outputSize(w, kw, sw);
        double size = kh * kw;
        if (!accumulate) {
            java.util.Arrays.fill(dx, dxOff, dxOff + batch * c * h * w, 0);
        }
        int out = dyOff;
        for (int plane = 0; plane < batch * c; plane++) {
            int p = dxOff + plane * h * w;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, out++) {
                    int first = p + oy * sh * w + ox * sw;
                    double g = dy[out] / size;
                    for (int i = 0; i < kh; i++) {
                        for (int j = 0; j < kw; j++) {
                            dx[first + i * w + j] += g;
                        }
                    }
                }
            }
        }
    }
}
