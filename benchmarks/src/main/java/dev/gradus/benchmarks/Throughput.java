package dev.gradus.benchmarks;

import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Trainer;
import java.util.Locale;

/**
 * Steps per second of one workload, measured for a fixed time after a warm-up that lasts until the step stops getting faster: the Gradus half of
 * compare.sh, which interleaves it with the same workload in PyTorch. (JMH's StepBenchmark
 * measures the same steps with more care; this runner starts fast enough to interleave.)
 * Usage: Throughput WORKLOAD float|double SECONDS. Prints: steps/s examples/s GFLOP/s
 * (flops counted by {@link Workloads#flopsPerExample}); then, on stderr, the kernels and threads the
 * trainer chose ({@link Trainer#describeExecution()}).
 */
public final class Throughput {
    private Throughput() {}

    public static void main(String[] args) {
        String workload = args[0];
        String precision = args[1];
        double seconds = Double.parseDouble(args[2]);
        Trainer t = Workloads.trainer(workload, precision);
        int batch = Workloads.batch(workload);
        int batches = Workloads.batches(workload);
        DataSet data = Workloads.data(t, batch * batches);
        warmUp(t, data, batch, batches, seconds);
        double stepsPerSecond = run(t, data, batch, batches, seconds);
        double examples = stepsPerSecond * batch;
        double gflops = Workloads.flopsPerExample(workload, t) * examples / 1e9;
        System.out.printf(Locale.ROOT, "%.1f %.1f %.3f%n", stepsPerSecond, examples, gflops);
        System.err.println(workload + " " + precision + ": " + t.describeExecution());
    }

    /**
     * Steps in windows until the JIT has compiled the step: at least {@code seconds / 2}, then until two
     * windows in a row are no more than 5% faster than the best before them, at most three times
     * {@code seconds} (or 3 s). A fixed second was not enough on a loaded machine: C2 had not compiled
     * the Vector API kernels yet, and the measurement timed them in their Java fallbacks.
     */
    private static void warmUp(Trainer t, DataSet data, int batch, int batches, double seconds) {
        double window = Math.max(0.25, seconds / 4);
        long start = System.nanoTime();
        double best = 0;
        int quiet = 0;
        while ((System.nanoTime() - start) / 1e9 < Math.max(1, seconds / 2)
                || quiet < 2 && (System.nanoTime() - start) / 1e9 < Math.max(3, 3 * seconds)) {
            double r = run(t, data, batch, batches, window);
            quiet = r > best * 1.05 ? 0 : quiet + 1;
            best = Math.max(best, r);
        }
    }

    /** Steps a second of {@code t} over {@code seconds}, batch after batch of {@code data}. */
    static double run(Trainer t, DataSet data, int batch, int batches, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long steps = 0;
        double sink = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 16; i++) {
                sink += t.step(data, null, (int) (steps % batches) * batch, batch);
                steps++;
            }
        }
        if (Double.isNaN(sink)) {
            System.err.println("the loss became NaN");
        }
        return steps / ((System.nanoTime() - start) / 1e9);
    }
}
