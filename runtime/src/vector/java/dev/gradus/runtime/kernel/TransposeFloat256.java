package dev.gradus.runtime.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Rows of B copied transposed into a contiguous GEMM panel: what the forward product {@code x Wᵀ} of
 * a wide layer does with W's rows before {@link GemmFloat256#transposedGemm}'s register blocks run.
 * Blocks of as many rows as a vector has lanes are transposed in registers: a load a row, then
 * rounds of swaps (each exchanges one bit of the row index with the same bit of the lane index, by a
 * lane permutation and a blend), then a store a panel row. One class per width and precision, as
 * {@link GemmFloat256}: the network is written for up to sixteen lanes, and the rows and rounds a
 * narrower vector does not have fall away as constants ({@code L}). A class's own species only: a
 * transposition at another width in the same JVM would leave C2 two vector classes in the Vector
 * API's shared profiles, and stores it can no longer compile as vector stores (tried: a network of
 * half the width beside the full-width kernels made mlp784 1.7 times slower). A copy moves no value
 * through arithmetic, so the panel is the same, bit for bit, as the scalar copy it replaces
 * (docs/PERFORMANCE.md has the measurements).
 */
final class TransposeFloat256 {
    private TransposeFloat256() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = S.length();
    /** Each thread's block of L x L between the first and the last rounds of {@link #blocks} (first-level cache). */
    private static final ThreadLocal<float[]> TMP = ThreadLocal.withInitial(() -> new float[L * L]);
    private static final VectorShuffle<Float> SWAP8 = VectorShuffle.fromOp(S, i -> i ^ (8 % L));
    private static final VectorMask<Float> HIGH8 = VectorMask.fromLong(S, lanesWithBit(8));
    private static final VectorMask<Float> LOW8 = HIGH8.not();
    private static final VectorShuffle<Float> SWAP4 = VectorShuffle.fromOp(S, i -> i ^ (4 % L));
    private static final VectorMask<Float> HIGH4 = VectorMask.fromLong(S, lanesWithBit(4));
    private static final VectorMask<Float> LOW4 = HIGH4.not();
    private static final VectorShuffle<Float> SWAP2 = VectorShuffle.fromOp(S, i -> i ^ (2 % L));
    private static final VectorMask<Float> HIGH2 = VectorMask.fromLong(S, lanesWithBit(2));
    private static final VectorMask<Float> LOW2 = HIGH2.not();
    private static final VectorShuffle<Float> SWAP1 = VectorShuffle.fromOp(S, i -> i ^ (1 % L));
    private static final VectorMask<Float> HIGH1 = VectorMask.fromLong(S, lanesWithBit(1));
    private static final VectorMask<Float> LOW1 = HIGH1.not();

    /** The lanes whose index has bit {@code b} set (none where {@code b} is not below L: that round does not run). */
    private static long lanesWithBit(int b) {
        long m = 0;
        for (int i = 0; i < L; i++) {
            if ((i & b) != 0) {
                m |= 1L << i;
            }
        }
        return m;
    }

    /**
     * {@code panel[p·width + j] = bt[b0 + j·ldbt + p]} for {@code p < k}, {@code j < cols}, and 0 for
     * the panel's columns {@code cols..width-1}: {@code cols} rows of B, transposed.
     */
    static void pack(int k, int cols, float[] bt, int b0, int ldbt, float[] panel, int width) {
        pack(k, cols, bt, b0, ldbt, panel, 0, width);
    }

    /** {@link #pack} into {@code panel} from {@code p0}: also a trainer's transposed copy of W, a range of its rows. */
    static void pack(int k, int cols, float[] bt, int b0, int ldbt, float[] panel, int p0, int width) {
        int kb = k - k % L;
        float[] tmp = kb > 0 && cols >= L ? TMP.get() : null;
        int j = 0;
        for (; j + L <= cols; j += L) {
            int r = b0 + j * ldbt;
            blocks(bt, r, ldbt, kb, panel, p0 + j, width, tmp);
            for (int p = kb; p < k; p++) {
                for (int q = 0; q < L; q++) {
                    panel[p0 + p * width + j + q] = bt[r + q * ldbt + p];
                }
            }
        }
        for (; j < cols; j++) {
            for (int p = 0; p < k; p++) {
                panel[p0 + p * width + j] = bt[b0 + j * ldbt + p];
            }
        }
        for (j = cols; j < width; j++) {
            for (int p = 0; p < k; p++) {
                panel[p0 + p * width + j] = 0;
            }
        }
    }

    /**
     * Rows {@code from}, {@code from + ld}, ... (L of them) of B, elements {@code 0..kb-1} (kb a multiple of L),
     * stored transposed from {@code to} (rows {@code width} apart), L by L. In each L by L block round b swaps,
     * between rows r and r + b (r without bit b), the lanes with bit b set in row r and those without it in row
     * r + b. The loop over the blocks is here, around the loads, so that each row's load is the loop variable
     * plus a constant of the call and C2 can move its bounds check out of the loop (called once a block, the
     * checks of its loads were two thirds of the 9% of mlp784's step in bounds checks on an AVX2 Zen 3).
     */
    private static void blocks(float[] bt, int from, int ld, int kb, float[] panel, int to, int width, float[] tmp) {
        int r0 = from;
        int r1 = from + ld;
        int r2 = from + 2 * ld;
        int r3 = from + 3 * ld;
        int r4 = from + 4 * ld;
        int r5 = from + 5 * ld;
        int r6 = from + 6 * ld;
        int r7 = from + 7 * ld;
        int r8 = from + 8 * ld;
        int r9 = from + 9 * ld;
        int r10 = from + 10 * ld;
        int r11 = from + 11 * ld;
        int r12 = from + 12 * ld;
        int r13 = from + 13 * ld;
        int r14 = from + 14 * ld;
        int r15 = from + 15 * ld;
        for (int p = 0; p < kb; p += L) {
            int t = to + p * width;
            FloatVector v0 = FloatVector.fromArray(S, bt, r0 + p);
            FloatVector v1 = FloatVector.fromArray(S, bt, r1 + p);
            FloatVector v2 = L > 2 ? FloatVector.fromArray(S, bt, r2 + p) : v0;
            FloatVector v3 = L > 3 ? FloatVector.fromArray(S, bt, r3 + p) : v0;
            FloatVector v4 = L > 4 ? FloatVector.fromArray(S, bt, r4 + p) : v0;
            FloatVector v5 = L > 5 ? FloatVector.fromArray(S, bt, r5 + p) : v0;
            FloatVector v6 = L > 6 ? FloatVector.fromArray(S, bt, r6 + p) : v0;
            FloatVector v7 = L > 7 ? FloatVector.fromArray(S, bt, r7 + p) : v0;
            FloatVector v8 = L > 8 ? FloatVector.fromArray(S, bt, r8 + p) : v0;
            FloatVector v9 = L > 9 ? FloatVector.fromArray(S, bt, r9 + p) : v0;
            FloatVector v10 = L > 10 ? FloatVector.fromArray(S, bt, r10 + p) : v0;
            FloatVector v11 = L > 11 ? FloatVector.fromArray(S, bt, r11 + p) : v0;
            FloatVector v12 = L > 12 ? FloatVector.fromArray(S, bt, r12 + p) : v0;
            FloatVector v13 = L > 13 ? FloatVector.fromArray(S, bt, r13 + p) : v0;
            FloatVector v14 = L > 14 ? FloatVector.fromArray(S, bt, r14 + p) : v0;
            FloatVector v15 = L > 15 ? FloatVector.fromArray(S, bt, r15 + p) : v0;
            if (L > 8) {
                FloatVector x0 = v0;
                v0 = x0.blend(v8.rearrange(SWAP8), HIGH8);
                v8 = v8.blend(x0.rearrange(SWAP8), LOW8);
                FloatVector x1 = v1;
                v1 = x1.blend(v9.rearrange(SWAP8), HIGH8);
                v9 = v9.blend(x1.rearrange(SWAP8), LOW8);
                FloatVector x2 = v2;
                v2 = x2.blend(v10.rearrange(SWAP8), HIGH8);
                v10 = v10.blend(x2.rearrange(SWAP8), LOW8);
                FloatVector x3 = v3;
                v3 = x3.blend(v11.rearrange(SWAP8), HIGH8);
                v11 = v11.blend(x3.rearrange(SWAP8), LOW8);
                FloatVector x4 = v4;
                v4 = x4.blend(v12.rearrange(SWAP8), HIGH8);
                v12 = v12.blend(x4.rearrange(SWAP8), LOW8);
                FloatVector x5 = v5;
                v5 = x5.blend(v13.rearrange(SWAP8), HIGH8);
                v13 = v13.blend(x5.rearrange(SWAP8), LOW8);
                FloatVector x6 = v6;
                v6 = x6.blend(v14.rearrange(SWAP8), HIGH8);
                v14 = v14.blend(x6.rearrange(SWAP8), LOW8);
                FloatVector x7 = v7;
                v7 = x7.blend(v15.rearrange(SWAP8), HIGH8);
                v15 = v15.blend(x7.rearrange(SWAP8), LOW8);
            }
            if (L > 4) {
                FloatVector x0 = v0;
                v0 = x0.blend(v4.rearrange(SWAP4), HIGH4);
                v4 = v4.blend(x0.rearrange(SWAP4), LOW4);
                FloatVector x1 = v1;
                v1 = x1.blend(v5.rearrange(SWAP4), HIGH4);
                v5 = v5.blend(x1.rearrange(SWAP4), LOW4);
                FloatVector x2 = v2;
                v2 = x2.blend(v6.rearrange(SWAP4), HIGH4);
                v6 = v6.blend(x2.rearrange(SWAP4), LOW4);
                FloatVector x3 = v3;
                v3 = x3.blend(v7.rearrange(SWAP4), HIGH4);
                v7 = v7.blend(x3.rearrange(SWAP4), LOW4);
                if (L > 8) {
                    FloatVector x8 = v8;
                    v8 = x8.blend(v12.rearrange(SWAP4), HIGH4);
                    v12 = v12.blend(x8.rearrange(SWAP4), LOW4);
                    FloatVector x9 = v9;
                    v9 = x9.blend(v13.rearrange(SWAP4), HIGH4);
                    v13 = v13.blend(x9.rearrange(SWAP4), LOW4);
                    FloatVector x10 = v10;
                    v10 = x10.blend(v14.rearrange(SWAP4), HIGH4);
                    v14 = v14.blend(x10.rearrange(SWAP4), LOW4);
                    FloatVector x11 = v11;
                    v11 = x11.blend(v15.rearrange(SWAP4), HIGH4);
                    v15 = v15.blend(x11.rearrange(SWAP4), LOW4);
                }
            }
            v0.intoArray(tmp, 0 * L);
            v1.intoArray(tmp, 1 * L);
            if (L > 2) {
                v2.intoArray(tmp, 2 * L);
            }
            if (L > 3) {
                v3.intoArray(tmp, 3 * L);
            }
            if (L > 4) {
                v4.intoArray(tmp, 4 * L);
            }
            if (L > 5) {
                v5.intoArray(tmp, 5 * L);
            }
            if (L > 6) {
                v6.intoArray(tmp, 6 * L);
            }
            if (L > 7) {
                v7.intoArray(tmp, 7 * L);
            }
            if (L > 8) {
                v8.intoArray(tmp, 8 * L);
            }
            if (L > 9) {
                v9.intoArray(tmp, 9 * L);
            }
            if (L > 10) {
                v10.intoArray(tmp, 10 * L);
            }
            if (L > 11) {
                v11.intoArray(tmp, 11 * L);
            }
            if (L > 12) {
                v12.intoArray(tmp, 12 * L);
            }
            if (L > 13) {
                v13.intoArray(tmp, 13 * L);
            }
            if (L > 14) {
                v14.intoArray(tmp, 14 * L);
            }
            if (L > 15) {
                v15.intoArray(tmp, 15 * L);
            }
            lastRounds(tmp, panel, t, width);
        }
    }

    /**
     * The last two rounds of {@link #blocks}' swaps (bits 2 and 1 of the row index) on the L vectors it left in
     * {@code tmp}, and the stores of the panel's L rows from {@code t}. A method of its own, too large for C2 to inline
     * into {@code blocks}: with all four rounds in one method (about 160 Vector API calls) C2 sometimes ran out of
     * what it inlines into one compilation before the last blends, which then ran the Vector API's Java fallback
     * and allocated (KernelAllocationTest failed one run in three on an Intel Xeon; docs/PERFORMANCE.md).
     */
    private static void lastRounds(float[] tmp, float[] panel, int t, int width) {
        FloatVector v0 = FloatVector.fromArray(S, tmp, 0 * L);
        FloatVector v1 = FloatVector.fromArray(S, tmp, 1 * L);
        FloatVector v2 = L > 2 ? FloatVector.fromArray(S, tmp, 2 * L) : v0;
        FloatVector v3 = L > 3 ? FloatVector.fromArray(S, tmp, 3 * L) : v0;
        FloatVector v4 = L > 4 ? FloatVector.fromArray(S, tmp, 4 * L) : v0;
        FloatVector v5 = L > 5 ? FloatVector.fromArray(S, tmp, 5 * L) : v0;
        FloatVector v6 = L > 6 ? FloatVector.fromArray(S, tmp, 6 * L) : v0;
        FloatVector v7 = L > 7 ? FloatVector.fromArray(S, tmp, 7 * L) : v0;
        FloatVector v8 = L > 8 ? FloatVector.fromArray(S, tmp, 8 * L) : v0;
        FloatVector v9 = L > 9 ? FloatVector.fromArray(S, tmp, 9 * L) : v0;
        FloatVector v10 = L > 10 ? FloatVector.fromArray(S, tmp, 10 * L) : v0;
        FloatVector v11 = L > 11 ? FloatVector.fromArray(S, tmp, 11 * L) : v0;
        FloatVector v12 = L > 12 ? FloatVector.fromArray(S, tmp, 12 * L) : v0;
        FloatVector v13 = L > 13 ? FloatVector.fromArray(S, tmp, 13 * L) : v0;
        FloatVector v14 = L > 14 ? FloatVector.fromArray(S, tmp, 14 * L) : v0;
        FloatVector v15 = L > 15 ? FloatVector.fromArray(S, tmp, 15 * L) : v0;
        if (L > 2) {
            FloatVector x0 = v0;
            v0 = x0.blend(v2.rearrange(SWAP2), HIGH2);
            v2 = v2.blend(x0.rearrange(SWAP2), LOW2);
            FloatVector x1 = v1;
            v1 = x1.blend(v3.rearrange(SWAP2), HIGH2);
            v3 = v3.blend(x1.rearrange(SWAP2), LOW2);
            if (L > 4) {
                FloatVector x4 = v4;
                v4 = x4.blend(v6.rearrange(SWAP2), HIGH2);
                v6 = v6.blend(x4.rearrange(SWAP2), LOW2);
                FloatVector x5 = v5;
                v5 = x5.blend(v7.rearrange(SWAP2), HIGH2);
                v7 = v7.blend(x5.rearrange(SWAP2), LOW2);
            }
            if (L > 8) {
                FloatVector x8 = v8;
                v8 = x8.blend(v10.rearrange(SWAP2), HIGH2);
                v10 = v10.blend(x8.rearrange(SWAP2), LOW2);
                FloatVector x9 = v9;
                v9 = x9.blend(v11.rearrange(SWAP2), HIGH2);
                v11 = v11.blend(x9.rearrange(SWAP2), LOW2);
                FloatVector x12 = v12;
                v12 = x12.blend(v14.rearrange(SWAP2), HIGH2);
                v14 = v14.blend(x12.rearrange(SWAP2), LOW2);
                FloatVector x13 = v13;
                v13 = x13.blend(v15.rearrange(SWAP2), HIGH2);
                v15 = v15.blend(x13.rearrange(SWAP2), LOW2);
            }
        }
        if (L > 1) {
            FloatVector x0 = v0;
            v0 = x0.blend(v1.rearrange(SWAP1), HIGH1);
            v1 = v1.blend(x0.rearrange(SWAP1), LOW1);
            if (L > 2) {
                FloatVector x2 = v2;
                v2 = x2.blend(v3.rearrange(SWAP1), HIGH1);
                v3 = v3.blend(x2.rearrange(SWAP1), LOW1);
            }
            if (L > 4) {
                FloatVector x4 = v4;
                v4 = x4.blend(v5.rearrange(SWAP1), HIGH1);
                v5 = v5.blend(x4.rearrange(SWAP1), LOW1);
                FloatVector x6 = v6;
                v6 = x6.blend(v7.rearrange(SWAP1), HIGH1);
                v7 = v7.blend(x6.rearrange(SWAP1), LOW1);
            }
            if (L > 8) {
                FloatVector x8 = v8;
                v8 = x8.blend(v9.rearrange(SWAP1), HIGH1);
                v9 = v9.blend(x8.rearrange(SWAP1), LOW1);
                FloatVector x10 = v10;
                v10 = x10.blend(v11.rearrange(SWAP1), HIGH1);
                v11 = v11.blend(x10.rearrange(SWAP1), LOW1);
                FloatVector x12 = v12;
                v12 = x12.blend(v13.rearrange(SWAP1), HIGH1);
                v13 = v13.blend(x12.rearrange(SWAP1), LOW1);
                FloatVector x14 = v14;
                v14 = x14.blend(v15.rearrange(SWAP1), HIGH1);
                v15 = v15.blend(x14.rearrange(SWAP1), LOW1);
            }
        }
        v0.intoArray(panel, t);
        v1.intoArray(panel, t + width);
        if (L > 2) {
            v2.intoArray(panel, t + 2 * width);
            v3.intoArray(panel, t + 3 * width);
        }
        if (L > 4) {
            v4.intoArray(panel, t + 4 * width);
            v5.intoArray(panel, t + 5 * width);
            v6.intoArray(panel, t + 6 * width);
            v7.intoArray(panel, t + 7 * width);
        }
        if (L > 8) {
            v8.intoArray(panel, t + 8 * width);
            v9.intoArray(panel, t + 9 * width);
            v10.intoArray(panel, t + 10 * width);
            v11.intoArray(panel, t + 11 * width);
            v12.intoArray(panel, t + 12 * width);
            v13.intoArray(panel, t + 13 * width);
            v14.intoArray(panel, t + 14 * width);
            v15.intoArray(panel, t + 15 * width);
        }
    }
}
