package dev.gradus.runtime.layers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradus.runtime.kernel.KernelSelector;
import dev.gradus.runtime.kernel.Kernels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer kernel against PyTorch float64 (layer_kernel_refs.json, written by
 * {@code runtime/src/test/python/make_layer_kernel_refs.py}: F.conv1d/F.conv2d with stride, padding, odd
 * and non-square sizes, several channels in and out, 1×1 kernels; max pooling with ties and
 * overlapping windows; average pooling), with each implementation of the dense kernels this JVM
 * runs (the plain loops and the Vector API's native width). Double must agree to 1e-12, float to
 * float's rounding. Tensors sit at an offset inside larger buffers whose other elements must stay
 * untouched; outputs start as garbage (a forward pass and a non-accumulating gradient overwrite),
 * and accumulating gradients add to what was there. A gradient computed in two calls over halves of
 * the batch, accumulating, equals the whole batch's.
 */
class LayerReferenceTest {
    private static final int OFF = 3;
    private static final double PAD = 777;
    private static final double GARBAGE = -55.5;
    private static final double BEFORE = 0.25;

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (JsonNode c : references().get("cases")) {
            for (Kernels k : KernelSelector.candidates()) {
                all.add(Arguments.of(describe(c) + " " + k.name(), c, k));
            }
        }
        return all.stream();
    }

    private static JsonNode references() {
        try (InputStream in = LayerReferenceTest.class.getResourceAsStream("/layer_kernel_refs.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(JsonNode c) {
        StringBuilder s = new StringBuilder(c.get("op").asText());
        c.fields().forEachRemaining(f -> {
            if (f.getValue().isInt()) {
                s.append(' ').append(f.getKey()).append('=').append(f.getValue().asInt());
            }
        });
        return s.append(c.has("bias") ? " bias" : "").toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String name, JsonNode c, Kernels k) {
        for (boolean dbl : new boolean[] {true, false}) {
            Case t = new Case(c, dbl);
            switch (c.get("op").asText()) {
                case "conv1d", "conv2d" -> checkConv(t, k);
                case "max_pool1d", "max_pool2d" -> checkMaxPool(t);
                case "avg_pool1d", "avg_pool2d" -> checkAvgPool(t);
                default -> throw new AssertionError("no test for " + c.get("op"));
            }
        }
    }

    private static void checkConv(Case t, Kernels k) {
        JsonNode c = t.json;
        boolean two = t.op().equals("conv2d");
        int batch = t.i("batch");
        int ch = t.i("c");
        int o = t.i("o");
        int s = t.i("stride");
        int p = t.i("padding");
        int h = two ? t.i("h") : 1;
        int w = two ? t.i("w") : t.i("l");
        int kh = two ? t.i("kh") : 1;
        int kw = two ? t.i("kw") : t.i("k");
        // room for the kernel gradient's side-by-side form (one GEMM over the batch's columns: the
        // Vector API kernels take it; the plain loops keep one GEMM an example)
        int scratchSize = two ? Conv.conv2dKernelGradientScratchSize(batch, ch, h, w, o, kh, kw, s, p)
                : Conv.conv1dKernelGradientScratchSize(batch, ch, w, o, kw, s, p);
        Buf x = t.input("x");
        Buf kernel = t.input("kernel");
        Buf bias = c.has("bias") ? t.input("bias") : null;
        Buf y = t.output("y", GARBAGE);
        Buf dy = t.input("dy");
        Scratch scratch = t.scratch(scratchSize);
        Runnable forward = () -> {
            if (t.dbl) {
                if (two) {
                    Conv.conv2d(k, batch, ch, h, w, o, kh, kw, s, p, x.d, OFF, kernel.d, OFF, bias == null ? null : bias.d, OFF, y.d, OFF, scratch.d);
                } else {
                    Conv.conv1d(k, batch, ch, w, o, kw, s, p, x.d, OFF, kernel.d, OFF, bias == null ? null : bias.d, OFF, y.d, OFF, scratch.d);
                }
            } else if (two) {
                Conv.conv2d(k, batch, ch, h, w, o, kh, kw, s, p, x.f, OFF, kernel.f, OFF, bias == null ? null : bias.f, OFF, y.f, OFF, scratch.f);
            } else {
                Conv.conv1d(k, batch, ch, w, o, kw, s, p, x.f, OFF, kernel.f, OFF, bias == null ? null : bias.f, OFF, y.f, OFF, scratch.f);
            }
        };
        forward.run();
        t.expect(y, "y", 0);

        for (boolean accumulate : new boolean[] {false, true}) {
            double start = accumulate ? BEFORE : GARBAGE;
            Buf dx = t.output("dx", start);
            Buf dk = t.output("dkernel", start);
            int in = t.size("x") / batch;
            int out = t.size("y") / batch;
            // the input gradient in one call; the kernel gradient in two, over halves of the batch
            int first = batch / 2;
            for (int[] part : new int[][] {{0, first}, {first, batch}}) {
                int n = part[1] - part[0];
                if (n == 0) {
                    continue;
                }
                boolean acc = accumulate || part[0] > 0;
                int xo = OFF + part[0] * in;
                int yo = OFF + part[0] * out;
                if (t.dbl) {
                    if (two) {
                        Conv.conv2dKernelGradient(k, n, ch, h, w, o, kh, kw, s, p, x.d, xo, dy.d, yo, dk.d, OFF, scratch.d, acc);
                    } else {
                        Conv.conv1dKernelGradient(k, n, ch, w, o, kw, s, p, x.d, xo, dy.d, yo, dk.d, OFF, scratch.d, acc);
                    }
                } else if (two) {
                    Conv.conv2dKernelGradient(k, n, ch, h, w, o, kh, kw, s, p, x.f, xo, dy.f, yo, dk.f, OFF, scratch.f, acc);
                } else {
                    Conv.conv1dKernelGradient(k, n, ch, w, o, kw, s, p, x.f, xo, dy.f, yo, dk.f, OFF, scratch.f, acc);
                }
            }
            if (t.dbl) {
                if (two) {
                    Conv.conv2dInputGradient(k, batch, ch, h, w, o, kh, kw, s, p, dy.d, OFF, kernel.d, OFF, dx.d, OFF, scratch.d, accumulate);
                } else {
                    Conv.conv1dInputGradient(k, batch, ch, w, o, kw, s, p, dy.d, OFF, kernel.d, OFF, dx.d, OFF, scratch.d, accumulate);
                }
            } else if (two) {
                Conv.conv2dInputGradient(k, batch, ch, h, w, o, kh, kw, s, p, dy.f, OFF, kernel.f, OFF, dx.f, OFF, scratch.f, accumulate);
            } else {
                Conv.conv1dInputGradient(k, batch, ch, w, o, kw, s, p, dy.f, OFF, kernel.f, OFF, dx.f, OFF, scratch.f, accumulate);
            }
            t.expect(dx, "dx", accumulate ? BEFORE : 0);
            t.expect(dk, "dkernel", accumulate ? BEFORE : 0);
            if (bias != null) {
                Buf db = t.output("dbias", start);
                int positions = t.size("y") / (batch * o);
                if (t.dbl) {
                    Conv.biasGradient(batch, o, positions, dy.d, OFF, db.d, OFF, accumulate);
                } else {
                    Conv.biasGradient(batch, o, positions, dy.f, OFF, db.f, OFF, accumulate);
                }
                t.expect(db, "dbias", accumulate ? BEFORE : 0);
            }
        }
        // kernel and bias gradients by output channels, as threads would split them: the first
        // part accumulating onto BEFORE, the second overwriting garbage
        Buf dk = t.output("dkernel", GARBAGE);
        Buf db = bias == null ? null : t.output("dbias", GARBAGE);
        int positions = t.size("y") / (batch * o);
        int ckk = ch * kh * kw;
        int[][] parts = {{0, o / 2}, {o / 2, o}};
        for (int[] part : parts) {
            boolean acc = part == parts[0];
            if (acc) {
                for (int i = 0; i < part[1] * ckk; i++) {
                    dk.set(OFF + i, BEFORE);
                }
                for (int i = 0; db != null && i < part[1]; i++) {
                    db.set(OFF + i, BEFORE);
                }
            }
            if (t.dbl) {
                if (two) {
                    Conv.conv2dKernelGradient(k, batch, ch, h, w, o, kh, kw, s, p, part[0], part[1], x.d, OFF, dy.d, OFF, dk.d, OFF, scratch.d, acc);
                } else {
                    Conv.conv1dKernelGradient(k, batch, ch, w, o, kw, s, p, part[0], part[1], x.d, OFF, dy.d, OFF, dk.d, OFF, scratch.d, acc);
                }
                if (db != null) {
                    Conv.biasGradient(batch, o, part[0], part[1], positions, dy.d, OFF, db.d, OFF, acc);
                }
            } else {
                if (two) {
                    Conv.conv2dKernelGradient(k, batch, ch, h, w, o, kh, kw, s, p, part[0], part[1], x.f, OFF, dy.f, OFF, dk.f, OFF, scratch.f, acc);
                } else {
                    Conv.conv1dKernelGradient(k, batch, ch, w, o, kw, s, p, part[0], part[1], x.f, OFF, dy.f, OFF, dk.f, OFF, scratch.f, acc);
                }
                if (db != null) {
                    Conv.biasGradient(batch, o, part[0], part[1], positions, dy.f, OFF, db.f, OFF, acc);
                }
            }
        }
        t.expectSplit(dk, "dkernel", (o / 2) * ckk, BEFORE);
        if (db != null) {
            t.expectSplit(db, "dbias", o / 2, BEFORE);
        }
        // the inputs are read only
        t.expect(x, "x", 0);
        t.expect(kernel, "kernel", 0);
        t.expect(dy, "dy", 0);
    }

    private static void checkMaxPool(Case t) {
        boolean two = t.op().equals("max_pool2d");
        int batch = t.i("batch");
        int ch = t.i("c");
        int kk = t.i("k");
        int s = t.i("stride");
        int h = two ? t.i("h") : 1;
        int w = two ? t.i("w") : t.i("l");
        Buf x = t.input("x");
        Buf y = t.output("y", GARBAGE);
        Buf dy = t.input("dy");
        int[] argmax = new int[t.size("y") + 2 * OFF];
        java.util.Arrays.fill(argmax, -7);
        if (t.dbl) {
            if (two) {
                Pool.maxPool2d(batch, ch, h, w, kk, s, x.d, OFF, y.d, OFF, argmax, OFF);
            } else {
                Pool.maxPool1d(batch, ch, w, kk, s, x.d, OFF, y.d, OFF, argmax, OFF);
            }
        } else if (two) {
            Pool.maxPool2d(batch, ch, h, w, kk, s, x.f, OFF, y.f, OFF, argmax, OFF);
        } else {
            Pool.maxPool1d(batch, ch, w, kk, s, x.f, OFF, y.f, OFF, argmax, OFF);
        }
        t.expect(y, "y", 0);
        JsonNode expected = t.json.get("argmax");
        for (int i = 0; i < expected.size(); i++) {
            assertThat(argmax[OFF + i]).as("argmax[%d] (%s)", i, t.precision()).isEqualTo(expected.get(i).asInt());
        }
        assertThat(argmax[0]).isEqualTo(-7);
        assertThat(argmax[argmax.length - 1]).isEqualTo(-7);
        for (boolean accumulate : new boolean[] {false, true}) {
            Buf dx = t.output("dx", accumulate ? BEFORE : GARBAGE);
            if (t.dbl) {
                if (two) {
                    Pool.maxPool2dBackward(batch, ch, h, w, kk, s, dy.d, OFF, argmax, OFF, dx.d, OFF, accumulate);
                } else {
                    Pool.maxPool1dBackward(batch, ch, w, kk, s, dy.d, OFF, argmax, OFF, dx.d, OFF, accumulate);
                }
            } else if (two) {
                Pool.maxPool2dBackward(batch, ch, h, w, kk, s, dy.f, OFF, argmax, OFF, dx.f, OFF, accumulate);
            } else {
                Pool.maxPool1dBackward(batch, ch, w, kk, s, dy.f, OFF, argmax, OFF, dx.f, OFF, accumulate);
            }
            t.expect(dx, "dx", accumulate ? BEFORE : 0);
        }
    }

    private static void checkAvgPool(Case t) {
        boolean two = t.op().equals("avg_pool2d");
        int batch = t.i("batch");
        int ch = t.i("c");
        int kk = t.i("k");
        int s = t.i("stride");
        int h = two ? t.i("h") : 1;
        int w = two ? t.i("w") : t.i("l");
        Buf x = t.input("x");
        Buf y = t.output("y", GARBAGE);
        Buf dy = t.input("dy");
        if (t.dbl) {
            if (two) {
                Pool.avgPool2d(batch, ch, h, w, kk, s, x.d, OFF, y.d, OFF);
            } else {
                Pool.avgPool1d(batch, ch, w, kk, s, x.d, OFF, y.d, OFF);
            }
        } else if (two) {
            Pool.avgPool2d(batch, ch, h, w, kk, s, x.f, OFF, y.f, OFF);
        } else {
            Pool.avgPool1d(batch, ch, w, kk, s, x.f, OFF, y.f, OFF);
        }
        t.expect(y, "y", 0);
        for (boolean accumulate : new boolean[] {false, true}) {
            Buf dx = t.output("dx", accumulate ? BEFORE : GARBAGE);
            if (t.dbl) {
                if (two) {
                    Pool.avgPool2dBackward(batch, ch, h, w, kk, s, dy.d, OFF, dx.d, OFF, accumulate);
                } else {
                    Pool.avgPool1dBackward(batch, ch, w, kk, s, dy.d, OFF, dx.d, OFF, accumulate);
                }
            } else if (two) {
                Pool.avgPool2dBackward(batch, ch, h, w, kk, s, dy.f, OFF, dx.f, OFF, accumulate);
            } else {
                Pool.avgPool1dBackward(batch, ch, w, kk, s, dy.f, OFF, dx.f, OFF, accumulate);
            }
            t.expect(dx, "dx", accumulate ? BEFORE : 0);
        }
    }

    /** A tensor at offset {@link #OFF} in a buffer padded with {@link #PAD} on both sides, in one precision. */
    private static final class Buf {
        final double[] d;
        final float[] f;
        final int n;

        Buf(boolean dbl, int n, double fill) {
            this.n = n;
            d = dbl ? new double[n + 2 * OFF] : null;
            f = dbl ? null : new float[n + 2 * OFF];
            for (int i = 0; i < n + 2 * OFF; i++) {
                set(i, i >= OFF && i < OFF + n ? fill : PAD);
            }
        }

        double get(int i) {
            return d != null ? d[i] : f[i];
        }

        void set(int i, double v) {
            if (d != null) {
                d[i] = v;
            } else {
                f[i] = (float) v;
            }
        }
    }

    /** Scratch space in one precision. */
    private record Scratch(double[] d, float[] f) {}

    /** One reference case in one precision. */
    private static final class Case {
        final JsonNode json;
        final boolean dbl;

        Case(JsonNode json, boolean dbl) {
            this.json = json;
            this.dbl = dbl;
        }

        String op() {
            return json.get("op").asText();
        }

        String precision() {
            return dbl ? "double" : "float";
        }

        int i(String key) {
            return json.get(key).asInt();
        }

        int size(String key) {
            return json.get(key).size();
        }

        Buf input(String key) {
            JsonNode a = json.get(key);
            Buf b = new Buf(dbl, a.size(), 0);
            for (int i = 0; i < a.size(); i++) {
                b.set(OFF + i, a.get(i).asDouble());
            }
            return b;
        }

        Buf output(String key, double fill) {
            return new Buf(dbl, size(key), fill);
        }

        /** Exactly {@code n} elements of garbage: a kernel that needs more than it says fails. */
        Scratch scratch(int n) {
            Scratch s = new Scratch(dbl ? new double[n] : null, dbl ? null : new float[n]);
            if (dbl) {
                java.util.Arrays.fill(s.d, GARBAGE);
            } else {
                java.util.Arrays.fill(s.f, (float) GARBAGE);
            }
            return s;
        }

        /**
         * {@code b} holds {@code base + json[key]} at its offset, to 1e-12 (double) or 2e-5 (float), relative
         * to the value and at least 1, and its padding is untouched. Float inputs were rounded to
         * float, so a float result is compared with the float64 reference of the unrounded inputs.
         */
        void expect(Buf b, String key, double base) {
            expectSplit(b, key, json.get(key).size(), base);
        }

        /** As {@link #expect}, with {@code base} added to the first {@code split} elements only. */
        void expectSplit(Buf b, String key, int split, double firstBase) {
            JsonNode a = json.get(key);
            double tol = dbl ? 1e-12 : 2e-5;
            for (int i = 0; i < a.size(); i++) {
                double want = (i < split ? firstBase : 0) + a.get(i).asDouble();
                double got = b.get(OFF + i);
                assertThat(Math.abs(got - want)).as("%s[%d] in %s: %s, PyTorch %s", key, i, precision(), got, want)
                        .isLessThanOrEqualTo(tol * Math.max(1, Math.abs(want)));
            }
            for (int i = 0; i < OFF; i++) {
                assertThat(b.get(i)).as("%s's padding before, %s", key, precision()).isEqualTo(PAD);
                assertThat(b.get(OFF + a.size() + i)).as("%s's padding after, %s", key, precision()).isEqualTo(PAD);
            }
        }
    }
}
