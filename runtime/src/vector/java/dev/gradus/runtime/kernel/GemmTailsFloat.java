package dev.gradus.runtime.kernel;

/**
 * The columns of a broadcast GEMM's C left over after whole vectors ({@link GemmFloat256} and its
 * siblings), in scalar code: each element's products added one at a time in the same order as a
 * vector lane's, blocked four rows by up to four columns so that independent sums hide each
 * addition's latency. No Vector API here, so the 256- and 512-bit classes share it.
 * {@code generate.sh} writes GemmTailsDouble from this file.
 */
final class GemmTailsFloat {
    private GemmTailsFloat() {}

    /**
     * Columns {@code j} and {@code j + 1} of four rows of C, among those left over after whole vectors:
     * the sums of {@link #scalarTail} (the same products added in the same order, so the same bits),
     * eight of them at once. One sum at a time waits on each addition's latency: as {@code scalarTail}
     * alone, these few columns (4 of a 14x14 image's 196) took 15% of the CNN benchmark's step.
     */
    static void tail4x2(int j, int k, float[] a, int a0, int ars, int acs, float[] bm, int bOff, int ldb,
                                float scale, float[] c, int c0, int ldc, boolean accumulate) {
        float s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
        for (int p = 0; p < k; p++) {
            int ap = a0 + p * acs;
            int bp = bOff + p * ldb + j;
            float b0 = bm[bp];
            float b1 = bm[bp + 1];
            float e = a[ap];
            s00 += e * b0;
            s01 += e * b1;
            e = a[ap + ars];
            s10 += e * b0;
            s11 += e * b1;
            e = a[ap + 2 * ars];
            s20 += e * b0;
            s21 += e * b1;
            e = a[ap + 3 * ars];
            s30 += e * b0;
            s31 += e * b1;
        }
        int r = c0 + j;
        c[r] = (accumulate ? c[r] : 0) + scale * s00;
        c[r + 1] = (accumulate ? c[r + 1] : 0) + scale * s01;
        r += ldc;
        c[r] = (accumulate ? c[r] : 0) + scale * s10;
        c[r + 1] = (accumulate ? c[r + 1] : 0) + scale * s11;
        r += ldc;
        c[r] = (accumulate ? c[r] : 0) + scale * s20;
        c[r + 1] = (accumulate ? c[r + 1] : 0) + scale * s21;
        r += ldc;
        c[r] = (accumulate ? c[r] : 0) + scale * s30;
        c[r + 1] = (accumulate ? c[r + 1] : 0) + scale * s31;
    }

    /**
     * Columns {@code j..j + 3} of four rows of C, as {@link #tail4x2}: sixteen sums, four loads of B
     * and four of A for sixteen products (a 10-logit layer's forward product on W's transposed copy
     * is all tail: 12% of a 64-32-10 classifier's step in pairs of columns).
     */
    static void tail4x4(int j, int k, float[] a, int a0, int ars, int acs, float[] bm, int bOff, int ldb,
                                float scale, float[] c, int c0, int ldc, boolean accumulate) {
        float s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        float s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
        for (int p = 0; p < k; p++) {
            int ap = a0 + p * acs;
            int bp = bOff + p * ldb + j;
            float b0 = bm[bp];
            float b1 = bm[bp + 1];
            float b2 = bm[bp + 2];
            float b3 = bm[bp + 3];
            float e = a[ap];
            s00 += e * b0;
            s01 += e * b1;
            s02 += e * b2;
            s03 += e * b3;
            e = a[ap + ars];
            s10 += e * b0;
            s11 += e * b1;
            s12 += e * b2;
            s13 += e * b3;
            e = a[ap + 2 * ars];
            s20 += e * b0;
            s21 += e * b1;
            s22 += e * b2;
            s23 += e * b3;
            e = a[ap + 3 * ars];
            s30 += e * b0;
            s31 += e * b1;
            s32 += e * b2;
            s33 += e * b3;
        }
        int r = c0 + j;
        store4(c, r, scale, accumulate, s00, s01, s02, s03);
        store4(c, r + ldc, scale, accumulate, s10, s11, s12, s13);
        store4(c, r + 2 * ldc, scale, accumulate, s20, s21, s22, s23);
        store4(c, r + 3 * ldc, scale, accumulate, s30, s31, s32, s33);
    }

    /** {@code c[r..r + 3]} (plus what was there, when accumulating) gets {@code scale} times the four sums. */
    private static void store4(float[] c, int r, float scale, boolean accumulate, float s0, float s1, float s2, float s3) {
        c[r] = (accumulate ? c[r] : 0) + scale * s0;
        c[r + 1] = (accumulate ? c[r + 1] : 0) + scale * s1;
        c[r + 2] = (accumulate ? c[r + 2] : 0) + scale * s2;
        c[r + 3] = (accumulate ? c[r + 3] : 0) + scale * s3;
    }

    /** Column {@code j} of four rows of C, as {@link #tail4x2}. */
    static void tail4x1(int j, int k, float[] a, int a0, int ars, int acs, float[] bm, int bOff, int ldb,
                                float scale, float[] c, int c0, int ldc, boolean accumulate) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int p = 0; p < k; p++) {
            int ap = a0 + p * acs;
            float b = bm[bOff + p * ldb + j];
            s0 += a[ap] * b;
            s1 += a[ap + ars] * b;
            s2 += a[ap + 2 * ars] * b;
            s3 += a[ap + 3 * ars] * b;
        }
        int r = c0 + j;
        c[r] = (accumulate ? c[r] : 0) + scale * s0;
        r += ldc;
        c[r] = (accumulate ? c[r] : 0) + scale * s1;
        r += ldc;
        c[r] = (accumulate ? c[r] : 0) + scale * s2;
        r += ldc;
        c[r] = (accumulate ? c[r] : 0) + scale * s3;
    }

    /** Columns {@code from..n-1} of one row of C, the ones left over after whole vectors. */
    static void scalarTail(int from, int n, int k, float[] a, int a0, int acs, float[] bm, int bOff, int ldb,
                                   float scale, float[] c, int c0, boolean accumulate) {
        for (int j = from; j < n; j++) {
            float s = 0;
            for (int p = 0; p < k; p++) {
                s += a[a0 + p * acs] * bm[bOff + p * ldb + j];
            }
            c[c0 + j] = (accumulate ? c[c0 + j] : 0) + scale * s;
        }
    }
}
