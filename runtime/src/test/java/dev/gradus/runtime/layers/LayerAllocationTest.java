package dev.gradus.runtime.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.runtime.kernel.KernelSelector;
import dev.gradus.runtime.kernel.Kernels;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A CNN's training step calls the layer kernels for every batch: once compiled, none allocates, in
 * either precision and with either implementation of the dense kernels under them (the Vector
 * API's vectors must all be scalar-replaced). Measured with the thread's allocated-bytes counter
 * after a warm-up that lets the JIT compile them (up to two minutes on a busy machine), as
 * KernelAllocationTest does for the dense kernels, but in a JVM of its own ({@link #main}): once a
 * process has run the Vector API at two widths (KernelsTest runs every width, emulated ones too),
 * C2 no longer compiles the kernels into vector instructions, and every call allocates its
 * vectors; the generated trainers' processes use one width.
 */
class LayerAllocationTest {

    static Stream<Arguments> implementations() {
        return KernelSelector.candidates().stream().map(k -> Arguments.of(k.name()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void aCompiledLayerStepAllocatesNothing(String name) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                LayerAllocationTest.class.getName(), name).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        String[] lines = out.strip().split("\\R");
        assertThat(lines[lines.length - 1]).as("bytes allocated by 500 steps of " + name + "; the child said:\n" + out)
                .isEqualTo("allocated 0");
    }

    /** In a JVM of its own: warms up the step of {@code args[0]}'s kernels and prints {@code allocated N}. */
    public static void main(String[] args) {
        Step step = new Step(KernelSelector.byName(args[0]));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long allocated = -1;
        // until the JIT has compiled everything (interpreted or in C1 the Vector API allocates its
        // vectors): on a busy machine that takes more than a fixed number of calls
        long deadline = System.nanoTime() + 120_000_000_000L;
        for (int attempt = 0; allocated != 0 && (attempt < 40 || System.nanoTime() < deadline); attempt++) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 500; i++) {
                step.run();
            }
            allocated = threads.getThreadAllocatedBytes(id) - before;
        }
        System.out.println("allocated " + allocated);
    }

    /**
     * Every layer method once in each precision, on a small CNN with remainders: x[2][3][9][8] ->
     * conv2d 3×3, 5 channels, stride 2, padding 1 -> max pool 2 and avg pool 2; a 1×1 convolution
     * (no im2col); and x[2][3][11] -> conv1d 3, 4 channels, padding 1 -> max pool 2, avg pool 3.
     */
    private static final class Step {
        static final int N = 2;
        static final int C = 3;
        static final int H = 9;
        static final int W = 8;
        static final int O = 5;
        static final int OH = Conv.outputSize(H, 3, 2, 1);
        static final int OW = Conv.outputSize(W, 3, 2, 1);
        static final int L = 11;
        static final int OL = Conv.outputSize(L, 3, 1, 1);
        final Kernels k;
        final Buffers f = new Buffers(false);
        final Buffers d = new Buffers(true);
        final int[] argmax = new int[N * O * OH * OW];
        final int[] argmax1 = new int[N * 4 * OL];

        Step(Kernels k) {
            this.k = k;
        }

        /** One precision's buffers: both arrays of each pair exist, only one is used. */
        private static final class Buffers {
            final float[] xf = new float[N * C * H * W];
            final float[] kf = new float[O * C * 9];
            final float[] bf = new float[O];
            final float[] yf = new float[N * O * OH * OW];
            final float[] pf = new float[N * O * (OH / 2) * (OW / 2)];
            final float[] dxf = new float[N * C * H * W];
            final float[] dkf = new float[O * C * 9];
            final float[] dbf = new float[O];
            final float[] dyf = new float[N * O * OH * OW];
            final float[] sf;
            final double[] xd = new double[N * C * H * W];
            final double[] kd = new double[O * C * 9];
            final double[] bd = new double[O];
            final double[] yd = new double[N * O * OH * OW];
            final double[] pd = new double[N * O * (OH / 2) * (OW / 2)];
            final double[] dxd = new double[N * C * H * W];
            final double[] dkd = new double[O * C * 9];
            final double[] dbd = new double[O];
            final double[] dyd = new double[N * O * OH * OW];
            final double[] sd;
            final float[] y1f = new float[N * 4 * OL];
            final double[] y1d = new double[N * 4 * OL];
            final float[] p1f = new float[N * 4 * OL];
            final double[] p1d = new double[N * 4 * OL];
            final float[] y2f = new float[N * O * H * W];
            final double[] y2d = new double[N * O * H * W];

            Buffers(boolean dbl) {
                int scratch = Math.max(Conv.conv2dScratchSize(C, H, W, O, 3, 3, 2, 1), Conv.conv1dScratchSize(C, L, 4, 3, 1, 1));
                scratch = Math.max(scratch, Conv.conv2dScratchSize(C, H, W, O, 1, 1, 1, 0));
                sf = new float[dbl ? 0 : scratch];
                sd = new double[dbl ? scratch : 0];
                for (int i = 0; i < xf.length; i++) {
                    xf[i] = (i % 7) / 7f - 0.4f;
                    xd[i] = xf[i];
                }
                for (int i = 0; i < kf.length; i++) {
                    kf[i] = (i % 5) / 5f - 0.4f;
                    kd[i] = kf[i];
                }
            }
        }

        void run() {
            Buffers b = f;
            Conv.conv2d(k, N, C, H, W, O, 3, 3, 2, 1, b.xf, 0, b.kf, 0, b.bf, 0, b.yf, 0, b.sf);
            Pool.maxPool2d(N, O, OH, OW, 2, 2, b.yf, 0, b.pf, 0, argmax, 0);
            Pool.maxPool2dBackward(N, O, OH, OW, 2, 2, b.pf, 0, argmax, 0, b.dyf, 0, false);
            Pool.avgPool2d(N, O, OH, OW, 2, 2, b.yf, 0, b.pf, 0);
            Pool.avgPool2dBackward(N, O, OH, OW, 2, 2, b.pf, 0, b.dyf, 0, true);
            Conv.conv2dKernelGradient(k, N, C, H, W, O, 3, 3, 2, 1, b.xf, 0, b.dyf, 0, b.dkf, 0, b.sf, false);
            Conv.biasGradient(N, O, OH * OW, b.dyf, 0, b.dbf, 0, false);
            Conv.conv2dInputGradient(k, N, C, H, W, O, 3, 3, 2, 1, b.dyf, 0, b.kf, 0, b.dxf, 0, b.sf, false);
            Conv.conv2d(k, N, C, H, W, O, 1, 1, 1, 0, b.xf, 0, b.kf, 0, null, 0, b.y2f, 0, b.sf);
            Conv.conv2dKernelGradient(k, N, C, H, W, O, 1, 1, 1, 0, b.xf, 0, b.y2f, 0, b.dkf, 0, b.sf, true);
            Conv.conv2dInputGradient(k, N, C, H, W, O, 1, 1, 1, 0, b.y2f, 0, b.kf, 0, b.dxf, 0, b.sf, true);
            Conv.conv1d(k, N, C, L, 4, 3, 1, 1, b.xf, 0, b.kf, 0, b.bf, 0, b.y1f, 0, b.sf);
            Pool.maxPool1d(N, 4, OL, 2, 2, b.y1f, 0, b.p1f, 0, argmax1, 0);
            Pool.maxPool1dBackward(N, 4, OL, 2, 2, b.p1f, 0, argmax1, 0, b.y1f, 0, false);
            Pool.avgPool1d(N, 4, OL, 3, 1, b.y1f, 0, b.p1f, 0);
            Pool.avgPool1dBackward(N, 4, OL, 3, 1, b.p1f, 0, b.y1f, 0, true);
            Conv.conv1dKernelGradient(k, N, C, L, 4, 3, 1, 1, b.xf, 0, b.y1f, 0, b.dkf, 0, b.sf, true);
            Conv.conv1dInputGradient(k, N, C, L, 4, 3, 1, 1, b.y1f, 0, b.kf, 0, b.dxf, 0, b.sf, false);

            b = d;
            Conv.conv2d(k, N, C, H, W, O, 3, 3, 2, 1, b.xd, 0, b.kd, 0, b.bd, 0, b.yd, 0, b.sd);
            Pool.maxPool2d(N, O, OH, OW, 2, 2, b.yd, 0, b.pd, 0, argmax, 0);
            Pool.maxPool2dBackward(N, O, OH, OW, 2, 2, b.pd, 0, argmax, 0, b.dyd, 0, false);
            Pool.avgPool2d(N, O, OH, OW, 2, 2, b.yd, 0, b.pd, 0);
            Pool.avgPool2dBackward(N, O, OH, OW, 2, 2, b.pd, 0, b.dyd, 0, true);
            Conv.conv2dKernelGradient(k, N, C, H, W, O, 3, 3, 2, 1, b.xd, 0, b.dyd, 0, b.dkd, 0, b.sd, false);
            Conv.biasGradient(N, O, OH * OW, b.dyd, 0, b.dbd, 0, false);
            Conv.conv2dInputGradient(k, N, C, H, W, O, 3, 3, 2, 1, b.dyd, 0, b.kd, 0, b.dxd, 0, b.sd, false);
            Conv.conv2d(k, N, C, H, W, O, 1, 1, 1, 0, b.xd, 0, b.kd, 0, null, 0, b.y2d, 0, b.sd);
            Conv.conv2dKernelGradient(k, N, C, H, W, O, 1, 1, 1, 0, b.xd, 0, b.y2d, 0, b.dkd, 0, b.sd, true);
            Conv.conv2dInputGradient(k, N, C, H, W, O, 1, 1, 1, 0, b.y2d, 0, b.kd, 0, b.dxd, 0, b.sd, true);
            Conv.conv1d(k, N, C, L, 4, 3, 1, 1, b.xd, 0, b.kd, 0, b.bd, 0, b.y1d, 0, b.sd);
            Pool.maxPool1d(N, 4, OL, 2, 2, b.y1d, 0, b.p1d, 0, argmax1, 0);
            Pool.maxPool1dBackward(N, 4, OL, 2, 2, b.p1d, 0, argmax1, 0, b.y1d, 0, false);
            Pool.avgPool1d(N, 4, OL, 3, 1, b.y1d, 0, b.p1d, 0);
            Pool.avgPool1dBackward(N, 4, OL, 3, 1, b.p1d, 0, b.y1d, 0, true);
            Conv.conv1dKernelGradient(k, N, C, L, 4, 3, 1, 1, b.xd, 0, b.y1d, 0, b.dkd, 0, b.sd, true);
            Conv.conv1dInputGradient(k, N, C, L, 4, 3, 1, 1, b.y1d, 0, b.kd, 0, b.dxd, 0, b.sd, false);
        }
    }
}
