package dev.gradus.runtime.kernel;
// Generated from PackedEightsFloat256.java by runtime/src/vector/generate.sh: edit that file and run the script.

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The eight-row register blocks of {@link GemmDouble512}'s GEMMs with 32 vector registers (AVX-512): A's rows packed
 * eight a step of p ({@link GemmDouble512#packRowsInto}) and B's panel packed, so that every load is a constant
 * offset from a multiple of the loop variable. The same chains of fused multiply-adds as
 * {@link GemmBlocksDouble512#block8x3}, in the same order: the same bits.
 */
final class PackedEightsDouble512 {
    private PackedEightsDouble512() {}

    static final VectorSpecies<Double> S = DoubleVector.SPECIES_512;
    private static final int L = S.length();

    /**
     * {@link GemmBlocksDouble512#block8x3} on A's eight-row blocks packed ({@code a[a0 + 8p + r]} is A(r, p):
     * {@link GemmDouble512#packRowsInto} at 512 bits) and B's panel packed three vectors a row from {@code b0}: one
     * base and constant offsets for A's eight loads, where the strided block computes each row's address and checks
     * its bounds in every step of p. On a core that issues its 512-bit FMAs to the ports that also take that scalar
     * work (Intel's Golden Cove: ports 0 and 5), the three products of the wide workload's 1,024 x 1,024 layer ran
     * 1.07-1.33 times as fast on one core ({@code KernelAB}; docs/PERFORMANCE.md). A copy of its own, not
     * {@code block8x3} called with strides 1 and 8 on the same packed rows: with the strides variables the checks stay in
     * the loop, and that ran 120-148 GFLOP/s against this block's 162-174 (a standalone copy of both, one core). The same
     * chains of fused multiply-adds in the same order: the same bits.
     */
    static void block8x3Packed(int k, double[] a, int a0, double[] bm, int b0, double scale, double[] c, int c0, int ldc) {
        DoubleVector s00 = DoubleVector.zero(S), s01 = s00, s02 = s00, s10 = s00, s11 = s00, s12 = s00;
        DoubleVector s20 = s00, s21 = s00, s22 = s00, s30 = s00, s31 = s00, s32 = s00;
        DoubleVector s40 = s00, s41 = s00, s42 = s00, s50 = s00, s51 = s00, s52 = s00;
        DoubleVector s60 = s00, s61 = s00, s62 = s00, s70 = s00, s71 = s00, s72 = s00;
        for (int p = 0; p < k; p++) {
            int br = b0 + p * 3 * L;
            DoubleVector v0 = DoubleVector.fromArray(S, bm, br);
            DoubleVector v1 = DoubleVector.fromArray(S, bm, br + L);
            DoubleVector v2 = DoubleVector.fromArray(S, bm, br + 2 * L);
            int ap = a0 + p * 8;
            DoubleVector e = DoubleVector.broadcast(S, a[ap]);
            s00 = e.fma(v0, s00);
            s01 = e.fma(v1, s01);
            s02 = e.fma(v2, s02);
            e = DoubleVector.broadcast(S, a[ap + 1]);
            s10 = e.fma(v0, s10);
            s11 = e.fma(v1, s11);
            s12 = e.fma(v2, s12);
            e = DoubleVector.broadcast(S, a[ap + 2]);
            s20 = e.fma(v0, s20);
            s21 = e.fma(v1, s21);
            s22 = e.fma(v2, s22);
            e = DoubleVector.broadcast(S, a[ap + 3]);
            s30 = e.fma(v0, s30);
            s31 = e.fma(v1, s31);
            s32 = e.fma(v2, s32);
            e = DoubleVector.broadcast(S, a[ap + 4]);
            s40 = e.fma(v0, s40);
            s41 = e.fma(v1, s41);
            s42 = e.fma(v2, s42);
            e = DoubleVector.broadcast(S, a[ap + 5]);
            s50 = e.fma(v0, s50);
            s51 = e.fma(v1, s51);
            s52 = e.fma(v2, s52);
            e = DoubleVector.broadcast(S, a[ap + 6]);
            s60 = e.fma(v0, s60);
            s61 = e.fma(v1, s61);
            s62 = e.fma(v2, s62);
            e = DoubleVector.broadcast(S, a[ap + 7]);
            s70 = e.fma(v0, s70);
            s71 = e.fma(v1, s71);
            s72 = e.fma(v2, s72);
        }
        s00.mul(scale).intoArray(c, c0);
        s01.mul(scale).intoArray(c, c0 + L);
        s02.mul(scale).intoArray(c, c0 + 2 * L);
        s10.mul(scale).intoArray(c, c0 + ldc);
        s11.mul(scale).intoArray(c, c0 + ldc + L);
        s12.mul(scale).intoArray(c, c0 + ldc + 2 * L);
        s20.mul(scale).intoArray(c, c0 + 2 * ldc);
        s21.mul(scale).intoArray(c, c0 + 2 * ldc + L);
        s22.mul(scale).intoArray(c, c0 + 2 * ldc + 2 * L);
        s30.mul(scale).intoArray(c, c0 + 3 * ldc);
        s31.mul(scale).intoArray(c, c0 + 3 * ldc + L);
        s32.mul(scale).intoArray(c, c0 + 3 * ldc + 2 * L);
        s40.mul(scale).intoArray(c, c0 + 4 * ldc);
        s41.mul(scale).intoArray(c, c0 + 4 * ldc + L);
        s42.mul(scale).intoArray(c, c0 + 4 * ldc + 2 * L);
        s50.mul(scale).intoArray(c, c0 + 5 * ldc);
        s51.mul(scale).intoArray(c, c0 + 5 * ldc + L);
        s52.mul(scale).intoArray(c, c0 + 5 * ldc + 2 * L);
        s60.mul(scale).intoArray(c, c0 + 6 * ldc);
        s61.mul(scale).intoArray(c, c0 + 6 * ldc + L);
        s62.mul(scale).intoArray(c, c0 + 6 * ldc + 2 * L);
        s70.mul(scale).intoArray(c, c0 + 7 * ldc);
        s71.mul(scale).intoArray(c, c0 + 7 * ldc + L);
        s72.mul(scale).intoArray(c, c0 + 7 * ldc + 2 * L);
    }

    /** {@link #block8x3Packed}, adding into C (a method of its own, as {@link GemmBlocksDouble512#block8x3Add} is). */
    static void block8x3PackedAdd(int k, double[] a, int a0, double[] bm, int b0, double scale, double[] c, int c0,
                                  int ldc) {
        DoubleVector s00 = DoubleVector.zero(S), s01 = s00, s02 = s00, s10 = s00, s11 = s00, s12 = s00;
        DoubleVector s20 = s00, s21 = s00, s22 = s00, s30 = s00, s31 = s00, s32 = s00;
        DoubleVector s40 = s00, s41 = s00, s42 = s00, s50 = s00, s51 = s00, s52 = s00;
        DoubleVector s60 = s00, s61 = s00, s62 = s00, s70 = s00, s71 = s00, s72 = s00;
        for (int p = 0; p < k; p++) {
            int br = b0 + p * 3 * L;
            DoubleVector v0 = DoubleVector.fromArray(S, bm, br);
            DoubleVector v1 = DoubleVector.fromArray(S, bm, br + L);
            DoubleVector v2 = DoubleVector.fromArray(S, bm, br + 2 * L);
            int ap = a0 + p * 8;
            DoubleVector e = DoubleVector.broadcast(S, a[ap]);
            s00 = e.fma(v0, s00);
            s01 = e.fma(v1, s01);
            s02 = e.fma(v2, s02);
            e = DoubleVector.broadcast(S, a[ap + 1]);
            s10 = e.fma(v0, s10);
            s11 = e.fma(v1, s11);
            s12 = e.fma(v2, s12);
            e = DoubleVector.broadcast(S, a[ap + 2]);
            s20 = e.fma(v0, s20);
            s21 = e.fma(v1, s21);
            s22 = e.fma(v2, s22);
            e = DoubleVector.broadcast(S, a[ap + 3]);
            s30 = e.fma(v0, s30);
            s31 = e.fma(v1, s31);
            s32 = e.fma(v2, s32);
            e = DoubleVector.broadcast(S, a[ap + 4]);
            s40 = e.fma(v0, s40);
            s41 = e.fma(v1, s41);
            s42 = e.fma(v2, s42);
            e = DoubleVector.broadcast(S, a[ap + 5]);
            s50 = e.fma(v0, s50);
            s51 = e.fma(v1, s51);
            s52 = e.fma(v2, s52);
            e = DoubleVector.broadcast(S, a[ap + 6]);
            s60 = e.fma(v0, s60);
            s61 = e.fma(v1, s61);
            s62 = e.fma(v2, s62);
            e = DoubleVector.broadcast(S, a[ap + 7]);
            s70 = e.fma(v0, s70);
            s71 = e.fma(v1, s71);
            s72 = e.fma(v2, s72);
        }
        s00.mul(scale).add(DoubleVector.fromArray(S, c, c0)).intoArray(c, c0);
        s01.mul(scale).add(DoubleVector.fromArray(S, c, c0 + L)).intoArray(c, c0 + L);
        s02.mul(scale).add(DoubleVector.fromArray(S, c, c0 + 2 * L)).intoArray(c, c0 + 2 * L);
        s10.mul(scale).add(DoubleVector.fromArray(S, c, c0 + ldc)).intoArray(c, c0 + ldc);
        s11.mul(scale).add(DoubleVector.fromArray(S, c, c0 + ldc + L)).intoArray(c, c0 + ldc + L);
        s12.mul(scale).add(DoubleVector.fromArray(S, c, c0 + ldc + 2 * L)).intoArray(c, c0 + ldc + 2 * L);
        s20.mul(scale).add(DoubleVector.fromArray(S, c, c0 + 2 * ldc)).intoArray(c, c0 + 2 * ldc);
        s21.mul(scale).add(DoubleVector.fromArray(S, c, c0 + 2 * ldc + L)).intoArray(c, c0 + 2 * ldc + L);
        s22.mul(scale).add(DoubleVector.fromArray(S, c, c0 + 2 * ldc + 2 * L)).intoArray(c, c0 + 2 * ldc + 2 * L);
        s30.mul(scale).add(DoubleVector.fromArray(S, c, c0 + 3 * ldc)).intoArray(c, c0 + 3 * ldc);
        s31.mul(scale).add(DoubleVector.fromArray(S, c, c0 + 3 * ldc + L)).intoArray(c, c0 + 3 * ldc + L);
        s32.mul(scale).add(DoubleVector.fromArray(S, c, c0 + 3 * ldc + 2 * L)).intoArray(c, c0 + 3 * ldc + 2 * L);
        s40.mul(scale).add(DoubleVector.fromArray(S, c, c0 + 4 * ldc)).intoArray(c, c0 + 4 * ldc);
        s41.mul(scale).add(DoubleVector.fromArray(S, c, c0 + 4 * ldc + L)).intoArray(c, c0 + 4 * ldc + L);
        s42.mul(scale).add(DoubleVector.fromArray(S, c, c0 + 4 * ldc + 2 * L)).intoArray(c, c0 + 4 * ldc + 2 * L);
        s50.mul(scale).add(DoubleVector.fromArray(S, c, c0 + 5 * ldc)).intoArray(c, c0 + 5 * ldc);
        s51.mul(scale).add(DoubleVector.fromArray(S, c, c0 + 5 * ldc + L)).intoArray(c, c0 + 5 * ldc + L);
        s52.mul(scale).add(DoubleVector.fromArray(S, c, c0 + 5 * ldc + 2 * L)).intoArray(c, c0 + 5 * ldc + 2 * L);
        s60.mul(scale).add(DoubleVector.fromArray(S, c, c0 + 6 * ldc)).intoArray(c, c0 + 6 * ldc);
        s61.mul(scale).add(DoubleVector.fromArray(S, c, c0 + 6 * ldc + L)).intoArray(c, c0 + 6 * ldc + L);
        s62.mul(scale).add(DoubleVector.fromArray(S, c, c0 + 6 * ldc + 2 * L)).intoArray(c, c0 + 6 * ldc + 2 * L);
        s70.mul(scale).add(DoubleVector.fromArray(S, c, c0 + 7 * ldc)).intoArray(c, c0 + 7 * ldc);
        s71.mul(scale).add(DoubleVector.fromArray(S, c, c0 + 7 * ldc + L)).intoArray(c, c0 + 7 * ldc + L);
        s72.mul(scale).add(DoubleVector.fromArray(S, c, c0 + 7 * ldc + 2 * L)).intoArray(c, c0 + 7 * ldc + 2 * L);
    }
}
