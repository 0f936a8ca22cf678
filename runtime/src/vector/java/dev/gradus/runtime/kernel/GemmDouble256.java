package dev.gradus.runtime.kernel;
// Generated from GemmFloat256.java by runtime/src/vector/generate.sh: edit that file and run the script.

import static dev.gradus.runtime.kernel.GemmBlocksDouble256.block1x1;
import static dev.gradus.runtime.kernel.GemmBlocksDouble256.block4x1;
import static dev.gradus.runtime.kernel.GemmBlocksDouble256.block4x2;
import static dev.gradus.runtime.kernel.GemmBlocksDouble256.block4x3;
import static dev.gradus.runtime.kernel.GemmBlocksDouble256.block6x2;
import static dev.gradus.runtime.kernel.GemmBlocksDouble256.block8x1;
import static dev.gradus.runtime.kernel.GemmBlocksDouble256.block8x3;
import static dev.gradus.runtime.kernel.GemmBlocksDouble256.block8x3Add;
import static dev.gradus.runtime.kernel.PackedBlocksDouble256.block4x2Packed;
import static dev.gradus.runtime.kernel.PackedBlocksDouble256.block4x2Panel;
import static dev.gradus.runtime.kernel.PackedBlocksDouble256.block6x2Packed;
import static dev.gradus.runtime.kernel.PackedBlocksDouble256.block6x2Panel;
import static dev.gradus.runtime.kernel.PackedEightsDouble256.block8x3Packed;
import static dev.gradus.runtime.kernel.PackedEightsDouble256.block8x3PackedAdd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The double GEMMs with the Vector API at 256 bits: the broadcast GEMM ({@code G W} and
 * {@code Gᵀ X}) and the forward product {@code x Wᵀ} ({@link #transposedGemm}). Both run panels of
 * B's columns, two or three vectors wide, through {@link GemmBlocksDouble256}'s register blocks; the
 * columns left over after whole vectors run through a zero-padded vector's width of scratch. As
 * {@link VectorDouble256}, one class per width and precision; {@code generate.sh} writes the other
 * three from this file.
 */
final class GemmDouble256 {
    private GemmDouble256() {}

    static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    private static final int L = S.length();
    /**
     * Whether blocks of eight rows by three vectors fit in registers: AVX-512's 32 vector registers;
     * AVX2's 16 take six rows by two vectors.
     */
    private static final boolean FOUR_ROWS = S.vectorBitSize() >= 512;
    /** Vectors a panel of B is wide: three with 32 registers, two with 16. */
    private static final int PANEL = FOUR_ROWS ? 3 : 2;
    /**
     * Fewest rows of C for which a panel of B is packed (copied once, read by every row block): below
     * this the copy costs more than it saves. Measured for {@code G W} on one core of an AVX2 AMD EPYC
     * (Zen 3): 36 to 60 GFLOP/s at 256 by 1,024 by 1,024, 51 to 59 at 64 by 512 by 512.
     */
    private static final int PACK_ROWS = 12;
    /**
     * Fewest whole panels of B for which A's six-row blocks are packed too ({@link #packRows}): the copy
     * costs about as much as a panel's multiply-adds on the same rows, so it pays when many panels
     * read it. Measured on one core of an AVX2 AMD EPYC (Zen 3): the broadcast GEMM 1.23-1.42 times
     * as fast from 512 columns (32 panels); a forward product of 64 x 784 x 64 (mlp784's shared by rows
     * on two threads, four panels) 0.90-0.99 times.
     */
    private static final int PACKED_A_PANELS = 8;

    /**
     * {@code C[i][j] = (accumulate ? C[i][j] : 0) + scale · Σ_p A(i, p) · B[p][j]} for {@code i < m},
     * {@code j < n}, {@code p < k}, where {@code A(i, p) = a[aOff + i·ars + p·acs]}: the shape of both
     * {@code G W} (A = G) and {@code Gᵀ X} (A = Gᵀ, through its strides). A block of rows of C by
     * two or three vectors stays in registers across the whole sum over p.
     */
    static void broadcastGemm(int m, int n, int k, double[] a, int aOff, int ars, int acs, double[] bm, int bOff, int ldb,
                              double scale, double[] c, int cOff, int ldc, boolean accumulate) {
        broadcastGemm(m, n, k, a, aOff, ars, acs, null, bm, bOff, ldb, null, scale, c, cOff, ldc, accumulate);
    }

    /**
     * {@link #broadcastGemm(int, int, int, double[], int, int, int, double[], int, int, double, double[], int, int, boolean)}
     * with B's panels already packed by {@link #packPanels} into {@code packed} (null: packed here, panel by panel, as
     * there) and A's rows by {@link #packRowsInto} into {@code packedA} (null: packed here where enough panels read them). A product shared by rows of C between threads packs the whole of B once a step that way, instead of once
     * a chunk of rows: a weight gradient of 1,024 x 784 over 256 examples in chunks of 32 rows (sixteen threads' four
     * chunks) ran at 62 GFLOP/s against 88 in one call on one AVX2 core, all of the difference B's copies. The columns
     * after whole vectors are read from B as given. The same sums, packed or not.
     */
    static void broadcastGemm(int m, int n, int k, double[] a, int aOff, int ars, int acs, double[] packedA, double[] bm, int bOff,
                              int ldb, double[] packed, double scale, double[] c, int cOff, int ldc, boolean accumulate) {
        // Columns outer, rows inner: a panel of B (k rows, two or three vectors wide) stays in the
        // cache while every row of C passes it, so B, which may be a whole weight matrix, is read once
        // a call. With enough rows to pay for it the panel is first copied into a contiguous scratch
        // array: rows of B a power of two apart (1,024 doubles is 4 KiB) share a first-level cache set
        // and evict each other, and a contiguous panel is what the hardware prefetcher streams best.
        // The copy changes no sum: the bits are the same packed or not.
        int width = PANEL * L;
        double[] panel = m >= PACK_ROWS && packed == null ? Scratch.doubleRows(1, k * width)[0] : null;
        // Whole panels, then two vectors while they fit, then one. The narrower panels after the whole ones
        // are packed too: unpacked, the rows of B a power of two apart ran the two-vector blocks at half
        // the speed of the packed three-vector ones (a wide layer's input gradient shared by columns in
        // chunks of 128: two panels of 48 and 32 columns).
        int panels = wholePanels(n, false);
        double[] rows = packedA != null ? packedA : m >= PACK_ROWS ? packRows(m, n, k, a, aOff, ars, acs) : null;
        int j = 0;
        while (j + L <= n) {
            int vectors = panelVectors(j, n, panels);
            if (packed != null) {
                blocks(vectors, m, k, a, aOff, ars, acs, rows, packed, k * j, vectors * L, scale, c, cOff + j, ldc, accumulate);
            } else if (panel != null) {
                pack(k, vectors, bm, bOff + j, ldb, panel);
                blocks(vectors, m, k, a, aOff, ars, acs, rows, panel, 0, vectors * L, scale, c, cOff + j, ldc, accumulate);
            } else {
                blocks(vectors, m, k, a, aOff, ars, acs, null, bm, bOff + j, ldb, scale, c, cOff + j, ldc, accumulate);
            }
            j += vectors * L;
        }
        if (j < n) {
            // The columns left after whole vectors, fewer than a vector's lanes: copied into a vector's
            // width of scratch padded with zeros (with C's values, where the product accumulates),
            // through the same one-vector blocks, and back. So every element of C is the same chain of
            // fused multiply-adds, whichever column it is and however a product is split by columns
            // or examples; the scalar tails this replaces took 6-8% of the mlp784 and mlp256 steps on
            // an AMD Zen 5 (the 10-logit layers' forward products are all tail).
            int cols = n - j;
            double[][] scratch = Scratch.doubleRows(2, Math.max(k, m) * L);
            double[] bPad = scratch[0];
            double[] cPad = scratch[1];
            for (int p = 0; p < k; p++) {
                int from = bOff + p * ldb + j;
                int to = p * L;
                for (int q = 0; q < cols; q++) {
                    bPad[to + q] = bm[from + q];
                }
                for (int q = cols; q < L; q++) {
                    bPad[to + q] = 0;
                }
            }
            if (accumulate) {
                for (int i = 0; i < m; i++) {
                    System.arraycopy(c, cOff + i * ldc + j, cPad, i * L, cols);
                }
            }
            oneVector(m, k, a, aOff, ars, acs, bPad, 0, L, scale, cPad, 0, L, accumulate);
            for (int i = 0; i < m; i++) {
                System.arraycopy(cPad, i * L, c, cOff + i * ldc + j, cols);
            }
        }
    }

    /** Every row of C against one vector's width of B's columns from {@code b0}, at {@code c0}. */
    private static void oneVector(int m, int k, double[] a, int aOff, int ars, int acs, double[] bm, int b0, int ldb,
                                  double scale, double[] c, int c0, int ldc, boolean accumulate) {
        int i = 0;
        for (; i + 7 < m; i += 8) {
            block8x1(k, a, aOff + i * ars, ars, acs, bm, b0, ldb, scale, c, c0 + i * ldc, ldc, accumulate);
        }
        for (; i + 3 < m; i += 4) {
            block4x1(k, a, aOff + i * ars, ars, acs, bm, b0, ldb, scale, c, c0 + i * ldc, ldc, accumulate);
        }
        for (; i < m; i++) {
            block1x1(k, a, aOff + i * ars, acs, bm, b0, ldb, scale, c, c0 + i * ldc, accumulate);
        }
    }

    /**
     * {@code C[i][j] = Σ_p A(i, p) · bt[btOff + j·ldbt + p]} for {@code i < m}, {@code j < n},
     * {@code p < k}: C = A Bᵀ with B given by its rows, the forward product {@code y = x Wᵀ} (A = x,
     * B = W). Each panel of W's rows is copied transposed into a contiguous scratch panel, so the
     * product runs as the broadcast GEMM's register blocks: the sums stay in lanes (dot products
     * would end each output with a sum across a vector's lanes) and every element of x is broadcast
     * against a panel read once per row block (45-64 GFLOP/s on one AVX2 core for a wide layer
     * against the dot products' 31-40; docs/PERFORMANCE.md). The columns left after
     * whole panels are computed in a narrower panel, zero-padded to whole vectors, and copied out, so
     * every element of C is the same chain of fused multiply-adds, p = 0, 1, ..., whichever panel it
     * falls in: a layer's outputs do not depend on how its rows are split between threads. {@code packedA}: A's rows
     * packed by {@link #packRowsInto} once for every call on the same rows (null: packed here where enough panels
     * read them).
     */
    static void transposedGemm(int m, int n, int k, double[] a, int aOff, int ars, int acs, double[] packedA, double[] bt, int btOff,
                               int ldbt, double[] c, int cOff, int ldc) {
        int width = PANEL * L;
        double[][] scratch = Scratch.doubleRows(2, Math.max(k, m) * width);
        double[] panel = scratch[0];
        int panels = wholePanels(n, true);
        double[] rows = packedA != null ? packedA : packRows(m, n, k, a, aOff, ars, acs);
        int j = 0;
        for (; j < panels * width; j += width) {
            TransposeDouble256.pack(k, width, bt, btOff + j * ldbt, ldbt, panel, width);
            blocks(PANEL, m, k, a, aOff, ars, acs, rows, panel, 0, width, 1, c, cOff + j, ldc, false);
        }
        while (j < n) {
            // As many vectors as the columns left need (two and two for four, see wholePanels), the last
            // one zero-padded and copied out: a chunk of 32 rows of a layer split by rows is two vectors
            // at 512 bits (a 48-double panel would be a third padding), and 128 outputs end in two.
            int vectors = Math.min((n - j + L - 1) / L, 4);
            vectors = vectors == 4 ? 2 : vectors;
            int w = vectors * L;
            int cols = Math.min(n - j, w);
            TransposeDouble256.pack(k, cols, bt, btOff + j * ldbt, ldbt, panel, w);
            boolean whole = cols == w;
            double[] out = whole ? c : scratch[1];
            int o = whole ? cOff + j : 0;
            int ldo = whole ? ldc : w;
            blocks(vectors, m, k, a, aOff, ars, acs, rows, panel, 0, w, 1, out, o, ldo, false);
            if (!whole) {
                for (int i = 0; i < m; i++) {
                    System.arraycopy(scratch[1], i * w, c, cOff + i * ldc + j, cols);
                }
            }
            j += cols;
        }
    }

    /**
     * How many whole panels of {@link #PANEL} vectors to run {@code n} columns through: all there are,
     * except that three vectors and one go as two and two (64 columns, a thread's half of 128
     * outputs), where the columns after whole panels would leave one whole vector, or (when the last
     * vector is {@code padded} with zeros) one vector's columns or fewer: its one-vector blocks run
     * about half as fast as the larger blocks. Which block computes a column changes no bit.
     */
    private static int wholePanels(int n, boolean padded) {
        int panels = n / (PANEL * L);
        int rest = n - panels * PANEL * L;
        boolean oneVectorLeft = padded ? rest > 0 && rest <= L : rest >= L && rest < 2 * L;
        return FOUR_ROWS && panels > 0 && oneVectorLeft ? panels - 1 : panels;
    }

    /**
     * Every row of C against {@code vectors} vectors (one, two or three) of B's columns from {@code b0}, at {@code c0}.
     * {@code rows}: A's six-row blocks packed ({@link #packRows}, with B's panel packed: {@code b0} 0, {@code ldb} its
     * width), or null.
     */
    private static void blocks(int vectors, int m, int k, double[] a, int aOff, int ars, int acs, double[] rows, double[] bm,
                               int b0, int ldb, double scale, double[] c, int c0, int ldc, boolean accumulate) {
        if (vectors == 1) {
            oneVector(m, k, a, aOff, ars, acs, bm, b0, ldb, scale, c, c0, ldc, accumulate);
        } else if (vectors == 2) {
            // at 512 bits A's rows are packed in eight-row blocks, which only the three-vector blocks read: an eight-row
            // block of two vectors on them ran 0.85-0.99 times as fast as these (docs/PERFORMANCE.md)
            twoVectors(m, k, a, aOff, ars, acs, FOUR_ROWS ? null : rows, bm, b0, ldb, scale, c, c0, ldc, accumulate);
        } else {
            threeVectors(m, k, a, aOff, ars, acs, rows, bm, b0, ldb, scale, c, c0, ldc, accumulate);
        }
    }

    /**
     * Every row of C against three vectors of B's columns from {@code b0} (32 vector registers: blocks of eight rows).
     * {@code rows}: A's eight-row blocks packed ({@link #packEightsInto}), read where B's panel is packed too, or null.
     */
    private static void threeVectors(int m, int k, double[] a, int aOff, int ars, int acs, double[] rows, double[] bm, int b0,
                                     int ldb, double scale, double[] c, int c0, int ldc, boolean accumulate) {
        boolean packed = rows != null && ldb == 3 * L;
        int i = 0;
        for (; i + 7 < m; i += 8) {
            if (packed && accumulate) {
                block8x3PackedAdd(k, rows, i * k, bm, b0, scale, c, c0 + i * ldc, ldc);
            } else if (packed) {
                block8x3Packed(k, rows, i * k, bm, b0, scale, c, c0 + i * ldc, ldc);
            } else if (accumulate) {
                block8x3Add(k, a, aOff + i * ars, ars, acs, bm, b0, ldb, scale, c, c0 + i * ldc, ldc);
            } else {
                block8x3(k, a, aOff + i * ars, ars, acs, bm, b0, ldb, scale, c, c0 + i * ldc, ldc);
            }
        }
        for (; i + 3 < m; i += 4) {
            block4x3(k, a, aOff + i * ars, ars, acs, bm, b0, ldb, scale, c, c0 + i * ldc, ldc, accumulate);
        }
        for (; i < m; i++) {
            for (int v = 0; v < 3; v++) {
                block1x1(k, a, aOff + i * ars, acs, bm, b0 + v * L, ldb, scale, c, c0 + i * ldc + v * L, accumulate);
            }
        }
    }

    /**
     * How many six-row blocks {@link #twoVectors} runs {@code m} rows in. Rows left after the six-row blocks that a
     * four-row block cannot take would each run as a one-row block, whose single chain of fused multiply-adds waits
     * on its own latency: so 6a + 2 rows run as 6(a - 1) + 4 + 4, and 6a + 3 as 6(a - 1) + 4 + 4 + 1 (32 rows, the
     * examples of a batch of 64 split in two, was 5 x 6 + 2 one-row blocks, 1.5 times as long).
     */
    private static int sixes(int m) {
        int sixes = m / 6;
        return (m % 6 == 2 || m % 6 == 3) && sixes > 0 ? sixes - 1 : sixes;
    }

    /**
     * A's rows of {@link #twoVectors}' six-row blocks and the four-row blocks after them, packed for
     * {@link PackedBlocksDouble256#block6x2Packed} and {@link PackedBlocksDouble256#block4x2Packed}: six-row block
     * {@code b}'s A(6b + r, p) at {@code 8 (b k + p) + r} ({@link PackedBlocksDouble256#PACKED_STEP}: six values and two
     * zeros a step), then four-row block {@code f}'s A(6·sixes + 4f + r, p) at {@code 8 sixes k + 4 (f k + p) + r},
     * each block's rows interleaved so its loop reads them in order. Made once a call, read by every panel of B's
     * {@code n} columns; null where fewer than {@link #PACKED_A_PANELS} panels read it or where there is no six-row
     * block. With 32 registers (AVX-512's three-vector panels) A's eight-row blocks instead, for the three-vector
     * blocks ({@link #packEightsInto}); null where there is none. This thread's scratch.
     */
    private static double[] packRows(int m, int n, int k, double[] a, int aOff, int ars, int acs) {
        int length = rowsLength(m, k);
        if (length == 0 || n < PACKED_A_PANELS * PANEL * L) {
            return null;
        }
        double[] rows = Scratch.packedDoubles(length);
        packRowsInto(m, k, a, aOff, ars, acs, rows, 0, k);
        return rows;
    }

    /**
     * Elements of {@link #packRowsInto}'s copy of m rows of k: with 16 registers eight a step of p for each six-row
     * block and four for each four-row block after them, with 32 eight for each eight-row block; 0 where there is no
     * such block.
     */
    private static int rowsLength(int m, int k) {
        if (FOUR_ROWS) {
            return m / 8 * 8 * k;
        }
        int sixes = sixes(m);
        return sixes == 0 ? 0 : (sixes * PackedBlocksDouble256.PACKED_STEP + (m - 6 * sixes) / 4 * 4) * k;
    }

    /**
     * Elements of A's rows packed once a batch ({@link #packRowsInto}) for a product of {@code outputs} columns that
     * threads share: as a call packs them at 256 bits. At 512 bits only where the product has {@link #SHARED_PACK_VECTORS}
     * vectors of outputs or more, else 0 (the eight-row blocks are then packed per call, {@link #packRows}): only the
     * three-vector blocks read the packed rows, and a thread's range of a narrower product is two vectors wide, where a
     * copy once a batch was lost work (mlp784 0.91-0.98x, mlp256 about 0.95x on an Intel Xeon); a 1,024-wide layer's
     * ranges of 128 outputs on two threads run two three-vector panels of three (wide 1.2x there, 2026-12-08).
     */
    static int packedRowsLength(int m, int k, int outputs) {
        return FOUR_ROWS && outputs < SHARED_PACK_VECTORS * L ? 0 : rowsLength(m, k);
    }

    /**
     * Fewest vectors of outputs for which a shared product's A is packed once a batch at 512 bits: 48 vectors make a range
     * of 6 on two threads of four ranges each ({@code Workers}), two three-vector panels.
     */
    static final int SHARED_PACK_VECTORS = 48;

    /**
     * Steps {@code from..to-1} of p of A's m rows packed into {@code rows} as {@link #packRows} lays them out (see
     * there); threads may pack disjoint ranges of p at once. A product shared by output columns between threads
     * (the forward product by rows of W, the input gradient by columns of W) reads the same A in every call: packed
     * once a batch this way, every call runs the packed blocks, where each call had either packed all of A again or,
     * too narrow to pay for that, run {@link PackedBlocksDouble256#block6x2Panel} (65 GFLOP/s against the packed
     * block's 78 on one AVX2 core at 256 x 784 x 1,024).
     */
    static void packRowsInto(int m, int k, double[] a, int aOff, int ars, int acs, double[] rows, int from, int to) {
        if (FOUR_ROWS) {
            packEightsInto(m, k, a, aOff, ars, acs, rows, from, to);
            return;
        }
        int blocks = sixes(m);
        int fours = (m - 6 * blocks) / 4;
        int step = PackedBlocksDouble256.PACKED_STEP;
        for (int b = 0; b < blocks; b++) {
            int a0 = aOff + 6 * b * ars;
            int at = b * step * k + from * step;
            for (int p = from; p < to; p++) {
                int ap = a0 + p * acs;
                rows[at] = a[ap];
                rows[at + 1] = a[ap + ars];
                rows[at + 2] = a[ap + 2 * ars];
                rows[at + 3] = a[ap + 3 * ars];
                rows[at + 4] = a[ap + 4 * ars];
                rows[at + 5] = a[ap + 5 * ars];
                rows[at + 6] = 0;
                rows[at + 7] = 0;
                at += step;
            }
        }
        for (int f = 0; f < fours; f++) {
            int a0 = aOff + (6 * blocks + 4 * f) * ars;
            int at = (blocks * step + 4 * f) * k + from * 4;
            for (int p = from; p < to; p++) {
                int ap = a0 + p * acs;
                rows[at] = a[ap];
                rows[at + 1] = a[ap + ars];
                rows[at + 2] = a[ap + 2 * ars];
                rows[at + 3] = a[ap + 3 * ars];
                at += 4;
            }
        }
    }

    /**
     * {@link #packRowsInto} with 32 vector registers: A's eight-row blocks for {@link PackedEightsDouble256#block8x3Packed},
     * block {@code b}'s A(8b + r, p) at {@code 8 (b k + p) + r}, so that block {@code i / 8} starts at {@code i k}; the
     * rows after them (fewer than eight) are read as given.
     */
    private static void packEightsInto(int m, int k, double[] a, int aOff, int ars, int acs, double[] rows, int from, int to) {
        for (int b = 0; b < m / 8; b++) {
            int a0 = aOff + 8 * b * ars;
            int at = (b * k + from) * 8;
            for (int p = from; p < to; p++) {
                int ap = a0 + p * acs;
                for (int r = 0; r < 8; r++) {
                    rows[at + r] = a[ap + r * ars];
                }
                at += 8;
            }
        }
    }

    /** Every row of C against two vectors of B's columns from {@code b0}; {@code rows}: A's six-row blocks packed, or null. */
    private static void twoVectors(int m, int k, double[] a, int aOff, int ars, int acs, double[] rows, double[] bm, int b0,
                                   int ldb, double scale, double[] c, int c0, int ldc, boolean accumulate) {
        // A's rows contiguous along p and B's panel packed: the blocks whose loads C2 checks before the loop
        boolean panelRows = acs == 1 && b0 == 0 && ldb == 2 * L;
        int i = 0;
        int sixes = sixes(m);
        for (; i < 6 * sixes; i += 6) {
            if (rows != null) {
                block6x2Packed(k, rows, i / 6 * PackedBlocksDouble256.PACKED_STEP * k, bm, b0, scale, c, c0 + i * ldc, ldc, accumulate);
            } else if (panelRows) {
                block6x2Panel(k, a, aOff + i * ars, ars, bm, scale, c, c0 + i * ldc, ldc, accumulate);
            } else {
                block6x2(k, a, aOff + i * ars, ars, acs, bm, b0, ldb, scale, c, c0 + i * ldc, ldc, accumulate);
            }
        }
        for (; i + 3 < m; i += 4) {
            if (rows != null) {
                block4x2Packed(k, rows, (sixes * PackedBlocksDouble256.PACKED_STEP + i - 6 * sixes) * k, bm, b0, scale, c, c0 + i * ldc, ldc,
                        accumulate);
            } else if (panelRows) {
                block4x2Panel(k, a, aOff + i * ars, ars, bm, scale, c, c0 + i * ldc, ldc, accumulate);
            } else {
                block4x2(k, a, aOff + i * ars, ars, acs, bm, b0, ldb, scale, c, c0 + i * ldc, ldc, accumulate);
            }
        }
        for (; i < m; i++) {
            block1x1(k, a, aOff + i * ars, acs, bm, b0, ldb, scale, c, c0 + i * ldc, accumulate);
            block1x1(k, a, aOff + i * ars, acs, bm, b0 + L, ldb, scale, c, c0 + i * ldc + L, accumulate);
        }
    }

    /**
     * How many vectors wide {@link #broadcastGemm}'s panel of B from column {@code j} of {@code n} is, after {@code panels}
     * whole ones ({@link #wholePanels}): whole panels, then two vectors while they fit (AVX-512), then one.
     */
    private static int panelVectors(int j, int n, int panels) {
        return j < panels * PANEL * L ? PANEL : FOUR_ROWS && j + 2 * L <= n ? 2 : 1;
    }

    /**
     * Rows {@code from..to-1} (of {@code k}) of B's {@code n} columns, copied into {@code packed} as {@link #broadcastGemm}
     * reads its panels: the panel from column j, w columns wide, at {@code k·j}, its row p at {@code k·j + p·w}; only the
     * columns of whole vectors ({@code k·(n - n % L)} elements). Threads may pack disjoint rows at once.
     */
    static void packPanels(int k, int n, double[] bm, int bOff, int ldb, double[] packed, int from, int to) {
        int panels = wholePanels(n, false);
        int j = 0;
        while (j + L <= n) {
            int vectors = panelVectors(j, n, panels);
            int w = vectors * L;
            for (int p = from; p < to; p++) {
                for (int v = 0; v < vectors; v++) {
                    DoubleVector.fromArray(S, bm, bOff + p * ldb + j + v * L).intoArray(packed, k * j + p * w + v * L);
                }
            }
            j += w;
        }
    }

    /**
     * Whether {@link #broadcastGemm} with {@code m} rows of C reads B from a copy: what {@link #packPanels} can make
     * once for every chunk of rows. Below {@link #PACK_ROWS} rows it reads B as given.
     */
    static boolean packsPanels(int m) {
        return m >= PACK_ROWS;
    }

    /** Rows {@code 0..k-1} of B's panel of {@code vectors} vectors from {@code b0}, copied contiguously into {@code panel}. */
    private static void pack(int k, int vectors, double[] bm, int b0, int ldb, double[] panel) {
        int width = vectors * L;
        for (int p = 0; p < k; p++) {
            for (int v = 0; v < vectors; v++) {
                DoubleVector.fromArray(S, bm, b0 + p * ldb + v * L).intoArray(panel, p * width + v * L);
            }
        }
    }
}
