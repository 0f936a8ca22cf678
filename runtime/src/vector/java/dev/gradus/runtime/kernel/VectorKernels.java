package dev.gradus.runtime.kernel;

import jdk.incubator.vector.VectorShape;

/**
 * The kernels on the Vector API ({@code jdk.incubator.vector}) at 256 or 512 bits: the three GEMMs,
 * dot and axpy; the memory-bound row passes (activation derivative, bias sums) stay plain. This
 * class is compiled with {@code --add-modules jdk.incubator.vector} in a source folder of its own
 * and only ever loaded reflectively by {@link KernelSelector}, after it has checked that the module
 * is in the boot layer, so the rest of the runtime never needs the module.
 */
final class VectorKernels extends PlainKernels {
    private final boolean wide;
    private final boolean transposed;
    private final boolean packed;
    /** The kernels the twins were made from (this, for those). */
    private final VectorKernels base;
    private final VectorKernels twin;
    private final VectorKernels packedTwin;

    /**
     * @param emulated whether to accept a width the CPU does not have (the Vector API then computes
     *     in Java, correctly but slowly): for tests only
     * @throws UnsupportedOperationException when this CPU's vectors are narrower than {@code bits}
     */
    VectorKernels(int bits, boolean emulated) {
        int preferred = VectorShape.preferredShape().vectorBitSize();
        if (bits != 256 && bits != 512) {
            throw new IllegalArgumentException("no " + bits + "-bit kernels");
        }
        if (preferred < bits && !emulated) {
            throw new UnsupportedOperationException("the CPU's vectors have " + preferred + " bits, not " + bits);
        }
        this.wide = bits == 512;
        this.transposed = false;
        this.packed = false;
        this.base = this;
        this.twin = new VectorKernels(this, true);
        this.packedTwin = new VectorKernels(this, false);
    }

    /** The twin of {@code other} that computes the forward product on W's transposed copy, or (not {@code transposed}) by {@code forwardPacked}. */
    private VectorKernels(VectorKernels other, boolean transposed) {
        this.wide = other.wide;
        this.transposed = transposed;
        this.packed = !transposed;
        this.base = other;
        this.twin = null;
        this.packedTwin = null;
    }

    /**
     * These kernels with {@link #forward} as {@code VectorFloat256.forwardPacked} (and its siblings):
     * a GEMM on W's rows copied transposed, panel by panel, for wide layers split by output rows.
     */
    @Override
    public Kernels withPackedForward() {
        return base.packedTwin;
    }

    @Override
    public Kernels withTransposedForward() {
        return base.twin;
    }

    /** True: every element of the broadcast GEMM is the same chain of fused multiply-adds, whatever its block. */
    @Override
    public boolean inputGradientByColumns() {
        return true;
    }

    @Override
    public String name() {
        return wide ? "vector512" : "vector256";
    }

    /**
     * At 256 bits every layer these kernels take gets the packed forward product: measured in one JVM against
     * the transposed copy below {@link #WIDE_WEIGHTS} (two builds alternating, AVX2 AMD EPYC Zen 3, after the
     * packed blocks' bounds checks left their loops): mlp64 (64-32-10) 1.22x, mlp784 (its 128 x 10 layer)
     * 1.14x, mlp256 (512 x 10) 1.10x, embed 1.03x, cnn 0.99x. At 512 bits, not measured: the cut stays.
     */
    @Override
    public int packedForwardFrom() {
        return wide ? WIDE_WEIGHTS : SizedKernels.MIN_WEIGHTS;
    }

    /**
     * False: the dot-product forward kernel needs no transposed copy (the plain loops' answer, true,
     * is inherited otherwise); true for the twin {@link #withTransposedForward()} returns.
     */
    @Override
    public boolean transposedForward() {
        return transposed;
    }

    @Override
    public void forward(int batch, int in, int out, float[] x, int xOff, int ldx, float[] w, int wOff, int ldw,
                        float[] bias, int biasOff, Activation act, float[] y, int yOff, int ldy) {
        if (wide) {
            if (packed) {
                VectorFloat512.forwardPacked(batch, in, out, x, xOff, ldx, null, w, wOff, ldw, bias, biasOff, act, y, yOff, ldy);
            } else {
                VectorFloat512.forward(batch, in, out, x, xOff, ldx, w, wOff, ldw, bias, biasOff, act, y, yOff, ldy);
            }
        } else {
            if (packed) {
                VectorFloat256.forwardPacked(batch, in, out, x, xOff, ldx, null, w, wOff, ldw, bias, biasOff, act, y, yOff, ldy);
            } else {
                VectorFloat256.forward(batch, in, out, x, xOff, ldx, w, wOff, ldw, bias, biasOff, act, y, yOff, ldy);
            }
        }
    }

    @Override
    public void forward(int batch, int in, int out, double[] x, int xOff, int ldx, double[] w, int wOff, int ldw,
                        double[] bias, int biasOff, Activation act, double[] y, int yOff, int ldy) {
        if (wide) {
            if (packed) {
                VectorDouble512.forwardPacked(batch, in, out, x, xOff, ldx, null, w, wOff, ldw, bias, biasOff, act, y, yOff, ldy);
            } else {
                VectorDouble512.forward(batch, in, out, x, xOff, ldx, w, wOff, ldw, bias, biasOff, act, y, yOff, ldy);
            }
        } else {
            if (packed) {
                VectorDouble256.forwardPacked(batch, in, out, x, xOff, ldx, null, w, wOff, ldw, bias, biasOff, act, y, yOff, ldy);
            } else {
                VectorDouble256.forward(batch, in, out, x, xOff, ldx, w, wOff, ldw, bias, biasOff, act, y, yOff, ldy);
            }
        }
    }

    /** {@code dx = g W}: C = dx[batch][in], A = g (rows by ldg), B = W[out][in]. */
    @Override
    public void inputGradient(int batch, int in, int out, float[] g, int gOff, int ldg, float[] w, int wOff, int ldw,
                              float[] dx, int dxOff, int lddx, boolean accumulate) {
        if (wide) {
            GemmFloat512.broadcastGemm(batch, in, out, g, gOff, ldg, 1, null, w, wOff, ldw, null, 1, dx, dxOff, lddx, accumulate);
        } else {
            GemmFloat256.broadcastGemm(batch, in, out, g, gOff, ldg, 1, null, w, wOff, ldw, null, 1, dx, dxOff, lddx, accumulate);
        }
    }

    @Override
    public void inputGradient(int batch, int in, int out, double[] g, int gOff, int ldg, double[] w, int wOff, int ldw,
                              double[] dx, int dxOff, int lddx, boolean accumulate) {
        if (wide) {
            GemmDouble512.broadcastGemm(batch, in, out, g, gOff, ldg, 1, null, w, wOff, ldw, null, 1, dx, dxOff, lddx, accumulate);
        } else {
            GemmDouble256.broadcastGemm(batch, in, out, g, gOff, ldg, 1, null, w, wOff, ldw, null, 1, dx, dxOff, lddx, accumulate);
        }
    }

    /** {@code dW = scale gᵀ x}: C = dW[out][in], A = gᵀ (g read down its columns), B = x[batch][in]. */
    @Override
    public void weightGradient(int batch, int in, int out, float[] g, int gOff, int ldg, float[] x, int xOff, int ldx,
                               float scale, float[] dw, int dwOff, int lddw, boolean accumulate) {
        if (wide) {
            GemmFloat512.broadcastGemm(out, in, batch, g, gOff, 1, ldg, null, x, xOff, ldx, null, scale, dw, dwOff, lddw, accumulate);
        } else {
            GemmFloat256.broadcastGemm(out, in, batch, g, gOff, 1, ldg, null, x, xOff, ldx, null, scale, dw, dwOff, lddw, accumulate);
        }
    }

    @Override
    public void weightGradient(int batch, int in, int out, double[] g, int gOff, int ldg, double[] x, int xOff, int ldx,
                               double scale, double[] dw, int dwOff, int lddw, boolean accumulate) {
        if (wide) {
            GemmDouble512.broadcastGemm(out, in, batch, g, gOff, 1, ldg, null, x, xOff, ldx, null, scale, dw, dwOff, lddw, accumulate);
        } else {
            GemmDouble256.broadcastGemm(out, in, batch, g, gOff, 1, ldg, null, x, xOff, ldx, null, scale, dw, dwOff, lddw, accumulate);
        }
    }

    /**
     * A's rows packed once a batch: at 256 bits for the six- and four-row blocks; at 512 bits for the eight-row blocks of
     * products of 768 outputs or more (GemmFloat512.SHARED_PACK_VECTORS), else 0, their blocks packed per call.
     */
    @Override
    public int packedRowsLength(int batch, int k, int outputs) {
        return wide ? GemmFloat512.packedRowsLength(batch, k, outputs) : GemmFloat256.packedRowsLength(batch, k, outputs);
    }

    @Override
    public void packRows(int batch, int k, float[] a, int aOff, int lda, float[] packed, int from, int to) {
        if (wide) {
            GemmFloat512.packRowsInto(batch, k, a, aOff, lda, 1, packed, from, to);
        } else {
            GemmFloat256.packRowsInto(batch, k, a, aOff, lda, 1, packed, from, to);
        }
    }

    @Override
    public void packRows(int batch, int k, double[] a, int aOff, int lda, double[] packed, int from, int to) {
        if (wide) {
            GemmDouble512.packRowsInto(batch, k, a, aOff, lda, 1, packed, from, to);
        } else {
            GemmDouble256.packRowsInto(batch, k, a, aOff, lda, 1, packed, from, to);
        }
    }

    /** The packed forward product reads x's packed rows; the dot products (and the transposed twin's) read x as it is. */
    @Override
    public void forward(int batch, int in, int out, float[] x, int xOff, int ldx, float[] packedX, float[] w, int wOff, int ldw,
                        float[] bias, int biasOff, Activation act, float[] y, int yOff, int ldy) {
        if (!packed) {
            forward(batch, in, out, x, xOff, ldx, w, wOff, ldw, bias, biasOff, act, y, yOff, ldy);
        } else if (wide) {
            VectorFloat512.forwardPacked(batch, in, out, x, xOff, ldx, packedX, w, wOff, ldw, bias, biasOff, act, y, yOff, ldy);
        } else {
            VectorFloat256.forwardPacked(batch, in, out, x, xOff, ldx, packedX, w, wOff, ldw, bias, biasOff, act, y, yOff, ldy);
        }
    }

    @Override
    public void forward(int batch, int in, int out, double[] x, int xOff, int ldx, double[] packedX, double[] w, int wOff,
                        int ldw, double[] bias, int biasOff, Activation act, double[] y, int yOff, int ldy) {
        if (!packed) {
            forward(batch, in, out, x, xOff, ldx, w, wOff, ldw, bias, biasOff, act, y, yOff, ldy);
        } else if (wide) {
            VectorDouble512.forwardPacked(batch, in, out, x, xOff, ldx, packedX, w, wOff, ldw, bias, biasOff, act, y, yOff, ldy);
        } else {
            VectorDouble256.forwardPacked(batch, in, out, x, xOff, ldx, packedX, w, wOff, ldw, bias, biasOff, act, y, yOff, ldy);
        }
    }

    @Override
    public void inputGradient(int batch, int in, int out, float[] g, int gOff, int ldg, float[] packedG, float[] w, int wOff,
                              int ldw, float[] dx, int dxOff, int lddx, boolean accumulate) {
        if (wide) {
            GemmFloat512.broadcastGemm(batch, in, out, g, gOff, ldg, 1, packedG, w, wOff, ldw, null, 1, dx, dxOff, lddx, accumulate);
        } else {
            GemmFloat256.broadcastGemm(batch, in, out, g, gOff, ldg, 1, packedG, w, wOff, ldw, null, 1, dx, dxOff, lddx, accumulate);
        }
    }

    @Override
    public void inputGradient(int batch, int in, int out, double[] g, int gOff, int ldg, double[] packedG, double[] w, int wOff,
                              int ldw, double[] dx, int dxOff, int lddx, boolean accumulate) {
        if (wide) {
            GemmDouble512.broadcastGemm(batch, in, out, g, gOff, ldg, 1, packedG, w, wOff, ldw, null, 1, dx, dxOff, lddx, accumulate);
        } else {
            GemmDouble256.broadcastGemm(batch, in, out, g, gOff, ldg, 1, packedG, w, wOff, ldw, null, 1, dx, dxOff, lddx, accumulate);
        }
    }

    /** True where the broadcast GEMM copies B (x) into panels: {@code out} rows of C at least its packing cut. */
    @Override
    public boolean packsInput(int in, int out) {
        return wide ? GemmFloat512.packsPanels(out) : GemmFloat256.packsPanels(out);
    }

    @Override
    public void packInput(int batch, int in, float[] x, int xOff, int ldx, float[] packed, int from, int to) {
        if (wide) {
            GemmFloat512.packPanels(batch, in, x, xOff, ldx, packed, from, to);
        } else {
            GemmFloat256.packPanels(batch, in, x, xOff, ldx, packed, from, to);
        }
    }

    @Override
    public void packInput(int batch, int in, double[] x, int xOff, int ldx, double[] packed, int from, int to) {
        if (wide) {
            GemmDouble512.packPanels(batch, in, x, xOff, ldx, packed, from, to);
        } else {
            GemmDouble256.packPanels(batch, in, x, xOff, ldx, packed, from, to);
        }
    }

    @Override
    public void weightGradient(int batch, int in, int out, float[] g, int gOff, int ldg, float[] x, int xOff, int ldx,
                               float[] packed, float scale, float[] dw, int dwOff, int lddw, boolean accumulate) {
        if (wide) {
            GemmFloat512.broadcastGemm(out, in, batch, g, gOff, 1, ldg, null, x, xOff, ldx, packed, scale, dw, dwOff, lddw, accumulate);
        } else {
            GemmFloat256.broadcastGemm(out, in, batch, g, gOff, 1, ldg, null, x, xOff, ldx, packed, scale, dw, dwOff, lddw, accumulate);
        }
    }

    @Override
    public void weightGradient(int batch, int in, int out, double[] g, int gOff, int ldg, double[] x, int xOff, int ldx,
                               double[] packed, double scale, double[] dw, int dwOff, int lddw, boolean accumulate) {
        if (wide) {
            GemmDouble512.broadcastGemm(out, in, batch, g, gOff, 1, ldg, null, x, xOff, ldx, packed, scale, dw, dwOff, lddw, accumulate);
        } else {
            GemmDouble256.broadcastGemm(out, in, batch, g, gOff, 1, ldg, null, x, xOff, ldx, packed, scale, dw, dwOff, lddw, accumulate);
        }
    }

    @Override
    public float dot(int n, float[] a, int aOff, float[] b, int bOff) {
        return wide ? VectorFloat512.dot(n, a, aOff, b, bOff) : VectorFloat256.dot(n, a, aOff, b, bOff);
    }

    @Override
    public double dot(int n, double[] a, int aOff, double[] b, int bOff) {
        return wide ? VectorDouble512.dot(n, a, aOff, b, bOff) : VectorDouble256.dot(n, a, aOff, b, bOff);
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        if (wide) {
            VectorFloat512.axpy(n, alpha, x, xOff, y, yOff);
        } else {
            VectorFloat256.axpy(n, alpha, x, xOff, y, yOff);
        }
    }

    @Override
    public void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        if (wide) {
            VectorDouble512.axpy(n, alpha, x, xOff, y, yOff);
        } else {
            VectorDouble256.axpy(n, alpha, x, xOff, y, yOff);
        }
    }

    /** In double lanes ({@link ExpFloat256}). */
    @Override
    public void expForFloat(int n, double[] x, int xOff) {
        if (wide) {
            ExpFloat512.expForFloat(n, x, xOff);
        } else {
            ExpFloat256.expForFloat(n, x, xOff);
        }
    }

    @Override
    public void transpose(int rows, int k, float[] a, int aOff, int lda, float[] t, int tOff) {
        if (wide) {
            TransposeFloat512.pack(k, rows, a, aOff, lda, t, tOff, rows);
        } else {
            TransposeFloat256.pack(k, rows, a, aOff, lda, t, tOff, rows);
        }
    }

    @Override
    public void transpose(int rows, int k, double[] a, int aOff, int lda, double[] t, int tOff) {
        if (wide) {
            TransposeDouble512.pack(k, rows, a, aOff, lda, t, tOff, rows);
        } else {
            TransposeDouble256.pack(k, rows, a, aOff, lda, t, tOff, rows);
        }
    }
}
