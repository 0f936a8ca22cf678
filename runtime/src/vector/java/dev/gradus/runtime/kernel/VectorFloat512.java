package dev.gradus.runtime.kernel;
// Generated from VectorFloat256.java by runtime/src/vector/generate.sh: edit that file and run the script.

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float forward product (dot products, or for wide layers {@link #forwardPacked}), dot and axpy
 * with the Vector API at 512 bits, register-blocked: a block of output values stays in vector
 * registers for a whole reduction, fed by fused multiply-adds ({@link GemmFloat512} has the GEMMs). The species is a static
 * final constant because C2 only intrinsifies vector operations whose species it can see as one;
 * that is why each width and precision is a class of its own. {@code generate.sh} writes the other
 * three (512 bits, double) from this file: edit this one and regenerate.
 */
final class VectorFloat512 {
    private VectorFloat512() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int L = S.length();
    /**
     * Whether blocks of four rows of x fit in registers: at 512 bits the CPU has AVX-512's 32 vector
     * registers (16 sums, 4 rows of x, a row of W); AVX2's 16 take two rows. A constant, so C2 keeps
     * one of the two loops.
     */
    private static final boolean FOUR_ROWS = S.vectorBitSize() >= 512;

    /**
     * {@code y = act(x Wᵀ + b)}: dot products along {@code in} of two (with AVX-512, four) rows of x
     * against four rows of W. Rows of W are the outer loop: four of them stay in the first-level
     * cache while every example of the call passes them, so W is read from memory once a call (a
     * wide layer's W does not fit the second-level cache; x's rows for a range of examples do). The
     * bias and activation follow once a row's outputs are all there.
     */
    static void forward(int batch, int in, int out, float[] x, int xOff, int ldx, float[] w, int wOff, int ldw,
                        float[] bias, int biasOff, Activation act, float[] y, int yOff, int ldy) {
        int o = 0;
        for (; o + 3 < out; o += 4) {
            int w0 = wOff + o * ldw;
            int b = 0;
            for (; FOUR_ROWS && b + 3 < batch; b += 4) {
                dots4x4(in, x, xOff + b * ldx, ldx, w, w0, ldw, y, yOff + b * ldy + o, ldy);
            }
            for (; b + 1 < batch; b += 2) {
                dots2x4(in, x, xOff + b * ldx, ldx, w, w0, ldw, y, yOff + b * ldy + o, ldy);
            }
            if (b < batch) {
                for (int j = 0; j < 4; j++) {
                    y[yOff + b * ldy + o + j] = dot(in, x, xOff + b * ldx, w, w0 + j * ldw);
                }
            }
        }
        for (; o < out; o++) {
            for (int b = 0; b < batch; b++) {
                y[yOff + b * ldy + o] = dot(in, x, xOff + b * ldx, w, wOff + o * ldw);
            }
        }
        for (int b = 0; b < batch; b++) {
            PlainFloat.epilogue(out, bias, biasOff, act, y, yOff + b * ldy);
        }
    }

    /**
     * Eight dot products, rows {@code x0} and {@code x0 + ldx} of x with rows {@code w0..w0 + 3 ldw} of W,
     * into {@code y[y0..y0 + 3]} and the row below. A method of its own (as each register block is) so
     * that C2 compiles it whole and keeps every vector in a register: a vector that crosses a large
     * method's branches gets boxed, which allocates.
     */
    private static void dots2x4(int in, float[] x, int x0, int ldx, float[] w, int w0, int ldw, float[] y, int y0, int ldy) {
        int x1 = x0 + ldx;
        int w1 = w0 + ldw;
        int w2 = w1 + ldw;
        int w3 = w2 + ldw;
        int bound = in - in % L;
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        for (int i = 0; i < bound; i += L) {
            FloatVector a0 = FloatVector.fromArray(S, x, x0 + i);
            FloatVector a1 = FloatVector.fromArray(S, x, x1 + i);
            FloatVector c = FloatVector.fromArray(S, w, w0 + i);
            s00 = a0.fma(c, s00);
            s10 = a1.fma(c, s10);
            c = FloatVector.fromArray(S, w, w1 + i);
            s01 = a0.fma(c, s01);
            s11 = a1.fma(c, s11);
            c = FloatVector.fromArray(S, w, w2 + i);
            s02 = a0.fma(c, s02);
            s12 = a1.fma(c, s12);
            c = FloatVector.fromArray(S, w, w3 + i);
            s03 = a0.fma(c, s03);
            s13 = a1.fma(c, s13);
        }
        float r00 = s00.reduceLanes(VectorOperators.ADD), r01 = s01.reduceLanes(VectorOperators.ADD);
        float r02 = s02.reduceLanes(VectorOperators.ADD), r03 = s03.reduceLanes(VectorOperators.ADD);
        float r10 = s10.reduceLanes(VectorOperators.ADD), r11 = s11.reduceLanes(VectorOperators.ADD);
        float r12 = s12.reduceLanes(VectorOperators.ADD), r13 = s13.reduceLanes(VectorOperators.ADD);
        for (int i = bound; i < in; i++) {
            float a0 = x[x0 + i];
            float a1 = x[x1 + i];
            r00 += a0 * w[w0 + i];
            r01 += a0 * w[w1 + i];
            r02 += a0 * w[w2 + i];
            r03 += a0 * w[w3 + i];
            r10 += a1 * w[w0 + i];
            r11 += a1 * w[w1 + i];
            r12 += a1 * w[w2 + i];
            r13 += a1 * w[w3 + i];
        }
        y[y0] = r00;
        y[y0 + 1] = r01;
        y[y0 + 2] = r02;
        y[y0 + 3] = r03;
        y[y0 + ldy] = r10;
        y[y0 + ldy + 1] = r11;
        y[y0 + ldy + 2] = r12;
        y[y0 + ldy + 3] = r13;
    }

    /** Sixteen dot products: rows {@code x0..x0 + 3 ldx} of x with rows {@code w0..w0 + 3 ldw} of W, as {@link #dots2x4}. */
    private static void dots4x4(int in, float[] x, int x0, int ldx, float[] w, int w0, int ldw, float[] y, int y0, int ldy) {
        int x1 = x0 + ldx;
        int x2 = x1 + ldx;
        int x3 = x2 + ldx;
        int w1 = w0 + ldw;
        int w2 = w1 + ldw;
        int w3 = w2 + ldw;
        int bound = in - in % L;
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        for (int i = 0; i < bound; i += L) {
            FloatVector a0 = FloatVector.fromArray(S, x, x0 + i);
            FloatVector a1 = FloatVector.fromArray(S, x, x1 + i);
            FloatVector a2 = FloatVector.fromArray(S, x, x2 + i);
            FloatVector a3 = FloatVector.fromArray(S, x, x3 + i);
            FloatVector c = FloatVector.fromArray(S, w, w0 + i);
            s00 = a0.fma(c, s00);
            s10 = a1.fma(c, s10);
            s20 = a2.fma(c, s20);
            s30 = a3.fma(c, s30);
            c = FloatVector.fromArray(S, w, w1 + i);
            s01 = a0.fma(c, s01);
            s11 = a1.fma(c, s11);
            s21 = a2.fma(c, s21);
            s31 = a3.fma(c, s31);
            c = FloatVector.fromArray(S, w, w2 + i);
            s02 = a0.fma(c, s02);
            s12 = a1.fma(c, s12);
            s22 = a2.fma(c, s22);
            s32 = a3.fma(c, s32);
            c = FloatVector.fromArray(S, w, w3 + i);
            s03 = a0.fma(c, s03);
            s13 = a1.fma(c, s13);
            s23 = a2.fma(c, s23);
            s33 = a3.fma(c, s33);
        }
        store4(s00, s01, s02, s03, in, bound, x, x0, w, w0, ldw, y, y0);
        store4(s10, s11, s12, s13, in, bound, x, x1, w, w0, ldw, y, y0 + ldy);
        store4(s20, s21, s22, s23, in, bound, x, x2, w, w0, ldw, y, y0 + 2 * ldy);
        store4(s30, s31, s32, s33, in, bound, x, x3, w, w0, ldw, y, y0 + 3 * ldy);
    }

    /** {@code y[y0 + j]} = the lanes of {@code sj} summed, plus the products after {@code bound} of row {@code xr} and row j of W. */
    private static void store4(FloatVector s0, FloatVector s1, FloatVector s2, FloatVector s3, int in, int bound,
                               float[] x, int xr, float[] w, int w0, int ldw, float[] y, int y0) {
        float r0 = s0.reduceLanes(VectorOperators.ADD), r1 = s1.reduceLanes(VectorOperators.ADD);
        float r2 = s2.reduceLanes(VectorOperators.ADD), r3 = s3.reduceLanes(VectorOperators.ADD);
        for (int i = bound; i < in; i++) {
            float a = x[xr + i];
            r0 += a * w[w0 + i];
            r1 += a * w[w0 + ldw + i];
            r2 += a * w[w0 + 2 * ldw + i];
            r3 += a * w[w0 + 3 * ldw + i];
        }
        y[y0] = r0;
        y[y0 + 1] = r1;
        y[y0 + 2] = r2;
        y[y0 + 3] = r3;
    }

    /**
     * Fewest examples for which the forward product runs as {@link GemmFloat512#transposedGemm}: it
     * copies W transposed, panel by panel, which a call of one or two examples (a prediction) would
     * spend more on than on its products. Fewer examples take {@link #forwardFew}, the same sums.
     */
    private static final int GEMM_BATCH = 4;

    /**
     * {@code y = act(x Wᵀ + b)} for a wide layer ({@link VectorKernels#withPackedForward()}), whose
     * trainer splits it by output rows: the product as {@link GemmFloat512#transposedGemm} (or, for fewer
     * than {@link #GEMM_BATCH} examples, {@link #forwardFew}, whose sums are the same chains of fused
     * multiply-adds, so an example's outputs do not depend on the batch it is in), then the bias and
     * activation once a row's outputs are all there.
     */
    static void forwardPacked(int batch, int in, int out, float[] x, int xOff, int ldx, float[] packedX, float[] w, int wOff,
                              int ldw, float[] bias, int biasOff, Activation act, float[] y, int yOff, int ldy) {
        if (batch >= GEMM_BATCH) {
            GemmFloat512.transposedGemm(batch, out, in, x, xOff, ldx, 1, packedX, w, wOff, ldw, y, yOff, ldy);
        } else {
            forwardFew(batch, in, out, x, xOff, ldx, w, wOff, ldw, y, yOff, ldy);
        }
        for (int b = 0; b < batch; b++) {
            PlainFloat.epilogue(out, bias, biasOff, act, y, yOff + b * ldy);
        }
    }

    /**
     * {@code y = x Wᵀ} for a few examples, four outputs at a time: each output the chain
     * {@code s = fma(x[p], w[p], s)}, p = 0, 1, ..., exactly as a lane of the GEMM's blocks computes it.
     */
    private static void forwardFew(int batch, int in, int out, float[] x, int xOff, int ldx, float[] w, int wOff, int ldw,
                                   float[] y, int yOff, int ldy) {
        for (int b = 0; b < batch; b++) {
            int xr = xOff + b * ldx;
            int yr = yOff + b * ldy;
            int o = 0;
            for (; o + 3 < out; o += 4) {
                int w0 = wOff + o * ldw;
                int w1 = w0 + ldw;
                int w2 = w1 + ldw;
                int w3 = w2 + ldw;
                float s0 = 0;
                float s1 = 0;
                float s2 = 0;
                float s3 = 0;
                for (int p = 0; p < in; p++) {
                    float a = x[xr + p];
                    s0 = Math.fma(a, w[w0 + p], s0);
                    s1 = Math.fma(a, w[w1 + p], s1);
                    s2 = Math.fma(a, w[w2 + p], s2);
                    s3 = Math.fma(a, w[w3 + p], s3);
                }
                y[yr + o] = s0;
                y[yr + o + 1] = s1;
                y[yr + o + 2] = s2;
                y[yr + o + 3] = s3;
            }
            for (; o < out; o++) {
                int wr = wOff + o * ldw;
                float s = 0;
                for (int p = 0; p < in; p++) {
                    s = Math.fma(x[xr + p], w[wr + p], s);
                }
                y[yr + o] = s;
            }
        }
    }

    static float dot(int n, float[] a, int aOff, float[] b, int bOff) {
        int bound = n - n % (2 * L);
        FloatVector s0 = FloatVector.zero(S), s1 = s0;
        for (int i = 0; i < bound; i += 2 * L) {
            s0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), s0);
            s1 = FloatVector.fromArray(S, a, aOff + i + L).fma(FloatVector.fromArray(S, b, bOff + i + L), s1);
        }
        float s = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (int i = bound; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    static void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        int bound = n - n % L;
        FloatVector av = FloatVector.broadcast(S, alpha);
        for (int i = 0; i < bound; i += L) {
            av.fma(FloatVector.fromArray(S, x, xOff + i), FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (int i = bound; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }
}
