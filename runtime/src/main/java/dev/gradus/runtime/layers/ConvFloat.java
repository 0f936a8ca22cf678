package dev.gradus.runtime.layers;

import dev.gradus.runtime.kernel.Activation;
import dev.gradus.runtime.kernel.Kernels;

/**
 * The float convolutions behind {@link Conv}: one two-dimensional implementation with a stride and
 * a padding per axis (a one-dimensional convolution is a two-dimensional one of height 1), as im2col
 * plus the dense-layer GEMMs of {@link Kernels}. Per example, {@code cols[C·kh·kw][H'·W']} holds
 * the input under every kernel position ({@code cols[(c·kh + i)·kw + j][y·W' + x] =
 * x[c][y·sh - ph + i][x·sw - pw + j]}, zero outside), so that
 * <ul>
 * <li>the output is {@code Y[O][H'W'] = K[O][CKK] · cols} ({@link Kernels#inputGradient}'s form: rows
 *     of Y grow by rows of cols, contiguous over the {@code H'W'} output positions);</li>
 * <li>the input gradient is {@code dcols = Kᵀ · dY} ({@link Kernels#weightGradient}'s form), added
 *     back into the input's positions (col2im);</li>
 * <li>the kernel gradient is {@code dK += dY · colsᵀ} ({@link Kernels#forward}'s form: dot products
 *     over the output positions, into a scratch block then added).</li>
 * </ul>
 * A 1×1 kernel with stride 1 and no padding needs no im2col: the input is its own {@code cols}.
 * The GEMMs never accumulate into their output (a bias, or an earlier gradient, is added after
 * them): the Vector API kernels' accumulating branch is then never a cold path, which C2 compiles
 * without inlining the vector operations, boxing a vector a call (measured: 96 bytes a call with a
 * bias, when most calls of the same kernel had none).
 * {@code ConvDouble} is this file with float made double ({@code runtime/src/vector/generate.sh}
 * writes it); edit this one and regenerate.
 */
final class ConvFloat {
    private ConvFloat() {}

    /** Whether the input is its own im2col matrix: a 1×1 kernel, stride 1, no padding. */
    static boolean direct(int kh, int kw, int sh, int sw, int ph, int pw) {
        return kh == 1 && kw == 1 && sh == 1 && sw == 1 && ph == 0 && pw == 0;
    }

    static void forward(Kernels k, int batch, int c, int h, int w, int o, int kh, int kw, int sh, int sw, int ph, int pw,
                        float[] x, int xOff, float[] kernel, int kernelOff, float[] bias, int biasOff,
                        float[] y, int yOff, float[] scratch) {
        int oh = Conv.outputSize(h, kh, sh, ph);
        int ow = Conv.outputSize(w, kw, sw, pw);
        int positions = oh * ow;
        int ckk = c * kh * kw;
        boolean direct = direct(kh, kw, sh, sw, ph, pw);
        for (int n = 0; n < batch; n++) {
            int xn = xOff + n * c * h * w;
            int yn = yOff + n * o * positions;
            float[] cols = direct ? x : scratch;
            int colsOff = direct ? xn : 0;
            if (!direct) {
                im2col(c, h, w, kh, kw, sh, sw, ph, pw, oh, ow, x, xn, scratch);
            }
            k.inputGradient(o, positions, ckk, kernel, kernelOff, ckk, cols, colsOff, positions, y, yn, positions, false);
            if (bias != null) {
                for (int oc = 0; oc < o; oc++) {
                    float b = bias[biasOff + oc];
                    int r = yn + oc * positions;
                    for (int p = 0; p < positions; p++) {
                        y[r + p] += b;
                    }
                }
            }
        }
    }

    static void inputGradient(Kernels k, int batch, int c, int h, int w, int o, int kh, int kw, int sh, int sw, int ph, int pw,
                              float[] dy, int dyOff, float[] kernel, int kernelOff, float[] dx, int dxOff,
                              float[] scratch, boolean accumulate) {
        int oh = Conv.outputSize(h, kh, sh, ph);
        int ow = Conv.outputSize(w, kw, sw, pw);
        int positions = oh * ow;
        int ckk = c * kh * kw;
        int in = c * h * w;
        boolean direct = direct(kh, kw, sh, sw, ph, pw);
        for (int n = 0; n < batch; n++) {
            int dxn = dxOff + n * in;
            int dyn = dyOff + n * o * positions;
            if (direct && !accumulate) {
                k.weightGradient(o, positions, ckk, kernel, kernelOff, ckk, dy, dyn, positions, 1, dx, dxn, positions, false);
                continue;
            }
            k.weightGradient(o, positions, ckk, kernel, kernelOff, ckk, dy, dyn, positions, 1, scratch, 0, positions, false);
            if (direct) {
                k.axpy(in, 1, scratch, 0, dx, dxn);
                continue;
            }
            if (!accumulate) {
                java.util.Arrays.fill(dx, dxn, dxn + in, 0);
                if (sh == 1 && sw == 1 && ow == w) {
                    col2imSameWidth(c, h, w, kh, kw, ph, pw, oh, scratch, dx, dxn);
                    continue;
                }
            }
            col2im(c, h, w, kh, kw, sh, sw, ph, pw, oh, ow, scratch, dx, dxn);
        }
    }

    /** Rows {@code from..to-1} (output channels) of the kernel gradient; the others are not touched. */
    static void kernelGradient(Kernels k, int batch, int c, int h, int w, int o, int kh, int kw, int sh, int sw, int ph, int pw,
                               int from, int to, float[] x, int xOff, float[] dy, int dyOff, float[] dKernel, int dKernelOff,
                               float[] scratch, boolean accumulate) {
        if (from < 0 || from > to || to > o) {
            throw new IllegalArgumentException("output channels " + from + ".." + to + " of " + o);
        }
        int oh = Conv.outputSize(h, kh, sh, ph);
        int ow = Conv.outputSize(w, kw, sw, pw);
        int positions = oh * ow;
        int ckk = c * kh * kw;
        int rows = to - from;
        int size = rows * ckk;
        boolean direct = direct(kh, kw, sh, sw, ph, pw);
        int block = ckk * positions;
        int dk = dKernelOff + from * ckk;
        if (!accumulate) {
            java.util.Arrays.fill(dKernel, dk, dk + size, 0);
        }
        if (rows == 0) {
            return;
        }
        if (batch > 1 && !k.transposedForward() && scratch.length >= sideBySideScratchSize(batch, c, kh, kw, rows, positions)) {
            kernelGradientSideBySide(k, batch, c, h, w, o, kh, kw, sh, sw, ph, pw, oh, ow, from, to, x, xOff, dy, dyOff, dKernel, dk,
                    scratch);
            return;
        }
        for (int n = 0; n < batch; n++) {
            int xn = xOff + n * c * h * w;
            float[] cols = direct ? x : scratch;
            int colsOff = direct ? xn : 0;
            if (!direct) {
                im2col(c, h, w, kh, kw, sh, sw, ph, pw, oh, ow, x, xn, scratch);
            }
            k.forward(rows, positions, ckk, dy, dyOff + (n * o + from) * positions, positions, cols, colsOff, positions,
                    null, 0, Activation.IDENTITY, scratch, block, ckk);
            k.axpy(size, 1, scratch, block, dKernel, dk);
        }
    }

    /** The scratch {@link #kernelGradient} needs to run a batch as one GEMM: the batch's columns and output gradients side by side, and one block. */
    static int sideBySideScratchSize(int batch, int c, int kh, int kw, int o, int positions) {
        return batch * positions * (c * kh * kw + o) + o * c * kh * kw;
    }

    /**
     * Rows {@code from..to-1} of the kernel gradient of {@code batch} examples as one GEMM: their im2col
     * columns side by side, {@code cols[CKK][batch·H'W']}, their output gradients likewise,
     * {@code dY[rows][batch·H'W']}, then {@code dK (+)= dY · colsᵀ} with the batch's positions as the
     * inner dimension (measured against one GEMM an example on 4 examples of the CNN benchmark's layers,
     * vector512: 3.3x, 1.5x and, 8x8 digits, 2.5x faster; the plain loops lose on the wider layer).
     */
    private static void kernelGradientSideBySide(Kernels k, int batch, int c, int h, int w, int o, int kh, int kw, int sh, int sw,
                                                 int ph, int pw, int oh, int ow, int from, int to, float[] x, int xOff, float[] dy,
                                                 int dyOff, float[] dKernel, int dk, float[] scratch) {
        int positions = oh * ow;
        int ckk = c * kh * kw;
        int rows = to - from;
        int span = batch * positions;
        int dyAt = ckk * span;
        int block = dyAt + rows * span;
        for (int n = 0; n < batch; n++) {
            im2col(c, h, w, kh, kw, sh, sw, ph, pw, oh, ow, x, xOff + n * c * h * w, scratch, n * positions, span);
            for (int oc = from; oc < to; oc++) {
                System.arraycopy(dy, dyOff + (n * o + oc) * positions, scratch, dyAt + (oc - from) * span + n * positions, positions);
            }
        }
        k.forward(rows, span, ckk, scratch, dyAt, span, scratch, 0, span, null, 0, Activation.IDENTITY, scratch, block, ckk);
        k.axpy(rows * ckk, 1, scratch, block, dKernel, dk);
    }

    /** Elements {@code from..to-1} (output channels) of the bias gradient; the others are not touched. */
    static void biasGradient(int batch, int o, int from, int to, int positions, float[] dy, int dyOff, float[] dBias, int dBiasOff,
                             boolean accumulate) {
        if (from < 0 || from > to || to > o) {
            throw new IllegalArgumentException("output channels " + from + ".." + to + " of " + o);
        }
        for (int oc = from; oc < to; oc++) {
            float s = 0;
            for (int n = 0; n < batch; n++) {
                int r = dyOff + (n * o + oc) * positions;
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int p = 0;
                for (; p + 3 < positions; p += 4) {
                    s0 += dy[r + p];
                    s1 += dy[r + p + 1];
                    s2 += dy[r + p + 2];
                    s3 += dy[r + p + 3];
                }
                for (; p < positions; p++) {
                    s0 += dy[r + p];
                }
                s += (s0 + s1) + (s2 + s3);
            }
            dBias[dBiasOff + oc] = (accumulate ? dBias[dBiasOff + oc] : 0) + s;
        }
    }

    /**
     * {@code cols[(ci·kh + i)·kw + j][y·ow + x] = x[ci][y·sh - ph + i][x·sw - pw + j]}, zero where that
     * is outside the input: each row of cols is the input plane shifted by a kernel offset, so with
     * stride 1 its inside part is one copy per output row.
     */
    static void im2col(int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int oh, int ow,
                       float[] x, int xOff, float[] cols) {
        im2col(c, h, w, kh, kw, sh, sw, ph, pw, oh, ow, x, xOff, cols, 0, oh * ow);
    }

    /** As {@link #im2col}, row q of cols from {@code cols[colsOff + q·ld]} (several examples' columns side by side). */
    static void im2col(int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int oh, int ow,
                       float[] x, int xOff, float[] cols, int colsOff, int ld) {
        if (sh == 1 && sw == 1 && ow == w) {
            im2colSameWidth(c, h, w, kh, kw, ph, pw, oh, x, xOff, cols, colsOff, ld);
            return;
        }
        int q = 0;
        for (int ci = 0; ci < c; ci++) {
            int plane = xOff + ci * h * w;
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++, q++) {
                    int lo = Math.max(0, ceilDiv(pw - j, sw));
                    int hi = Math.max(lo, Math.min(ow, ceilDiv(w + pw - j, sw)));
                    int r = colsOff + q * ld;
                    for (int oy = 0; oy < oh; oy++, r += ow) {
                        int iy = oy * sh - ph + i;
                        if (iy < 0 || iy >= h) {
                            java.util.Arrays.fill(cols, r, r + ow, 0);
                            continue;
                        }
                        int src = plane + iy * w - pw + j;
                        for (int ox = 0; ox < lo; ox++) {
                            cols[r + ox] = 0;
                        }
                        if (sw == 1) {
                            System.arraycopy(x, src + lo, cols, r + lo, hi - lo);
                        } else {
                            for (int ox = lo; ox < hi; ox++) {
                                cols[r + ox] = x[src + ox * sw];
                            }
                        }
                        for (int ox = hi; ox < ow; ox++) {
                            cols[r + ox] = 0;
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link #im2col} with stride 1 and as many output columns as input columns (a "same" padding):
     * a row of cols and the input plane then advance by the same {@code w} from one output row to
     * the next, so the rows that fall inside the input are one copy, shifted by the kernel offset;
     * the positions of each row that fall left or right of the input (the copy put the neighbouring
     * row's edge there) are zeroed after it. Measured: the per-row copies of 14 or 28 numbers were
     * 12% of the CNN benchmark's step.
     */
    private static void im2colSameWidth(int c, int h, int w, int kh, int kw, int ph, int pw, int oh,
                                        float[] x, int xOff, float[] cols, int colsOff, int ld) {
        int q = 0;
        for (int ci = 0; ci < c; ci++) {
            int plane = xOff + ci * h * w;
            for (int i = 0; i < kh; i++) {
                int oyLo = Math.min(oh, Math.max(0, ph - i));
                int oyHi = Math.max(oyLo, Math.min(oh, h + ph - i));
                for (int j = 0; j < kw; j++, q++) {
                    int lo = Math.min(w, Math.max(0, pw - j));
                    int hi = Math.max(lo, Math.min(w, w + pw - j));
                    int r = colsOff + q * ld;
                    java.util.Arrays.fill(cols, r, r + oyLo * w, 0);
                    java.util.Arrays.fill(cols, r + oyHi * w, r + oh * w, 0);
                    if (oyLo == oyHi) {
                        continue;
                    }
                    int first = r + oyLo * w + lo;
                    int last = r + (oyHi - 1) * w + hi;
                    if (lo < hi) {
                        System.arraycopy(x, plane + (oyLo - ph + i) * w - pw + j + lo, cols, first, last - first);
                    }
                    for (int oy = oyLo; oy < oyHi; oy++) {
                        int row = r + oy * w;
                        for (int ox = 0; ox < lo; ox++) {
                            cols[row + ox] = 0;
                        }
                        for (int ox = hi; ox < w; ox++) {
                            cols[row + ox] = 0;
                        }
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: {@code dx[ci][y·sh - ph + i][x·sw - pw + j] += cols[(ci·kh + i)·kw + j][y·ow + x]} inside the input. */
    static void col2im(int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int oh, int ow,
                       float[] cols, float[] dx, int dxOff) {
        int r = 0;
        for (int ci = 0; ci < c; ci++) {
            int plane = dxOff + ci * h * w;
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    int lo = Math.max(0, ceilDiv(pw - j, sw));
                    int hi = Math.max(lo, Math.min(ow, ceilDiv(w + pw - j, sw)));
                    for (int oy = 0; oy < oh; oy++, r += ow) {
                        int iy = oy * sh - ph + i;
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        int dst = plane + iy * w - pw + j;
                        if (sw == 1) {
                            for (int ox = lo; ox < hi; ox++) {
                                dx[dst + ox] += cols[r + ox];
                            }
                        } else {
                            for (int ox = lo; ox < hi; ox++) {
                                dx[dst + ox * sw] += cols[r + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link #col2im} with stride 1 and {@code ow == w}, into a dx that {@code col2im} would find
     * freshly zeroed: each kernel offset's rows inside the input are one long addition (the
     * layout of {@link #im2colSameWidth}), after the positions of cols that lie left or right of
     * the input are made +0. Those then add +0 to a neighbouring row's edge, which leaves it as it
     * was: a sum that started at +0 is never -0, and +0 added to anything else is that thing. Each
     * element of dx gets the same additions in the same order as in {@code col2im}, so the same bits.
     */
    private static void col2imSameWidth(int c, int h, int w, int kh, int kw, int ph, int pw, int oh,
                                        float[] cols, float[] dx, int dxOff) {
        int q = 0;
        for (int ci = 0; ci < c; ci++) {
            int plane = dxOff + ci * h * w;
            for (int i = 0; i < kh; i++) {
                int oyLo = Math.min(oh, Math.max(0, ph - i));
                int oyHi = Math.max(oyLo, Math.min(oh, h + ph - i));
                for (int j = 0; j < kw; j++, q++) {
                    int lo = Math.min(w, Math.max(0, pw - j));
                    int hi = Math.max(lo, Math.min(w, w + pw - j));
                    if (oyLo == oyHi || lo == hi) {
                        continue;
                    }
                    int r = q * oh * w;
                    for (int oy = oyLo; oy < oyHi; oy++) {
                        int row = r + oy * w;
                        for (int ox = 0; ox < lo; ox++) {
                            cols[row + ox] = 0;
                        }
                        for (int ox = hi; ox < w; ox++) {
                            cols[row + ox] = 0;
                        }
                    }
                    int first = r + oyLo * w + lo;
                    int n = (oyHi - 1 - oyLo) * w + hi - lo;
                    int dst = plane + (oyLo - ph + i) * w - pw + j + lo;
                    for (int t = 0; t < n; t++) {
                        dx[dst + t] += cols[first + t];
                    }
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return Math.floorDiv(a + b - 1, b);
    }
}
