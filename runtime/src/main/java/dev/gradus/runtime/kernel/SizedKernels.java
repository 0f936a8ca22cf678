package dev.gradus.runtime.kernel;

/**
 * Vector kernels for the layers they speed up, the plain loops for the others: a layer narrower than
 * {@link #MIN_IN} inputs, or with fewer than {@link #MIN_WEIGHTS} weights (a 2-8-1 network's), runs
 * plain. A layer under the vector kernels' {@link Kernels#packedForwardFrom()} weights ({@link Kernels#WIDE_WEIGHTS}
 * at 512 bits; at 256 bits every layer takes the packed product) gets the vector kernels that compute its
 * forward product on W's transposed copy ({@link Kernels#withTransposedForward()}), which a trainer
 * makes once a step and every thread shares when it splits a batch by examples; a wider layer, which
 * a trainer may split by output rows instead, gets {@link Kernels#withPackedForward()}, whose forward
 * product copies each part's rows transposed itself (each thread only its rows). Both compute every
 * output as the same chain of fused multiply-adds, so the choice changes speed only. The forward
 * product on the copy was first kept for layers under 128 inputs, whose dot products (each output's
 * sum across a vector's lanes) cost as much as their products: measured on mlp64 (64-32-10, Adam,
 * batch 32; 2-core AMD EPYC, 2026-12-05): the plain loops for both layers (the floors were 64 inputs
 * and 4,096 weights) 40,000 steps/s, the vector kernels' dot products for the first 52,500, on its
 * transposed copy 56,700, and both layers on the vector kernels 67,000. What a small layer pays: a
 * short run compiles the Vector API's code (a 30-epoch run of a 64-32-10 classifier on 1,400 digits,
 * 1.4k steps, took 2.0 s against 1.7 s on the plain loops; at 300 epochs the two were even). The
 * choice depends on the layer's shape alone, never on the batch or on timings, so a layer's results
 * are the same whatever splits its batch.
 */
final class SizedKernels implements Kernels {
    /** Fewest inputs (the contiguous dimension of every product) for the vector kernels. */
    static final int MIN_IN = 16;
    /** Fewest weights ({@code in * out}) for the vector kernels. */
    static final int MIN_WEIGHTS = 256;

    private final Kernels vector;
    private final Kernels vectorTransposed;
    private final Kernels vectorPacked;
    private final Kernels plain = new PlainKernels();

    SizedKernels(Kernels vector) {
        this.vector = vector;
        this.vectorTransposed = vector.withTransposedForward();
        this.vectorPacked = vector.withPackedForward();
    }

    /** The vector kernels this routes the large layers to. */
    Kernels vector() {
        return vector;
    }

    private Kernels pick(int in, int out) {
        return in >= MIN_IN && (long) in * out >= MIN_WEIGHTS ? vector : plain;
    }

    @Override
    public String name() {
        return vector.name();
    }

    @Override
    public boolean transposedForward() {
        return false;
    }

    /**
     * False: these kernels pick the plain loops or the vector kernels by each call's width, so a range
     * of a layer's columns could run other loops than the whole layer. A trainer asks the layer's
     * kernels ({@link #forLayer}) instead, and calls those for every range.
     */
    @Override
    public boolean inputGradientByColumns() {
        return false;
    }

    @Override
    public Kernels forLayer(int in, int out) {
        Kernels k = pick(in, out);
        if (k != vector) {
            return k;
        }
        return (long) in * out < vector.packedForwardFrom() ? vectorTransposed : vectorPacked;
    }

    @Override
    public void forward(int batch, int in, int out, float[] x, int xOff, int ldx, float[] w, int wOff, int ldw, float[] bias, int biasOff, Activation act, float[] y, int yOff, int ldy) {
        pick(in, out).forward(batch, in, out, x, xOff, ldx, w, wOff, ldw, bias, biasOff, act, y, yOff, ldy);
    }

    @Override
    public void forward(int batch, int in, int out, double[] x, int xOff, int ldx, double[] w, int wOff, int ldw, double[] bias, int biasOff, Activation act, double[] y, int yOff, int ldy) {
        pick(in, out).forward(batch, in, out, x, xOff, ldx, w, wOff, ldw, bias, biasOff, act, y, yOff, ldy);
    }

    @Override
    public void activationBackward(int batch, int out, Activation act, float[] y, int yOff, int ldy, float[] dy, int dyOff, int lddy, float[] g, int gOff, int ldg) {
        pick(out, out * MIN_WEIGHTS).activationBackward(batch, out, act, y, yOff, ldy, dy, dyOff, lddy, g, gOff, ldg);
    }

    @Override
    public void activationBackward(int batch, int out, Activation act, double[] y, int yOff, int ldy, double[] dy, int dyOff, int lddy, double[] g, int gOff, int ldg) {
        pick(out, out * MIN_WEIGHTS).activationBackward(batch, out, act, y, yOff, ldy, dy, dyOff, lddy, g, gOff, ldg);
    }

    @Override
    public void inputGradient(int batch, int in, int out, float[] g, int gOff, int ldg, float[] w, int wOff, int ldw, float[] dx, int dxOff, int lddx, boolean accumulate) {
        pick(in, out).inputGradient(batch, in, out, g, gOff, ldg, w, wOff, ldw, dx, dxOff, lddx, accumulate);
    }

    @Override
    public void inputGradient(int batch, int in, int out, double[] g, int gOff, int ldg, double[] w, int wOff, int ldw, double[] dx, int dxOff, int lddx, boolean accumulate) {
        pick(in, out).inputGradient(batch, in, out, g, gOff, ldg, w, wOff, ldw, dx, dxOff, lddx, accumulate);
    }

    /** The vector kernels' packed rows: a trainer asks a layer's own kernels ({@link #forLayer}), and only packs for those. */
    @Override
    public int packedRowsLength(int batch, int k, int outputs) {
        return vector.packedRowsLength(batch, k, outputs);
    }

    @Override
    public void packRows(int batch, int k, float[] a, int aOff, int lda, float[] packed, int from, int to) {
        vector.packRows(batch, k, a, aOff, lda, packed, from, to);
    }

    @Override
    public void packRows(int batch, int k, double[] a, int aOff, int lda, double[] packed, int from, int to) {
        vector.packRows(batch, k, a, aOff, lda, packed, from, to);
    }

    @Override
    public void forward(int batch, int in, int out, float[] x, int xOff, int ldx, float[] packedX, float[] w, int wOff, int ldw,
                        float[] bias, int biasOff, Activation act, float[] y, int yOff, int ldy) {
        pick(in, out).forward(batch, in, out, x, xOff, ldx, packedX, w, wOff, ldw, bias, biasOff, act, y, yOff, ldy);
    }

    @Override
    public void forward(int batch, int in, int out, double[] x, int xOff, int ldx, double[] packedX, double[] w, int wOff,
                        int ldw, double[] bias, int biasOff, Activation act, double[] y, int yOff, int ldy) {
        pick(in, out).forward(batch, in, out, x, xOff, ldx, packedX, w, wOff, ldw, bias, biasOff, act, y, yOff, ldy);
    }

    @Override
    public void inputGradient(int batch, int in, int out, float[] g, int gOff, int ldg, float[] packedG, float[] w, int wOff,
                              int ldw, float[] dx, int dxOff, int lddx, boolean accumulate) {
        pick(in, out).inputGradient(batch, in, out, g, gOff, ldg, packedG, w, wOff, ldw, dx, dxOff, lddx, accumulate);
    }

    @Override
    public void inputGradient(int batch, int in, int out, double[] g, int gOff, int ldg, double[] packedG, double[] w,
                              int wOff, int ldw, double[] dx, int dxOff, int lddx, boolean accumulate) {
        pick(in, out).inputGradient(batch, in, out, g, gOff, ldg, packedG, w, wOff, ldw, dx, dxOff, lddx, accumulate);
    }

    @Override
    public boolean packsInput(int in, int out) {
        return pick(in, out).packsInput(in, out);
    }

    /** Packs for the vector kernels: their weight gradient reads the copy, the plain loops' ignores it. */
    @Override
    public void packInput(int batch, int in, float[] x, int xOff, int ldx, float[] packed, int from, int to) {
        vector.packInput(batch, in, x, xOff, ldx, packed, from, to);
    }

    @Override
    public void packInput(int batch, int in, double[] x, int xOff, int ldx, double[] packed, int from, int to) {
        vector.packInput(batch, in, x, xOff, ldx, packed, from, to);
    }

    @Override
    public void weightGradient(int batch, int in, int out, float[] g, int gOff, int ldg, float[] x, int xOff, int ldx,
                               float[] packed, float scale, float[] dw, int dwOff, int lddw, boolean accumulate) {
        pick(in, out).weightGradient(batch, in, out, g, gOff, ldg, x, xOff, ldx, packed, scale, dw, dwOff, lddw, accumulate);
    }

    @Override
    public void weightGradient(int batch, int in, int out, double[] g, int gOff, int ldg, double[] x, int xOff, int ldx,
                               double[] packed, double scale, double[] dw, int dwOff, int lddw, boolean accumulate) {
        pick(in, out).weightGradient(batch, in, out, g, gOff, ldg, x, xOff, ldx, packed, scale, dw, dwOff, lddw, accumulate);
    }

    @Override
    public void weightGradient(int batch, int in, int out, float[] g, int gOff, int ldg, float[] x, int xOff, int ldx, float scale, float[] dw, int dwOff, int lddw, boolean accumulate) {
        pick(in, out).weightGradient(batch, in, out, g, gOff, ldg, x, xOff, ldx, scale, dw, dwOff, lddw, accumulate);
    }

    @Override
    public void weightGradient(int batch, int in, int out, double[] g, int gOff, int ldg, double[] x, int xOff, int ldx, double scale, double[] dw, int dwOff, int lddw, boolean accumulate) {
        pick(in, out).weightGradient(batch, in, out, g, gOff, ldg, x, xOff, ldx, scale, dw, dwOff, lddw, accumulate);
    }

    @Override
    public void sumRows(int batch, int out, float[] g, int gOff, int ldg, float scale, float[] db, int dbOff, boolean accumulate) {
        pick(out, out * MIN_WEIGHTS).sumRows(batch, out, g, gOff, ldg, scale, db, dbOff, accumulate);
    }

    @Override
    public void sumRows(int batch, int out, double[] g, int gOff, int ldg, double scale, double[] db, int dbOff, boolean accumulate) {
        pick(out, out * MIN_WEIGHTS).sumRows(batch, out, g, gOff, ldg, scale, db, dbOff, accumulate);
    }

    @Override
    public float dot(int n, float[] a, int aOff, float[] b, int bOff) {
        return pick(n, MIN_WEIGHTS).dot(n, a, aOff, b, bOff);
    }

    @Override
    public double dot(int n, double[] a, int aOff, double[] b, int bOff) {
        return pick(n, MIN_WEIGHTS).dot(n, a, aOff, b, bOff);
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        pick(n, MIN_WEIGHTS).axpy(n, alpha, x, xOff, y, yOff);
    }

    @Override
    public void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        pick(n, MIN_WEIGHTS).axpy(n, alpha, x, xOff, y, yOff);
    }

    /** The vector kernels at any length: what is shorter than a vector takes their scalar tail, the plain loop's. */
    @Override
    public void expForFloat(int n, double[] x, int xOff) {
        vector.expForFloat(n, x, xOff);
    }

    /** The vector kernels' (a block of rows as many as a vector has lanes, transposed in registers). */
    @Override
    public void transpose(int rows, int k, float[] a, int aOff, int lda, float[] t, int tOff) {
        vector.transpose(rows, k, a, aOff, lda, t, tOff);
    }

    @Override
    public void transpose(int rows, int k, double[] a, int aOff, int lda, double[] t, int tOff) {
        vector.transpose(rows, k, a, aOff, lda, t, tOff);
    }
}
