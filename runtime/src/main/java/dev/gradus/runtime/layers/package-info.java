/**
 * Layer kernels beyond the dense layer, for generated trainers: convolutions ({@link
 * dev.gradus.runtime.layers.Conv}: {@code conv1d}, {@code conv2d}, their input, kernel and bias
 * gradients, on im2col and the dense GEMMs of {@link dev.gradus.runtime.kernel.Kernels}) and
 * poolings ({@link dev.gradus.runtime.layers.Pool}: max and average, 1-d and 2-d, forward and
 * backward), in float and double, with PyTorch's semantics. Static methods on flat row-major
 * arrays with offsets, a batch's examples one after the other; no allocation, no state: scratch
 * space is the caller's. A small CNN's step, for {@code x[n][1][28][28]}:
 * <pre>{@code
 * Kernels k = Kernels.get();
 * float[] scratch = new float[Conv.conv2dScratchSize(1, 28, 28, 16, 3, 3, 1, 0)];
 * Conv.conv2d(k, n, 1, 28, 28, 16, 3, 3, 1, 0, x, 0, K, 0, b, 0, y, 0, scratch);      // y[n][16][26][26]
 * Pool.maxPool2d(n, 16, 26, 26, 2, 2, y, 0, p, 0, argmax, 0);                         // p[n][16][13][13]
 * // ... backward, from dL/dp in dp:
 * Pool.maxPool2dBackward(n, 16, 26, 26, 2, 2, dp, 0, argmax, 0, dy, 0, false);
 * Conv.conv2dKernelGradient(k, n, 1, 28, 28, 16, 3, 3, 1, 0, x, 0, dy, 0, dK, 0, scratch, false);
 * Conv.biasGradient(n, 16, 26 * 26, dy, 0, db, 0, false);
 * }</pre>
 */
package dev.gradus.runtime.layers;
