package dev.gradus.runtime.kernel;

/**
 * The optimizers of {@code torch.optim} as fused kernels: one pass over a parameter updates it and
 * its state from its gradient. Each element is computed exactly as the generated trainers'
 * element statements compute it ({@code compiler/.../emit/UpdateRule.java}, PyTorch 1.13's
 * single-tensor order), so a trainer that calls these follows the same trajectory to the bit: in
 * float every hyperparameter is rounded to float first (as the generated literals are), {@code 1 - β}
 * is rounded once from double, and the per-step scalars ({@code lr / (1 - β1^t)}, {@code √(1 - β2^t)},
 * {@code 1 - lr·wd}) are computed in double and then rounded, like the trainers' prologue.
 * {@code step} is the step being taken, counting from 1. Parameter, gradient and state share one
 * offset {@code off}, since they share a layout; {@code n} elements are updated. Like the trainers,
 * a caller sets the state's subnormal numbers to zero every {@link dev.gradus.runtime.Fn#FLUSH_STEPS}
 * steps ({@link dev.gradus.runtime.Fn#flushSubnormals(float[], int, int)}); these loops stay free of
 * conditionals, so that C2 vectorizes them.
 */
public final class Optimizers {
    private Optimizers() {}

    /** SGD with optional momentum (the buffer starts as the first gradient), dampening, nesterov and L2 weight decay. */
    public static void sgd(float[] w, float[] grad, float[] momentumBuffer, int off, int n, long step, double lr,
                           double momentum, double dampening, double weightDecay, boolean nesterov) {
        float rate = (float) lr;
        float wd = (float) weightDecay;
        float mu = (float) momentum;
        float keep = (float) (1 - dampening);
        for (int i = off; i < off + n; i++) {
            float g = weightDecay != 0 ? grad[i] + wd * w[i] : grad[i];
            if (momentum != 0) {
                momentumBuffer[i] = step == 1 ? g : mu * momentumBuffer[i] + (dampening != 0 ? keep * g : g);
                g = nesterov ? g + mu * momentumBuffer[i] : momentumBuffer[i];
            }
            w[i] -= rate * g;
        }
    }

    public static void sgd(double[] w, double[] grad, double[] momentumBuffer, int off, int n, long step, double lr,
                           double momentum, double dampening, double weightDecay, boolean nesterov) {
        double keep = 1 - dampening;
        for (int i = off; i < off + n; i++) {
            double g = weightDecay != 0 ? grad[i] + weightDecay * w[i] : grad[i];
            if (momentum != 0) {
                momentumBuffer[i] = step == 1 ? g : momentum * momentumBuffer[i] + (dampening != 0 ? keep * g : g);
                g = nesterov ? g + momentum * momentumBuffer[i] : momentumBuffer[i];
            }
            w[i] -= lr * g;
        }
    }

    /**
     * Adam, or AdamW when {@code decoupled} (the weight shrinks by {@code 1 - lr·wd} before the step
     * instead of the decay joining the gradient).
     */
    public static void adam(float[] w, float[] grad, float[] m, float[] v, int off, int n, long step, double lr,
                            double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        double bias1 = 1 - Math.pow(beta1, step);
        double bias2 = 1 - Math.pow(beta2, step);
        float stepSize = (float) (lr / bias1);
        float bias2Sqrt = (float) Math.sqrt(bias2);
        float decay = (float) (1 - lr * weightDecay);
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1);
        float c2 = (float) (1 - beta2);
        float e = (float) eps;
        float wd = (float) weightDecay;
        boolean shrink = decoupled && weightDecay != 0;
        boolean l2 = !decoupled && weightDecay != 0;
        for (int i = off; i < off + n; i++) {
            if (shrink) {
                w[i] *= decay;
            }
            float g = l2 ? grad[i] + wd * w[i] : grad[i];
            m[i] = m[i] * b1 + c1 * g;
            v[i] = v[i] * b2 + c2 * g * g;
            w[i] -= stepSize * (m[i] / ((float) Math.sqrt(v[i]) / bias2Sqrt + e));
        }
    }

    public static void adam(double[] w, double[] grad, double[] m, double[] v, int off, int n, long step, double lr,
                            double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        double bias1 = 1 - Math.pow(beta1, step);
        double bias2 = 1 - Math.pow(beta2, step);
        double stepSize = lr / bias1;
        double bias2Sqrt = Math.sqrt(bias2);
        double decay = 1 - lr * weightDecay;
        double c1 = 1 - beta1;
        double c2 = 1 - beta2;
        boolean shrink = decoupled && weightDecay != 0;
        boolean l2 = !decoupled && weightDecay != 0;
        for (int i = off; i < off + n; i++) {
            if (shrink) {
                w[i] *= decay;
            }
            double g = l2 ? grad[i] + weightDecay * w[i] : grad[i];
            m[i] = m[i] * beta1 + c1 * g;
            v[i] = v[i] * beta2 + c2 * g * g;
            w[i] -= stepSize * (m[i] / (Math.sqrt(v[i]) / bias2Sqrt + eps));
        }
    }

    /** RMSprop (not centered), with optional momentum on the scaled gradient ({@code momentumBuffer} may be null without). */
    public static void rmsprop(float[] w, float[] grad, float[] squareAvg, float[] momentumBuffer, int off, int n, double lr,
                               double alpha, double eps, double momentum, double weightDecay) {
        float rate = (float) lr;
        float a = (float) alpha;
        float c = (float) (1 - alpha);
        float e = (float) eps;
        float mu = (float) momentum;
        float wd = (float) weightDecay;
        for (int i = off; i < off + n; i++) {
            float g = weightDecay != 0 ? grad[i] + wd * w[i] : grad[i];
            squareAvg[i] = squareAvg[i] * a + c * g * g;
            float avg = (float) Math.sqrt(squareAvg[i]) + e;
            if (momentum != 0) {
                momentumBuffer[i] = momentumBuffer[i] * mu + g / avg;
                w[i] -= rate * momentumBuffer[i];
            } else {
                w[i] -= rate * (g / avg);
            }
        }
    }

    public static void rmsprop(double[] w, double[] grad, double[] squareAvg, double[] momentumBuffer, int off, int n,
                               double lr, double alpha, double eps, double momentum, double weightDecay) {
        double c = 1 - alpha;
        for (int i = off; i < off + n; i++) {
            double g = weightDecay != 0 ? grad[i] + weightDecay * w[i] : grad[i];
            squareAvg[i] = squareAvg[i] * alpha + c * g * g;
            double avg = Math.sqrt(squareAvg[i]) + eps;
            if (momentum != 0) {
                momentumBuffer[i] = momentumBuffer[i] * momentum + g / avg;
                w[i] -= lr * momentumBuffer[i];
            } else {
                w[i] -= lr * (g / avg);
            }
        }
    }
}
