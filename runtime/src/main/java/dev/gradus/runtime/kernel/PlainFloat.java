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
            int x0 = xOff + b * ldx;
            int y0 = yOff + b * ldy;
            for (int o = 0; o < out; o++) {
                y[y0 + o] = dot(in, x, x0, w, wOff + o * ldw);
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

    /**
     * {@code dx (+)= g W}: one row of dx at a time, four rows of W a pass, so each element of dx is
     * loaded and stored once for four products. The inner loops are row updates
     * ({@code dx[i] += a * w[i]}), which HotSpot's C2 compiles into vector instructions (it cannot
     * reorder a dot product's sum), and each writes one row only: with two rows of the same array
     * written in one loop C2 could not rule out that they overlap, and kept it scalar. The sums over
     * {@code o} are added in order. With W's transposed copy this is also the plain JVM's forward
     * product ({@link Kernels#transposedForward()}).
     */
    static void inputGradient(int batch, int in, int out, float[] g, int gOff, int ldg, float[] w, int wOff, int ldw,
                              float[] dx, int dxOff, int lddx, boolean accumulate) {
        for (int b = 0; b < batch; b++) {
            int d = dxOff + b * lddx;
            int gr = gOff + b * ldg;
            if (!accumulate) {
                java.util.Arrays.fill(dx, d, d + in, 0);
            }
            int o = 0;
            for (; o + 3 < out; o += 4) {
                rowUpdate4(in, dx, d, g[gr + o], w, wOff + o * ldw, g[gr + o + 1], wOff + (o + 1) * ldw,
                        g[gr + o + 2], wOff + (o + 2) * ldw, g[gr + o + 3], wOff + (o + 3) * ldw);
            }
            for (; o < out; o++) {
                axpy(in, g[gr + o], w, wOff + o * ldw, dx, d);
            }
        }
    }

    /** {@code y[d + i] += a0 r[r0 + i] + a1 r[r1 + i] + a2 r[r2 + i] + a3 r[r3 + i]}, added in that order. */
    private static void rowUpdate4(int n, float[] y, int d, float a0, float[] r, int r0, float a1, int r1, float a2, int r2,
                                   float a3, int r3) {
        for (int i = 0; i < n; i++) {
            y[d + i] = y[d + i] + a0 * r[r0 + i] + a1 * r[r1 + i] + a2 * r[r2 + i] + a3 * r[r3 + i];
        }
    }

    /**
     * {@code dW (+)= scale gᵀ x}: one row of dW at a time, four examples a pass, row updates as in
     * {@link #inputGradient}; the sums over the batch are added in order.
     */
    static void weightGradient(int batch, int in, int out, float[] g, int gOff, int ldg, float[] x, int xOff, int ldx,
                               float scale, float[] dw, int dwOff, int lddw, boolean accumulate) {
        for (int o = 0; o < out; o++) {
            int d = dwOff + o * lddw;
            if (!accumulate) {
                java.util.Arrays.fill(dw, d, d + in, 0);
            }
            int b = 0;
            for (; b + 3 < batch; b += 4) {
                int gr = gOff + b * ldg + o;
                rowUpdate4(in, dw, d, scale * g[gr], x, xOff + b * ldx, scale * g[gr + ldg], xOff + (b + 1) * ldx,
                        scale * g[gr + 2 * ldg], xOff + (b + 2) * ldx, scale * g[gr + 3 * ldg], xOff + (b + 3) * ldx);
            }
            for (; b < batch; b++) {
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
}
