package dev.gradus.runtime.kernel;
// Generated from PackedBlocksFloat256.java by runtime/src/vector/generate.sh: edit that file and run the script.

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register blocks of {@link GemmFloat512}'s GEMMs whose every load is the loop variable, or a power of two times
 * it, plus a constant of the call, so that C2 checks their bounds before the loop instead of in every step: A's
 * rows packed ({@link #block6x2Packed}) or as given and contiguous along p ({@link #block6x2Panel},
 * {@link #block4x2Panel}), B's panel packed, two vectors wide. The same chains of fused multiply-adds as
 * {@link GemmBlocksFloat512}'s blocks, in the same order: the same bits. Their stores are written inline, as
 * there (a store helper is not always inlined by C2, and boxed the sums).
 */
final class PackedBlocksFloat512 {
    private PackedBlocksFloat512() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int L = S.length();
    /**
     * Elements a step of p takes in A's packed six-row blocks ({@link #block6x2Packed}): six values and two of
     * padding. A power of two, so the index {@code a0 + 8p} stays a shifted loop variable and C2 moves the six
     * loads' bounds checks out of the loop; at 6 it rewrote {@code 6p} as {@code 4p + 2p}, which its range
     * check elimination does not recognise, and two checks stayed in every step (JDK 17, disassembled).
     */
    static final int PACKED_STEP = 8;

    /**
     * {@link GemmBlocksFloat512#block6x2} on A's rows as given, each contiguous along p ({@code a[a0 + r·ars + p]} is A(r, p): the
     * forward product's x, the input gradient's G), and B's panel contiguous, two vectors a row from index 0: every
     * index is p plus a constant of the call, or a power of two times p, so C2 checks the loads' bounds before the
     * loop (at run-time strides {@link GemmBlocksFloat512#block6x2} checks eight loads every step). For products with too few panels
     * to pay for packing A's rows ({@link #block6x2Packed}): a forward product shared by output rows in chunks of 64.
     * The same chains in the same order: the same bits.
     */
    static void block6x2Panel(int k, float[] a, int a0, int ars, float[] bm, float scale, float[] c, int c0, int ldc,
                              boolean accumulate) {
        int a1 = a0 + ars;
        int a2 = a1 + ars;
        int a3 = a2 + ars;
        int a4 = a3 + ars;
        int a5 = a4 + ars;
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00;
        FloatVector s30 = s00, s31 = s00, s40 = s00, s41 = s00, s50 = s00, s51 = s00;
        for (int p = 0; p < k; p++) {
            FloatVector v0 = FloatVector.fromArray(S, bm, p * 2 * L);
            FloatVector v1 = FloatVector.fromArray(S, bm, p * 2 * L + L);
            FloatVector e = FloatVector.broadcast(S, a[a0 + p]);
            s00 = e.fma(v0, s00);
            s01 = e.fma(v1, s01);
            e = FloatVector.broadcast(S, a[a1 + p]);
            s10 = e.fma(v0, s10);
            s11 = e.fma(v1, s11);
            e = FloatVector.broadcast(S, a[a2 + p]);
            s20 = e.fma(v0, s20);
            s21 = e.fma(v1, s21);
            e = FloatVector.broadcast(S, a[a3 + p]);
            s30 = e.fma(v0, s30);
            s31 = e.fma(v1, s31);
            e = FloatVector.broadcast(S, a[a4 + p]);
            s40 = e.fma(v0, s40);
            s41 = e.fma(v1, s41);
            e = FloatVector.broadcast(S, a[a5 + p]);
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

    /**
     * {@link GemmBlocksFloat512#block6x2} on packed operands: A's six rows interleaved ({@code a[a0 + 8p + r]} is A(r, p),
     * {@link #PACKED_STEP}; {@link GemmFloat512#packRows}) and B's panel contiguous, two vectors a row from {@code b0}.
     * Every index is then a power of two times p plus a constant of the call, and C2 (JDK 17, disassembled) checks
     * the loads' bounds once before the loop and unrolls it: the loop holds the twelve fused multiply-adds, two
     * loads and six broadcasts a step and nothing else. With six elements a step, C2 rewrote {@code 6p} as
     * {@code 4p + 2p} and kept four checks in every step; the step of eight made the packed products 1.12-1.38
     * times as fast on one core of an AVX2 AMD EPYC (Zen 3), 72-79 GFLOP/s against a measured peak of 70-84
     * (docs/PERFORMANCE.md). The same chains in the same order: the same bits.
     */
    static void block6x2Packed(int k, float[] a, int a0, float[] bm, int b0, float scale, float[] c, int c0, int ldc,
                               boolean accumulate) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00;
        FloatVector s30 = s00, s31 = s00, s40 = s00, s41 = s00, s50 = s00, s51 = s00;
        for (int p = 0; p < k; p++) {
            FloatVector v0 = FloatVector.fromArray(S, bm, b0 + p * 2 * L);
            FloatVector v1 = FloatVector.fromArray(S, bm, b0 + p * 2 * L + L);
            int ap = a0 + p * PACKED_STEP;
            FloatVector e = FloatVector.broadcast(S, a[ap]);
            s00 = e.fma(v0, s00);
            s01 = e.fma(v1, s01);
            e = FloatVector.broadcast(S, a[ap + 1]);
            s10 = e.fma(v0, s10);
            s11 = e.fma(v1, s11);
            e = FloatVector.broadcast(S, a[ap + 2]);
            s20 = e.fma(v0, s20);
            s21 = e.fma(v1, s21);
            e = FloatVector.broadcast(S, a[ap + 3]);
            s30 = e.fma(v0, s30);
            s31 = e.fma(v1, s31);
            e = FloatVector.broadcast(S, a[ap + 4]);
            s40 = e.fma(v0, s40);
            s41 = e.fma(v1, s41);
            e = FloatVector.broadcast(S, a[ap + 5]);
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

    /** {@link GemmBlocksFloat512#block4x2} on A's rows as given (contiguous along p) and a packed two-vector panel of B, as {@link #block6x2Panel}. */
    static void block4x2Panel(int k, float[] a, int a0, int ars, float[] bm, float scale, float[] c, int c0, int ldc,
                              boolean accumulate) {
        int a1 = a0 + ars;
        int a2 = a1 + ars;
        int a3 = a2 + ars;
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00;
        FloatVector s20 = s00, s21 = s00, s30 = s00, s31 = s00;
        for (int p = 0; p < k; p++) {
            FloatVector v0 = FloatVector.fromArray(S, bm, p * 2 * L);
            FloatVector v1 = FloatVector.fromArray(S, bm, p * 2 * L + L);
            FloatVector e = FloatVector.broadcast(S, a[a0 + p]);
            s00 = e.fma(v0, s00);
            s01 = e.fma(v1, s01);
            e = FloatVector.broadcast(S, a[a1 + p]);
            s10 = e.fma(v0, s10);
            s11 = e.fma(v1, s11);
            e = FloatVector.broadcast(S, a[a2 + p]);
            s20 = e.fma(v0, s20);
            s21 = e.fma(v1, s21);
            e = FloatVector.broadcast(S, a[a3 + p]);
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
     * {@link GemmBlocksFloat512#block4x2} on packed operands, as {@link #block6x2Packed}: A's four rows interleaved
     * ({@code a[a0 + 4p + r]} is A(r, p); {@link GemmFloat512#packRows}) and B's panel contiguous, two vectors a row
     * from {@code b0}. The rows after the six-row blocks of a product whose A is read down its columns (a weight
     * gradient's Gᵀ), which {@link GemmBlocksFloat512#block4x2} ran with eight checked loads a step: a chunk of 128
     * rows is 20 six-row blocks and two of four. The same chains in the same order: the same bits.
     */
    static void block4x2Packed(int k, float[] a, int a0, float[] bm, int b0, float scale, float[] c, int c0, int ldc,
                               boolean accumulate) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00;
        FloatVector s20 = s00, s21 = s00, s30 = s00, s31 = s00;
        for (int p = 0; p < k; p++) {
            FloatVector v0 = FloatVector.fromArray(S, bm, b0 + p * 2 * L);
            FloatVector v1 = FloatVector.fromArray(S, bm, b0 + p * 2 * L + L);
            int ap = a0 + 4 * p;
            FloatVector e = FloatVector.broadcast(S, a[ap]);
            s00 = e.fma(v0, s00);
            s01 = e.fma(v1, s01);
            e = FloatVector.broadcast(S, a[ap + 1]);
            s10 = e.fma(v0, s10);
            s11 = e.fma(v1, s11);
            e = FloatVector.broadcast(S, a[ap + 2]);
            s20 = e.fma(v0, s20);
            s21 = e.fma(v1, s21);
            e = FloatVector.broadcast(S, a[ap + 3]);
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
}
