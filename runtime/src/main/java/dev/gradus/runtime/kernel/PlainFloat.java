package dev.gradus.runtime.kernel;

/**
 * The float kernels in plain Java, register-blocked so HotSpot keeps partial sums in registers and
 * vectorizes the contiguous inner loops. {@code PlainDouble} is this file with float made double
 * ({@code runtime/src/vector/generate.sh} writes it); edit this one and regenerate.
 */
final class PlainFloat {
    private PlainFloat() {}

    static void forward(int batch, int in, int out, float[] x, int xOff, int ldx, float[] w, int wOff, int ldw,
                        float[] bias, int biasOff, Activation act, float[] y, int yOff, int ldy) {
        int b = 0;
        for (; b + 1 < batch; b += 2) {
            int x0 = xOff + b * ldx;
            int x1 = x0 + ldx;
            int y0 = yOff + b * ldy;
            int y1 = y0 + ldy;
            int o = 0;
            for (; o + 3 < out; o += 4) {
                int w0 = wOff + o * ldw;
                int w1 = w0 + ldw;
                int w2 = w1 + ldw;
                int w3 = w2 + ldw;
                float s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
                for (int i = 0; i < in; i++) {
                    float a0 = x[x0 + i];
                    float a1 = x[x1 + i];
                    float c0 = w[w0 + i];
                    float c1 = w[w1 + i];
                    float c2 = w[w2 + i];
                    float c3 = w[w3 + i];
                    s00 += a0 * c0;
                    s01 += a0 * c1;
                    s02 += a0 * c2;
                    s03 += a0 * c3;
                    s10 += a1 * c0;
                    s11 += a1 * c1;
                    s12 += a1 * c2;
                    s13 += a1 * c3;
                }
                y[y0 + o] = s00;
                y[y0 + o + 1] = s01;
                y[y0 + o + 2] = s02;
                y[y0 + o + 3] = s03;
                y[y1 + o] = s10;
                y[y1 + o + 1] = s11;
                y[y1 + o + 2] = s12;
                y[y1 + o + 3] = s13;
            }
            for (; o < out; o++) {
                int w0 = wOff + o * ldw;
                float s0 = 0, s1 = 0;
                for (int i = 0; i < in; i++) {
                    s0 += x[x0 + i] * w[w0 + i];
                    s1 += x[x1 + i] * w[w0 + i];
                }
                y[y0 + o] = s0;
                y[y1 + o] = s1;
            }
            epilogue(out, bias, biasOff, act, y, y0);
            epilogue(out, bias, biasOff, act, y, y1);
        }
        if (b < batch) {
            // The last example alone, each sum in the same order as the pairs' (not dot's four
            // partial sums), so that an example's outputs do not depend on the call it is in.
            int x0 = xOff + b * ldx;
            int y0 = yOff + b * ldy;
            int o = 0;
            for (; o + 3 < out; o += 4) {
                int w0 = wOff + o * ldw;
                int w1 = w0 + ldw;
                int w2 = w1 + ldw;
                int w3 = w2 + ldw;
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int i = 0; i < in; i++) {
                    float a = x[x0 + i];
                    s0 += a * w[w0 + i];
                    s1 += a * w[w1 + i];
                    s2 += a * w[w2 + i];
                    s3 += a * w[w3 + i];
                }
                y[y0 + o] = s0;
                y[y0 + o + 1] = s1;
                y[y0 + o + 2] = s2;
                y[y0 + o + 3] = s3;
            }
            for (; o < out; o++) {
                int w0 = wOff + o * ldw;
                float s = 0;
                for (int i = 0; i < in; i++) {
                    s += x[x0 + i] * w[w0 + i];
                }
                y[y0 + o] = s;
            }
            epilogue(out, bias, biasOff, act, y, y0);
        }
    }

    /** One row of a layer's output: add the bias, apply the activation. */
    static void epilogue(int out, float[] bias, int biasOff, Activation act, float[] y, int y0) {
        if (bias != null) {
            for (int o = 0; o < out; o++) {
                y[y0 + o] += bias[biasOff + o];
            }
        }
        switch (act) {
            case IDENTITY -> { }
            case RELU -> {
                for (int o = 0; o < out; o++) {
                    y[y0 + o] = Math.max(y[y0 + o], 0);
                }
            }
            default -> {
                for (int o = 0; o < out; o++) {
                    y[y0 + o] = act.apply(y[y0 + o]);
                }
            }
        }
    }

    static void activationBackward(int batch, int out, Activation act, float[] y, int yOff, int ldy,
                                   float[] dy, int dyOff, int lddy, float[] g, int gOff, int ldg) {
        for (int b = 0; b < batch; b++) {
            int yr = yOff + b * ldy;
            int dr = dyOff + b * lddy;
            int gr = gOff + b * ldg;
            switch (act) {
                case IDENTITY -> {
                    if (g != dy || gr != dr) {
                        System.arraycopy(dy, dr, g, gr, out);
                    }
                }
                case RELU -> {
                    for (int o = 0; o < out; o++) {
                        g[gr + o] = y[yr + o] > 0 ? dy[dr + o] : 0;
                    }
                }
                case TANH -> {
                    for (int o = 0; o < out; o++) {
                        float v = y[yr + o];
                        g[gr + o] = dy[dr + o] * (1 - v * v);
                    }
                }
                case SIGMOID -> {
                    for (int o = 0; o < out; o++) {
                        float v = y[yr + o];
                        g[gr + o] = dy[dr + o] * (v * (1 - v));
                    }
                }
            }
        }
    }

    /** Fewest elements a row for which the kernels below copy rows into {@link Scratch}; shorter rows stay in place. */
    static final int SCRATCH_MIN = 16;
    /** Most elements of a kernel's scratch rows of examples together: they stay in the core's L2 cache. */
    static final int SCRATCH_ELEMENTS = 32768;
    /** Most examples in a kernel's scratch at once. */
    static final int SCRATCH_EXAMPLES = 64;

    /** How many examples of {@code n} elements a kernel copies into its scratch at once: a multiple of 4, at least 4. */
    static int chunk(int batch, int n) {
        int c = Math.min(SCRATCH_EXAMPLES, Math.max(4, SCRATCH_ELEMENTS / n)) & ~3;
        return Math.min(c, (batch + 3) & ~3);
    }

    /**
     * {@code dx (+)= g W}. Every element of dx is {@code Σ_o g[b][o] · w[o][i]}, added in the order
     * of {@code o} to zero (or to dx), whatever the blocking: that is what makes a layer's results
     * independent of how its batch is split. The work is row updates ({@code acc[i] += a · w[i]}),
     * the form HotSpot's C2 compiles into vector instructions (it may not reorder a dot product's
     * sum), on {@link Scratch} rows: up to {@link #chunk} examples' rows of dx, updated two at a
     * time by three rows of W ({@link #update2x3}), those three copied once for all the chunk's examples. With W's transposed
     * copy this is also the plain JVM's forward product ({@link Kernels#transposedForward()}).
     */
    static void inputGradient(int batch, int in, int out, float[] g, int gOff, int ldg, float[] w, int wOff, int ldw,
                              float[] dx, int dxOff, int lddx, boolean accumulate) {
        if (in < SCRATCH_MIN) {
            if (batch < SCRATCH_MIN) {
                inputGradientInPlace(batch, in, out, g, gOff, ldg, w, wOff, ldw, dx, dxOff, lddx, accumulate);
            } else {
                inputGradientNarrow(batch, in, out, g, gOff, ldg, w, wOff, ldw, dx, dxOff, lddx, accumulate);
            }
            return;
        }
        int chunk = chunk(batch, in);
        float[][] s = Scratch.floatRows(chunk + 3, in);
        float[] r0 = s[chunk];
        float[] r1 = s[chunk + 1];
        float[] r2 = s[chunk + 2];
        for (int b0 = 0; b0 < batch; b0 += chunk) {
            int n = Math.min(chunk, batch - b0);
            for (int b = 0; b < n; b++) {
                if (accumulate) {
                    System.arraycopy(dx, dxOff + (b0 + b) * lddx, s[b], 0, in);
                } else {
                    java.util.Arrays.fill(s[b], 0, in, 0);
                }
            }
            int o = 0;
            for (; o + 2 < out; o += 3) {
                int w0 = wOff + o * ldw;
                System.arraycopy(w, w0, r0, 0, in);
                System.arraycopy(w, w0 + ldw, r1, 0, in);
                System.arraycopy(w, w0 + 2 * ldw, r2, 0, in);
                int b = 0;
                for (; b + 1 < n; b += 2) {
                    int gr = gOff + (b0 + b) * ldg + o;
                    int gs = gr + ldg;
                    update2x3(in, s[b], s[b + 1], g[gr], g[gr + 1], g[gr + 2], g[gs], g[gs + 1], g[gs + 2], r0, r1, r2);
                }
                if (b < n) {
                    int gr = gOff + (b0 + b) * ldg + o;
                    update3(in, s[b], g[gr], r0, g[gr + 1], r1, g[gr + 2], r2);
                }
            }
            for (; o < out; o++) {
                System.arraycopy(w, wOff + o * ldw, r0, 0, in);
                for (int b = 0; b < n; b++) {
                    update1(in, s[b], g[gOff + (b0 + b) * ldg + o], r0);
                }
            }
            for (int b = 0; b < n; b++) {
                System.arraycopy(s[b], 0, dx, dxOff + (b0 + b) * lddx, in);
            }
        }
    }

    /**
     * {@link #inputGradient} for short rows of dx (a narrow layer's forward product on W's
     * transposed copy, such as a classifier's 10 logits): the same sums, with the row updates
     * running along the batch instead, on {@link Scratch} rows that hold dx's columns and four of
     * g's columns at a time, for up to {@link #SCRATCH_EXAMPLES} examples.
     */
    private static void inputGradientNarrow(int batch, int in, int out, float[] g, int gOff, int ldg, float[] w, int wOff,
                                            int ldw, float[] dx, int dxOff, int lddx, boolean accumulate) {
        int chunk = Math.min(SCRATCH_EXAMPLES, batch);
        float[][] s = Scratch.floatRows(in + 4, chunk);
        float[] t0 = s[in];
        float[] t1 = s[in + 1];
        float[] t2 = s[in + 2];
        float[] t3 = s[in + 3];
        for (int b0 = 0; b0 < batch; b0 += chunk) {
            int n = Math.min(chunk, batch - b0);
            for (int i = 0; i < in; i++) {
                float[] acc = s[i];
                for (int b = 0; b < n; b++) {
                    acc[b] = accumulate ? dx[dxOff + (b0 + b) * lddx + i] : 0;
                }
            }
            int o = 0;
            for (; o + 3 < out; o += 4) {
                for (int b = 0; b < n; b++) {
                    int gr = gOff + (b0 + b) * ldg + o;
                    t0[b] = g[gr];
                    t1[b] = g[gr + 1];
                    t2[b] = g[gr + 2];
                    t3[b] = g[gr + 3];
                }
                int w0 = wOff + o * ldw;
                for (int i = 0; i < in; i++) {
                    update4(n, s[i], w[w0 + i], t0, w[w0 + ldw + i], t1, w[w0 + 2 * ldw + i], t2, w[w0 + 3 * ldw + i], t3);
                }
            }
            for (; o < out; o++) {
                for (int b = 0; b < n; b++) {
                    t0[b] = g[gOff + (b0 + b) * ldg + o];
                }
                for (int i = 0; i < in; i++) {
                    update1(n, s[i], w[wOff + o * ldw + i], t0);
                }
            }
            for (int i = 0; i < in; i++) {
                float[] acc = s[i];
                for (int b = 0; b < n; b++) {
                    dx[dxOff + (b0 + b) * lddx + i] = acc[b];
                }
            }
        }
    }

    /** {@link #inputGradient} for short rows, where copying would cost more than it saves: the same sums. */
    private static void inputGradientInPlace(int batch, int in, int out, float[] g, int gOff, int ldg, float[] w, int wOff,
                                             int ldw, float[] dx, int dxOff, int lddx, boolean accumulate) {
        for (int b = 0; b < batch; b++) {
            int d = dxOff + b * lddx;
            int gr = gOff + b * ldg;
            if (!accumulate) {
                java.util.Arrays.fill(dx, d, d + in, 0);
            }
            for (int o = 0; o < out; o++) {
                axpy(in, g[gr + o], w, wOff + o * ldw, dx, d);
            }
        }
    }

    /**
     * {@code c0[i] += a00 r0[i] + a01 r1[i] + a02 r2[i]} and {@code c1[i] += a10 r0[i] + a11 r1[i] + a12 r2[i]},
     * added in that order: two rows updated with each load of three, the most C2 vectorizes (JDK 17
     * leaves a loop scalar past five arrays or about twelve multiplies and adds an element: two rows
     * by four, one by six). Per six products it loads and stores 7 vectors where one row by four
     * moved 6 per four, and it is called a third as often.
     */
    private static void update2x3(int n, float[] c0, float[] c1, float a00, float a01, float a02, float a10, float a11,
                                  float a12, float[] r0, float[] r1, float[] r2) {
        for (int i = 0; i < n; i++) {
            float u = r0[i];
            float v = r1[i];
            float t = r2[i];
            c0[i] = c0[i] + a00 * u + a01 * v + a02 * t;
            c1[i] = c1[i] + a10 * u + a11 * v + a12 * t;
        }
    }

    /** {@code acc[i] += a0 r0[i] + a1 r1[i] + a2 r2[i] + a3 r3[i]}, added in that order. */
    private static void update4(int n, float[] acc, float a0, float[] r0, float a1, float[] r1, float a2, float[] r2,
                                float a3, float[] r3) {
        for (int i = 0; i < n; i++) {
            acc[i] = acc[i] + a0 * r0[i] + a1 * r1[i] + a2 * r2[i] + a3 * r3[i];
        }
    }

    /** {@code acc[i] += a0 r0[i] + a1 r1[i] + a2 r2[i]}, added in that order. */
    private static void update3(int n, float[] acc, float a0, float[] r0, float a1, float[] r1, float a2, float[] r2) {
        for (int i = 0; i < n; i++) {
            acc[i] = acc[i] + a0 * r0[i] + a1 * r1[i] + a2 * r2[i];
        }
    }

    /** {@code acc[i] += a r[i]}. */
    private static void update1(int n, float[] acc, float a, float[] r) {
        for (int i = 0; i < n; i++) {
            acc[i] += a * r[i];
        }
    }

    /**
     * {@code dW (+)= scale gᵀ x}: every element is {@code Σ_b (scale · g[b][o]) · x[b][i]}, added in
     * the order of {@code b} to zero (or to dW). Up to {@link #chunk} examples' rows of x are copied
     * into {@link Scratch}; then two rows of dW at a time, copied into scratch rows, take their row
     * updates three examples at a time ({@link #update2x3}), and go back.
     */
    static void weightGradient(int batch, int in, int out, float[] g, int gOff, int ldg, float[] x, int xOff, int ldx,
                               float scale, float[] dw, int dwOff, int lddw, boolean accumulate) {
        if (in < SCRATCH_MIN || batch == 0) {
            weightGradientInPlace(batch, in, out, g, gOff, ldg, x, xOff, ldx, scale, dw, dwOff, lddw, accumulate);
            return;
        }
        int chunk = chunk(batch, in);
        float[][] s = Scratch.floatRows(chunk + 2, in);
        float[] acc0 = s[chunk];
        float[] acc1 = s[chunk + 1];
        for (int b0 = 0; b0 < batch; b0 += chunk) {
            int n = Math.min(chunk, batch - b0);
            for (int b = 0; b < n; b++) {
                System.arraycopy(x, xOff + (b0 + b) * ldx, s[b], 0, in);
            }
            boolean fresh = b0 == 0 && !accumulate;
            int o = 0;
            for (; o + 1 < out; o += 2) {
                int d = dwOff + o * lddw;
                load(fresh, in, dw, d, acc0);
                load(fresh, in, dw, d + lddw, acc1);
                int b = 0;
                for (; b + 2 < n; b += 3) {
                    int gr = gOff + (b0 + b) * ldg + o;
                    update2x3(in, acc0, acc1, scale * g[gr], scale * g[gr + ldg], scale * g[gr + 2 * ldg],
                            scale * g[gr + 1], scale * g[gr + 1 + ldg], scale * g[gr + 1 + 2 * ldg], s[b], s[b + 1], s[b + 2]);
                }
                for (; b < n; b++) {
                    int gr = gOff + (b0 + b) * ldg + o;
                    update1(in, acc0, scale * g[gr], s[b]);
                    update1(in, acc1, scale * g[gr + 1], s[b]);
                }
                System.arraycopy(acc0, 0, dw, d, in);
                System.arraycopy(acc1, 0, dw, d + lddw, in);
            }
            if (o < out) {
                int d = dwOff + o * lddw;
                load(fresh, in, dw, d, acc0);
                int b = 0;
                for (; b + 2 < n; b += 3) {
                    int gr = gOff + (b0 + b) * ldg + o;
                    update3(in, acc0, scale * g[gr], s[b], scale * g[gr + ldg], s[b + 1], scale * g[gr + 2 * ldg], s[b + 2]);
                }
                for (; b < n; b++) {
                    update1(in, acc0, scale * g[gOff + (b0 + b) * ldg + o], s[b]);
                }
                System.arraycopy(acc0, 0, dw, d, in);
            }
        }
    }

    /** {@code acc[0, n) = fresh ? 0 : dw[d, d + n)}. */
    private static void load(boolean fresh, int n, float[] dw, int d, float[] acc) {
        if (fresh) {
            java.util.Arrays.fill(acc, 0, n, 0);
        } else {
            System.arraycopy(dw, d, acc, 0, n);
        }
    }

    /** {@link #weightGradient} for short rows: the same sums, in place. */
    private static void weightGradientInPlace(int batch, int in, int out, float[] g, int gOff, int ldg, float[] x, int xOff,
                                              int ldx, float scale, float[] dw, int dwOff, int lddw, boolean accumulate) {
        for (int o = 0; o < out; o++) {
            int d = dwOff + o * lddw;
            if (!accumulate) {
                java.util.Arrays.fill(dw, d, d + in, 0);
            }
            for (int b = 0; b < batch; b++) {
                axpy(in, scale * g[gOff + b * ldg + o], x, xOff + b * ldx, dw, d);
            }
        }
    }

    static void sumRows(int batch, int out, float[] g, int gOff, int ldg, float scale, float[] db, int dbOff,
                        boolean accumulate) {
        for (int o = 0; o < out; o++) {
            float s = 0;
            for (int b = 0; b < batch; b++) {
                s += g[gOff + b * ldg + o];
            }
            db[dbOff + o] = (accumulate ? db[dbOff + o] : 0) + scale * s;
        }
    }

    /** Four partial sums, so the additions do not wait on each other. */
    static float dot(int n, float[] a, int aOff, float[] b, int bOff) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[aOff + i] * b[bOff + i];
            s1 += a[aOff + i + 1] * b[bOff + i + 1];
            s2 += a[aOff + i + 2] * b[bOff + i + 2];
            s3 += a[aOff + i + 3] * b[bOff + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[aOff + i] * b[bOff + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    static void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    /** {@code t[tOff + p·rows + i] = a[aOff + i·lda + p]}: eight of a's rows at a time, for the cache. */
    static void transpose(int rows, int k, float[] a, int aOff, int lda, float[] t, int tOff) {
        for (int i0 = 0; i0 < rows; i0 += 8) {
            int i1 = Math.min(i0 + 8, rows);
            for (int p = 0; p < k; p++) {
                int row = tOff + p * rows;
                for (int i = i0; i < i1; i++) {
                    t[row + i] = a[aOff + i * lda + p];
                }
            }
        }
    }
}
