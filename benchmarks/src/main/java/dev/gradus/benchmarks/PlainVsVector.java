package dev.gradus.benchmarks;

import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Trainer;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Locale;

/**
 * The plain kernels against the Vector API's in one process, alternating, so a busy or shared
 * machine slows both alike: the workload's trainer is loaded twice, in two class loaders, one while
 * {@code -Dgradus.kernels=plain} is set, one with {@code vector512} ({@code -Dvector=vector256} or
 * {@code auto} name others), each with {@code gradus.threads} as given (default 1: the kernels
 * alone). After a warm-up each, five rounds measure both, in alternating order; each round gives a ratio.
 * One workload and precision a process (the Vector API's code, loaded in more class loaders, ran
 * slower and slower). Prints {@code workload precision plain-steps/s vector-steps/s ratio}: the
 * best of each, and the median of the rounds' ratios. Usage:
 * <pre>java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.gradus.benchmarks.PlainVsVector WORKLOAD [float|double] [SECONDS]</pre>
 */
public final class PlainVsVector {
    private static final int ROUNDS = 5;

    private PlainVsVector() {}

    public static void main(String[] args) throws Exception {
        String workload = args[0];
        String precision = args.length > 1 ? args[1] : "float";
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 1;
        if (System.getProperty("gradus.threads") == null) {
            System.setProperty("gradus.threads", "1");
        }
        URL jar = PlainVsVector.class.getProtectionDomain().getCodeSource().getLocation();
        Object[] runs = new Object[2];
        Method[] measure = new Method[2];
        String[] kernels = {"plain", System.getProperty("vector", "vector512")};
        for (int k = 0; k < 2; k++) {
            System.setProperty("gradus.kernels", kernels[k]);
            @SuppressWarnings("resource")
            ClassLoader loader = new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
            Class<?> run = loader.loadClass(Run.class.getName());
            runs[k] = run.getConstructor(String.class, String.class).newInstance(workload, precision);
            measure[k] = run.getMethod("measure", double.class);
            // Warm-up: let HotSpot compile the step (the Vector API's code takes C2 long on a busy
            // machine, and runs a hundred times slower until then): until a measure is within 10% of
            // the one before, or for 30 seconds.
            long until = System.nanoTime() + 30_000_000_000L;
            double last = 0;
            double rate = (double) measure[k].invoke(runs[k], seconds);
            while (Math.abs(rate - last) > 0.1 * rate && System.nanoTime() < until) {
                last = rate;
                rate = (double) measure[k].invoke(runs[k], seconds);
            }
        }
        double[] best = new double[2];
        double[] ratios = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            double[] now = new double[2];
            for (int j = 0; j < 2; j++) {
                int k = (round + j) % 2;
                now[k] = (double) measure[k].invoke(runs[k], seconds);
                best[k] = Math.max(best[k], now[k]);
            }
            ratios[round] = now[0] / now[1];
        }
        java.util.Arrays.sort(ratios);
        System.out.printf(Locale.ROOT, "%-10s %-6s plain %9.1f  vector %9.1f steps/s  plain/vector: best %.2f, median %.2f (%.2f-%.2f)  [%s]%n",
                workload, precision, best[0], best[1], best[0] / best[1], ratios[ROUNDS / 2], ratios[0], ratios[ROUNDS - 1], runs[1]);
    }

    /** One trainer of one workload, in its own class loader (so with its own kernels). */
    public static final class Run {
        private final Trainer trainer;
        private final DataSet data;
        private final int batch;
        private final int batches;

        public Run(String workload, String precision) {
            trainer = Workloads.trainer(workload, precision);
            batch = Workloads.batch(workload);
            batches = workload.startsWith("mlp") ? 16 : workload.equals("wide") ? 4 : 1;
            data = Workloads.data(trainer, batch * batches);
        }

        @Override
        public String toString() {
            return trainer.describeExecution();
        }

        /** Steps per second over about {@code seconds}. */
        public double measure(double seconds) {
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long steps = 0;
            double sink = 0;
            while (System.nanoTime() < end) {
                sink += trainer.step(data, null, (int) (steps % batches) * batch, batch);
                steps++;
            }
            if (Double.isNaN(sink)) {
                System.err.println("the loss became NaN");
            }
            return steps / ((System.nanoTime() - start) / 1e9);
        }
    }
}
