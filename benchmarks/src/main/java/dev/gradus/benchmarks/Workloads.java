package dev.gradus.benchmarks;

import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Rng;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import java.util.ArrayList;
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

    /** {@code n} random examples: normal inputs, uniform targets, random classes. */
    public static DataSet data(Trainer t, int n) {
        Rng rng = new Rng(7);
        List<String> names = new ArrayList<>();
        List<double[][]> rows = new ArrayList<>();
        List<TensorSpec> fields = new ArrayList<>(t.inputs());
        fields.addAll(t.targets());
        for (TensorSpec f : fields) {
            double[][] r = new double[n][f.size()];
            boolean target = t.targets().contains(f);
            for (double[] row : r) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = f.classes() > 0 ? rng.nextInt(f.classes()) : target ? rng.nextDouble() : rng.normal(0, 1);
                }
            }
            names.add(f.name());
            rows.add(r);
        }
        return new DataSet(names, rows.toArray(new double[0][][]));
    }
}
