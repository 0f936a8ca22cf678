package dev.gradus.benchmarks;

import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Rng;
import dev.gradus.runtime.Trainer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Two builds of one generated trainer in one JVM, timed in alternating bursts: what a change to the
 * emitter does to the steps a second, measured so that the host's drift (this project's shared
 * machines move 20-40% between processes) falls on both alike. Each build's classes are loaded from
 * its own directory (the {@code target/classes} of the benchmarks module built before and after the
 * change, copied aside) by a class loader of its own; the runtime is this JVM's, so the two share it,
 * except the kernels: where a directory holds classes of {@code dev.gradus.runtime.kernel} and
 * {@code dev.gradus.runtime.layers} (copied from {@code runtime/target/classes}), its build runs those, with a calibration of its own, so a
 * change to the kernels (or to a constant the emitter shares with them) is timed the same way.
 * Usage:
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.gradus.benchmarks.TrainerAB DIR_A DIR_B CLASS BATCH BATCHES [BURST_SECONDS] [ROUNDS]</pre>
 * for example {@code /tmp/a /tmp/b dev.gradus.benchmarks.f32.SimpleNet 4 1 0.3 20}: after a warm-up
 * of both, {@code ROUNDS} rounds each time one burst of A and one of B (the order alternating), and
 * prints both medians and the median, lower and upper quartile of B/A over the rounds. The trainers
 * step through {@code BATCHES} batches of random data, as {@link Throughput} does. With
 * {@code -Dab.threads=N,M}, A runs on at most N threads and B on at most M ({@link Trainer#threads(int)}):
 * the same build twice then measures what more threads buy, with the host's drift on both alike; with
 * {@code -Dab.split=rows,examples} A's wide layers are shared by output rows and B's by examples.
 */
public final class TrainerAB {
    private TrainerAB() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: TrainerAB DIR_A DIR_B CLASS BATCH BATCHES [BURST_SECONDS] [ROUNDS]");
            System.exit(2);
        }
        String name = args[2];
        int batch = Integer.parseInt(args[3]);
        int batches = Integer.parseInt(args[4]);
        double burst = args.length > 5 ? Double.parseDouble(args[5]) : 0.3;
        int rounds = args.length > 6 ? Integer.parseInt(args[6]) : 20;
        Trainer[] t = new Trainer[2];
        String[] splits = System.getProperty("ab.split", "").split(",");
        for (int v = 0; v < 2; v++) {
            if (splits.length == 2) {
                System.setProperty("gradus.split", splits[v].trim()); // read as each trainer is made
            }
            BuildLoader loader = new BuildLoader(Path.of(args[v]), name);
            t[v] = (Trainer) loader.loadClass(name).getConstructor(int.class).newInstance(batch);
            t[v].initialize(1);
        }
        String threads = System.getProperty("ab.threads");
        if (threads != null) {
            String[] each = threads.split(",");
            for (int v = 0; v < 2; v++) {
                t[v].threads(Integer.parseInt(each[v].trim()));
            }
        }
        DataSet data = DataSet.random(t[0].inputs(), t[0].targets(), batch * batches, new Rng(7));
        for (int warm = 0; warm < 6; warm++) {
            for (Trainer each : t) {
                run(each, data, batch, batches, 0.5);
            }
        }
        double[] a = new double[rounds];
        double[] b = new double[rounds];
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {
                a[r] = run(t[0], data, batch, batches, burst);
                b[r] = run(t[1], data, batch, batches, burst);
            } else {
                b[r] = run(t[1], data, batch, batches, burst);
                a[r] = run(t[0], data, batch, batches, burst);
            }
            ratio[r] = b[r] / a[r];
        }
        Arrays.sort(a);
        Arrays.sort(b);
        Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "A %.1f B %.1f steps/s (medians); B/A %.3f (quartiles %.3f %.3f)%n",
                a[rounds / 2], b[rounds / 2], ratio[rounds / 2], ratio[rounds / 4], ratio[3 * rounds / 4]);
        // what each chose (threads, the split of wide layers) by the end: a choice that differs explains a gap
        System.out.println("A: " + t[0].describeExecution());
        System.out.println("B: " + t[1].describeExecution());
    }

    private static double run(Trainer t, DataSet data, int batch, int batches, double seconds) {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long steps = 0;
        double sink = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 16; i++) {
                sink += t.step(data, null, (int) (steps % batches) * batch, batch);
                steps++;
            }
        }
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("the loss became NaN");
        }
        return steps / ((System.nanoTime() - start) / 1e9);
    }
}
