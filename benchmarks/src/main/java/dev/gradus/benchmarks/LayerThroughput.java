package dev.gradus.benchmarks;

import dev.gradus.runtime.kernel.KernelSelector;
import dev.gradus.runtime.kernel.Kernels;
import dev.gradus.runtime.layers.Conv;
import dev.gradus.runtime.layers.Pool;
import java.util.List;
import java.util.Locale;

/**
 * Steps per second of a small CNN's layer kernels, forward and backward, without a trainer around
 * them: x[64][1][28][28] -> conv2d 3×3, 16 channels -> max pool 2 -> conv2d 3×3, 32 channels -> max
 * pool 2, batch 64 (the convolutional part of compare.sh's CNN workload). One step: both
 * convolutions and poolings forward; then from a fixed gradient at the last pooling's output, the
 * poolings' backward passes, both convolutions' kernel and bias gradients and the second's input
 * gradient (the first layer's input needs none). Each implementation of the dense kernels this JVM
 * has (plain, and the Vector API's native width when run with {@code --add-modules
 * jdk.incubator.vector}) runs in the same process, alternating, float and double, and the line ends
 * with its ratio to the plain loops. Usage:
 * <pre>java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.gradus.benchmarks.LayerThroughput [SECONDS]</pre>
 * Prints one line per implementation and precision: {@code name precision steps/s GFLOP/s xRATIO}
 * (flops: 2 per multiply-add of the three GEMM-shaped passes, {@link #FLOPS}).
 */
public final class LayerThroughput {
    static final int N = 64;
    static final int C0 = 1;
    static final int S0 = 28;
    static final int C1 = 16;
    static final int S1 = Conv.outputSize(S0, 3, 1, 0);
    static final int P1 = Pool.outputSize(S1, 2, 2);
    static final int C2 = 32;
    static final int S2 = Conv.outputSize(P1, 3, 1, 0);
    static final int P2 = Pool.outputSize(S2, 2, 2);
    /** Multiply-adds ×2: both forward convolutions, both kernel gradients, the second input gradient. */
    static final double FLOPS = 2.0 * N * (2.0 * C1 * S1 * S1 * C0 * 9 + 3.0 * C2 * S2 * S2 * C1 * 9);

    private LayerThroughput() {}

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        List<Kernels> impls = KernelSelector.candidates();
        for (boolean dbl : new boolean[] {false, true}) {
            Net[] nets = new Net[impls.size()];
            for (int i = 0; i < nets.length; i++) {
                nets[i] = new Net(impls.get(i), dbl);
                nets[i].measure(Math.max(0.5, seconds / 2)); // warm-up: let HotSpot compile the step
            }
            double[] best = new double[nets.length];
            for (int round = 0; round < 2; round++) { // alternate, keep each one's best
                for (int i = 0; i < nets.length; i++) {
                    best[i] = Math.max(best[i], nets[i].measure(seconds / 2));
                }
            }
            for (int i = 0; i < nets.length; i++) {
                System.out.printf(Locale.ROOT, "%-10s %-6s %8.1f steps/s %7.2f GFLOP/s x%.2f%n", impls.get(i).name(),
                        dbl ? "double" : "float", best[i], best[i] * FLOPS / 1e9, best[i] / best[0]);
            }
        }
    }

    /** The network's buffers in one precision (the other's arrays are empty) and one implementation. */
    static final class Net {
        final Kernels k;
        final boolean dbl;
        final float[][] f;
        final double[][] d;
        final int[] arg1 = new int[N * C1 * P1 * P1];
        final int[] arg2 = new int[N * C2 * P2 * P2];
        static final int X = 0, K1 = 1, B1 = 2, Y1 = 3, Q1 = 4, K2 = 5, B2 = 6, Y2 = 7, Q2 = 8,
                DQ2 = 9, DY2 = 10, DK2 = 11, DB2 = 12, DQ1 = 13, DY1 = 14, DK1 = 15, DB1 = 16, SCRATCH = 17;
        static final int[] SIZES = {
            N * C0 * S0 * S0, C1 * C0 * 9, C1, N * C1 * S1 * S1, N * C1 * P1 * P1, C2 * C1 * 9, C2, N * C2 * S2 * S2, N * C2 * P2 * P2,
            N * C2 * P2 * P2, N * C2 * S2 * S2, C2 * C1 * 9, C2, N * C1 * P1 * P1, N * C1 * S1 * S1, C1 * C0 * 9, C1,
            Math.max(Conv.conv2dScratchSize(C0, S0, S0, C1, 3, 3, 1, 0), Conv.conv2dScratchSize(C1, P1, P1, C2, 3, 3, 1, 0)),
        };

        Net(Kernels k, boolean dbl) {
            this.k = k;
            this.dbl = dbl;
            f = new float[SIZES.length][];
            d = new double[SIZES.length][];
            for (int b = 0; b < SIZES.length; b++) {
                f[b] = new float[dbl ? 0 : SIZES[b]];
                d[b] = new double[dbl ? SIZES[b] : 0];
                for (int i = 0; i < SIZES[b]; i++) {
                    double v = ((i * 7919L + b * 31L) % 201 - 100) / 400.0;
                    if (dbl) {
                        d[b][i] = v;
                    } else {
                        f[b][i] = (float) v;
                    }
                }
            }
        }

        /** Steps for about {@code seconds}; steps per second. */
        double measure(double seconds) {
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long steps = 0;
            do {
                if (dbl) {
                    stepDouble();
                } else {
                    stepFloat();
                }
                steps++;
            } while (System.nanoTime() < end);
            return steps / ((System.nanoTime() - start) / 1e9);
        }

        void stepFloat() {
            float[][] a = f;
            Conv.conv2d(k, N, C0, S0, S0, C1, 3, 3, 1, 0, a[X], 0, a[K1], 0, a[B1], 0, a[Y1], 0, a[SCRATCH]);
            Pool.maxPool2d(N, C1, S1, S1, 2, 2, a[Y1], 0, a[Q1], 0, arg1, 0);
            Conv.conv2d(k, N, C1, P1, P1, C2, 3, 3, 1, 0, a[Q1], 0, a[K2], 0, a[B2], 0, a[Y2], 0, a[SCRATCH]);
            Pool.maxPool2d(N, C2, S2, S2, 2, 2, a[Y2], 0, a[Q2], 0, arg2, 0);
            Pool.maxPool2dBackward(N, C2, S2, S2, 2, 2, a[DQ2], 0, arg2, 0, a[DY2], 0, false);
            Conv.conv2dKernelGradient(k, N, C1, P1, P1, C2, 3, 3, 1, 0, a[Q1], 0, a[DY2], 0, a[DK2], 0, a[SCRATCH], false);
            Conv.biasGradient(N, C2, S2 * S2, a[DY2], 0, a[DB2], 0, false);
            Conv.conv2dInputGradient(k, N, C1, P1, P1, C2, 3, 3, 1, 0, a[DY2], 0, a[K2], 0, a[DQ1], 0, a[SCRATCH], false);
            Pool.maxPool2dBackward(N, C1, S1, S1, 2, 2, a[DQ1], 0, arg1, 0, a[DY1], 0, false);
            Conv.conv2dKernelGradient(k, N, C0, S0, S0, C1, 3, 3, 1, 0, a[X], 0, a[DY1], 0, a[DK1], 0, a[SCRATCH], false);
            Conv.biasGradient(N, C1, S1 * S1, a[DY1], 0, a[DB1], 0, false);
        }

        void stepDouble() {
            double[][] a = d;
            Conv.conv2d(k, N, C0, S0, S0, C1, 3, 3, 1, 0, a[X], 0, a[K1], 0, a[B1], 0, a[Y1], 0, a[SCRATCH]);
            Pool.maxPool2d(N, C1, S1, S1, 2, 2, a[Y1], 0, a[Q1], 0, arg1, 0);
            Conv.conv2d(k, N, C1, P1, P1, C2, 3, 3, 1, 0, a[Q1], 0, a[K2], 0, a[B2], 0, a[Y2], 0, a[SCRATCH]);
            Pool.maxPool2d(N, C2, S2, S2, 2, 2, a[Y2], 0, a[Q2], 0, arg2, 0);
            Pool.maxPool2dBackward(N, C2, S2, S2, 2, 2, a[DQ2], 0, arg2, 0, a[DY2], 0, false);
            Conv.conv2dKernelGradient(k, N, C1, P1, P1, C2, 3, 3, 1, 0, a[Q1], 0, a[DY2], 0, a[DK2], 0, a[SCRATCH], false);
            Conv.biasGradient(N, C2, S2 * S2, a[DY2], 0, a[DB2], 0, false);
            Conv.conv2dInputGradient(k, N, C1, P1, P1, C2, 3, 3, 1, 0, a[DY2], 0, a[K2], 0, a[DQ1], 0, a[SCRATCH], false);
            Pool.maxPool2dBackward(N, C1, S1, S1, 2, 2, a[DQ1], 0, arg1, 0, a[DY1], 0, false);
            Conv.conv2dKernelGradient(k, N, C0, S0, S0, C1, 3, 3, 1, 0, a[X], 0, a[DY1], 0, a[DK1], 0, a[SCRATCH], false);
            Conv.biasGradient(N, C1, S1 * S1, a[DY1], 0, a[DB1], 0, false);
        }
    }
}
