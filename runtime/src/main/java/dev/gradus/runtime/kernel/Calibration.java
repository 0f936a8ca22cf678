package dev.gradus.runtime.kernel;

import java.util.List;
import java.util.Locale;

/**
 * {@link KernelSelector}'s calibration: the plain loops and a vector implementation timed on a layer-sized block
 * once the JIT has compiled both, and the faster kept unless the vector one does not win clearly.
 */
final class Calibration {
    /** A vector implementation must take at most this fraction of the plain loops' time to be chosen. */
    private static final double MARGIN = 0.9;

    /**
     * Warm-up: each candidate runs the timing block at least this many times, so that C2 has compiled
     * its block methods (each runs dozens of times a call; the Vector API is hundreds of times slower
     * interpreted or in C1, where it boxes every vector), and then until this many calls in a row are
     * no faster than the best so far; at most this long for each.
     */
    private static final int WARM_CALLS = 300;
    private static final int QUIET_CALLS = 16;
    private static final long MAX_WARM_NANOS = 3_000_000_000L;
    private static final double IMPROVEMENT = 0.05;
    /** A vector candidate this many times slower than the plain loops is taken for uncompiled code. */
    static final double UNCOMPILED = 4;
    /** How many more warm-ups a vector candidate that loses to the plain loops gets. */
    static final int RETRIES = 2;
    /**
     * A second warm-up ends only after this long without a faster call and with the JIT idle for
     * {@link #JIT_IDLE_NANOS} (where the JVM reports its compilation time): C2 compiles the Vector
     * API's code in stages, and between two of them a block ran 115 ms at one speed.
     */
    private static final long QUIET_NANOS = 250_000_000L;
    private static final long JIT_IDLE_NANOS = 50_000_000L;
    /** Timing: alternating rounds of this many nanoseconds a candidate on a layer-sized block. */
    private static final int ROUNDS = 4;
    private static final long ROUND_NANOS = 5_000_000L;

    private Calibration() {}

    /**
     * Warms each candidate up until the JIT has compiled it (see {@link #WARM_CALLS}), then times one
     * layer's forward and backward GEMMs (batch 32, 128 inputs, 64 outputs, float) in alternating
     * rounds and keeps the fastest, unless no vector one beats the plain loops by the margin. Timing code the JIT had not compiled yet once chose the plain loops on a machine where
     * the 512-bit kernels are ten times faster.
     */
    static KernelSelector.Choice calibrate(List<Kernels> candidates) {
        return calibrate(candidates, MAX_WARM_NANOS);
    }

    /**
     * {@link #calibrate(List)} with at most {@code maxWarmNanos} of warm-up a candidate a try. A
     * vector candidate more than {@link #UNCOMPILED} times slower than the plain loops has not been
     * compiled by C2 yet (on a CPU that runs its width natively, compiled, it is never that slow):
     * under load C2 can take longer than the warm-up, and a calibration that timed such code chose
     * the plain loops, 99 ms a layer step against a few. A vector candidate that loses to the plain loops at all
     * is warmed again, until no call has been faster for {@link #QUIET_NANOS} and the JIT has been idle, and timed
     * again, up to {@link #RETRIES} times (half-compiled 512-bit code, 1.4-2 times slower than the plain loops,
     * once chose them where compiled it was 3.4 times faster); if it still looks uncompiled the choice is made but
     * not settled (not remembered), so the next process tries again.
     */
    static KernelSelector.Choice calibrate(List<Kernels> candidates, long maxWarmNanos) {
        if (candidates.size() == 1) {
            return new KernelSelector.Choice(candidates.get(0), "gradus kernels: plain (" + (KernelSelector.vectorModulePresent()
                    ? "no vector species this CPU runs natively" : "the JVM runs without --add-modules jdk.incubator.vector") + ")");
        }
        long start = System.nanoTime();
        Block block = new Block(32, 128, 64);
        for (Kernels k : candidates) {
            warmUp(k, block, maxWarmNanos, false);
        }
        long[] best = new long[candidates.size()];
        java.util.Arrays.fill(best, Long.MAX_VALUE);
        boolean settled;
        for (int attempt = 0; ; attempt++) {
            for (int round = 0; round < ROUNDS; round++) {
                for (int c = 0; c < candidates.size(); c++) {
                    best[c] = Math.min(best[c], block.nanosPerRun(candidates.get(c), ROUND_NANOS));
                }
            }
            settled = true;
            boolean again = false;
            for (int c = 1; c < candidates.size(); c++) {
                settled &= best[c] <= UNCOMPILED * best[0];
                // Losing to the plain loops at a width the CPU runs natively is what half-compiled code does: warm it
                // until nothing gets faster and the JIT is idle, then time it again.
                if (best[c] >= MARGIN * best[0] && attempt < RETRIES) {
                    warmUp(candidates.get(c), block, maxWarmNanos, true);
                    best[c] = Long.MAX_VALUE;
                    again = true;
                }
            }
            if (!again) {
                break;
            }
        }
        int chosen = 0;
        for (int c = 1; c < candidates.size(); c++) {
            if (best[c] < MARGIN * best[0] && best[c] < best[chosen]) {
                chosen = c;
            }
        }
        StringBuilder why = new StringBuilder("gradus kernels: " + candidates.get(chosen).name() + " (calibrated in "
                + (System.nanoTime() - start) / 1_000_000 + " ms, µs per layer step:");
        for (int c = 0; c < candidates.size(); c++) {
            why.append(' ').append(candidates.get(c).name()).append(' ')
                    .append(String.format(Locale.ROOT, "%.1f", best[c] / 1000.0));
        }
        if (!settled) {
            why.append("; a vector candidate still looked uncompiled by the JIT, so this choice is not remembered");
        }
        why.append(KernelSelector.repeats(candidates.get(chosen)));
        return new KernelSelector.Choice(candidates.get(chosen), why.append(')').toString(), settled);
    }

    /**
     * Runs {@code k} on {@code block} until the JIT has compiled it: enough calls for C2 to compile
     * every block method, then no call faster than the best for a few calls in a row. Warming up on
     * smaller layers did not do: C2 recompiled for the layer-sized block, and timed it interpreted.
     * {@code thorough} (a second warm-up): also until no call got faster for {@link #QUIET_NANOS} and the JIT has
     * been idle for {@link #JIT_IDLE_NANOS}; only then is the JIT's clock looked up (java.management, reflectively).
     */
    private static void warmUp(Kernels k, Block block, long maxWarmNanos, boolean thorough) {
        long start = System.nanoTime();
        long best = Long.MAX_VALUE;
        long improved = start;
        long jit = thorough ? JitClock.millis() : 0;
        long jitMoved = start;
        int quiet = 0;
        for (int calls = 0; System.nanoTime() - start < maxWarmNanos; calls++) {
            long t0 = System.nanoTime();
            block.run(k);
            long now = System.nanoTime();
            long t = now - t0;
            if (t < best * (1 - IMPROVEMENT)) {
                quiet = 0;
                improved = now;
            } else {
                quiet++;
            }
            best = Math.min(best, t);
            long jitNow = thorough ? JitClock.millis() : jit;
            if (jitNow != jit) {
                jit = jitNow;
                jitMoved = now;
            }
            boolean warm = calls >= WARM_CALLS && quiet >= QUIET_CALLS;
            if (warm && (!thorough || now - improved >= QUIET_NANOS && now - jitMoved >= JIT_IDLE_NANOS)) {
                return;
            }
        }
    }

    /**
     * The JIT's total compilation time in milliseconds, where the JVM reports it (java.management, looked up by
     * reflection so that the runtime needs nothing beyond java.base); a constant elsewhere.
     */
    private static final class JitClock {
        private static final java.util.function.LongSupplier CLOCK = find();

        static long millis() {
            return CLOCK.getAsLong();
        }

        private static java.util.function.LongSupplier find() {
            try {
                Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getCompilationMXBean").invoke(null);
                Class<?> type = Class.forName("java.lang.management.CompilationMXBean");
                if (bean == null || !(Boolean) type.getMethod("isCompilationTimeMonitoringSupported").invoke(bean)) {
                    return () -> 0;
                }
                java.lang.reflect.Method total = type.getMethod("getTotalCompilationTime");
                return () -> {
                    try {
                        return (Long) total.invoke(bean);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        return 0;
                    }
                };
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                return () -> 0;
            }
        }
    }

    /** A dense layer's buffers, filled with small values, and one forward plus backward pass over them. */
    private static final class Block {
        final int batch;
        final int in;
        final int out;
        final float[] x;
        final float[] w;
        final float[] bias;
        final float[] y;
        final float[] dx;
        final float[] dw;

        Block(int batch, int in, int out) {
            this.batch = batch;
            this.in = in;
            this.out = out;
            x = fill(batch * in);
            w = fill(out * in);
            bias = fill(out);
            y = new float[batch * out];
            dx = new float[batch * in];
            dw = new float[out * in];
        }

        private static float[] fill(int n) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = ((i * 7919) % 201 - 100) / 400f;
            }
            return a;
        }

        void run(Kernels k) {
            k.forward(batch, in, out, x, 0, in, w, 0, in, bias, 0, Activation.RELU, y, 0, out);
            k.weightGradient(batch, in, out, y, 0, out, x, 0, in, 1f / batch, dw, 0, in, false);
            k.inputGradient(batch, in, out, y, 0, out, w, 0, in, dx, 0, in, false);
        }

        /** Runs repeatedly for about {@code budget} nanoseconds; the mean time of one run. */
        long nanosPerRun(Kernels k, long budget) {
            long start = System.nanoTime();
            long now = start;
            int runs = 0;
            while (now - start < budget) {
                run(k);
                runs++;
                now = System.nanoTime();
            }
            return (now - start) / runs;
        }
    }
}
