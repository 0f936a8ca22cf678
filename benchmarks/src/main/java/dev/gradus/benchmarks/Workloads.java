package dev.gradus.benchmarks;

import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Rng;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import java.util.List;

/** The four benchmark workloads: their generated trainers, batch sizes, weight counts and synthetic data. */
public final class Workloads {
    private Workloads() {}

    public static final List<String> NAMES = List.of("xor", "simple_net", "mlp784", "mlp256");

    public static int batch(String workload) {
        return workload.startsWith("mlp") ? 64 : 4;
    }

    public static Trainer trainer(String workload, String precision) {
        boolean f32 = precision.equals("float");
        int b = batch(workload);
        return switch (workload) {
            case "xor" -> f32 ? new dev.gradus.benchmarks.f32.Xor(b) : new dev.gradus.benchmarks.f64.Xor(b);
            case "simple_net" -> f32 ? new dev.gradus.benchmarks.f32.SimpleNet(b) : new dev.gradus.benchmarks.f64.SimpleNet(b);
            case "mlp784" -> f32 ? new dev.gradus.benchmarks.f32.Mlp784(b) : new dev.gradus.benchmarks.f64.Mlp784(b);
            case "mlp256" -> f32 ? new dev.gradus.benchmarks.f32.Mlp256(b) : new dev.gradus.benchmarks.f64.Mlp256(b);
            default -> throw new IllegalArgumentException(workload);
        };
    }

    /** Number of weights (matrix parameters' elements): a step costs about 6 x weights x examples flops. */
    public static long weights(Trainer t) {
        long n = 0;
        for (TensorSpec p : t.parameters()) {
            if (p.shape().length == 2) {
                n += p.size();
            }
        }
        return n;
    }

    /** {@code n} random examples for a trainer's inputs and targets. */
    public static DataSet data(Trainer t, int n) {
        return DataSet.random(t.inputs(), t.targets(), n, new Rng(7));
    }
}
