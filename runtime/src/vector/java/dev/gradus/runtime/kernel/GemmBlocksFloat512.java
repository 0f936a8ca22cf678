package dev.gradus.runtime.kernel;
// Generated from GemmBlocksFloat256.java by runtime/src/vector/generate.sh: edit that file and run the script.

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register blocks of {@link GemmFloat512}'s GEMMs: each keeps a block of C (rows by vectors of
 * columns) in vector registers for a whole sum over p, a row of B loaded as vectors and an element of
 * A broadcast each step. Every block computes each element of C as the same chain of fused
 * multiply-adds in the same order (p = 0, 1, ...), so the bits do not depend on the blocking, and so
 * not on how a call's rows or columns are split between threads. Each block is a method of its own
 * so that C2 compiles it whole and keeps its vectors in registers.
 */
final class GemmBlocksFloat512 {
    private GemmBlocksFloat512() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int L = S.length();

    /**
     * Eight rows of C by three vectors of columns: 24 sums, 3 loads of B and 8 broadcasts of A for 24
     * fused multiply-adds (28 of AVX-512's 32 registers). Against {@link #block4x3} (7 loads for 12):
     * 189 against 132 GFLOP/s on one core for {@code G W} at batch 64 and 512 by 512, 195 against 180
     * for {@code Gᵀ X} (AMD EPYC Zen 5, whose FMA peak here is about 218). The same sums in the same
     * order as every other block: the bits do not depend on the blocking. Storing and accumulating are
     * two methods: with both stores inline C1 gave up on the method ("out of virtual registers", the
     * Vector API's calls are large there), which then ran in C1's limited tier, boxing every vector,
     * until C2 came; and a store helper is not always inlined by C2 (its node budget), boxing the sums:
     * every block writes its stores inline (an {@code add(s, scale, c, at)} helper in the accumulating
     * blocks left {@link #block8x3Add} allocating 10-32 KB a step in C2's code, on the Vector API's
     * Java fallbacks, where a weight gradient accumulates).
     */
    static void block8x3(int k, float[] a, int a0, int ars, int acs, float[] bm, int b0, int ldb,
                                 float scale, float[] c, int c0, int ldc) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s10 = s00, s11 = s00, s12 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s30 = s00, s31 = s00, s32 = s00;
        FloatVector s40 = s00, s41 = s00, s42 = s00, s50 = s00, s51 = s00, s52 = s00;
        FloatVector s60 = s00, s61 = s00, s62 = s00, s70 = s00, s71 = s00, s72 = s00;
        for (int p = 0; p < k; p++) {
            int br = b0 + p * ldb;
            FloatVector v0 = FloatVector.fromArray(S, bm, br);
            FloatVector v1 = FloatVector.fromArray(S, bm, br + L);
            FloatVector v2 = FloatVector.fromArray(S, bm, br + 2 * L);
            int ap = a0 + p * acs;
            FloatVector e = FloatVector.broadcast(S, a[ap]);
            s00 = e.fma(v0, s00);
            s01 = e.fma(v1, s01);
            s02 = e.fma(v2, s02);
            e = FloatVector.broadcast(S, a[ap + ars]);
            s10 = e.fma(v0, s10);
            s11 = e.fma(v1, s11);
            s12 = e.fma(v2, s12);
            e = FloatVector.broadcast(S, a[ap + 2 * ars]);
            s20 = e.fma(v0, s20);
            s21 = e.fma(v1, s21);
            s22 = e.fma(v2, s22);
            e = FloatVector.broadcast(S, a[ap + 3 * ars]);
            s30 = e.fma(v0, s30);
            s31 = e.fma(v1, s31);
            s32 = e.fma(v2, s32);
            e = FloatVector.broadcast(S, a[ap + 4 * ars]);
            s40 = e.fma(v0, s40);
            s41 = e.fma(v1, s41);
            s42 = e.fma(v2, s42);
            e = FloatVector.broadcast(S, a[ap + 5 * ars]);
            s50 = e.fma(v0, s50);
            s51 = e.fma(v1, s51);
            s52 = e.fma(v2, s52);
            e = FloatVector.broadcast(S, a[ap + 6 * ars]);
            s60 = e.fma(v0, s60);
            s61 = e.fma(v1, s61);
            s62 = e.fma(v2, s62);
            e = FloatVector.broadcast(S, a[ap + 7 * ars]);
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

    /** {@link #block8x3}, adding into C. */
    static void block8x3Add(int k, float[] a, int a0, int ars, int acs, float[] bm, int b0, int ldb,
                                    float scale, float[] c, int c0, int ldc) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s10 = s00, s11 = s00, s12 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s30 = s00, s31 = s00, s32 = s00;
        FloatVector s40 = s00, s41 = s00, s42 = s00, s50 = s00, s51 = s00, s52 = s00;
        FloatVector s60 = s00, s61 = s00, s62 = s00, s70 = s00, s71 = s00, s72 = s00;
        for (int p = 0; p < k; p++) {
            int br = b0 + p * ldb;
            FloatVector v0 = FloatVector.fromArray(S, bm, br);
            FloatVector v1 = FloatVector.fromArray(S, bm, br + L);
            FloatVector v2 = FloatVector.fromArray(S, bm, br + 2 * L);
            int ap = a0 + p * acs;
            FloatVector e = FloatVector.broadcast(S, a[ap]);
            s00 = e.fma(v0, s00);
            s01 = e.fma(v1, s01);
            s02 = e.fma(v2, s02);
            e = FloatVector.broadcast(S, a[ap + ars]);
            s10 = e.fma(v0, s10);
            s11 = e.fma(v1, s11);
            s12 = e.fma(v2, s12);
            e = FloatVector.broadcast(S, a[ap + 2 * ars]);
            s20 = e.fma(v0, s20);
            s21 = e.fma(v1, s21);
            s22 = e.fma(v2, s22);
            e = FloatVector.broadcast(S, a[ap + 3 * ars]);
            s30 = e.fma(v0, s30);
            s31 = e.fma(v1, s31);
            s32 = e.fma(v2, s32);
            e = FloatVector.broadcast(S, a[ap + 4 * ars]);
            s40 = e.fma(v0, s40);
            s41 = e.fma(v1, s41);
            s42 = e.fma(v2, s42);
            e = FloatVector.broadcast(S, a[ap + 5 * ars]);
            s50 = e.fma(v0, s50);
            s51 = e.fma(v1, s51);
            s52 = e.fma(v2, s52);
            e = FloatVector.broadcast(S, a[ap + 6 * ars]);
            s60 = e.fma(v0, s60);
            s61 = e.fma(v1, s61);
            s62 = e.fma(v2, s62);
            e = FloatVector.broadcast(S, a[ap + 7 * ars]);
            s70 = e.fma(v0, s70);
            s71 = e.fma(v1, s71);
            s72 = e.fma(v2, s72);
        }
        s00.mul(scale).add(FloatVector.fromArray(S, c, c0)).intoArray(c, c0);
        s01.mul(scale).add(FloatVector.fromArray(S, c, c0 + L)).intoArray(c, c0 + L);
        s02.mul(scale).add(FloatVector.fromArray(S, c, c0 + 2 * L)).intoArray(c, c0 + 2 * L);
        s10.mul(scale).add(FloatVector.fromArray(S, c, c0 + ldc)).intoArray(c, c0 + ldc);
        s11.mul(scale).add(FloatVector.fromArray(S, c, c0 + ldc + L)).intoArray(c, c0 + ldc + L);
        s12.mul(scale).add(FloatVector.fromArray(S, c, c0 + ldc + 2 * L)).intoArray(c, c0 + ldc + 2 * L);
        s20.mul(scale).add(FloatVector.fromArray(S, c, c0 + 2 * ldc)).intoArray(c, c0 + 2 * ldc);
        s21.mul(scale).add(FloatVector.fromArray(S, c, c0 + 2 * ldc + L)).intoArray(c, c0 + 2 * ldc + L);
        s22.mul(scale).add(FloatVector.fromArray(S, c, c0 + 2 * ldc + 2 * L)).intoArray(c, c0 + 2 * ldc + 2 * L);
        s30.mul(scale).add(FloatVector.fromArray(S, c, c0 + 3 * ldc)).intoArray(c, c0 + 3 * ldc);
        s31.mul(scale).add(FloatVector.fromArray(S, c, c0 + 3 * ldc + L)).intoArray(c, c0 + 3 * ldc + L);
        s32.mul(scale).add(FloatVector.fromArray(S, c, c0 + 3 * ldc + 2 * L)).intoArray(c, c0 + 3 * ldc + 2 * L);
        s40.mul(scale).add(FloatVector.fromArray(S, c, c0 + 4 * ldc)).intoArray(c, c0 + 4 * ldc);
        s41.mul(scale).add(FloatVector.fromArray(S, c, c0 + 4 * ldc + L)).intoArray(c, c0 + 4 * ldc + L);
        s42.mul(scale).add(FloatVector.fromArray(S, c, c0 + 4 * ldc + 2 * L)).intoArray(c, c0 + 4 * ldc + 2 * L);
        s50.mul(scale).add(FloatVector.fromArray(S, c, c0 + 5 * ldc)).intoArray(c, c0 + 5 * ldc);
        s51.mul(scale).add(FloatVector.fromArray(S, c, c0 + 5 * ldc + L)).intoArray(c, c0 + 5 * ldc + L);
        s52.mul(scale).add(FloatVector.fromArray(S, c, c0 + 5 * ldc + 2 * L)).intoArray(c, c0 + 5 * ldc + 2 * L);
        s60.mul(scale).add(FloatVector.fromArray(S, c, c0 + 6 * ldc)).intoArray(c, c0 + 6 * ldc);
        s61.mul(scale).add(FloatVector.fromArray(S, c, c0 + 6 * ldc + L)).intoArray(c, c0 + 6 * ldc + L);
        s62.mul(scale).add(FloatVector.fromArray(S, c, c0 + 6 * ldc + 2 * L)).intoArray(c, c0 + 6 * ldc + 2 * L);
        s70.mul(scale).add(FloatVector.fromArray(S, c, c0 + 7 * ldc)).intoArray(c, c0 + 7 * ldc);
        s71.mul(scale).add(FloatVector.fromArray(S, c, c0 + 7 * ldc + L)).intoArray(c, c0 + 7 * ldc + L);
        s72.mul(scale).add(FloatVector.fromArray(S, c, c0 + 7 * ldc + 2 * L)).intoArray(c, c0 + 7 * ldc + 2 * L);
    }

    /**
     * Four rows of C by three vectors of columns: twelve sums (with AVX-512's 32 registers), enough
     * independent fused multiply-adds in flight to cover their latency on both FMA units.
     */
    static void block4x3(int k, float[] a, int a0, int ars, int acs, float[] bm, int b0, int ldb,
                                 float scale, float[] c, int c0, int ldc, boolean accumulate) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s10 = s00, s11 = s00, s12 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s30 = s00, s31 = s00, s32 = s00;
        for (int p = 0; p < k; p++) {
            int br = b0 + p * ldb;
            FloatVector v0 = FloatVector.fromArray(S, bm, br);
            FloatVector v1 = FloatVector.fromArray(S, bm, br + L);
            FloatVector v2 = FloatVector.fromArray(S, bm, br + 2 * L);
            int ap = a0 + p * acs;
            FloatVector e = FloatVector.broadcast(S, a[ap]);
            s00 = e.fma(v0, s00);
            s01 = e.fma(v1, s01);
            s02 = e.fma(v2, s02);
            e = FloatVector.broadcast(S, a[ap + ars]);
            s10 = e.fma(v0, s10);
            s11 = e.fma(v1, s11);
            s12 = e.fma(v2, s12);
            e = FloatVector.broadcast(S, a[ap + 2 * ars]);
            s20 = e.fma(v0, s20);
            s21 = e.fma(v1, s21);
            s22 = e.fma(v2, s22);
            e = FloatVector.broadcast(S, a[ap + 3 * ars]);
            s30 = e.fma(v0, s30);
            s31 = e.fma(v1, s31);
            s32 = e.fma(v2, s32);
        }
        if (accumulate) {
            s00.mul(scale).add(FloatVector.fromArray(S, c, c0)).intoArray(c, c0);
            s01.mul(scale).add(FloatVector.fromArray(S, c, c0 + L)).intoArray(c, c0 + L);
            s02.mul(scale).add(FloatVector.fromArray(S, c, c0 + 2 * L)).intoArray(c, c0 + 2 * L);
            s10.mul(scale).add(FloatVector.fromArray(S, c, c0 + ldc)).intoArray(c, c0 + ldc);
            s11.mul(scale).add(FloatVector.fromArray(S, c, c0 + ldc + L)).intoArray(c, c0 + ldc + L);
            s12.mul(scale).add(FloatVector.fromArray(S, c, c0 + ldc + 2 * L)).intoArray(c, c0 + ldc + 2 * L);
            s20.mul(scale).add(FloatVector.fromArray(S, c, c0 + 2 * ldc)).intoArray(c, c0 + 2 * ldc);
            s21.mul(scale).add(FloatVector.fromArray(S, c, c0 + 2 * ldc + L)).intoArray(c, c0 + 2 * ldc + L);
            s22.mul(scale).add(FloatVector.fromArray(S, c, c0 + 2 * ldc + 2 * L)).intoArray(c, c0 + 2 * ldc + 2 * L);
            s30.mul(scale).add(FloatVector.fromArray(S, c, c0 + 3 * ldc)).intoArray(c, c0 + 3 * ldc);
            s31.mul(scale).add(FloatVector.fromArray(S, c, c0 + 3 * ldc + L)).intoArray(c, c0 + 3 * ldc + L);
            s32.mul(scale).add(FloatVector.fromArray(S, c, c0 + 3 * ldc + 2 * L)).intoArray(c, c0 + 3 * ldc + 2 * L);
        } else {
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
        }
    }

    /**
     * Six rows of C by two vectors of columns, for AVX2's 16 vector registers: twelve sums, two loads
     * of B and six broadcasts of A for twelve fused multiply-adds (15 registers), the blocking BLIS
     * uses on AVX2. Against {@link #block4x2}'s eight sums, which leave both FMA units short of
     * independent work: 37-53 against 27-42 GFLOP/s on one core of an AVX2 AMD EPYC (Zen 3, FMA peak
     * there about 83). The accumulating stores are written out, not calls to {@link #add}: with
     * twelve of them C2 left some calls out of line, boxing (allocating) their vectors.
     */
    static void block6x2(int k, float[] a, int a0, int ars, int acs, float[] bm, int b0, int ldb,
                                 float scale, float[] c, int c0, int ldc, boolean accumulate) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00;
        FloatVector s30 = s00, s31 = s00, s40 = s00, s41 = s00, s50 = s00, s51 = s00;
        for (int p = 0; p < k; p++) {
            int br = b0 + p * ldb;
            FloatVector v0 = FloatVector.fromArray(S, bm, br);
            FloatVector v1 = FloatVector.fromArray(S, bm, br + L);
            int ap = a0 + p * acs;
            FloatVector e = FloatVector.broadcast(S, a[ap]);
            s00 = e.fma(v0, s00);
            s01 = e.fma(v1, s01);
            e = FloatVector.broadcast(S, a[ap + ars]);
            s10 = e.fma(v0, s10);
            s11 = e.fma(v1, s11);
            e = FloatVector.broadcast(S, a[ap + 2 * ars]);
            s20 = e.fma(v0, s20);
            s21 = e.fma(v1, s21);
            e = FloatVector.broadcast(S, a[ap + 3 * ars]);
            s30 = e.fma(v0, s30);
            s31 = e.fma(v1, s31);
            e = FloatVector.broadcast(S, a[ap + 4 * ars]);
            s40 = e.fma(v0, s40);
            s41 = e.fma(v1, s41);
            e = FloatVector.broadcast(S, a[ap + 5 * ars]);
            s50 = e.fma(v0, s50);
            s51 = e.fma(v1, s51);
        }
        if (accumulate) {
            s00.mul(scale).add(FloatVector.fromArray(S, c, c0)).intoArray(c, c0);
            s01.mul(scale).add(FloatVector.fromArray(S, c, c0 + L)).intoArray(c, c0 + L);
            s10.mul(scale).add(FloatVector.fromArray(S, c, c0 + ldc)).intoArray(c, c0 + ldc);
            s11.mul(scale).add(FloatVector.fromArray(S, c, c0 + ldc + L)).intoArray(c, c0 + ldc + L);
            s20.mul(scale).add(FloatVector.fromArray(S, c, c0 + 2 * ldc)).intoArray(c, c0 + 2 * ldc);
            s21.mul(scale).add(FloatVector.fromArray(S, c, c0 + 2 * ldc + L)).intoArray(c, c0 + 2 * ldc + L);
            s30.mul(scale).add(FloatVector.fromArray(S, c, c0 + 3 * ldc)).intoArray(c, c0 + 3 * ldc);
            s31.mul(scale).add(FloatVector.fromArray(S, c, c0 + 3 * ldc + L)).intoArray(c, c0 + 3 * ldc + L);
            s40.mul(scale).add(FloatVector.fromArray(S, c, c0 + 4 * ldc)).intoArray(c, c0 + 4 * ldc);
            s41.mul(scale).add(FloatVector.fromArray(S, c, c0 + 4 * ldc + L)).intoArray(c, c0 + 4 * ldc + L);
            s50.mul(scale).add(FloatVector.fromArray(S, c, c0 + 5 * ldc)).intoArray(c, c0 + 5 * ldc);
            s51.mul(scale).add(FloatVector.fromArray(S, c, c0 + 5 * ldc + L)).intoArray(c, c0 + 5 * ldc + L);
        } else {
            s00.mul(scale).intoArray(c, c0);
            s01.mul(scale).intoArray(c, c0 + L);
            s10.mul(scale).intoArray(c, c0 + ldc);
            s11.mul(scale).intoArray(c, c0 + ldc + L);
            s20.mul(scale).intoArray(c, c0 + 2 * ldc);
            s21.mul(scale).intoArray(c, c0 + 2 * ldc + L);
            s30.mul(scale).intoArray(c, c0 + 3 * ldc);
            s31.mul(scale).intoArray(c, c0 + 3 * ldc + L);
            s40.mul(scale).intoArray(c, c0 + 4 * ldc);
            s41.mul(scale).intoArray(c, c0 + 4 * ldc + L);
            s50.mul(scale).intoArray(c, c0 + 5 * ldc);
            s51.mul(scale).intoArray(c, c0 + 5 * ldc + L);
        }
    }

    /** Four rows of C by two vectors of columns, starting at {@code c0}; B's columns start at {@code b0}. */
    static void block4x2(int k, float[] a, int a0, int ars, int acs, float[] bm, int b0, int ldb,
                                 float scale, float[] c, int c0, int ldc, boolean accumulate) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00;
        FloatVector s20 = s00, s21 = s00, s30 = s00, s31 = s00;
        for (int p = 0; p < k; p++) {
            int br = b0 + p * ldb;
            FloatVector v0 = FloatVector.fromArray(S, bm, br);
            FloatVector v1 = FloatVector.fromArray(S, bm, br + L);
            int ap = a0 + p * acs;
            FloatVector e = FloatVector.broadcast(S, a[ap]);
            s00 = e.fma(v0, s00);
            s01 = e.fma(v1, s01);
            e = FloatVector.broadcast(S, a[ap + ars]);
            s10 = e.fma(v0, s10);
            s11 = e.fma(v1, s11);
            e = FloatVector.broadcast(S, a[ap + 2 * ars]);
            s20 = e.fma(v0, s20);
            s21 = e.fma(v1, s21);
            e = FloatVector.broadcast(S, a[ap + 3 * ars]);
            s30 = e.fma(v0, s30);
            s31 = e.fma(v1, s31);
        }
        if (accumulate) {
            s00.mul(scale).add(FloatVector.fromArray(S, c, c0)).intoArray(c, c0);
            s01.mul(scale).add(FloatVector.fromArray(S, c, c0 + L)).intoArray(c, c0 + L);
            s10.mul(scale).add(FloatVector.fromArray(S, c, c0 + ldc)).intoArray(c, c0 + ldc);
            s11.mul(scale).add(FloatVector.fromArray(S, c, c0 + ldc + L)).intoArray(c, c0 + ldc + L);
            s20.mul(scale).add(FloatVector.fromArray(S, c, c0 + 2 * ldc)).intoArray(c, c0 + 2 * ldc);
            s21.mul(scale).add(FloatVector.fromArray(S, c, c0 + 2 * ldc + L)).intoArray(c, c0 + 2 * ldc + L);
            s30.mul(scale).add(FloatVector.fromArray(S, c, c0 + 3 * ldc)).intoArray(c, c0 + 3 * ldc);
            s31.mul(scale).add(FloatVector.fromArray(S, c, c0 + 3 * ldc + L)).intoArray(c, c0 + 3 * ldc + L);
        } else {
            s00.mul(scale).intoArray(c, c0);
            s01.mul(scale).intoArray(c, c0 + L);
            s10.mul(scale).intoArray(c, c0 + ldc);
            s11.mul(scale).intoArray(c, c0 + ldc + L);
            s20.mul(scale).intoArray(c, c0 + 2 * ldc);
            s21.mul(scale).intoArray(c, c0 + 2 * ldc + L);
            s30.mul(scale).intoArray(c, c0 + 3 * ldc);
            s31.mul(scale).intoArray(c, c0 + 3 * ldc + L);
        }
    }

    /**
     * Eight rows of C by one vector: eight independent chains of fused multiply-adds, as many as two
     * FMA units with a latency of four cycles keep busy (a four-row block leaves half of them idle, and
     * a layer's last 16 outputs, or a 10-logit layer's, run through this block alone).
     */
    static void block8x1(int k, float[] a, int a0, int ars, int acs, float[] bm, int b0, int ldb,
                                 float scale, float[] c, int c0, int ldc, boolean accumulate) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        for (int p = 0; p < k; p++) {
            FloatVector v = FloatVector.fromArray(S, bm, b0 + p * ldb);
            int ap = a0 + p * acs;
            s0 = FloatVector.broadcast(S, a[ap]).fma(v, s0);
            s1 = FloatVector.broadcast(S, a[ap + ars]).fma(v, s1);
            s2 = FloatVector.broadcast(S, a[ap + 2 * ars]).fma(v, s2);
            s3 = FloatVector.broadcast(S, a[ap + 3 * ars]).fma(v, s3);
            s4 = FloatVector.broadcast(S, a[ap + 4 * ars]).fma(v, s4);
            s5 = FloatVector.broadcast(S, a[ap + 5 * ars]).fma(v, s5);
            s6 = FloatVector.broadcast(S, a[ap + 6 * ars]).fma(v, s6);
            s7 = FloatVector.broadcast(S, a[ap + 7 * ars]).fma(v, s7);
        }
        if (accumulate) {
            s0.mul(scale).add(FloatVector.fromArray(S, c, c0)).intoArray(c, c0);
            s1.mul(scale).add(FloatVector.fromArray(S, c, c0 + ldc)).intoArray(c, c0 + ldc);
            s2.mul(scale).add(FloatVector.fromArray(S, c, c0 + 2 * ldc)).intoArray(c, c0 + 2 * ldc);
            s3.mul(scale).add(FloatVector.fromArray(S, c, c0 + 3 * ldc)).intoArray(c, c0 + 3 * ldc);
            s4.mul(scale).add(FloatVector.fromArray(S, c, c0 + 4 * ldc)).intoArray(c, c0 + 4 * ldc);
            s5.mul(scale).add(FloatVector.fromArray(S, c, c0 + 5 * ldc)).intoArray(c, c0 + 5 * ldc);
            s6.mul(scale).add(FloatVector.fromArray(S, c, c0 + 6 * ldc)).intoArray(c, c0 + 6 * ldc);
            s7.mul(scale).add(FloatVector.fromArray(S, c, c0 + 7 * ldc)).intoArray(c, c0 + 7 * ldc);
        } else {
            s0.mul(scale).intoArray(c, c0);
            s1.mul(scale).intoArray(c, c0 + ldc);
            s2.mul(scale).intoArray(c, c0 + 2 * ldc);
            s3.mul(scale).intoArray(c, c0 + 3 * ldc);
            s4.mul(scale).intoArray(c, c0 + 4 * ldc);
            s5.mul(scale).intoArray(c, c0 + 5 * ldc);
            s6.mul(scale).intoArray(c, c0 + 6 * ldc);
            s7.mul(scale).intoArray(c, c0 + 7 * ldc);
        }
    }

    /** Four rows of C by one vector of columns. */
    static void block4x1(int k, float[] a, int a0, int ars, int acs, float[] bm, int b0, int ldb,
                                 float scale, float[] c, int c0, int ldc, boolean accumulate) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        for (int p = 0; p < k; p++) {
            FloatVector v = FloatVector.fromArray(S, bm, b0 + p * ldb);
            int ap = a0 + p * acs;
            s0 = FloatVector.broadcast(S, a[ap]).fma(v, s0);
            s1 = FloatVector.broadcast(S, a[ap + ars]).fma(v, s1);
            s2 = FloatVector.broadcast(S, a[ap + 2 * ars]).fma(v, s2);
            s3 = FloatVector.broadcast(S, a[ap + 3 * ars]).fma(v, s3);
        }
        if (accumulate) {
            s0.mul(scale).add(FloatVector.fromArray(S, c, c0)).intoArray(c, c0);
            s1.mul(scale).add(FloatVector.fromArray(S, c, c0 + ldc)).intoArray(c, c0 + ldc);
            s2.mul(scale).add(FloatVector.fromArray(S, c, c0 + 2 * ldc)).intoArray(c, c0 + 2 * ldc);
            s3.mul(scale).add(FloatVector.fromArray(S, c, c0 + 3 * ldc)).intoArray(c, c0 + 3 * ldc);
        } else {
            s0.mul(scale).intoArray(c, c0);
            s1.mul(scale).intoArray(c, c0 + ldc);
            s2.mul(scale).intoArray(c, c0 + 2 * ldc);
            s3.mul(scale).intoArray(c, c0 + 3 * ldc);
        }
    }

    /** One row of C by one vector of columns. */
    static void block1x1(int k, float[] a, int a0, int acs, float[] bm, int b0, int ldb,
                                 float scale, float[] c, int c0, boolean accumulate) {
        FloatVector s = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            s = FloatVector.broadcast(S, a[a0 + p * acs]).fma(FloatVector.fromArray(S, bm, b0 + p * ldb), s);
        }
        if (accumulate) {
            s.mul(scale).add(FloatVector.fromArray(S, c, c0)).intoArray(c, c0);
        } else {
            s.mul(scale).intoArray(c, c0);
        }
    }
}
