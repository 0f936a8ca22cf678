package dev.gradus.benchmarks;

import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Rng;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import java.util.List;

/** The six benchmark workloads: their generated trainers, batch sizes, flop counts and synthetic data. */
public final class Workloads {
    private Workloads() {}

    public static final List<String> NAMES = List.of("xor", "simple_net", "mlp784", "mlp256", "mlp64", "wide");

    public static int batch(String workload) {
        return switch (workload) {
            case "mlp64" -> 32;
            case "wide" -> 256;
            case "mlp784", "mlp256" -> 64;
            default -> 4;
        };
    }

    public static Trainer trainer(String workload, String precision) {
        boolean f32 = precision.equals("float");
        int b = batch(workload);
        return switch (workload) {
            case "xor" -> f32 ? new dev.gradus.benchmarks.f32.Xor(b) : new dev.gradus.benchmarks.f64.Xor(b);
            case "simple_net" -> f32 ? new dev.gradus.benchmarks.f32.SimpleNet(b) : new dev.gradus.benchmarks.f64.SimpleNet(b);
            case "mlp784" -> f32 ? new dev.gradus.benchmarks.f32.Mlp784(b) : new dev.gradus.benchmarks.f64.Mlp784(b);
            case "mlp256" -> f32 ? new dev.gradus.benchmarks.f32.Mlp256(b) : new dev.gradus.benchmarks.f64.Mlp256(b);
            case "mlp64" -> f32 ? new dev.gradus.benchmarks.f32.Mlp64(b) : new dev.gradus.benchmarks.f64.Mlp64(b);
            case "wide" -> f32 ? new dev.gradus.benchmarks.f32.Wide(b) : new dev.gradus.benchmarks.f64.Wide(b);
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

    /**
     * Flops one example costs a training step, counting what must be done: each layer's forward
     * product (2 x weights), its weight gradient (2 x weights) and its input gradient (2 x weights),
     * except the first layer's, whose input is data. The first matrix parameter is the first layer.
     */
    public static long flopsPerExample(Trainer t) {
        long first = -1;
        for (TensorSpec p : t.parameters()) {
            if (p.shape().length == 2) {
                first = p.size();
                break;
            }
        }
        return 6 * weights(t) - (first > 0 ? 2 * first : 0);
    }

    /** {@code n} random examples for a trainer's inputs and targets. */
    public static DataSet data(Trainer t, int n) {
        return DataSet.random(t.inputs(), t.targets(), n, new Rng(7));
    }
}
