package dev.gradus.runtime.layers;

/**
 * Pooling layers, forward and backward, with PyTorch's semantics ({@code F.max_pool1d},
 * {@code F.max_pool2d}, {@code F.avg_pool1d}, {@code F.avg_pool2d}: a window of {@code k}, or
 * {@code k×k}, moved by {@code stride} (the compiler passes {@code k} when the model gives none), no
 * padding, the last partial window dropped). Shapes, per example, row-major: {@code x[C][L] ->
 * y[C][L']} with {@code L' = (L - k) / stride + 1} ({@link #outputSize}), and
 * {@code x[C][H][W] -> y[C][H'][W']}, each axis alike.
 *
 * <p>Every tensor argument is an array and an offset: a batch's {@code batch} examples lie one
 * after the other from the offset. A max pooling's forward pass records, for each output, where its
 * maximum is in its channel's plane ({@code i} in 1-d, {@code i·W + j} in 2-d, as PyTorch's
 * {@code return_indices}) in an {@code int} buffer shaped like the output; the backward pass sends
 * each output's gradient there, so ties send it to the first maximum in row-major order, as
 * PyTorch's. Backward passes' {@code accumulate} adds to {@code dx} instead of overwriting it.
 * Methods allocate nothing and keep no state.
 *
 * <p>This API is stable: generated trainers call it, and changes only add methods.
 */
public final class Pool {
    private Pool() {}

    /**
     * {@code (size - k) / stride + 1}: the output length along one axis.
     *
     * @throws IllegalArgumentException when the window is larger than the input or an argument is out of range
     */
    public static int outputSize(int size, int k, int stride) {
        if (size < 1 || k < 1 || stride < 1 || k > size) {
            throw new IllegalArgumentException("pooling a size of " + size + " with a window of " + k + " and stride " + stride
                    + " has no output");
        }
        return (size - k) / stride + 1;
    }

    // ---- max, 1-d ----

    /**
     * {@code y[n][c][i] = max_{t < k} x[n][c][i·stride + t]}, {@code argmax[n][c][i]} = the first
     * {@code i·stride + t} that holds it (a NaN in the window wins: the last one).
     */
    public static void maxPool1d(int batch, int c, int l, int k, int stride, float[] x, int xOff, float[] y, int yOff,
                                 int[] argmax, int argmaxOff) {
        PoolFloat.maxForward(batch, c, 1, l, 1, k, 1, stride, x, xOff, y, yOff, argmax, argmaxOff);
    }

    /** The double version of {@code maxPool1d}. */
    public static void maxPool1d(int batch, int c, int l, int k, int stride, double[] x, int xOff, double[] y, int yOff,
                                 int[] argmax, int argmaxOff) {
        PoolDouble.maxForward(batch, c, 1, l, 1, k, 1, stride, x, xOff, y, yOff, argmax, argmaxOff);
    }

    /** {@code dx[n][c][argmax[n][c][i]] (+)= dy[n][c][i]}, and zero elsewhere unless {@code accumulate}. */
    public static void maxPool1dBackward(int batch, int c, int l, int k, int stride, float[] dy, int dyOff,
                                         int[] argmax, int argmaxOff, float[] dx, int dxOff, boolean accumulate) {
        PoolFloat.maxBackward(batch, c, 1, l, 1, k, 1, stride, dy, dyOff, argmax, argmaxOff, dx, dxOff, accumulate);
    }

    /** The double version of {@code maxPool1dBackward}. */
    public static void maxPool1dBackward(int batch, int c, int l, int k, int stride, double[] dy, int dyOff,
                                         int[] argmax, int argmaxOff, double[] dx, int dxOff, boolean accumulate) {
        PoolDouble.maxBackward(batch, c, 1, l, 1, k, 1, stride, dy, dyOff, argmax, argmaxOff, dx, dxOff, accumulate);
    }

    // ---- max, 2-d ----

    /**
     * {@code y[n][c][i][j] = max_{u, v < k} x[n][c][i·stride + u][j·stride + v]}, {@code argmax[n][c][i][j]}
     * = {@code (i·stride + u)·W + j·stride + v} of the first maximum in row-major order (a NaN in
     * the window wins: the last one).
     */
    public static void maxPool2d(int batch, int c, int h, int w, int k, int stride, float[] x, int xOff, float[] y, int yOff,
                                 int[] argmax, int argmaxOff) {
        PoolFloat.maxForward(batch, c, h, w, k, k, stride, stride, x, xOff, y, yOff, argmax, argmaxOff);
    }

    /** The double version of {@code maxPool2d}. */
    public static void maxPool2d(int batch, int c, int h, int w, int k, int stride, double[] x, int xOff, double[] y, int yOff,
                                 int[] argmax, int argmaxOff) {
        PoolDouble.maxForward(batch, c, h, w, k, k, stride, stride, x, xOff, y, yOff, argmax, argmaxOff);
    }

    /** {@code dx[n][c] at argmax[n][c][i][j] (+)= dy[n][c][i][j]}, and zero elsewhere unless {@code accumulate}. */
    public static void maxPool2dBackward(int batch, int c, int h, int w, int k, int stride, float[] dy, int dyOff,
                                         int[] argmax, int argmaxOff, float[] dx, int dxOff, boolean accumulate) {
        PoolFloat.maxBackward(batch, c, h, w, k, k, stride, stride, dy, dyOff, argmax, argmaxOff, dx, dxOff, accumulate);
    }

    /** The double version of {@code maxPool2dBackward}. */
    public static void maxPool2dBackward(int batch, int c, int h, int w, int k, int stride, double[] dy, int dyOff,
                                         int[] argmax, int argmaxOff, double[] dx, int dxOff, boolean accumulate) {
        PoolDouble.maxBackward(batch, c, h, w, k, k, stride, stride, dy, dyOff, argmax, argmaxOff, dx, dxOff, accumulate);
    }

    // ---- average, 1-d ----

    /** {@code y[n][c][i] = (Σ_{t < k} x[n][c][i·stride + t]) / k}. */
    public static void avgPool1d(int batch, int c, int l, int k, int stride, float[] x, int xOff, float[] y, int yOff) {
        PoolFloat.avgForward(batch, c, 1, l, 1, k, 1, stride, x, xOff, y, yOff);
    }

    /** The double version of {@code avgPool1d}. */
    public static void avgPool1d(int batch, int c, int l, int k, int stride, double[] x, int xOff, double[] y, int yOff) {
        PoolDouble.avgForward(batch, c, 1, l, 1, k, 1, stride, x, xOff, y, yOff);
    }

    /** {@code dx[n][c][i·stride + t] (+)= dy[n][c][i] / k} for every window {@code i} and {@code t < k}. */
    public static void avgPool1dBackward(int batch, int c, int l, int k, int stride, float[] dy, int dyOff,
                                         float[] dx, int dxOff, boolean accumulate) {
        PoolFloat.avgBackward(batch, c, 1, l, 1, k, 1, stride, dy, dyOff, dx, dxOff, accumulate);
    }

    /** The double version of {@code avgPool1dBackward}. */
    public static void avgPool1dBackward(int batch, int c, int l, int k, int stride, double[] dy, int dyOff,
                                         double[] dx, int dxOff, boolean accumulate) {
        PoolDouble.avgBackward(batch, c, 1, l, 1, k, 1, stride, dy, dyOff, dx, dxOff, accumulate);
    }

    // ---- average, 2-d ----

    /** {@code y[n][c][i][j] = (Σ_{u, v < k} x[n][c][i·stride + u][j·stride + v]) / k²}. */
    public static void avgPool2d(int batch, int c, int h, int w, int k, int stride, float[] x, int xOff, float[] y, int yOff) {
        PoolFloat.avgForward(batch, c, h, w, k, k, stride, stride, x, xOff, y, yOff);
    }

    /** The double version of {@code avgPool2d}. */
    public static void avgPool2d(int batch, int c, int h, int w, int k, int stride, double[] x, int xOff, double[] y, int yOff) {
        PoolDouble.avgForward(batch, c, h, w, k, k, stride, stride, x, xOff, y, yOff);
    }

    /** {@code dx[n][c][i·stride + u][j·stride + v] (+)= dy[n][c][i][j] / k²} for every window and {@code u, v < k}. */
    public static void avgPool2dBackward(int batch, int c, int h, int w, int k, int stride, float[] dy, int dyOff,
                                         float[] dx, int dxOff, boolean accumulate) {
        PoolFloat.avgBackward(batch, c, h, w, k, k, stride, stride, dy, dyOff, dx, dxOff, accumulate);
    }

    /** The double version of {@code avgPool2dBackward}. */
    public static void avgPool2dBackward(int batch, int c, int h, int w, int k, int stride, double[] dy, int dyOff,
                                         double[] dx, int dxOff, boolean accumulate) {
        PoolDouble.avgBackward(batch, c, h, w, k, k, stride, stride, dy, dyOff, dx, dxOff, accumulate);
    }
}
