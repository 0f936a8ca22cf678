package dev.gradus.runtime.kernel;

/**
 * The dense-layer kernels generated trainers call, on flat, row-major, batch-major buffers: every
 * matrix is an array, an offset and a leading dimension (the distance between two rows), so one
 * buffer can hold several tensors and a batch can be a window of a larger one. Shapes are named
 * for a layer {@code y = act(x Wᵀ + b)} with {@code x[batch][in]}, {@code W[out][in]},
 * {@code y[batch][out]}:
 * <ul>
 * <li>{@link #forward}: {@code y = act(x Wᵀ + b)}, the GEMM {@code C = X Wᵀ} with a bias and
 *     activation epilogue;</li>
 * <li>{@link #activationBackward}: {@code g = dy ⊙ act'(y)}, the gradient at the layer's
 *     pre-activation, in place if {@code g} is {@code dy};</li>
 * <li>{@link #inputGradient}: {@code dx (+)= g W}, the GEMM {@code C = G W};</li>
 * <li>{@link #weightGradient}: {@code dW (+)= scale · gᵀ x}, the GEMM {@code C = Gᵀ X};</li>
 * <li>{@link #sumRows}: {@code db (+)= scale · Σ_batch g}, the bias gradient;</li>
 * <li>{@link #dot} and {@link #axpy}.</li>
 * </ul>
 * Every method exists in float and double, allocates nothing once warm and keeps no state between
 * calls (the plain loops reuse per-thread scratch rows), so one instance serves every thread. Implementations differ only in rounding (the order of a sum's terms).
 * {@link #get()} returns the fastest implementation this JVM offers (see {@link KernelSelector}).
 */
public interface Kernels {

    /**
     * Layers with at least this many weights (64 KiB of floats) are wide: a trainer that splits its
     * batches between threads may split their forward product by output rows (each thread reads only
     * its rows of W, the rows whose gradient it computes and which it updates), and {@link #forLayer}
     * gives them kernels whose {@link #forward} copies W's rows transposed into panels as it goes;
     * narrower layers get kernels that want W's transposed copy ({@link #transposedForward()}), made
     * once a step. From this size the panels cost less: one call a step (one thread, or a thread's
     * rows) packs W once, about 0.55 ns a weight, where the copy costs 0.8 ns a weight and each call
     * on it packs its panels again (measured in one JVM, two builds alternating, on an AVX2 AMD EPYC:
     * mlp784's 784 x 128 layer 1.12x a step on one thread and 1.20x on two, mlp256's 512 x 256 1.10x
     * on two; the cut was 2^18, a layer larger than many cores' second-level cache).
     */
    int WIDE_WEIGHTS = 1 << 14;

    /**
     * Fewest weights for which {@link #forLayer} gives a layer the packed forward product
     * ({@link #withPackedForward()}) rather than the one on W's transposed copy: {@link #WIDE_WEIGHTS},
     * except where an implementation measured the packed product faster for narrower layers too (the
     * 256-bit kernels, whose packed blocks check their bounds once a call: every layer they take). Either
     * way the same chains of fused multiply-adds, so the cut changes speed only.
     */
    default int packedForwardFrom() {
        return WIDE_WEIGHTS;
    }

    /** The implementation the process uses, chosen once at first use. */
    static Kernels get() {
        return KernelSelector.selected();
    }

    /**
     * The kernels whose {@link #expForFloat} a trainer with no product on the kernels computes its exps
     * with (a 2-8-1 network's tanh): the vector kernels of the width {@link #get} would take, chosen
     * without its calibration, which times products and takes a second; the plain loops without the
     * Vector API, or where {@code -Dgradus.kernels=plain} asks for them.
     */
    static Kernels forExps() {
        return KernelSelector.forExps();
    }

    /** {@code plain}, {@code vector256} or {@code vector512}, as {@code -Dgradus.kernels} names them. */
    String name();

    /**
     * Whether this implementation computes a layer's forward product {@code x Wᵀ} faster as
     * {@link #inputGradient} on W's transposed copy ({@code x (Wᵀ)}, row updates) than as
     * {@link #forward} (dot products): true for the plain loops, which HotSpot vectorizes only in
     * the first form. Generated trainers then keep the copy, refreshed once a step.
     */
    default boolean transposedForward() {
        return false;
    }

    /**
     * Whether {@link #inputGradient} computes each element of {@code dx} as one chain of multiply-adds
     * over {@code out} that does not depend on the call's other rows or on its columns, when a call's
     * first column is a multiple of 16: then a trainer may share the product between threads by
     * columns of {@code dx} (each thread its columns for the whole batch) as well as by examples, to
     * the same bits. True for the Vector API's kernels; the plain loops' blocking depends on a call's
     * width.
     */
    default boolean inputGradientByColumns() {
        return false;
    }

    /**
     * These kernels with {@link #transposedForward()} true, for layers whose rows are too short for
     * dot products (a 64-input layer is four 16-float vectors a row, and each output's sum across a
     * vector's lanes costs as much as its products): the forward product runs as
     * {@link #inputGradient} on W's transposed copy, a broadcast GEMM whose sums stay in lanes.
     */
    default Kernels withTransposedForward() {
        return this;
    }

    /**
     * These kernels with a {@link #forward} that copies W's rows transposed, panel by panel, and runs
     * the product as the input gradient's broadcast GEMM: for {@link #WIDE_WEIGHTS wide} layers, whose
     * trainer splits the product by output rows (each thread copies only its rows). Its every output
     * is the chain of fused multiply-adds {@link #inputGradient} computes on W's transposed copy.
     */
    default Kernels withPackedForward() {
        return this;
    }

    /**
     * The kernels that serve a whole layer of {@code in} inputs and {@code out} outputs, for calls on
     * a part of it (a range of its output rows): the choice a wrapper makes by size is made for the
     * layer, never for the part, so a layer's results do not depend on how its rows are split.
     */
    default Kernels forLayer(int in, int out) {
        return this;
    }

    /**
     * {@code y[b][o] = act(bias[o] + Σ_i x[b][i] · w[o][i])} for {@code b < batch}, {@code o < out};
     * {@code bias} may be null (no bias). {@code y} must not overlap {@code x} or {@code w}.
     */
    void forward(int batch, int in, int out, float[] x, int xOff, int ldx, float[] w, int wOff, int ldw,
                 float[] bias, int biasOff, Activation act, float[] y, int yOff, int ldy);

    /** As {@link #forward(int, int, int, float[], int, int, float[], int, int, float[], int, Activation, float[], int, int)}. */
    void forward(int batch, int in, int out, double[] x, int xOff, int ldx, double[] w, int wOff, int ldw,
                 double[] bias, int biasOff, Activation act, double[] y, int yOff, int ldy);

    /** {@code g[b][o] = dy[b][o] · act'(y[b][o])}; {@code g} may be the same window as {@code dy}. */
    void activationBackward(int batch, int out, Activation act, float[] y, int yOff, int ldy,
                            float[] dy, int dyOff, int lddy, float[] g, int gOff, int ldg);

    void activationBackward(int batch, int out, Activation act, double[] y, int yOff, int ldy,
                            double[] dy, int dyOff, int lddy, double[] g, int gOff, int ldg);

    /** {@code dx[b][i] = (accumulate ? dx[b][i] : 0) + Σ_o g[b][o] · w[o][i]}. */
    void inputGradient(int batch, int in, int out, float[] g, int gOff, int ldg, float[] w, int wOff, int ldw,
                       float[] dx, int dxOff, int lddx, boolean accumulate);

    void inputGradient(int batch, int in, int out, double[] g, int gOff, int ldg, double[] w, int wOff, int ldw,
                       double[] dx, int dxOff, int lddx, boolean accumulate);

    /**
     * Elements of the copy {@link #packRows} makes of {@code batch} rows of {@code k} (x of a forward product, g of an
     * input gradient: the GEMM's A), or 0 where these kernels read those rows as they are. A trainer that shares a
     * product by its outputs between threads calls the kernel once a range of outputs, every call on the same rows:
     * packed once a batch, every call runs the packed register blocks, where each had packed all the rows again or,
     * for a narrow range, read them as given, more slowly. {@code outputs}: the product's columns (W's rows for a
     * forward product, its columns for an input gradient), for kernels whose packed blocks only a wide enough range of
     * outputs reads, which pack for wide products alone. 0 here.
     */
    default int packedRowsLength(int batch, int k, int outputs) {
        return 0;
    }

    /**
     * Elements {@code from..to-1} of each of {@code batch} rows of {@code k} ({@code a[aOff + b·lda + p]}) copied into
     * {@code packed} ({@link #packedRowsLength} long) as {@link #forward(int, int, int, float[], int, int, float[],
     * float[], int, int, float[], int, Activation, float[], int, int)} and {@link #inputGradient(int, int, int, float[],
     * int, int, float[], float[], int, int, float[], int, int, boolean)} read them; threads may pack disjoint ranges at
     * once. Nothing here.
     */
    default void packRows(int batch, int k, float[] a, int aOff, int lda, float[] packed, int from, int to) {
    }

    default void packRows(int batch, int k, double[] a, int aOff, int lda, double[] packed, int from, int to) {
    }

    /**
     * {@link #forward(int, int, int, float[], int, int, float[], int, int, float[], int, Activation, float[], int, int)}
     * with x's rows packed by {@link #packRows} for the same {@code batch} and {@code in} (or null); the same sums.
     * Here {@code packedX} is not read.
     */
    default void forward(int batch, int in, int out, float[] x, int xOff, int ldx, float[] packedX, float[] w, int wOff,
                         int ldw, float[] bias, int biasOff, Activation act, float[] y, int yOff, int ldy) {
        forward(batch, in, out, x, xOff, ldx, w, wOff, ldw, bias, biasOff, act, y, yOff, ldy);
    }

    default void forward(int batch, int in, int out, double[] x, int xOff, int ldx, double[] packedX, double[] w, int wOff,
                         int ldw, double[] bias, int biasOff, Activation act, double[] y, int yOff, int ldy) {
        forward(batch, in, out, x, xOff, ldx, w, wOff, ldw, bias, biasOff, act, y, yOff, ldy);
    }

    /**
     * {@link #inputGradient(int, int, int, float[], int, int, float[], int, int, float[], int, int, boolean)} with g's
     * rows packed by {@link #packRows} for the same {@code batch} and {@code out} (or null); the same sums. Here
     * {@code packedG} is not read.
     */
    default void inputGradient(int batch, int in, int out, float[] g, int gOff, int ldg, float[] packedG, float[] w, int wOff,
                               int ldw, float[] dx, int dxOff, int lddx, boolean accumulate) {
        inputGradient(batch, in, out, g, gOff, ldg, w, wOff, ldw, dx, dxOff, lddx, accumulate);
    }

    default void inputGradient(int batch, int in, int out, double[] g, int gOff, int ldg, double[] packedG, double[] w,
                               int wOff, int ldw, double[] dx, int dxOff, int lddx, boolean accumulate) {
        inputGradient(batch, in, out, g, gOff, ldg, w, wOff, ldw, dx, dxOff, lddx, accumulate);
    }

    /** {@code dw[o][i] = (accumulate ? dw[o][i] : 0) + scale · Σ_b g[b][o] · x[b][i]}. */
    void weightGradient(int batch, int in, int out, float[] g, int gOff, int ldg, float[] x, int xOff, int ldx,
                        float scale, float[] dw, int dwOff, int lddw, boolean accumulate);

    void weightGradient(int batch, int in, int out, double[] g, int gOff, int ldg, double[] x, int xOff, int ldx,
                        double scale, double[] dw, int dwOff, int lddw, boolean accumulate);

    /**
     * Whether {@link #weightGradient} of a layer with {@code out} rows copies x into panels each call, a copy
     * {@link #packInput} can make once a batch instead: a trainer that shares dW's rows between threads calls the
     * weight gradient once a chunk of rows, and each call copied the whole of x again (a 1,024 x 784 gradient over
     * 256 examples in chunks of 32 rows, sixteen threads' share, ran at 62 GFLOP/s against 88 in one call on one
     * AVX2 core). False here: the plain loops read x as it is.
     */
    default boolean packsInput(int in, int out) {
        return false;
    }

    /**
     * Examples {@code from..to-1} of x ({@code batch} rows of {@code in}) copied into {@code packed} (at least
     * {@code batch · in} long) as {@link #weightGradient(int, int, int, float[], int, int, float[], int, int, float[],
     * float, float[], int, int, boolean)} reads them, where {@link #packsInput} says it would copy them; threads may
     * pack disjoint ranges at once. Nothing here.
     */
    default void packInput(int batch, int in, float[] x, int xOff, int ldx, float[] packed, int from, int to) {
    }

    default void packInput(int batch, int in, double[] x, int xOff, int ldx, double[] packed, int from, int to) {
    }

    /**
     * {@link #weightGradient(int, int, int, float[], int, int, float[], int, int, float, float[], int, int, boolean)} with
     * {@code packed}, x's copy that {@link #packInput} made for the same {@code batch} and {@code in}; the same sums.
     * Here, where {@link #packsInput} is false, {@code packed} is not read.
     */
    default void weightGradient(int batch, int in, int out, float[] g, int gOff, int ldg, float[] x, int xOff, int ldx,
                                float[] packed, float scale, float[] dw, int dwOff, int lddw, boolean accumulate) {
        weightGradient(batch, in, out, g, gOff, ldg, x, xOff, ldx, scale, dw, dwOff, lddw, accumulate);
    }

    default void weightGradient(int batch, int in, int out, double[] g, int gOff, int ldg, double[] x, int xOff, int ldx,
                                double[] packed, double scale, double[] dw, int dwOff, int lddw, boolean accumulate) {
        weightGradient(batch, in, out, g, gOff, ldg, x, xOff, ldx, scale, dw, dwOff, lddw, accumulate);
    }

    /** {@code db[o] = (accumulate ? db[o] : 0) + scale · Σ_b g[b][o]}: a bias's gradient. */
    void sumRows(int batch, int out, float[] g, int gOff, int ldg, float scale, float[] db, int dbOff, boolean accumulate);

    void sumRows(int batch, int out, double[] g, int gOff, int ldg, double scale, double[] db, int dbOff, boolean accumulate);

    /** {@code Σ_i a[i] · b[i]} over {@code n} elements. */
    float dot(int n, float[] a, int aOff, float[] b, int bOff);

    double dot(int n, double[] a, int aOff, double[] b, int bOff);

    /** {@code y[i] += alpha · x[i]} over {@code n} elements. */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff);

    /**
     * {@code t[tOff + p·rows + i] = a[aOff + i·lda + p]} for {@code i < rows}, {@code p < k}: columns of a
     * matrix of {@code rows} rows as rows of {@code t}, a trainer's transposed copy of W (a range of its
     * rows). A copy: the same values on every kernel set.
     */
    void transpose(int rows, int k, float[] a, int aOff, int lda, float[] t, int tOff);

    void transpose(int rows, int k, double[] a, int aOff, int lda, double[] t, int tOff);

    /**
     * {@code x[xOff + k] = Fn.expForFloat(x[xOff + k])} for k below n, in place, with its bits on every
     * kernel set where |x| is at most 700 (beyond, a number that rounds to the same float): a float
     * model's exps (its softmax rows, shifted by their maxima, widened to double), each
     * {@link dev.gradus.runtime.Fn#exp(float)} once rounded to float.
     */
    void expForFloat(int n, double[] x, int xOff);
}
