package dev.gradus.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Two builds of the runtime's kernels in one JVM, one dense layer's three products timed in alternating
 * bursts: what a change to a kernel does on its own, measured so that the host's drift falls on both
 * alike ({@link TrainerAB} does the same for whole trainers). Each directory holds the classes of
 * {@code dev.gradus.runtime.kernel} (and {@code layers}) copied from {@code runtime/target/classes}
 * before and after the change; each is loaded by a class loader of its own. For each product (the
 * forward product as a trainer runs it for a layer of the kernels'
 * {@link dev.gradus.runtime.kernel.Kernels#packedForwardFrom()} weights or more, the packed one, else the dot
 * products, which no trainer runs; {@code G W}, {@code Gᵀ X}) it prints
 * the best GFLOP/s of each build and the median and quartiles of B/A over the rounds, then a sum of each
 * build's results (equal when the change keeps the bits). Usage:
 * <pre>java --add-modules jdk.incubator.vector [-Dab.ranges=R] -cp benchmarks/target/benchmarks.jar dev.gradus.benchmarks.KernelAB DIR_A DIR_B BATCH IN OUT [KERNELS] [ROUNDS]</pre>
 * with {@code KERNELS} a name {@code gradus.kernels} takes ({@code vector256} by default). With {@code -Dab.ranges=R}
 * each product runs as a trainer whose threads share it by outputs runs it, in calls of R outputs: the forward
 * product R rows of W a call, {@code G W} R columns of W, {@code Gᵀ X} R rows of dW, the operand every call shares
 * packed once first where the build's kernels pack it (x's rows and g's, {@code Kernels.packRows}; x for the weight
 * gradient, {@code Kernels.packsInput}), as a trainer does. On one core, so a change to what sixteen
 * threads' ranges cost (R = 16 or 32 for a layer of 1,024 outputs) can be measured on a machine of two.
 */
public final class KernelAB {
    private static final String[] PRODUCTS = {null, "G W (input gradient)", "Gᵀ X (weight gradient)"};

    private KernelAB() {}

    public static void main(String[] args) throws Throwable {
        if (args.length < 5) {
            System.err.println("usage: KernelAB DIR_A DIR_B BATCH IN OUT [KERNELS] [ROUNDS]");
            System.exit(2);
        }
        int batch = Integer.parseInt(args[2]);
        int in = Integer.parseInt(args[3]);
        int out = Integer.parseInt(args[4]);
        String kernels = args.length > 5 ? args[5] : "vector256";
        int rounds = args.length > 6 ? Integer.parseInt(args[6]) : 8;
        int ranges = Integer.getInteger("ab.ranges", 0);
        Layer[] builds = {new Layer(Path.of(args[0]), kernels, batch, in, out, ranges),
                new Layer(Path.of(args[1]), kernels, batch, in, out, ranges)};
        if (ranges > 0) {
            System.out.printf(Locale.ROOT, "in calls of %d outputs; packed once for all calls (x's rows, g's rows, x): A %s, B %s%n",
                    ranges, builds[0].packedOnce(), builds[1].packedOnce());
        }
        for (int product = 0; product < 3; product++) {
            for (Layer build : builds) {
                for (int warm = 0; warm < 4; warm++) {
                    build.gflops(product, 0.3);
                }
            }
            double[] best = new double[2];
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                double[] now = new double[2];
                for (int j = 0; j < 2; j++) {
                    int v = (r + j) % 2;
                    now[v] = builds[v].gflops(product, 0.25);
                    best[v] = Math.max(best[v], now[v]);
                }
                ratio[r] = now[1] / now[0];
            }
            Arrays.sort(ratio);
            System.out.printf(Locale.ROOT, "%s %dx%dx%d: A %.1f B %.1f GFLOP/s (best); B/A %.3f (quartiles %.3f %.3f)%n",
                    product == 0 ? builds[0].forwardName : PRODUCTS[product], batch, in, out, best[0], best[1], ratio[rounds / 2], ratio[rounds / 4], ratio[3 * rounds / 4]);
        }
        System.out.printf(Locale.ROOT, "sums of the results: A %s B %s%n", builds[0].sum(), builds[1].sum());
    }

    /** One build's kernels and a layer's buffers, called through method handles (the build's classes are not this loader's). */
    private static final class Layer {
        private final int batch;
        private final int in;
        private final int out;
        private final float[] x;
        private final float[] w;
        private final float[] y;
        private final float[] g;
        private final float[] dx;
        private final float[] dw;
        private final MethodHandle forward;
        private final String forwardName;
        private final Object identity;
        private final MethodHandle inputGradient;
        private final MethodHandle weightGradient;
        /** Outputs a call ({@code -Dab.ranges}), or every output in one call. */
        private final int range;
        /** x packed for the weight gradient once per run of its ranges, or null where the build does not pack it. */
        private final float[] packed;
        private final MethodHandle packInput;
        private final MethodHandle packedWeightGradient;
        /** x's and g's rows packed once per run of the forward's or the input gradient's ranges, or null. */
        private final float[] xRows;
        private final float[] gRows;
        private final MethodHandle packRows;
        private final MethodHandle packedForward;
        private final MethodHandle packedInputGradient;

        Layer(Path dir, String kernels, int batch, int in, int out, int ranges) throws Throwable {
            this.batch = batch;
            this.in = in;
            this.out = out;
            this.range = ranges > 0 ? ranges : out;
            BuildLoader loader = new BuildLoader(dir, null);
            Class<?> kernelsType = loader.loadClass("dev.gradus.runtime.kernel.Kernels");
            Class<?> activation = loader.loadClass("dev.gradus.runtime.kernel.Activation");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Object k = lookup.findStatic(loader.loadClass("dev.gradus.runtime.kernel.KernelSelector"), "byName",
                    MethodType.methodType(kernelsType, String.class)).invoke(kernels);
            // The forward product a trainer runs for this layer: SizedKernels.forLayer's choice for the vector kernels,
            // from their packedForwardFrom(). A layer from that size copies its rows of W transposed into panels
            // (withPackedForward); byName's own forward is the dot products, which a trainer runs for no layer the
            // vector kernels take (a narrower layer's forward is the input gradient's GEMM on W's transposed copy).
            int packedFrom = (int) lookup.findVirtual(kernelsType, "packedForwardFrom", MethodType.methodType(int.class)).invoke(k);
            boolean wide = (long) in * out >= packedFrom;
            Object layer = wide ? lookup.findVirtual(kernelsType, "withPackedForward", MethodType.methodType(kernelsType)).invoke(k)
                    : lookup.findVirtual(kernelsType, "forLayer", MethodType.methodType(kernelsType, int.class, int.class)).invoke(k, in, out);
            this.forwardName = wide ? "forward (W's rows transposed into panels)" : "forward (dot products: no trainer's)";
            Object identity = activation.getField("IDENTITY").get(null);
            MethodHandle f = lookup.findVirtual(kernelsType, "forward", MethodType.methodType(void.class, int.class, int.class,
                    int.class, float[].class, int.class, int.class, float[].class, int.class, int.class, float[].class, int.class,
                    activation, float[].class, int.class, int.class));
            this.forward = f.bindTo(layer);
            this.identity = identity;
            this.inputGradient = lookup.findVirtual(kernelsType, "inputGradient", MethodType.methodType(void.class, int.class, int.class,
                    int.class, float[].class, int.class, int.class, float[].class, int.class, int.class, float[].class, int.class,
                    int.class, boolean.class)).bindTo(k);
            this.weightGradient = lookup.findVirtual(kernelsType, "weightGradient", MethodType.methodType(void.class, int.class,
                    int.class, int.class, float[].class, int.class, int.class, float[].class, int.class, int.class, float.class,
                    float[].class, int.class, int.class, boolean.class)).bindTo(k);
            Object layerKernels = lookup.findVirtual(kernelsType, "forLayer", MethodType.methodType(kernelsType, int.class, int.class))
                    .invoke(k, in, out);
            MethodHandle packs = null;
            try {
                packs = lookup.findVirtual(kernelsType, "packsInput", MethodType.methodType(boolean.class, int.class, int.class));
            } catch (NoSuchMethodException before) {
                // a build from before Kernels.packsInput: each call copies x for itself
            }
            if (ranges > 0 && packs != null && (boolean) packs.invoke(layerKernels, in, out)) {
                packed = new float[batch * in];
                packInput = lookup.findVirtual(kernelsType, "packInput", MethodType.methodType(void.class, int.class, int.class,
                        float[].class, int.class, int.class, float[].class, int.class, int.class)).bindTo(layerKernels);
                packedWeightGradient = lookup.findVirtual(kernelsType, "weightGradient", MethodType.methodType(void.class, int.class,
                        int.class, int.class, float[].class, int.class, int.class, float[].class, int.class, int.class, float[].class,
                        float.class, float[].class, int.class, int.class, boolean.class)).bindTo(layerKernels);
            } else {
                packed = null;
                packInput = null;
                packedWeightGradient = null;
            }
            MethodHandle rowsLength = null; // (kernels, batch, k, outputs)
            try {
                rowsLength = lookup.findVirtual(kernelsType, "packedRowsLength", MethodType.methodType(int.class, int.class, int.class,
                        int.class));
            } catch (NoSuchMethodException before) {
                try { // a build from before the product's width was asked: (kernels, batch, k)
                    rowsLength = MethodHandles.dropArguments(lookup.findVirtual(kernelsType, "packedRowsLength",
                            MethodType.methodType(int.class, int.class, int.class)), 3, int.class);
                } catch (NoSuchMethodException older) {
                    // a build from before Kernels.packRows
                }
            }
            int xLength = ranges > 0 && rowsLength != null ? (int) rowsLength.invoke(layerKernels, batch, in, out) : 0;
            int gLength = ranges > 0 && rowsLength != null ? (int) rowsLength.invoke(layerKernels, batch, out, in) : 0;
            if (xLength > 0 && gLength > 0) {
                xRows = new float[xLength];
                gRows = new float[gLength];
                packRows = lookup.findVirtual(kernelsType, "packRows", MethodType.methodType(void.class, int.class, int.class,
                        float[].class, int.class, int.class, float[].class, int.class, int.class)).bindTo(layerKernels);
                packedForward = lookup.findVirtual(kernelsType, "forward", MethodType.methodType(void.class, int.class, int.class,
                        int.class, float[].class, int.class, int.class, float[].class, float[].class, int.class, int.class, float[].class,
                        int.class, activation, float[].class, int.class, int.class)).bindTo(layer);
                packedInputGradient = lookup.findVirtual(kernelsType, "inputGradient", MethodType.methodType(void.class, int.class,
                        int.class, int.class, float[].class, int.class, int.class, float[].class, float[].class, int.class, int.class,
                        float[].class, int.class, int.class, boolean.class)).bindTo(layerKernels);
            } else {
                xRows = null;
                gRows = null;
                packRows = null;
                packedForward = null;
                packedInputGradient = null;
            }
            Random r = new Random(1);
            x = random(r, batch * in);
            w = random(r, out * in);
            g = random(r, batch * out);
            y = new float[batch * out];
            dx = new float[batch * in];
            dw = new float[out * in];
        }

        String packedOnce() {
            return (xRows != null ? "yes" : "no") + ", " + (gRows != null ? "yes" : "no") + ", " + (packed != null ? "yes" : "no");
        }

        /** GFLOP/s of one product, run for {@code seconds}. */
        double gflops(int product, double seconds) throws Throwable {
            long start = System.nanoTime();
            long calls = 0;
            while (System.nanoTime() - start < seconds * 1e9) {
                for (int i = 0; i < 10; i++) {
                    if (product == 2 && packed != null) {
                        packInput.invoke(batch, in, x, 0, in, packed, 0, batch);
                    } else if (product == 0 && xRows != null) {
                        packRows.invoke(batch, in, x, 0, in, xRows, 0, in);
                    } else if (product == 1 && gRows != null) {
                        packRows.invoke(batch, out, g, 0, out, gRows, 0, out);
                    }
                    int outputs = product == 1 ? in : out;
                    for (int from = 0; from < outputs; from += range) {
                        int n = Math.min(range, outputs - from);
                        switch (product) {
                            case 0 -> {
                                if (xRows != null) {
                                    packedForward.invoke(batch, in, n, x, 0, in, xRows, w, from * in, in, (float[]) null, 0, identity, y, from,
                                            out);
                                } else {
                                    forward.invoke(batch, in, n, x, 0, in, w, from * in, in, (float[]) null, 0, identity, y, from, out);
                                }
                            }
                            case 1 -> {
                                if (gRows != null) {
                                    packedInputGradient.invoke(batch, n, out, g, 0, out, gRows, w, from, in, dx, from, in, false);
                                } else {
                                    inputGradient.invoke(batch, n, out, g, 0, out, w, from, in, dx, from, in, false);
                                }
                            }
                            default -> {
                                if (packed != null) {
                                    packedWeightGradient.invoke(batch, in, n, g, from, out, x, 0, in, packed, 1f / batch, dw, from * in, in,
                                            false);
                                } else {
                                    weightGradient.invoke(batch, in, n, g, from, out, x, 0, in, 1f / batch, dw, from * in, in, false);
                                }
                            }
                        }
                    }
                }
                calls += 10;
            }
            return 2.0 * batch * in * out * calls / ((System.nanoTime() - start) / 1e9) / 1e9;
        }

        /** The results' sum, as a check that both builds computed the same. */
        double sum() {
            double s = 0;
            for (float[] a : new float[][] {y, dx, dw}) {
                for (float v : a) {
                    s += v;
                }
            }
            return s;
        }

        private static float[] random(Random r, int n) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = r.nextFloat() - 0.5f;
            }
            return a;
        }
    }
}
