package dev.gradus.runtime.layers;

import dev.gradus.runtime.kernel.Kernels;

/**
 * Convolution layers, forward and backward, with PyTorch's semantics ({@code F.conv1d},
 * {@code F.conv2d}: cross-correlation, one stride and one zero padding for both axes, optional
 * bias). Shapes, per example, row-major:
 * <ul>
 * <li>1-d: input {@code x[C][L]}, kernel {@code K[O][C][k]}, bias {@code b[O]}, output
 *     {@code y[O][L']} with {@code L' = (L + 2·padding - k) / stride + 1} ({@link #outputSize});</li>
 * <li>2-d: input {@code x[C][H][W]}, kernel {@code K[O][C][kh][kw]}, bias {@code b[O]}, output
 *     {@code y[O][H'][W']}, {@code H' = (H + 2·padding - kh) / stride + 1}, {@code W'} alike.</li>
 * </ul>
 * Every tensor argument is an array and an offset: a batch's {@code batch} examples lie one after
 * the other from the offset (a batch-major buffer, or a window of one, is used without copies). The
 * kernel and bias are one tensor for the whole batch. The work goes through the dense-layer GEMMs of
 * the {@link Kernels} passed in (im2col per example; see {@code ConvFloat}); {@code scratch} is
 * the caller's, at least {@link #conv1dScratchSize} or {@link #conv2dScratchSize} long, and
 * holds nothing between calls. Methods allocate nothing and keep no state; calls that share no
 * written buffer (output, gradients, scratch) may run at once on different threads, so a batch can
 * be split by examples for the forward pass and the input gradient (each thread with its own
 * scratch), and by output channels for the kernel and bias gradients (the overloads with
 * {@code from, to}: each element is then summed over the whole batch by one thread, whatever the
 * split). The gradients' {@code accumulate} adds to the buffer instead of overwriting it; within
 * a call the batch's examples always add up.
 *
 * <p>This API is stable: generated trainers call it, and changes only add methods.
 */
public final class Conv {
    private Conv() {}

    /**
     * {@code (size + 2·padding - k) / stride + 1}: the output length along one axis.
     *
     * @throws IllegalArgumentException when that is less than 1 or an argument is out of range
     */
    public static int outputSize(int size, int k, int stride, int padding) {
        if (size < 1 || k < 1 || stride < 1 || padding < 0 || size + 2 * padding < k) {
            throw new IllegalArgumentException("convolution of size " + size + " with a kernel of " + k + ", stride "
                    + stride + ", padding " + padding + " has no output");
        }
        return (size + 2 * padding - k) / stride + 1;
    }

    /** The elements of scratch a 1-d convolution's methods need: {@code C·kernelSize·L' + O·C·kernelSize}. */
    public static int conv1dScratchSize(int c, int l, int o, int kernelSize, int stride, int padding) {
        return scratchSize(c, 1, l, o, 1, kernelSize, 1, stride, 0, padding);
    }

    /** The elements of scratch a 2-d convolution's methods need: {@code C·kh·kw·H'·W' + O·C·kh·kw}. */
    public static int conv2dScratchSize(int c, int h, int w, int o, int kh, int kw, int stride, int padding) {
        return scratchSize(c, h, w, o, kh, kw, stride, stride, padding, padding);
    }

    /**
     * The scratch with which {@code conv1dKernelGradient} computes {@code batch} examples as one GEMM
     * (their im2col columns side by side; chosen when the kernels in use compute dot products fast, as
     * the Vector API ones do): at least {@link #conv1dScratchSize}.
     */
    public static int conv1dKernelGradientScratchSize(int batch, int c, int l, int o, int kernelSize, int stride, int padding) {
        return Math.max(conv1dScratchSize(c, l, o, kernelSize, stride, padding),
                ConvFloat.sideBySideScratchSize(batch, c, 1, kernelSize, o, outputSize(l, kernelSize, stride, padding)));
    }

    /**
     * The scratch with which {@code conv2dKernelGradient} computes {@code batch} examples as one GEMM
     * (their im2col columns side by side; chosen when the kernels in use compute dot products fast, as
     * the Vector API ones do): at least {@link #conv2dScratchSize}.
     */
    public static int conv2dKernelGradientScratchSize(int batch, int c, int h, int w, int o, int kh, int kw, int stride, int padding) {
        return Math.max(conv2dScratchSize(c, h, w, o, kh, kw, stride, padding), ConvFloat.sideBySideScratchSize(batch, c, kh, kw, o,
                outputSize(h, kh, stride, padding) * outputSize(w, kw, stride, padding)));
    }

    private static int scratchSize(int c, int h, int w, int o, int kh, int kw, int sh, int sw, int ph, int pw) {
        int ckk = c * kh * kw;
        return ckk * outputSize(h, kh, sh, ph) * outputSize(w, kw, sw, pw) + o * ckk;
    }

    // ---- 1-d ----

    /**
     * {@code y[n][o][l] = b[o] + Σ_c Σ_t K[o][c][t] · x[n][c][l·stride - padding + t]} (x zero
     * outside {@code 0..L-1}), for {@code n < batch}, {@code t < kernelSize}; {@code bias} may be
     * null (no bias).
     */
    public static void conv1d(Kernels k, int batch, int c, int l, int o, int kernelSize, int stride, int padding,
                              float[] x, int xOff, float[] kernel, int kernelOff, float[] bias, int biasOff,
                              float[] y, int yOff, float[] scratch) {
        ConvFloat.forward(k, batch, c, 1, l, o, 1, kernelSize, 1, stride, 0, padding, x, xOff, kernel, kernelOff, bias, biasOff, y, yOff, scratch);
    }

    /** The double version of {@code conv1d}. */
    public static void conv1d(Kernels k, int batch, int c, int l, int o, int kernelSize, int stride, int padding,
                              double[] x, int xOff, double[] kernel, int kernelOff, double[] bias, int biasOff,
                              double[] y, int yOff, double[] scratch) {
        ConvDouble.forward(k, batch, c, 1, l, o, 1, kernelSize, 1, stride, 0, padding, x, xOff, kernel, kernelOff, bias, biasOff, y, yOff, scratch);
    }

    /**
     * The input gradient, a transposed convolution: {@code dx[n][c][i] (+)= Σ_o Σ_t dy[n][o][l] ·
     * K[o][c][t]} over the {@code l, t} with {@code l·stride - padding + t = i}.
     */
    public static void conv1dInputGradient(Kernels k, int batch, int c, int l, int o, int kernelSize, int stride, int padding,
                                           float[] dy, int dyOff, float[] kernel, int kernelOff, float[] dx, int dxOff,
                                           float[] scratch, boolean accumulate) {
        ConvFloat.inputGradient(k, batch, c, 1, l, o, 1, kernelSize, 1, stride, 0, padding, dy, dyOff, kernel, kernelOff, dx, dxOff, scratch, accumulate);
    }

    /** The double version of {@code conv1dInputGradient}. */
    public static void conv1dInputGradient(Kernels k, int batch, int c, int l, int o, int kernelSize, int stride, int padding,
                                           double[] dy, int dyOff, double[] kernel, int kernelOff, double[] dx, int dxOff,
                                           double[] scratch, boolean accumulate) {
        ConvDouble.inputGradient(k, batch, c, 1, l, o, 1, kernelSize, 1, stride, 0, padding, dy, dyOff, kernel, kernelOff, dx, dxOff, scratch, accumulate);
    }

    /**
     * The kernel gradient, a correlation of the input with the output's gradient:
     * {@code dK[o][c][t] (+)= Σ_n Σ_l dy[n][o][l] · x[n][c][l·stride - padding + t]}.
     */
    public static void conv1dKernelGradient(Kernels k, int batch, int c, int l, int o, int kernelSize, int stride, int padding,
                                            float[] x, int xOff, float[] dy, int dyOff, float[] dKernel, int dKernelOff,
                                            float[] scratch, boolean accumulate) {
        ConvFloat.kernelGradient(k, batch, c, 1, l, o, 1, kernelSize, 1, stride, 0, padding, 0, o, x, xOff, dy, dyOff, dKernel, dKernelOff, scratch, accumulate);
    }

    /** The double version of {@code conv1dKernelGradient}. */
    public static void conv1dKernelGradient(Kernels k, int batch, int c, int l, int o, int kernelSize, int stride, int padding,
                                            double[] x, int xOff, double[] dy, int dyOff, double[] dKernel, int dKernelOff,
                                            double[] scratch, boolean accumulate) {
        ConvDouble.kernelGradient(k, batch, c, 1, l, o, 1, kernelSize, 1, stride, 0, padding, 0, o, x, xOff, dy, dyOff, dKernel, dKernelOff, scratch, accumulate);
    }

    // ---- 2-d ----

    /**
     * {@code y[n][o][i][j] = b[o] + Σ_c Σ_u Σ_v K[o][c][u][v] · x[n][c][i·stride - padding + u][j·stride - padding + v]}
     * (x zero outside the image), for {@code n < batch}; {@code bias} may be null (no bias).
     */
    public static void conv2d(Kernels k, int batch, int c, int h, int w, int o, int kh, int kw, int stride, int padding,
                              float[] x, int xOff, float[] kernel, int kernelOff, float[] bias, int biasOff,
                              float[] y, int yOff, float[] scratch) {
        ConvFloat.forward(k, batch, c, h, w, o, kh, kw, stride, stride, padding, padding, x, xOff, kernel, kernelOff, bias, biasOff, y, yOff, scratch);
    }

    /** The double version of {@code conv2d}. */
    public static void conv2d(Kernels k, int batch, int c, int h, int w, int o, int kh, int kw, int stride, int padding,
                              double[] x, int xOff, double[] kernel, int kernelOff, double[] bias, int biasOff,
                              double[] y, int yOff, double[] scratch) {
        ConvDouble.forward(k, batch, c, h, w, o, kh, kw, stride, stride, padding, padding, x, xOff, kernel, kernelOff, bias, biasOff, y, yOff, scratch);
    }

    /**
     * The input gradient, a transposed convolution: {@code dx[n][c][p][q] (+)= Σ_o Σ_u Σ_v dy[n][o][i][j] ·
     * K[o][c][u][v]} over the {@code i, u} with {@code i·stride - padding + u = p} and the {@code j, v}
     * with {@code j·stride - padding + v = q}.
     */
    public static void conv2dInputGradient(Kernels k, int batch, int c, int h, int w, int o, int kh, int kw, int stride, int padding,
                                           float[] dy, int dyOff, float[] kernel, int kernelOff, float[] dx, int dxOff,
                                           float[] scratch, boolean accumulate) {
        ConvFloat.inputGradient(k, batch, c, h, w, o, kh, kw, stride, stride, padding, padding, dy, dyOff, kernel, kernelOff, dx, dxOff, scratch, accumulate);
    }

    /** The double version of {@code conv2dInputGradient}. */
    public static void conv2dInputGradient(Kernels k, int batch, int c, int h, int w, int o, int kh, int kw, int stride, int padding,
                                           double[] dy, int dyOff, double[] kernel, int kernelOff, double[] dx, int dxOff,
                                           double[] scratch, boolean accumulate) {
        ConvDouble.inputGradient(k, batch, c, h, w, o, kh, kw, stride, stride, padding, padding, dy, dyOff, kernel, kernelOff, dx, dxOff, scratch, accumulate);
    }

    /**
     * The kernel gradient, a correlation of the input with the output's gradient:
     * {@code dK[o][c][u][v] (+)= Σ_n Σ_i Σ_j dy[n][o][i][j] · x[n][c][i·stride - padding + u][j·stride - padding + v]}.
     */
    public static void conv2dKernelGradient(Kernels k, int batch, int c, int h, int w, int o, int kh, int kw, int stride, int padding,
                                            float[] x, int xOff, float[] dy, int dyOff, float[] dKernel, int dKernelOff,
                                            float[] scratch, boolean accumulate) {
        ConvFloat.kernelGradient(k, batch, c, h, w, o, kh, kw, stride, stride, padding, padding, 0, o, x, xOff, dy, dyOff, dKernel, dKernelOff, scratch, accumulate);
    }

    /** The double version of {@code conv2dKernelGradient}. */
    public static void conv2dKernelGradient(Kernels k, int batch, int c, int h, int w, int o, int kh, int kw, int stride, int padding,
                                            double[] x, int xOff, double[] dy, int dyOff, double[] dKernel, int dKernelOff,
                                            double[] scratch, boolean accumulate) {
        ConvDouble.kernelGradient(k, batch, c, h, w, o, kh, kw, stride, stride, padding, padding, 0, o, x, xOff, dy, dyOff, dKernel, dKernelOff, scratch, accumulate);
    }

    // ---- bias, either dimension ----

    /**
     * The bias gradient of a 1-d or 2-d convolution: {@code db[o] (+)= Σ_n Σ_p dy[n][o][p]} over the
     * {@code positions} output positions of a channel ({@code L'}, or {@code H'·W'}).
     */
    public static void biasGradient(int batch, int o, int positions, float[] dy, int dyOff, float[] dBias, int dBiasOff,
                                    boolean accumulate) {
        ConvFloat.biasGradient(batch, o, 0, o, positions, dy, dyOff, dBias, dBiasOff, accumulate);
    }

    /** The double version of {@code biasGradient}. */
    public static void biasGradient(int batch, int o, int positions, double[] dy, int dyOff, double[] dBias, int dBiasOff,
                                    boolean accumulate) {
        ConvDouble.biasGradient(batch, o, 0, o, positions, dy, dyOff, dBias, dBiasOff, accumulate);
    }

    // ---- by output channels, for a batch shared between threads ----

    /**
     * As {@code conv1dKernelGradient}, for output channels {@code from..to-1} only: rows
     * {@code from..to-1} of {@code dK} (its offset is still that of row 0); the other rows are not
     * touched. Threads that split the channels between them share no written element and each
     * sums over the whole batch, so the result does not depend on the split. Each needs its own
     * scratch.
     */
    public static void conv1dKernelGradient(Kernels k, int batch, int c, int l, int o, int kernelSize, int stride, int padding,
                                            int from, int to, float[] x, int xOff, float[] dy, int dyOff,
                                            float[] dKernel, int dKernelOff, float[] scratch, boolean accumulate) {
        ConvFloat.kernelGradient(k, batch, c, 1, l, o, 1, kernelSize, 1, stride, 0, padding, from, to, x, xOff, dy, dyOff, dKernel, dKernelOff, scratch, accumulate);
    }

    /** The double version of {@code conv1dKernelGradient} over output channels {@code from..to-1}. */
    public static void conv1dKernelGradient(Kernels k, int batch, int c, int l, int o, int kernelSize, int stride, int padding,
                                            int from, int to, double[] x, int xOff, double[] dy, int dyOff,
                                            double[] dKernel, int dKernelOff, double[] scratch, boolean accumulate) {
        ConvDouble.kernelGradient(k, batch, c, 1, l, o, 1, kernelSize, 1, stride, 0, padding, from, to, x, xOff, dy, dyOff, dKernel, dKernelOff, scratch, accumulate);
    }

    /**
     * As {@code conv2dKernelGradient}, for output channels {@code from..to-1} only: rows
     * {@code from..to-1} of {@code dK} (its offset is still that of row 0); the other rows are not
     * touched. Threads that split the channels between them share no written element and each
     * sums over the whole batch, so the result does not depend on the split. Each needs its own
     * scratch.
     */
    public static void conv2dKernelGradient(Kernels k, int batch, int c, int h, int w, int o, int kh, int kw, int stride, int padding,
                                            int from, int to, float[] x, int xOff, float[] dy, int dyOff,
                                            float[] dKernel, int dKernelOff, float[] scratch, boolean accumulate) {
        ConvFloat.kernelGradient(k, batch, c, h, w, o, kh, kw, stride, stride, padding, padding, from, to, x, xOff, dy, dyOff, dKernel, dKernelOff, scratch, accumulate);
    }

    /** The double version of {@code conv2dKernelGradient} over output channels {@code from..to-1}. */
    public static void conv2dKernelGradient(Kernels k, int batch, int c, int h, int w, int o, int kh, int kw, int stride, int padding,
                                            int from, int to, double[] x, int xOff, double[] dy, int dyOff,
                                            double[] dKernel, int dKernelOff, double[] scratch, boolean accumulate) {
        ConvDouble.kernelGradient(k, batch, c, h, w, o, kh, kw, stride, stride, padding, padding, from, to, x, xOff, dy, dyOff, dKernel, dKernelOff, scratch, accumulate);
    }

    /**
     * As {@code biasGradient}, for output channels {@code from..to-1} only ({@code db}'s offset is
     * still that of element 0; the others are not touched).
     */
    public static void biasGradient(int batch, int o, int from, int to, int positions, float[] dy, int dyOff,
                                    float[] dBias, int dBiasOff, boolean accumulate) {
        ConvFloat.biasGradient(batch, o, from, to, positions, dy, dyOff, dBias, dBiasOff, accumulate);
    }

    /** The double version of {@code biasGradient} over output channels {@code from..to-1}. */
    public static void biasGradient(int batch, int o, int from, int to, int positions, double[] dy, int dyOff,
                                    double[] dBias, int dBiasOff, boolean accumulate) {
        ConvDouble.biasGradient(batch, o, from, to, positions, dy, dyOff, dBias, dBiasOff, accumulate);
    }
}
