/**
 * Kernels for generated trainers: dense-layer GEMMs with fused epilogues ({@link
 * dev.gradus.runtime.kernel.Kernels}, chosen per process by {@link
 * dev.gradus.runtime.kernel.KernelSelector}) and one-pass optimizer updates ({@link
 * dev.gradus.runtime.kernel.Optimizers}). A dense layer {@code y = act(W x + b)} over a batch, with
 * batch-major buffers {@code x[batch][in]}, {@code W[out][in]}, {@code y[batch][out]}, trains as:
 * <pre>{@code
 * Kernels k = Kernels.get();                    // once, in a static final field
 * // forward
 * k.forward(n, in, out, x, 0, in, W, 0, in, b, 0, Activation.RELU, y, 0, out);
 * // backward, from dL/dy in dy (already divided by nothing: scale does the batch mean)
 * k.activationBackward(n, out, Activation.RELU, y, 0, out, dy, 0, out, dy, 0, out); // dy := dy * relu'(y), in place
 * k.weightGradient(n, in, out, dy, 0, out, x, 0, in, 1f / n, dW, 0, in, false);   // dW = (1/n) dyᵀ x
 * k.sumRows(n, out, dy, 0, out, 1f / n, db, 0, false);                            // db = (1/n) Σ dy
 * k.inputGradient(n, in, out, dy, 0, out, W, 0, in, dx, 0, in, false);           // dx = dy W (not for the first layer)
 * // update
 * Optimizers.adam(W, dW, W_m, W_v, 0, out * in, step, lr, 0.9, 0.999, 1e-8, 0, false);
 * }</pre>
 * Every call allocates nothing once warm and keeps no state between calls, so one instance serves
 * every worker thread. To
 * split a layer between them and keep results independent of the split: forward, activation
 * derivative and input gradient by examples (rows {@code from..to} of x, y, dy and dx: offsets
 * {@code from * ld}, batch {@code to - from}); weight and bias gradients by outputs (rows
 * {@code from..to} of dW: {@code dy} offset {@code from}, {@code dW} offset {@code from * in},
 * {@code out = to - from}), so every element is summed over the whole batch by one thread.
 */
package dev.gradus.runtime.kernel;
