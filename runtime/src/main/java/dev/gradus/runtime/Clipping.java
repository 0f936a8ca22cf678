package dev.gradus.runtime;

/** Gradient clipping over the flat gradient array, as {@code torch.nn.utils} does it. */
final class Clipping {
    private Clipping() {}

    /**
     * {@code clip_grad_norm_(max_norm)} (when {@code maxNorm > 0}): scales every gradient by
     * {@code min(1, maxNorm / (total + 1e-6))}, where total is the L2 norm of the parameters' L2
     * norms; then {@code clip_grad_value_(value)} (when {@code value > 0}). {@code offsets[p]} is
     * where parameter {@code p} starts. Allocates nothing.
     */
    static void clip(double[] g, int[] offsets, double maxNorm, double value) {
        if (maxNorm > 0) {
            double squares = 0;
            for (int p = 0; p + 1 < offsets.length; p++) {
                double s = 0;
                for (int i = offsets[p]; i < offsets[p + 1]; i++) {
                    s += g[i] * g[i];
                }
                double norm = Math.sqrt(s);
                squares += norm * norm;
            }
            double coef = Math.min(1.0, maxNorm / (Math.sqrt(squares) + 1e-6));
            for (int i = 0; i < g.length; i++) {
                g[i] *= coef;
            }
        }
        if (value > 0) {
            for (int i = 0; i < g.length; i++) {
                g[i] = Math.max(-value, Math.min(value, g[i]));
            }
        }
    }
}
