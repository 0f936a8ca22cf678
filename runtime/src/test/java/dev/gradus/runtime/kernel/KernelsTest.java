package dev.gradus.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kernel of every implementation (the build runs tests with the Vector API module; a vector
 * width the CPU lacks is emulated by the Vector API, slowly but exactly) against a naive triple loop in double, in float and double, on sizes with remainders in
 * every dimension, inside larger buffers (offsets, leading dimensions wider than a row) whose
 * padding must stay untouched.
 */
class KernelsTest {
    /**
     * batch, in, out: ones, primes, vector-width remainders, a wide layer, and (AVX2's two-vector panels) a product
     * whose A is packed (eight panels and more) and one on A's rows as given with a packed panel (four); at 512 bits, A's
     * eight-row blocks packed (eight three-vector panels and more: 384 columns) with rows after them and without.
     */
    private static final int[][] SIZES = {
        {1, 1, 1}, {3, 5, 7}, {2, 8, 4}, {17, 33, 9}, {5, 37, 130}, {16, 128, 64}, {7, 19, 33}, {4, 64, 10}, {33, 70, 17},
        {64, 40, 150}, {64, 300, 64}, {24, 400, 520}, {13, 390, 385},
    };

    /**
     * Every implementation, and the vector kernels' twin with the packed forward product too (a wide layer's:
     * W's rows transposed into panels, the GEMM's register blocks, packed or not by the panels' count).
     */
    static Stream<Arguments> cases() {
        return KernelSelector.allForTesting().stream()
                .flatMap(k -> k.withPackedForward() == k ? Stream.of(Arguments.of(k.name(), k))
                        : Stream.of(Arguments.of(k.name(), k), Arguments.of(k.name() + " packed forward", k.withPackedForward())))
                .flatMap(a -> Stream.of(SIZES).map(s -> Arguments.of(a.get()[0], a.get()[1], s[0], s[1], s[2])));
    }

    @ParameterizedTest(name = "{0} batch {2} in {3} out {4}")
    @MethodSource("cases")
    void everyKernelMatchesTheNaiveLoopsInBothPrecisions(String name, Kernels k, int batch, int in, int out) {
        for (Activation act : Activation.values()) {
            Layer layer = new Layer(batch, in, out, new Random(batch * 1000 + in * 10 + out));
            layer.check(k, act, true);
            layer.check(k, act, false);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void dotAndAxpyMatch(String name, Kernels k) {
        Random r = new Random(3);
        for (int n : new int[] {0, 1, 7, 8, 15, 16, 17, 31, 64, 100, 1027}) {
            double[] a = random(r, n + 5);
            double[] b = random(r, n + 3);
            float[] af = toFloat(a);
            float[] bf = toFloat(b);
            double exact = 0;
            double abs = 0;
            for (int i = 0; i < n; i++) {
                exact += (double) af[i + 2] * bf[i + 1];
                abs += Math.abs((double) af[i + 2] * bf[i + 1]);
            }
            close(k.dot(n, af, 2, bf, 1), exact, abs, n, true, "dot float n=" + n);
            double exactD = 0;
            double absD = 0;
            for (int i = 0; i < n; i++) {
                exactD += a[i + 2] * b[i + 1];
                absD += Math.abs(a[i + 2] * b[i + 1]);
            }
            close(k.dot(n, a, 2, b, 1), exactD, absD, n, false, "dot double n=" + n);
            double[] y = a.clone();
            k.axpy(n, 0.375, b, 0, y, 4);
            float[] yf = af.clone();
            k.axpy(n, 0.375f, bf, 0, yf, 4);
            for (int i = 0; i < a.length; i++) {
                boolean inside = i >= 4 && i < 4 + n;
                double want = inside ? a[i] + 0.375 * b[i - 4] : a[i];
                double wantF = inside ? af[i] + 0.375 * bf[i - 4] : af[i];
                close(y[i], want, Math.abs(a[i]) + Math.abs(0.375 * (inside ? b[i - 4] : 0)), 1, false, "axpy double");
                close(yf[i], wantF, Math.abs(af[i]) + Math.abs(0.375 * (inside ? bf[i - 4] : 0)), 1, true, "axpy float");
            }
        }
    }

    static Stream<Arguments> implementations() {
        return KernelSelector.allForTesting().stream().map(k -> Arguments.of(k.name(), k));
    }

    static double[] random(Random r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextDouble() * 2 - 1;
        }
        return a;
    }

    static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    /** Within the rounding error bound of a sum of {@code terms} products whose absolute values add up to {@code abs}. */
    static void close(double got, double want, double abs, int terms, boolean single, String what) {
        double eps = single ? 0x1p-24 : 0x1p-53;
        double bound = 4 * (terms + 2) * eps * (abs + Math.abs(want)) + Double.MIN_NORMAL;
        if (!(Math.abs(got - want) <= bound)) {
            fail(what + ": got " + got + ", want " + want + " (bound " + bound + ")");
        }
    }

    /** One layer's buffers inside padded windows: offset 3, leading dimension the row length plus 2. */
    private static final class Layer {
        static final int OFF = 3;
        static final int PAD = 2;
        final int batch;
        final int in;
        final int out;
        final double[] x;
        final double[] w;
        final double[] bias;
        final double[] dy;
        final double[] start;

        Layer(int batch, int in, int out, Random r) {
            this.batch = batch;
            this.in = in;
            this.out = out;
            x = random(r, batch * in);
            w = random(r, out * in);
            bias = random(r, out);
            dy = random(r, batch * out);
            start = random(r, Math.max(batch, out) * Math.max(in, out));
        }

        /** A rows x cols matrix stored at OFF with leading dimension cols + PAD, NaN everywhere else. */
        static double[] window(double[] m, int rows, int cols) {
            double[] buf = new double[OFF + rows * (cols + PAD) + PAD];
            java.util.Arrays.fill(buf, Double.NaN);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(m, r * cols, buf, OFF + r * (cols + PAD), cols);
            }
            return buf;
        }

        static double at(double[] buf, int r, int c, int cols) {
            return buf[OFF + r * (cols + PAD) + c];
        }

        /** The padding of a window must still be NaN. */
        static void untouched(double[] buf, int rows, int cols, String what) {
            for (int i = 0; i < buf.length; i++) {
                int rel = i - OFF;
                boolean inside = rel >= 0 && rel / (cols + PAD) < rows && rel % (cols + PAD) < cols;
                if (!inside && !Double.isNaN(buf[i])) {
                    fail(what + " wrote outside its window at " + i);
                }
            }
        }

        void check(Kernels k, Activation act, boolean single) {
            String tag = k.name() + (single ? " float " : " double ") + act + " ";
            int ldx = in + PAD;
            int ldy = out + PAD;
            double[] xb = window(x, batch, in);
            double[] wb = window(w, out, in);
            double[] yb = window(new double[batch * out], batch, out);
            double[] dyb = window(dy, batch, out);
            double[] gb = window(new double[batch * out], batch, out);
            double[] dxb = window(start, batch, in);
            double[] dwb = window(start, out, in);
            double[] db = window(start, 1, out);
            double scale = 1.0 / batch;
            if (single) {
                float[] xf = toFloat(xb);
                float[] wf = toFloat(wb);
                float[] yf = toFloat(yb);
                float[] dyf = toFloat(dyb);
                float[] gf = toFloat(gb);
                float[] dxf = toFloat(dxb);
                float[] dwf = toFloat(dwb);
                float[] dbf = toFloat(db);
                float[] biasf = toFloat(bias);
                k.forward(batch, in, out, xf, OFF, ldx, wf, OFF, ldx, biasf, 0, act, yf, OFF, ldy);
                k.activationBackward(batch, out, act, yf, OFF, ldy, dyf, OFF, ldy, gf, OFF, ldy);
                k.inputGradient(batch, in, out, gf, OFF, ldy, wf, OFF, ldx, dxf, OFF, ldx, false);
                k.weightGradient(batch, in, out, gf, OFF, ldy, xf, OFF, ldx, (float) scale, dwf, OFF, ldx, act == Activation.TANH);
                k.sumRows(batch, out, gf, OFF, ldy, (float) scale, dbf, OFF, act == Activation.RELU);
                compare(tag, widen(xf), widen(wf), toDouble(biasf), widen(yf), widen(dyf), widen(gf), widen(dxf),
                        widen(dwf), widen(dbf), dwb, db, act, scale, true);
            } else {
                k.forward(batch, in, out, xb, OFF, ldx, wb, OFF, ldx, bias, 0, act, yb, OFF, ldy);
                k.activationBackward(batch, out, act, yb, OFF, ldy, dyb, OFF, ldy, gb, OFF, ldy);
                k.inputGradient(batch, in, out, gb, OFF, ldy, wb, OFF, ldx, dxb, OFF, ldx, false);
                k.weightGradient(batch, in, out, gb, OFF, ldy, xb, OFF, ldx, scale, dwb, OFF, ldx, act == Activation.TANH);
                k.sumRows(batch, out, gb, OFF, ldy, scale, db, OFF, act == Activation.RELU);
                compare(tag, xb, wb, bias, yb, dyb, gb, dxb, dwb, db, window(start, out, in), window(start, 1, out), act, scale, false);
            }
        }

        private static double[] widen(float[] f) {
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }

        private static double[] toDouble(float[] f) {
            return widen(f);
        }

        /** Recomputes each result naively in double from the kernel's own (rounded) inputs. */
        private void compare(String tag, double[] xb, double[] wb, double[] bias, double[] yb, double[] dyb, double[] gb,
                             double[] dxb, double[] dwb, double[] db, double[] dwStart, double[] dbStart,
                             Activation act, double scale, boolean single) {
            for (int b = 0; b < batch; b++) {
                for (int o = 0; o < out; o++) {
                    double s = bias[o];
                    double abs = Math.abs(bias[o]);
                    for (int i = 0; i < in; i++) {
                        s += at(xb, b, i, in) * at(wb, o, i, in);
                        abs += Math.abs(at(xb, b, i, in) * at(wb, o, i, in));
                    }
                    double got = at(yb, b, o, out);
                    if (act == Activation.RELU && Math.abs(s) <= 8 * (in + 2) * (single ? 0x1p-24 : 0x1p-53) * abs) {
                        continue; // at the kink, rounding may pick either side
                    }
                    close(got, act.apply(s), abs + 1, in + 8, single, tag + "forward y[" + b + "][" + o + "]");
                    double y = got;
                    double g = at(dyb, b, o, out) * act.derivativeAt(y);
                    close(at(gb, b, o, out), g, 2 * Math.abs(at(dyb, b, o, out)), 4, single, tag + "activationBackward");
                }
            }
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < in; i++) {
                    double s = 0;
                    double abs = 0;
                    for (int o = 0; o < out; o++) {
                        s += at(gb, b, o, out) * at(wb, o, i, in);
                        abs += Math.abs(at(gb, b, o, out) * at(wb, o, i, in));
                    }
                    close(at(dxb, b, i, in), s, abs, out, single, tag + "inputGradient dx[" + b + "][" + i + "]");
                }
            }
            boolean accW = act == Activation.TANH;
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    double s = 0;
                    double abs = 0;
                    for (int b = 0; b < batch; b++) {
                        s += at(gb, b, o, out) * at(xb, b, i, in);
                        abs += Math.abs(at(gb, b, o, out) * at(xb, b, i, in));
                    }
                    double base = accW ? (single ? (float) at(dwStart, o, i, in) : at(dwStart, o, i, in)) : 0;
                    close(at(dwb, o, i, in), base + scale * s, Math.abs(base) + scale * abs, batch + 2, single,
                            tag + "weightGradient dw[" + o + "][" + i + "]");
                }
            }
            boolean accB = act == Activation.RELU;
            for (int o = 0; o < out; o++) {
                double s = 0;
                double abs = 0;
                for (int b = 0; b < batch; b++) {
                    s += at(gb, b, o, out);
                    abs += Math.abs(at(gb, b, o, out));
                }
                double base = accB ? (single ? (float) at(dbStart, 0, o, out) : at(dbStart, 0, o, out)) : 0;
                close(at(db, 0, o, out), base + scale * s, Math.abs(base) + scale * abs, batch + 2, single, tag + "sumRows");
            }
            untouched(yb, batch, out, tag + "forward");
            untouched(gb, batch, out, tag + "activationBackward");
            untouched(dxb, batch, in, tag + "inputGradient");
            untouched(dwb, out, in, tag + "weightGradient");
            untouched(db, 1, out, tag + "sumRows");
        }
    }

    @org.junit.jupiter.api.Test
    void theBuildTestsTheVectorKernelsToo() {
        assertThat(KernelSelector.vectorModulePresent()).as("surefire runs with --add-modules jdk.incubator.vector").isTrue();
        List<String> names = KernelSelector.candidates().stream().map(Kernels::name).toList();
        assertThat(names).startsWith("plain");
        org.junit.jupiter.api.Assumptions.assumeTrue(names.size() > 1, "this CPU has no 256-bit vectors");
        assertThat(names).hasSize(2);
        assertThat(names.get(1)).isIn("vector256", "vector512");
    }
}
