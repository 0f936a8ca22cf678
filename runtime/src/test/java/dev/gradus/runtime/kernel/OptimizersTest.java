package dev.gradus.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused optimizer kernels take exactly the steps the generated trainers take: each reference
 * below is UpdateRule's element statements as the emitter writes them for that configuration,
 * literals and all ({@code 0.1f} for float's 1 - 0.9, {@code (1 - 0.9)} in double), compared to
 * the bit over several steps (the first SGD step seeds the momentum buffer).
 */
class OptimizersTest {
    private static final int N = 37;
    private static final int OFF = 2;
    private static final int STEPS = 6;

    /** Random weights and, per step, a random gradient; both precisions start from the same values. */
    private static final class Run {
        final double[] w0 = new double[OFF + N];
        final double[][] grads = new double[STEPS][OFF + N];

        Run(long seed) {
            Random r = new Random(seed);
            for (int i = 0; i < w0.length; i++) {
                w0[i] = (float) (r.nextGaussian() * 0.5);
            }
            for (double[] g : grads) {
                for (int i = 0; i < g.length; i++) {
                    g[i] = (float) (r.nextGaussian() * 0.1);
                }
            }
        }

        float[] gradF(int step) {
            float[] f = new float[OFF + N];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) grads[step][i];
            }
            return f;
        }

        float[] weightsF() {
            float[] f = new float[OFF + N];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) w0[i];
            }
            return f;
        }
    }

    @Test
    void sgdWithNesterovMomentumDampeningAndDecay() {
        // sgd(lr = 0.01, momentum = 0.9, dampening = 0.1, weight_decay = 0.0001, nesterov = true)
        Run run = new Run(1);
        double[] w = run.w0.clone();
        double[] buf = new double[OFF + N];
        double[] wk = run.w0.clone();
        double[] bufk = new double[OFF + N];
        float[] wf = run.weightsF();
        float[] buff = new float[OFF + N];
        float[] wfk = run.weightsF();
        float[] buffk = new float[OFF + N];
        double lr = 0.01;
        for (long step = 1; step <= STEPS; step++) {
            double[] dW = run.grads[(int) step - 1];
            float[] dWf = run.gradF((int) step - 1);
            double rate = lr;
            float ratef = (float) (lr);
            for (int i = OFF; i < OFF + N; i++) {
                double g = dW[i] + 1.0E-4 * w[i];
                buf[i] = step == 1 ? g : 0.9 * buf[i] + (1 - 0.1) * g;
                g = g + 0.9 * buf[i];
                w[i] -= rate * g;
                float gf = dWf[i] + 1.0E-4f * wf[i];
                buff[i] = step == 1 ? gf : 0.9f * buff[i] + 0.9f * gf;
                gf = gf + 0.9f * buff[i];
                wf[i] -= ratef * gf;
            }
            Optimizers.sgd(wk, dW, bufk, OFF, N, step, lr, 0.9, 0.1, 1e-4, true);
            Optimizers.sgd(wfk, dWf, buffk, OFF, N, step, lr, 0.9, 0.1, 1e-4, true);
        }
        assertThat(wk).containsExactly(w);
        assertThat(bufk).containsExactly(buf);
        assertThat(wfk).containsExactly(wf);
        assertThat(buffk).containsExactly(buff);
    }

    @Test
    void plainSgdTouchesOnlyItsWindow() {
        Run run = new Run(2);
        double[] w = run.w0.clone();
        Optimizers.sgd(w, run.grads[0], null, OFF, N - 1, 1, 0.5, 0, 0, 0, false);
        for (int i = 0; i < w.length; i++) {
            boolean inside = i >= OFF && i < OFF + N - 1;
            assertThat(w[i]).isEqualTo(inside ? run.w0[i] - 0.5 * run.grads[0][i] : run.w0[i]);
        }
    }

    @Test
    void adamWithL2Decay() {
        // adam(lr = 0.01, weight_decay = 0.01): betas 0.9, 0.999, eps 1e-8
        adam(false);
    }

    @Test
    void adamWDecaysTheWeightFirst() {
        // adamw(lr = 0.01, weight_decay = 0.01)
        adam(true);
    }

    private static void adam(boolean decoupled) {
        Run run = new Run(decoupled ? 3 : 4);
        double[] w = run.w0.clone();
        double[] m = new double[OFF + N];
        double[] v = new double[OFF + N];
        double[] wk = run.w0.clone();
        double[] mk = new double[OFF + N];
        double[] vk = new double[OFF + N];
        float[] wf = run.weightsF();
        float[] mf = new float[OFF + N];
        float[] vf = new float[OFF + N];
        float[] wfk = run.weightsF();
        float[] mfk = new float[OFF + N];
        float[] vfk = new float[OFF + N];
        double lr = 0.01;
        for (long step = 1; step <= STEPS; step++) {
            double[] dW = run.grads[(int) step - 1];
            float[] dWf = run.gradF((int) step - 1);
            double bias1 = 1 - Math.pow(0.9, step);
            double bias2 = 1 - Math.pow(0.999, step);
            double stepSize = lr / bias1;
            double bias2Sqrt = Math.sqrt(bias2);
            double decay = 1 - lr * 0.01;
            float stepSizef = (float) (lr / bias1);
            float bias2Sqrtf = (float) (Math.sqrt(bias2));
            float decayf = (float) (1 - lr * 0.01);
            for (int i = OFF; i < OFF + N; i++) {
                if (decoupled) {
                    w[i] *= decay;
                    wf[i] *= decayf;
                }
                double g = decoupled ? dW[i] : dW[i] + 0.01 * w[i];
                m[i] = m[i] * 0.9 + (1 - 0.9) * g;
                v[i] = v[i] * 0.999 + (1 - 0.999) * g * g;
                w[i] -= stepSize * (m[i] / (Math.sqrt(v[i]) / bias2Sqrt + 1.0E-8));
                float gf = decoupled ? dWf[i] : dWf[i] + 0.01f * wf[i];
                mf[i] = mf[i] * 0.9f + 0.1f * gf;
                vf[i] = vf[i] * 0.999f + 0.001f * gf * gf;
                wf[i] -= stepSizef * (mf[i] / ((float) Math.sqrt(vf[i]) / bias2Sqrtf + 1.0E-8f));
            }
            Optimizers.adam(wk, dW, mk, vk, OFF, N, step, lr, 0.9, 0.999, 1e-8, 0.01, decoupled);
            Optimizers.adam(wfk, dWf, mfk, vfk, OFF, N, step, lr, 0.9, 0.999, 1e-8, 0.01, decoupled);
        }
        assertThat(wk).containsExactly(w);
        assertThat(mk).containsExactly(m);
        assertThat(vk).containsExactly(v);
        assertThat(wfk).containsExactly(wf);
        assertThat(mfk).containsExactly(mf);
        assertThat(vfk).containsExactly(vf);
    }

    @Test
    void rmspropWithAndWithoutMomentum() {
        // rmsprop(lr = 0.01, alpha = 0.99, eps = 1e-8, momentum = 0.5 or 0, weight_decay = 0.001)
        for (boolean withMomentum : new boolean[] {true, false}) {
            Run run = new Run(withMomentum ? 5 : 6);
            double[] w = run.w0.clone();
            double[] sq = new double[OFF + N];
            double[] buf = new double[OFF + N];
            double[] wk = run.w0.clone();
            double[] sqk = new double[OFF + N];
            double[] bufk = withMomentum ? new double[OFF + N] : null;
            float[] wf = run.weightsF();
            float[] sqf = new float[OFF + N];
            float[] buff = new float[OFF + N];
            float[] wfk = run.weightsF();
            float[] sqfk = new float[OFF + N];
            float[] buffk = withMomentum ? new float[OFF + N] : null;
            double lr = 0.01;
            for (long step = 1; step <= STEPS; step++) {
                double[] dW = run.grads[(int) step - 1];
                float[] dWf = run.gradF((int) step - 1);
                double rate = lr;
                float ratef = (float) (lr);
                for (int i = OFF; i < OFF + N; i++) {
                    double g = dW[i] + 0.001 * w[i];
                    sq[i] = sq[i] * 0.99 + (1 - 0.99) * g * g;
                    float gf = dWf[i] + 0.001f * wf[i];
                    sqf[i] = sqf[i] * 0.99f + 0.01f * gf * gf;
                    if (withMomentum) {
                        buf[i] = buf[i] * 0.5 + g / (Math.sqrt(sq[i]) + 1.0E-8);
                        w[i] -= rate * buf[i];
                        buff[i] = buff[i] * 0.5f + gf / ((float) Math.sqrt(sqf[i]) + 1.0E-8f);
                        wf[i] -= ratef * buff[i];
                    } else {
                        w[i] -= rate * (g / (Math.sqrt(sq[i]) + 1.0E-8));
                        wf[i] -= ratef * (gf / ((float) Math.sqrt(sqf[i]) + 1.0E-8f));
                    }
                }
                double mu = withMomentum ? 0.5 : 0;
                Optimizers.rmsprop(wk, dW, sqk, bufk, OFF, N, lr, 0.99, 1e-8, mu, 0.001);
                Optimizers.rmsprop(wfk, dWf, sqfk, buffk, OFF, N, lr, 0.99, 1e-8, mu, 0.001);
            }
            assertThat(wk).containsExactly(w);
            assertThat(sqk).containsExactly(sq);
            assertThat(wfk).containsExactly(wf);
            assertThat(sqfk).containsExactly(sqf);
        }
    }
}
