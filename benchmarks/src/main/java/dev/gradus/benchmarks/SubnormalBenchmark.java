package dev.gradus.benchmarks;

import dev.gradus.runtime.kernel.Optimizers;
import java.util.Arrays;
import java.util.Locale;

/**
 * What subnormal numbers cost an Adam step, and what flushing them saves: Adam's update of 64k float
 * parameters whose gradient has vanished, timed with its state in the normal range, with its state
 * in the subnormal range updated without flushing (as trainers did before: {@code v} decays by 0.999
 * a step and stays subnormal for about 16,000 steps), and the same state through
 * {@link Optimizers#adam} (which flushes it to zero, as the generated trainers do). Intel cores compute
 * on subnormals in microcode; AMD's barely slow down. Prints ns per element for the three, and the
 * ratios. Usage: SubnormalBenchmark [SECONDS per measurement, default 1].
 */
public final class SubnormalBenchmark {
    private static final int N = 1 << 16;

    private SubnormalBenchmark() {}

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1;
        float[] w = new float[N];
        float[] grad = new float[N];
        Arrays.fill(w, 0.5f);
        double normal = 0;
        double subnormal = 0;
        double flushed = 0;
        for (int round = 0; round < 3; round++) { // the last round is reported: HotSpot has compiled all three by then
            normal = time(seconds, w, grad, 1e-3f, 1e-6f, false);
            subnormal = time(seconds, w, grad, 1e-39f, 1e-40f, false);
            flushed = time(seconds, w, grad, 1e-39f, 1e-40f, true);
        }
        System.out.printf(Locale.ROOT, "adam ns/element: normal state %.2f, subnormal state unflushed %.2f (%.1fx), "
                + "subnormal state flushed %.2f (%.1fx)%n", normal, subnormal, subnormal / normal, flushed, flushed / normal);
    }

    /** ns an element of Adam steps for about {@code seconds}, the state reset to {@code m0}, {@code v0} every 256 steps. */
    private static double time(double seconds, float[] w, float[] grad, float m0, float v0, boolean flush) {
        float[] m = new float[N];
        float[] v = new float[N];
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long steps = 0;
        while (System.nanoTime() < end) {
            Arrays.fill(m, m0);
            Arrays.fill(v, v0);
            for (int s = 0; s < 256; s++, steps++) {
                if (flush) {
                    Optimizers.adam(w, grad, m, v, 0, N, 1000 + s, 1e-3, 0.9, 0.999, 1e-8, 0, false);
                } else {
                    unflushedAdam(w, grad, m, v, 1000 + s);
                }
            }
        }
        return (System.nanoTime() - start) / (double) steps / N;
    }

    /** Optimizers.adam's float loop as it was before flushing. */
    private static void unflushedAdam(float[] w, float[] grad, float[] m, float[] v, long step) {
        double bias1 = 1 - Math.pow(0.9, step);
        double bias2 = 1 - Math.pow(0.999, step);
        float stepSize = (float) (1e-3 / bias1);
        float bias2Sqrt = (float) Math.sqrt(bias2);
        float c1 = (float) (1 - 0.9);
        float c2 = (float) (1 - 0.999);
        for (int i = 0; i < N; i++) {
            float g = grad[i];
            m[i] = m[i] * 0.9f + c1 * g;
            v[i] = v[i] * 0.999f + c2 * g * g;
            w[i] -= stepSize * (m[i] / ((float) Math.sqrt(v[i]) / bias2Sqrt + 1e-8f));
        }
    }
}
