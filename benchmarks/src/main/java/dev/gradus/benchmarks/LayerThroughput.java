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
 * (flops: 2 per multiply-add of the three GEMM-shaped passes, {@link #FLOPS}); then the forward
 * convolutions alone as direct loops ({@link #direct}) and as im2col plus each implementation's
 * GEMMs, with the speed-up over the direct loops: the measurement behind the runtime's choice of
 * im2col.
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
                System.out.printf(Locale.ROOT, "%-16s %-6s %8.1f steps/s %7.2f GFLOP/s x%.2f%n", impls.get(i).name(),
                        dbl ? "double" : "float", best[i], best[i] * FLOPS / 1e9, best[i] / best[0]);
            }
        }
        // why im2col: the forward convolutions alone, against direct loops, in the same run
        Net net = new Net(impls.get(0), false);
        int reps = Math.max(1, (int) (seconds * 4));
        for (int warm = 0; warm < 3; warm++) {
            forwardMillis(impls.get(0), true, reps, net.f);
            for (Kernels k : impls) {
                forwardMillis(k, false, reps, net.f);
            }
        }
        double direct = forwardMillis(impls.get(0), true, reps, net.f);
        System.out.printf(Locale.ROOT, "%-16s %-6s %8.2f ms forward convolutions x1.00%n", "direct", "float", direct);
        for (Kernels k : impls) {
            double ms = forwardMillis(k, false, reps, net.f);
            System.out.printf(Locale.ROOT, "%-16s %-6s %8.2f ms forward convolutions x%.2f%n", "im2col+" + k.name(), "float", ms, direct / ms);
        }
    }

    /**
     * The forward convolutions of one step (float) as im2col plus the GEMMs of {@code k}, or as the
     * direct loops {@link #direct}; milliseconds for {@code reps} steps, best of three.
     */
    static double forwardMillis(Kernels k, boolean direct, int reps, float[][] a) {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                if (direct) {
                    direct(N, C0, S0, S0, C1, 3, a[Net.X], a[Net.K1], a[Net.B1], a[Net.Y1]);
                    direct(N, C1, P1, P1, C2, 3, a[Net.Q1], a[Net.K2], a[Net.B2], a[Net.Y2]);
                } else {
                    Conv.conv2d(k, N, C0, S0, S0, C1, 3, 3, 1, 0, a[Net.X], 0, a[Net.K1], 0, a[Net.B1], 0, a[Net.Y1], 0, a[Net.SCRATCH]);
                    Conv.conv2d(k, N, C1, P1, P1, C2, 3, 3, 1, 0, a[Net.Q1], 0, a[Net.K2], 0, a[Net.B2], 0, a[Net.Y2], 0, a[Net.SCRATCH]);
                }
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e6 / reps);
        }
        return best;
    }

    /**
     * The alternative to im2col: a direct convolution (stride 1, no padding, {@code o} a multiple
     * of 4) register-blocked over four output channels, each output row updated by shifted rows
     * of the input (loops HotSpot vectorizes, but only {@code W'} long: 26, then 11).
     */
    static void direct(int batch, int c, int h, int w, int o, int k, float[] x, float[] kernel, float[] bias, float[] y) {
        int oh = h - k + 1;
        int ow = w - k + 1;
        int positions = oh * ow;
        int ckk = c * k * k;
        for (int n = 0; n < batch; n++) {
            int xn = n * c * h * w;
            for (int o0 = 0; o0 < o; o0 += 4) {
                int y0 = (n * o + o0) * positions;
                int y1 = y0 + positions;
                int y2 = y1 + positions;
                int y3 = y2 + positions;
                for (int oy = 0; oy < oh; oy++) {
                    int r = oy * ow;
                    for (int ox = 0; ox < ow; ox++) {
                        y[y0 + r + ox] = bias[o0];
                        y[y1 + r + ox] = bias[o0 + 1];
                        y[y2 + r + ox] = bias[o0 + 2];
                        y[y3 + r + ox] = bias[o0 + 3];
                    }
                    for (int ci = 0; ci < c; ci++) {
                        for (int ki = 0; ki < k; ki++) {
                            int xr = xn + (ci * h + oy + ki) * w;
                            for (int kj = 0; kj < k; kj++) {
                                int at = (ci * k + ki) * k + kj;
                                float w0 = kernel[o0 * ckk + at];
                                float w1 = kernel[(o0 + 1) * ckk + at];
                                float w2 = kernel[(o0 + 2) * ckk + at];
                                float w3 = kernel[(o0 + 3) * ckk + at];
                                for (int ox = 0; ox < ow; ox++) {
                                    float v = x[xr + kj + ox];
                                    y[y0 + r + ox] += w0 * v;
                                    y[y1 + r + ox] += w1 * v;
                                    y[y2 + r + ox] += w2 * v;
                                    y[y3 + r + ox] += w3 * v;
                                }
                            }
                        }
                    }
                }
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
