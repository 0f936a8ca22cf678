package dev.gradus.benchmarks;

import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Trainer;
import java.util.Locale;

/**
 * Steps per second of one workload, measured for a fixed time after a warm-up: the Gradus half of
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
        int batches = workload.startsWith("mlp") || workload.equals("cnn") || workload.equals("embed") ? 16 : workload.equals("wide") ? 4 : 1;
        DataSet data = Workloads.data(t, batch * batches);
        run(t, data, batch, batches, Math.max(1, seconds / 2)); // warm-up: let HotSpot compile the step
        double stepsPerSecond = run(t, data, batch, batches, seconds);
        double examples = stepsPerSecond * batch;
        double gflops = Workloads.flopsPerExample(workload, t) * examples / 1e9;
        System.out.printf(Locale.ROOT, "%.1f %.1f %.3f%n", stepsPerSecond, examples, gflops);
        System.err.println(workload + " " + precision + ": " + t.describeExecution());
    }

    private static double run(Trainer t, DataSet data, int batch, int batches, double seconds) {
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
