package dev.gradus.benchmarks;

import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Trainer;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Locale;

/**
 * The plain kernels against the Vector API's in one process, alternating, so a busy or shared
 * machine slows both alike: each workload's trainer is loaded twice, in two class loaders, one
 * while {@code -Dgradus.kernels=plain} is set, one with {@code auto} (the kernels a process
 * chooses with {@code --add-modules jdk.incubator.vector}; {@code -Dvector=vector256} names
 * others), each with {@code gradus.threads} as
 * given (default 1: the kernels alone). Three rounds; each keeps its best. Prints per workload
 * and precision: {@code workload precision plain-steps/s vector-steps/s ratio}. Usage:
 * <pre>java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.gradus.benchmarks.PlainVsVector [SECONDS] [WORKLOAD...]</pre>
 */
public final class PlainVsVector {
    private PlainVsVector() {}

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        String[] workloads = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length) : new String[] {"mlp784", "mlp256"};
        if (System.getProperty("gradus.threads") == null) {
            System.setProperty("gradus.threads", "1");
        }
        URL jar = PlainVsVector.class.getProtectionDomain().getCodeSource().getLocation();
        for (String precision : (System.getProperty("precisions", "float double")).split(" ")) {
            for (String w : workloads) {
                Object[] runs = new Object[2];
                Method[] measure = new Method[2];
                String[] kernels = {"plain", System.getProperty("vector", "auto")};
                for (int k = 0; k < 2; k++) {
                    System.setProperty("gradus.kernels", kernels[k]);
                    @SuppressWarnings("resource")
                    ClassLoader loader = new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
                    Class<?> run = loader.loadClass(Run.class.getName());
                    runs[k] = run.getConstructor(String.class, String.class).newInstance(w, precision);
                    measure[k] = run.getMethod("measure", double.class);
                    measure[k].invoke(runs[k], Math.max(1, seconds)); // warm-up: let HotSpot compile the step
                }
                double[] best = new double[2];
                for (int round = 0; round < 3; round++) {
                    for (int k = 0; k < 2; k++) {
                        best[k] = Math.max(best[k], (double) measure[k].invoke(runs[k], seconds));
                    }
                }
                System.out.printf(Locale.ROOT, "%-10s %-6s plain %9.1f  vector %9.1f steps/s  plain/vector %.2f  (%s)%n", w, precision,
                        best[0], best[1], best[0] / best[1], runs[1]);
            }
        }
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
