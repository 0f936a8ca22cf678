package dev.gradus.benchmarks;

import dev.gradus.runtime.Fn;
import dev.gradus.runtime.kernel.Kernels;
import dev.gradus.runtime.kernel.Optimizers;
import java.util.Arrays;
import java.util.Locale;

/**
 * What subnormal numbers cost an Adam step, and what flushing them saves: Adam's update of 64k float
 * parameters, timed with its state in the normal range (a live gradient), and, the gradient vanished, with its state
 * in the subnormal range without flushing (as trainers did before: {@code v} decays by 0.999 a step
 * and stays subnormal for about 16,000 steps), and the same state flushed to zero every
 * {@link Fn#FLUSH_STEPS} steps as the generated trainers flush it. The state is set once every 4,096
 * steps. Intel cores compute on subnormals in microcode; AMD's barely slow down. Prints ns per
 * element for the three, and the ratios. Then a layer's activations: the backward product through a
 * softmax, {@code dh = dlogits W} (64-32-10's, batch 32, on the kernels this JVM selects), timed with
 * {@code dlogits} normal, subnormal (the probabilities of the classes a classifier has ruled out, once
 * it is sure: what float trainers flush to 0 now) and zero (flushed). Usage: SubnormalBenchmark
 * [SECONDS per measurement, default 1].
 */
public final class SubnormalBenchmark {
    private static final int N = 1 << 16;

    private SubnormalBenchmark() {}

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1;
        float[] w = new float[N];
        float[] grad = new float[N];
        // The normal case's gradient is live: with a vanished one its m (0.9 a step from 1e-3) would be
        // subnormal after about 770 of the window's 4,096 steps, as reported before 2026-12-08.
        float[] live = new float[N];
        Arrays.fill(live, 1e-3f);
        Arrays.fill(w, 0.5f);
        double normal = 0;
        double subnormal = 0;
        double flushed = 0;
        for (int round = 0; round < 3; round++) { // the last round is reported: HotSpot has compiled all three by then
            normal = time(seconds, w, live, 1e-3f, 1e-6f, false);
            subnormal = time(seconds, w, grad, 1e-39f, 1e-40f, false);
            flushed = time(seconds, w, grad, 1e-39f, 1e-40f, true);
        }
        System.out.printf(Locale.ROOT, "adam ns/element: normal state %.2f, subnormal state unflushed %.2f (%.1fx), "
                + "subnormal state flushed %.2f (%.1fx)%n", normal, subnormal, subnormal / normal, flushed, flushed / normal);
        for (int round = 0; round < 3; round++) {
            normal = product(seconds, 1e-3f);
            subnormal = product(seconds, 1e-40f);
            flushed = product(seconds, 0f);
        }
        System.out.printf(Locale.ROOT, "softmax backward product (%s) ns/call: dlogits normal %.1f, subnormal %.1f (%.1fx), "
                + "flushed %.1f (%.1fx)%n", Kernels.get().name(), normal, subnormal, subnormal / normal, flushed, flushed / normal);
    }

    /** ns a call of {@code dh = dlogits W2} for mlp64's second layer (10 by 32, batch 32), every dlogits element {@code value}. */
    private static double product(double seconds, float value) {
        float[] g = new float[32 * 10];
        float[] w = new float[10 * 32];
        float[] dx = new float[32 * 32];
        Arrays.fill(g, value);
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 7) / 7f - 0.4f;
        }
        Kernels k = Kernels.get().forLayer(32, 10);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long calls = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1000; i++, calls++) {
                k.inputGradient(32, 32, 10, g, 0, 10, w, 0, 32, dx, 0, 32, false);
            }
        }
        return (System.nanoTime() - start) / (double) calls;
    }

    /** ns an element of Adam steps for about {@code seconds}, the state set to {@code m0}, {@code v0} every 4,096 steps. */
    private static double time(double seconds, float[] w, float[] grad, float m0, float v0, boolean flush) {
        float[] m = new float[N];
        float[] v = new float[N];
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long steps = 0;
        while (System.nanoTime() < end) {
            Arrays.fill(m, m0);
            Arrays.fill(v, v0);
            for (int s = 1; s <= 4096; s++, steps++) {
                Optimizers.adam(w, grad, m, v, 0, N, 1000 + s, 1e-3, 0.9, 0.999, 1e-8, 0, false);
                if (flush && s % Fn.FLUSH_STEPS == 0) {
                    Fn.flushSubnormals(m);
                    Fn.flushSubnormals(v);
                }
            }
        }
        return (System.nanoTime() - start) / (double) steps / N;
    }
}
