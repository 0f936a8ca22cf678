package dev.gradus.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A training step calls the kernels thousands of times a second: once compiled, a call allocates
 * nothing, in either precision and either implementation (the Vector API's vectors must all be
 * scalar-replaced by C2). Measured with the thread's allocated-bytes counter after a warm-up that
 * lets the JIT compile the kernels.
 */
class KernelAllocationTest {

    /**
     * Each implementation on a small layer with remainders and on a 64 x 64 layer (whole panels: the
     * eight-row blocks of the weight gradient, which the double calls accumulate into), and its twin
     * for wide layers (the forward product that copies W's rows transposed into panels) on a layer
     * whose copy takes a whole block of rows and elements as well as the ones left over, and whose 40
     * outputs end in a narrower panel.
     */
    static Stream<Arguments> implementations() {
        return KernelSelector.candidates().stream().flatMap(k -> {
            Kernels packed = k.withPackedForward();
            Stream<Arguments> own = Stream.of(Arguments.of(k.name(), k, new int[] {5, 21, 11}),
                    Arguments.of(k.name() + ", 64 x 64", k, new int[] {5, 64, 64}));
            return packed == k ? own
                    : Stream.concat(own, Stream.of(Arguments.of(k.name() + ", packed forward", packed, new int[] {5, 21, 40})));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void aCompiledKernelCallAllocatesNothing(String name, Kernels k, int[] size) {
        Step step = new Step(k, size[0], size[1], size[2]);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long allocated = -1;
        for (int attempt = 0; attempt < 40 && allocated != 0; attempt++) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 2_000; i++) {
                step.run();
            }
            allocated = threads.getThreadAllocatedBytes(id) - before;
        }
        assertThat(allocated).as("bytes allocated by 2,000 steps of " + name).isZero();
    }

    /** Every kernel once, in float and in double, on a small layer with remainders. */
    private static final class Step {
        final Kernels k;
        final int batch;
        final int in;
        final int out;
        final float[] xf;
        final float[] wf;
        final float[] yf;
        final float[] gf;
        final float[] dxf;
        final float[] dwf;
        final float[] dbf;
        final double[] xd;
        final double[] wd;
        final double[] yd;
        final double[] gd;
        final double[] dxd;
        final double[] dwd;
        final double[] dbd;
        final double[] ed;
        float sinkF;
        double sinkD;

        Step(Kernels k, int batch, int in, int out) {
            this.k = k;
            this.batch = batch;
            this.in = in;
            this.out = out;
            xf = new float[batch * in];
            wf = new float[out * in];
            yf = new float[batch * out];
            gf = new float[batch * out];
            dxf = new float[batch * in];
            dwf = new float[out * in];
            dbf = new float[out];
            xd = new double[batch * in];
            wd = new double[out * in];
            yd = new double[batch * out];
            gd = new double[batch * out];
            dxd = new double[batch * in];
            dwd = new double[out * in];
            dbd = new double[out];
            ed = new double[batch * out];
            for (int i = 0; i < xf.length; i++) {
                xf[i] = (i % 7) / 7f - 0.4f;
                xd[i] = xf[i];
            }
            for (int i = 0; i < wf.length; i++) {
                wf[i] = (i % 5) / 5f - 0.4f;
                wd[i] = wf[i];
            }
        }

        void run() {
            k.forward(batch, in, out, xf, 0, in, wf, 0, in, dbf, 0, Activation.TANH, yf, 0, out);
            k.activationBackward(batch, out, Activation.TANH, yf, 0, out, yf, 0, out, gf, 0, out);
            k.inputGradient(batch, in, out, gf, 0, out, wf, 0, in, dxf, 0, in, false);
            k.weightGradient(batch, in, out, gf, 0, out, xf, 0, in, 0.2f, dwf, 0, in, false);
            k.sumRows(batch, out, gf, 0, out, 0.2f, dbf, 0, false);
            k.axpy(in, -0.001f, dxf, 0, xf, 0);
            sinkF += k.dot(in, xf, 0, wf, 0);
            for (int i = 0; i < ed.length; i++) {
                ed[i] = yf[i];
            }
            k.expForFloat(ed.length, ed, 0);
            k.transpose(out, in, wf, 0, in, dwf, 0);
            k.transpose(out, in, wd, 0, in, dwd, 0);
            k.forward(batch, in, out, xd, 0, in, wd, 0, in, dbd, 0, Activation.SIGMOID, yd, 0, out);
            k.activationBackward(batch, out, Activation.SIGMOID, yd, 0, out, yd, 0, out, gd, 0, out);
            k.inputGradient(batch, in, out, gd, 0, out, wd, 0, in, dxd, 0, in, true);
            k.weightGradient(batch, in, out, gd, 0, out, xd, 0, in, 0.2, dwd, 0, in, true);
            k.sumRows(batch, out, gd, 0, out, 0.2, dbd, 0, true);
            k.axpy(in, -0.001, dxd, 0, xd, 0);
            sinkD += k.dot(in, xd, 0, wd, 0);
        }
    }
}
