package dev.gradus.benchmarks;

import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Rng;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import java.util.List;

/**
 * The benchmark workloads: their generated trainers, batch sizes, flop counts and synthetic data. The
 * six MLPs, then a CNN (cnn.net: MNIST-shaped, two 3x3 convolutions with max pooling) and a
 * bag-of-embeddings classifier (embed.net).
 */
public final class Workloads {
    private Workloads() {}

    public static final List<String> NAMES = List.of("xor", "simple_net", "mlp784", "mlp256", "mlp64", "wide", "cnn", "embed");

    public static int batch(String workload) {
        return switch (workload) {
            case "mlp64" -> 32;
            case "wide" -> 256;
            case "mlp784", "mlp256", "cnn", "embed" -> 64;
            default -> 4;
        };
    }

    /** How many batches of random data a workload's measurements step through (one for the tiny ones, which fit). */
    public static int batches(String workload) {
        return workload.startsWith("mlp") || workload.equals("cnn") || workload.equals("embed") ? 16 : workload.equals("wide") ? 4 : 1;
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
            case "cnn" -> f32 ? new dev.gradus.benchmarks.f32.Cnn(b) : new dev.gradus.benchmarks.f64.Cnn(b);
            case "embed" -> f32 ? new dev.gradus.benchmarks.f32.Embed(b) : new dev.gradus.benchmarks.f64.Embed(b);
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

    /**
     * Flops one example of a workload costs a training step, as workloads.py counts them for the peers:
     * the MLPs as {@link #flopsPerExample(Trainer)}; the CNN and the embedding model by their layers.
     */
    public static long flopsPerExample(String workload, Trainer t) {
        return switch (workload) {
            // A convolution costs Cout x Cin x 3 x 3 multiply-adds per output position: conv1 at 28x28
            // (its input gradient is not needed), conv2 at 14x14, then the dense layer 1568 -> 10.
            case "cnn" -> {
                long conv1 = 16L * 1 * 9 * 28 * 28;
                long conv2 = 32L * 16 * 9 * 14 * 14;
                long dense = 10L * 1568;
                yield 2 * (2 * conv1 + 3 * conv2 + 3 * dense);
            }
            // 32 embedding rows of 64 summed forward and scattered backward, then two dense layers
            // 64 -> 64 -> 4 (both need their input gradients: the first one's flows to the embeddings).
            case "embed" -> 2L * 32 * 64 + 6L * (64 * 64 + 4 * 64);
            default -> flopsPerExample(t);
        };
    }

    /** {@code n} random examples for a trainer's inputs and targets. */
    public static DataSet data(Trainer t, int n) {
        return DataSet.random(t.inputs(), t.targets(), n, new Rng(7));
    }
}
