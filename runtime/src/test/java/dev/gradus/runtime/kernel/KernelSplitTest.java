package dev.gradus.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A trainer splits a layer's products between threads by examples or by output rows, and its results
 * must be the same bits on any number of threads: so each kernel's result for an element may not
 * depend on the call it was computed in. Every implementation, both precisions (the vector kernels
 * with the forward product wide layers get, {@link Kernels#withPackedForward()}): a layer's forward
 * product, input gradient and weight gradient computed whole, then in uneven ranges of examples
 * (ranges of one to three examples included, where the forward product takes its few-examples path)
 * and of output rows (ranges that are not whole vectors or panels), compared bit for bit, the weight
 * gradient's ranges also on x packed once in ranges of examples ({@link Kernels#packInput}, as a trainer's
 * threads pack it) where the kernels pack it, the forward product's ranges of rows and the input gradient's of
 * columns on x's and g's rows packed once in ranges of their elements ({@link Kernels#packRows}); and, for
 * kernels that say so ({@link Kernels#inputGradientByColumns()}), the input gradient by ranges of its
 * columns that start at multiples of 16 (16 and 32 wide, the last one a tail); and, for the vector
 * kernels, the packed forward product against the broadcast GEMM on W's transposed copy.
 */
class KernelSplitTest {
    /**
     * batch, in, out. From 128 columns (eight panels of two float vectors at 256 bits) the GEMMs pack A's
     * six-row blocks as well: the whole calls of {64, 130, 40} (input gradient), {13, 200, 70} (weight
     * gradient) and {24, 40, 150} (forward product) do, their ranges of a few rows do not.
     */
    /** The last, wider than 768 both ways, is a product the 512-bit kernels pack A's rows for once a batch. */
    private static final int[][] SIZES = {{37, 45, 53}, {64, 130, 40}, {13, 200, 70}, {20, 67, 100}, {32, 96, 64}, {24, 40, 150},
            {19, 800, 784}};
    /** Where the examples and the rows are cut, as fractions of the whole (plus the cut after the first one). */
    private static final double[] CUTS = {0.1, 0.35, 0.8};

    static Stream<Arguments> cases() {
        return KernelSelector.allForTesting().stream().flatMap(k -> Stream.of(SIZES).map(s -> Arguments.of(k.name(), k, s)));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("cases")
    void splittingACallChangesNoBit(String name, Kernels kernels, int[] size) {
        Kernels k = kernels.withPackedForward();
        int batch = size[0];
        int in = size[1];
        int out = size[2];
        Random r = new Random(batch + 31L * in + 977L * out);
        float[] x = random(r, batch * in);
        float[] w = random(r, out * in);
        float[] g = random(r, batch * out);
        double[] xd = widen(x);
        double[] wd = widen(w);
        double[] gd = widen(g);

        float[] y = new float[batch * out];
        double[] yd = new double[batch * out];
        k.forward(batch, in, out, x, 0, in, w, 0, in, null, 0, Activation.IDENTITY, y, 0, out);
        k.forward(batch, in, out, xd, 0, in, wd, 0, in, null, 0, Activation.IDENTITY, yd, 0, out);
        float[] dx = new float[batch * in];
        double[] dxd = new double[batch * in];
        k.inputGradient(batch, in, out, g, 0, out, w, 0, in, dx, 0, in, false);
        k.inputGradient(batch, in, out, gd, 0, out, wd, 0, in, dxd, 0, in, false);
        float[] dw = new float[out * in];
        double[] dwd = new double[out * in];
        k.weightGradient(batch, in, out, g, 0, out, x, 0, in, 0.25f, dw, 0, in, false);
        k.weightGradient(batch, in, out, gd, 0, out, xd, 0, in, 0.25, dwd, 0, in, false);

        float[] ySplit = new float[batch * out];
        double[] ydSplit = new double[batch * out];
        float[] dxSplit = new float[batch * in];
        double[] dxdSplit = new double[batch * in];
        for (int[] part : ranges(batch)) {
            int from = part[0];
            int n = part[1] - from;
            k.forward(n, in, out, x, from * in, in, w, 0, in, null, 0, Activation.IDENTITY, ySplit, from * out, out);
            k.forward(n, in, out, xd, from * in, in, wd, 0, in, null, 0, Activation.IDENTITY, ydSplit, from * out, out);
            k.inputGradient(n, in, out, g, from * out, out, w, 0, in, dxSplit, from * in, in, false);
            k.inputGradient(n, in, out, gd, from * out, out, wd, 0, in, dxdSplit, from * in, in, false);
        }
        assertThat(ySplit).as("forward by examples, float").isEqualTo(y);
        assertThat(ydSplit).as("forward by examples, double").isEqualTo(yd);
        assertThat(dxSplit).as("input gradient by examples, float").isEqualTo(dx);
        assertThat(dxdSplit).as("input gradient by examples, double").isEqualTo(dxd);

        float[] yRows = new float[batch * out];
        double[] ydRows = new double[batch * out];
        float[] dwRows = new float[out * in];
        double[] dwdRows = new double[out * in];
        for (int[] part : ranges(out)) {
            int from = part[0];
            int n = part[1] - from;
            k.forward(batch, in, n, x, 0, in, w, from * in, in, null, 0, Activation.IDENTITY, yRows, from, out);
            k.forward(batch, in, n, xd, 0, in, wd, from * in, in, null, 0, Activation.IDENTITY, ydRows, from, out);
            k.weightGradient(batch, in, n, g, from, out, x, 0, in, 0.25f, dwRows, from * in, in, false);
            k.weightGradient(batch, in, n, gd, from, out, xd, 0, in, 0.25, dwdRows, from * in, in, false);
        }
        assertThat(yRows).as("forward by output rows, float").isEqualTo(y);
        assertThat(ydRows).as("forward by output rows, double").isEqualTo(yd);
        assertThat(dwRows).as("weight gradient by output rows, float").isEqualTo(dw);
        assertThat(dwdRows).as("weight gradient by output rows, double").isEqualTo(dwd);

        if (k.packsInput(in, out)) { // x packed once, in ranges of examples, for every range of rows
            float[] packed = new float[batch * in];
            double[] packedd = new double[batch * in];
            for (int[] part : ranges(batch)) {
                k.packInput(batch, in, x, 0, in, packed, part[0], part[1]);
                k.packInput(batch, in, xd, 0, in, packedd, part[0], part[1]);
            }
            float[] dwPacked = new float[out * in];
            double[] dwdPacked = new double[out * in];
            for (int[] part : ranges(out)) {
                int from = part[0];
                int n = part[1] - from;
                k.weightGradient(batch, in, n, g, from, out, x, 0, in, packed, 0.25f, dwPacked, from * in, in, false);
                k.weightGradient(batch, in, n, gd, from, out, xd, 0, in, packedd, 0.25, dwdPacked, from * in, in, false);
            }
            assertThat(dwPacked).as("weight gradient by output rows on x packed once, float").isEqualTo(dw);
            assertThat(dwdPacked).as("weight gradient by output rows on x packed once, double").isEqualTo(dwd);
        } else {
            assertThat(kernels).as("kernels that pack x for the weight gradient").isInstanceOf(PlainKernels.class);
        }

        int xRows = k.packedRowsLength(batch, in, out); // the forward product's outputs: W's rows
        int gRows = k.packedRowsLength(batch, out, in); // the input gradient's: W's columns
        if (xRows > 0 && gRows > 0) { // x's and g's rows packed once, in ranges of their elements, for every range of outputs
            float[] xPacked = new float[xRows];
            double[] xdPacked = new double[xRows];
            float[] gPacked = new float[gRows];
            double[] gdPacked = new double[gRows];
            for (int[] part : ranges(in)) {
                k.packRows(batch, in, x, 0, in, xPacked, part[0], part[1]);
                k.packRows(batch, in, xd, 0, in, xdPacked, part[0], part[1]);
            }
            for (int[] part : ranges(out)) {
                k.packRows(batch, out, g, 0, out, gPacked, part[0], part[1]);
                k.packRows(batch, out, gd, 0, out, gdPacked, part[0], part[1]);
            }
            float[] yPacked = new float[batch * out];
            double[] ydPacked = new double[batch * out];
            for (int[] part : ranges(out)) {
                int from = part[0];
                int n = part[1] - from;
                k.forward(batch, in, n, x, 0, in, xPacked, w, from * in, in, null, 0, Activation.IDENTITY, yPacked, from, out);
                k.forward(batch, in, n, xd, 0, in, xdPacked, wd, from * in, in, null, 0, Activation.IDENTITY, ydPacked, from, out);
            }
            assertThat(yPacked).as("forward by output rows on x's rows packed once, float").isEqualTo(y);
            assertThat(ydPacked).as("forward by output rows on x's rows packed once, double").isEqualTo(yd);
            float[] dxPacked = new float[batch * in];
            double[] dxdPacked = new double[batch * in];
            for (int from = 0; from < in; from += 16) {
                int n = Math.min(16, in - from);
                k.inputGradient(batch, n, out, g, 0, out, gPacked, w, from, in, dxPacked, from, in, false);
                k.inputGradient(batch, n, out, gd, 0, out, gdPacked, wd, from, in, dxdPacked, from, in, false);
            }
            assertThat(dxPacked).as("input gradient by columns on g's rows packed once, float").isEqualTo(dx);
            assertThat(dxdPacked).as("input gradient by columns on g's rows packed once, double").isEqualTo(dxd);
        } else {
            assertThat(kernels.name()).as("kernels that pack no rows").isIn("plain", "vector512");
            if (kernels.name().equals("vector512")) {
                assertThat(Math.min(in, out)).as("a product the 512-bit kernels would pack for").isLessThan(768);
            }
        }

        if (kernels.inputGradientByColumns()) { // columns of dx in ranges starting at multiples of 16, tails included
            float[] dxColumns = new float[batch * in];
            double[] dxdColumns = new double[batch * in];
            for (int from = 0; from < in; from += from % 32 == 0 ? 16 : 32) {
                int to = Math.min(in, from + (from % 32 == 0 ? 16 : 32));
                k.inputGradient(batch, to - from, out, g, 0, out, w, from, in, dxColumns, from, in, false);
                k.inputGradient(batch, to - from, out, gd, 0, out, wd, from, in, dxdColumns, from, in, false);
            }
            assertThat(dxColumns).as("input gradient by columns, float").isEqualTo(dx);
            assertThat(dxdColumns).as("input gradient by columns, double").isEqualTo(dxd);
        }

        if (!(kernels instanceof PlainKernels)) {
            // The packed forward product copies W's rows transposed into the GEMM's panels (whole blocks
            // in registers, the rows and elements left over one at a time): the broadcast GEMM on W's
            // transposed copy, to the bit, whichever of those paths an element's row and column take.
            float[] wt = new float[in * out];
            double[] wtd = new double[in * out];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    wt[i * out + o] = w[o * in + i];
                    wtd[i * out + o] = wd[o * in + i];
                }
            }
            float[] yCopy = new float[batch * out];
            double[] ydCopy = new double[batch * out];
            k.inputGradient(batch, out, in, x, 0, in, wt, 0, out, yCopy, 0, out, false);
            k.inputGradient(batch, out, in, xd, 0, in, wtd, 0, out, ydCopy, 0, out, false);
            assertThat(y).as("packed forward against the transposed copy, float").isEqualTo(yCopy);
            assertThat(yd).as("packed forward against the transposed copy, double").isEqualTo(ydCopy);
        }
    }

    /** {@code 0..n} cut into uneven ranges: one element, then at each of {@link #CUTS}. */
    private static int[][] ranges(int n) {
        TreeSet<Integer> cuts = new TreeSet<>(List.of(0, 1, n));
        for (double c : CUTS) {
            cuts.add(Math.max(1, (int) (c * n)));
        }
        Integer[] at = cuts.toArray(new Integer[0]);
        int[][] ranges = new int[at.length - 1][];
        for (int i = 0; i < ranges.length; i++) {
            ranges[i] = new int[] {at[i], at[i + 1]};
        }
        return ranges;
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextFloat() * 2 - 1;
        }
        return a;
    }

    private static double[] widen(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
